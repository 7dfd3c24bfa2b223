/**
 * SQLite's side of cohorts (issue 10): reads run as they come, writes through the group commit
 * (`write`) like every other write. The SQL is shared with PostgreSQL (cohort-rows.ts).
 */
import type Database from 'better-sqlite3';
import type { ExcludedPart } from 'consult-widgets/method';
import {
  ACTIVE_EXCLUSION_SQL,
  ADD_EXCLUSION_SQL,
  COHORT_VOTES_SQL,
  cohortVoteOf,
  EVER_EXCLUDED_SQL,
  EXCLUDED_MEMBERS_SQL,
  EXCLUDED_VOTES_SQL,
  excludedPartsOf,
  exclusionOf,
  EXCLUSIONS_SQL,
  forSqlite,
  MEMBER_VOTES_SQL,
  PURGE_KEYS_SQL,
  PURGE_ORIGINS_SQL,
  RESTORE_SQL,
  sqliteParams as params,
  type CohortExclusion,
  type CohortVote,
  type CohortVoteTuple,
  type ExcludedVoteTuple,
  type ExclusionRow,
  type ExclusionWrite,
  type RestoreWrite,
} from './cohort-rows.js';
import type { CohortStorage } from './storage.js';

export abstract class SqliteCohorts implements CohortStorage {
  protected abstract readonly db: Database.Database;
  protected abstract write<T>(apply: () => T): Promise<T>;

  private all<R>(sql: string, ...values: unknown[]): R[] {
    return this.db.prepare(forSqlite(sql)).all(params(...values)) as R[];
  }

  async cohortVotes(consultationId: string): Promise<CohortVote[]> {
    return (this.db.prepare(forSqlite(COHORT_VOTES_SQL)).raw(true).all(params(consultationId)) as CohortVoteTuple[]).map(cohortVoteOf);
  }

  async excludedVotes(consultationId: string): Promise<Map<string, ExcludedPart>> {
    return excludedPartsOf(this.db.prepare(forSqlite(EXCLUDED_VOTES_SQL)).raw(true).all(params(consultationId)) as ExcludedVoteTuple[]);
  }

  async excludedMembers(consultationId: string): Promise<Set<string>> {
    return new Set(this.all<{ participant_id: string }>(EXCLUDED_MEMBERS_SQL, consultationId).map((r) => r.participant_id));
  }

  async cohortExclusions(consultationId: string): Promise<CohortExclusion[]> {
    return this.all<ExclusionRow>(EXCLUSIONS_SQL, consultationId).map(exclusionOf);
  }

  async wasExcluded(consultationId: string, cohortId: string): Promise<boolean> {
    return this.all(EVER_EXCLUDED_SQL, consultationId, cohortId).length > 0;
  }

  async excludeCohort(w: ExclusionWrite): Promise<{ created: boolean }> {
    return this.write(() => {
      if (this.all(ACTIVE_EXCLUSION_SQL, w.consultationId, w.cohortId).length) return { created: false };
      const members = JSON.stringify(w.members);
      const [{ n }] = this.all<{ n: number }>(MEMBER_VOTES_SQL('SELECT value FROM json_each($2)'), w.consultationId, members) as [{ n: number }];
      const [{ id }] = this.all<{ id: number }>(ADD_EXCLUSION_SQL, w.consultationId, w.cohortId, w.kind, n, w.reason, w.by, w.at) as [{ id: number }];
      this.db.prepare('INSERT INTO cohort_members (exclusion_id, participant_id) SELECT ?, value FROM json_each(?)').run(id, members);
      return { created: true };
    });
  }

  async restoreCohort(w: RestoreWrite): Promise<boolean> {
    return this.write(
      () => this.db.prepare(forSqlite(RESTORE_SQL)).run(params(w.consultationId, w.cohortId, w.reason, w.by, w.at)).changes > 0,
    );
  }

  async purgeOrigins(before: number, keyPrefix: string, keep: string): Promise<number> {
    return this.write(() => {
      this.db.prepare(forSqlite(PURGE_KEYS_SQL)).run(params(keyPrefix, keep));
      return this.db.prepare(forSqlite(PURGE_ORIGINS_SQL)).run(params(before)).changes;
    });
  }
}
