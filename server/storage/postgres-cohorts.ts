/**
 * PostgreSQL's side of cohorts (issue 10). The SQL is shared with SQLite (cohort-rows.ts). An
 * exclusion is one transaction under an advisory lock of its cohort: two operators excluding the
 * same cohort at once make one exclusion, as on SQLite.
 */
import type { Pool } from 'pg';
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
  MEMBER_VOTES_SQL,
  PURGE_KEYS_SQL,
  PURGE_ORIGINS_SQL,
  RESTORE_SQL,
  type CohortExclusion,
  type CohortVote,
  type CohortVoteTuple,
  type ExcludedVoteTuple,
  type ExclusionRow,
  type ExclusionWrite,
  type RestoreWrite,
} from './cohort-rows.js';
import { inTransaction } from './postgres-transaction.js';
import type { CohortStorage } from './storage.js';

/** Serialises exclusions of one cohort across processes (advisory lock class; the second key is a hash). */
const EXCLUSION_LOCK = 0x636f6e04;

export class PostgresCohorts implements CohortStorage {
  constructor(protected readonly pool: Pool) {}

  async cohortVotes(consultationId: string): Promise<CohortVote[]> {
    const { rows } = await this.pool.query<CohortVoteTuple>({ text: COHORT_VOTES_SQL, values: [consultationId], rowMode: 'array' });
    return rows.map(cohortVoteOf);
  }

  async excludedVotes(consultationId: string): Promise<Map<string, ExcludedPart>> {
    const { rows } = await this.pool.query<ExcludedVoteTuple>({ text: EXCLUDED_VOTES_SQL, values: [consultationId], rowMode: 'array' });
    return excludedPartsOf(rows);
  }

  async excludedMembers(consultationId: string): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ participant_id: string }>(EXCLUDED_MEMBERS_SQL, [consultationId]);
    return new Set(rows.map((r) => r.participant_id));
  }

  async cohortExclusions(consultationId: string): Promise<CohortExclusion[]> {
    return (await this.pool.query<ExclusionRow>(EXCLUSIONS_SQL, [consultationId])).rows.map(exclusionOf);
  }

  async wasExcluded(consultationId: string, cohortId: string): Promise<boolean> {
    return ((await this.pool.query(EVER_EXCLUDED_SQL, [consultationId, cohortId])).rowCount ?? 0) > 0;
  }

  async excludeCohort(w: ExclusionWrite): Promise<{ created: boolean }> {
    return inTransaction(this.pool, async (c) => {
      // A transaction-scoped lock per (consultation, cohort): a concurrent exclusion of the same
      // cohort waits here, then sees this one in force.
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [EXCLUSION_LOCK, `${w.consultationId} ${w.cohortId}`]);
      if ((await c.query(ACTIVE_EXCLUSION_SQL, [w.consultationId, w.cohortId])).rowCount) return { created: false };
      const { rows } = await c.query<{ n: string }>(MEMBER_VOTES_SQL('SELECT unnest($2::text[])'), [w.consultationId, w.members]);
      const added = await c.query<{ id: string }>(ADD_EXCLUSION_SQL, [w.consultationId, w.cohortId, w.kind, Number(rows[0]!.n), w.reason, w.by, w.at]);
      await c.query('INSERT INTO cohort_members (exclusion_id, participant_id) SELECT $1, unnest($2::text[])', [added.rows[0]!.id, w.members]);
      return { created: true };
    });
  }

  async restoreCohort(w: RestoreWrite): Promise<boolean> {
    const result = await this.pool.query(RESTORE_SQL, [w.consultationId, w.cohortId, w.reason, w.by, w.at]);
    return (result.rowCount ?? 0) > 0;
  }

  async purgeOrigins(before: number, keyPrefix: string, keep: string): Promise<number> {
    await this.pool.query(PURGE_KEYS_SQL, [keyPrefix, keep]);
    return (await this.pool.query(PURGE_ORIGINS_SQL, [before])).rowCount ?? 0;
  }
}
