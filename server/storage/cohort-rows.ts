/**
 * Cohorts (issue 10) in the database, the same SQL for both: the vote rows detection reads, the
 * exclusions operators make and undo, the votes an exclusion takes out of the results, and the
 * origin purge. Written with PostgreSQL's `$n` parameters; SQLite runs them through `forSqlite`.
 */
import type { QualificationCounts, Tally, VoteKey } from 'consult-widgets/protocol';
import type { ExcludedPart } from 'consult-widgets/method';
import { qualificationsOf, type Trust } from './rules.js';

/** One counted vote as cohort detection reads it (server/cohorts.ts). */
export interface CohortVote {
  participantId: string;
  proposalId: string;
  key: VoteKey;
  /** Qualification bit mask (rules.ts). */
  qualifications: number;
  /** Receive time (ms since the epoch); null on rows written before issue 9. */
  receivedAt: number | null;
  /** Keyed hash of the address prefix (security/origin.ts); null once purged, or for writes without one. */
  origin: string | null;
  trust: Trust;
}

export type CohortKind = 'origin' | 'vector';

export interface ExclusionWrite {
  consultationId: string;
  cohortId: string;
  kind: CohortKind;
  /** Participant ids, as detected. */
  members: readonly string[];
  reason: string;
  by: string;
  at: string;
}
export interface RestoreWrite {
  consultationId: string;
  cohortId: string;
  reason: string;
  by: string;
  at: string;
}

/** An exclusion as stored; `restoredAt` null: in force. */
export interface CohortExclusion {
  cohortId: string;
  kind: CohortKind;
  /** Votes of its members on accepted proposals when it was made. */
  votes: number;
  /** Members still stored (an erased member's row goes). */
  members: number;
  reason: string;
  excludedBy: string;
  excludedAt: string;
  restoreReason: string | null;
  restoredBy: string | null;
  restoredAt: string | null;
}

/** `$n` parameters as SQLite named ones (`@p1`…), and the values to bind them. */
export const forSqlite = (sql: string) => sql.replace(/\$(\d+)/g, '@p$1');
export const sqliteParams = (...values: unknown[]) => Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]));

/** $1 consultation. */
export const COHORT_VOTES_SQL = `SELECT v.participant_id, p.id, v.key, v.qualifications, v.received_at, v.origin, v.trust
  FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
 WHERE p.consultation_id = $1 AND p.status = 'accepted' AND v.key IS NOT NULL`;
export type CohortVoteTuple = [string, string, VoteKey, number, number | string | null, string | null, Trust];
export const cohortVoteOf = (t: CohortVoteTuple): CohortVote => ({
  participantId: t[0],
  proposalId: t[1],
  key: t[2],
  qualifications: Number(t[3]),
  receivedAt: t[4] === null ? null : Number(t[4]),
  origin: t[5],
  trust: t[6],
});

/** Members of the exclusions in force in consultation $1. */
export const EXCLUDED_MEMBERS_SQL = `SELECT m.participant_id FROM cohort_members m JOIN cohort_exclusions e ON e.id = m.exclusion_id
  WHERE e.consultation_id = $1 AND e.restored_at IS NULL`;

/**
 * The votes the exclusions in force take out of consultation $1's results: (proposal id, key,
 * trust, qualification mask). No row, and a cheap empty join, when nothing is excluded.
 */
export const EXCLUDED_VOTES_SQL = `SELECT p.id, v.key, v.trust, v.qualifications FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
 WHERE p.consultation_id = $1 AND p.status = 'accepted' AND v.key IS NOT NULL
   AND v.participant_id IN (${EXCLUDED_MEMBERS_SQL})`;
export type ExcludedVoteTuple = [string, VoteKey, Trust, number];

/** Votes of the participants $2 (a JSON array) in consultation $1, on accepted proposals. */
export const MEMBER_VOTES_SQL = (membersIn: string) => `SELECT COUNT(*) AS n FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
 WHERE p.consultation_id = $1 AND p.status = 'accepted' AND v.key IS NOT NULL AND v.participant_id IN (${membersIn})`;

export const EXCLUSIONS_SQL = `SELECT e.cohort_id, e.kind, e.votes, e.reason, e.excluded_by, e.excluded_at, e.restore_reason, e.restored_by, e.restored_at,
       (SELECT COUNT(*) FROM cohort_members m WHERE m.exclusion_id = e.id) AS members
  FROM cohort_exclusions e WHERE e.consultation_id = $1 ORDER BY e.id`;
export interface ExclusionRow {
  cohort_id: string;
  kind: CohortKind;
  votes: number | string;
  members: number | string;
  reason: string;
  excluded_by: string;
  excluded_at: string;
  restore_reason: string | null;
  restored_by: string | null;
  restored_at: string | null;
}
export const exclusionOf = (r: ExclusionRow): CohortExclusion => ({
  cohortId: r.cohort_id,
  kind: r.kind,
  votes: Number(r.votes),
  members: Number(r.members),
  reason: r.reason,
  excludedBy: r.excluded_by,
  excludedAt: r.excluded_at,
  restoreReason: r.restore_reason,
  restoredBy: r.restored_by,
  restoredAt: r.restored_at,
});

/** The exclusion in force of cohort $2 in consultation $1, if any. */
export const ACTIVE_EXCLUSION_SQL = `SELECT id FROM cohort_exclusions WHERE consultation_id = $1 AND cohort_id = $2 AND restored_at IS NULL`;
export const ADD_EXCLUSION_SQL = `INSERT INTO cohort_exclusions (consultation_id, cohort_id, kind, votes, reason, excluded_by, excluded_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`;
export const RESTORE_SQL = `UPDATE cohort_exclusions SET restore_reason = $3, restored_by = $4, restored_at = $5
  WHERE consultation_id = $1 AND cohort_id = $2 AND restored_at IS NULL`;
export const EVER_EXCLUDED_SQL = `SELECT 1 FROM cohort_exclusions WHERE consultation_id = $1 AND cohort_id = $2`;

/** Origin hashes received before $1 go (rows without a receive time too: they are older still). */
export const PURGE_ORIGINS_SQL = `UPDATE votes SET origin = NULL WHERE origin IS NOT NULL AND (received_at IS NULL OR received_at < $1)`;
/** Origin keys ($1: their name prefix) but the one named $2. */
export const PURGE_KEYS_SQL = `DELETE FROM server_secrets WHERE substr(name, 1, length($1)) = $1 AND name <> $2`;

/** The excluded votes' rows summed per proposal: what the results leave out (src/results/trust.ts). */
export function excludedPartsOf(tuples: readonly ExcludedVoteTuple[]): Map<string, ExcludedPart> {
  const parts = new Map<string, { votes: Tally; qualifications: QualificationCounts; untrusted: { votes: Tally; qualifications: QualificationCounts } }>();
  for (const [id, key, trust, mask] of tuples) {
    let part = parts.get(id);
    if (!part) {
      part = { votes: { agree: 0, disagree: 0, neutral: 0 }, qualifications: {}, untrusted: { votes: { agree: 0, disagree: 0, neutral: 0 }, qualifications: {} } };
      parts.set(id, part);
    }
    const targets = trust === 'untrusted' ? [part, part.untrusted] : [part];
    for (const target of targets) {
      target.votes[key] += 1;
      for (const q of qualificationsOf(Number(mask))) target.qualifications[q] = (target.qualifications[q] ?? 0) + 1;
    }
  }
  return parts;
}
