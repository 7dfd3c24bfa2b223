/**
 * The moderation queue's storage (issue 12), shared by SQLite and PostgreSQL: migration 7, the SQL
 * (PostgreSQL's `$n` parameters; SQLite runs it through `forSqlite`) and the multi-statement
 * writes as *plans*: generators that yield each statement and receive its rows, so one piece of
 * logic runs synchronously inside SQLite's group commit and awaited inside a PostgreSQL
 * transaction (sqlite-moderation.ts, postgres-moderation.ts).
 *
 * Claims are rows of `moderation_claims`, one per proposal (its primary key): taking one is a
 * conditional upsert that only overwrites an expired claim or the operator's own, so two
 * operators can never both hold one, whatever the interleaving, on either database.
 */
import type { DecisionOperator, ModerationDecision, ModerationLogQuery, ProposalClaim, RefusalReason, ThemeChange } from 'consult-widgets/protocol/admin';
import { decisionOf, type ModerationRow } from './shared.js';
import type { Outcome } from './storage.js';

/**
 * Migration 7 (issue 12): who made each decision (NULL for those made before), claims on pending
 * proposals (`expires_at` in ms since the epoch), and theme changes. Rows of a proposal go with it
 * (an erasure removes a participant's pending proposals).
 */
export const migration7 = (identity: string, text: string) => `ALTER TABLE moderation ADD COLUMN operator_id TEXT;
ALTER TABLE moderation ADD COLUMN operator_name TEXT;
CREATE TABLE moderation_claims (
  proposal_seq BIGINT PRIMARY KEY REFERENCES proposals(seq) ON DELETE CASCADE,
  consultation_id ${text} NOT NULL,
  operator_id ${text} NOT NULL,
  operator_name TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX moderation_claims_by_operator ON moderation_claims (operator_id, consultation_id);
CREATE TABLE theme_changes (
  id ${identity},
  proposal_seq BIGINT NOT NULL REFERENCES proposals(seq) ON DELETE CASCADE,
  from_theme ${text},
  to_theme ${text},
  operator_id TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
CREATE INDEX theme_changes_by_proposal ON theme_changes (proposal_seq, id);`;

/**
 * One statement of a plan. `lock`: PostgreSQL locks the rows read (`wait`: FOR UPDATE; `skip`: FOR
 * UPDATE OF p SKIP LOCKED, so operators asking at once get different proposals); SQLite has one writer.
 */
export interface Query {
  sql: string;
  values: unknown[];
  lock?: 'wait' | 'skip';
}
export type Row = Record<string, unknown>;
export type Plan<T> = Generator<Query, T, Row[]>;
const q = (sql: string, ...values: unknown[]): Query => ({ sql, values });

/** Who decides, and where (a bulk decision names its consultation: a proposal of another is not found). */
export interface DecisionBy {
  operator: DecisionOperator;
  consultationId?: string;
}

export interface QueueStep {
  consultationId: string;
  operator: DecisionOperator;
  direction: 'next' | 'previous';
  /** The proposal the operator is on; null: from the start (next) or the end (previous). */
  fromId: string | null;
  now: number;
  expiresAt: number;
}
/** The proposal a step lands on, and the operator's claim on it (null: not pending). */
export interface StepResult {
  proposalId: string;
  claim: ProposalClaim | null;
}

export interface ThemeWrite {
  proposalId: string;
  themeId: string | null;
  operator: DecisionOperator;
  changedAt: string;
}

export type LogFilter = Omit<ModerationLogQuery, 'cursor'> & { after: number | null };
export interface LogEntry extends ModerationDecision {
  content: string;
}
export interface LogPage {
  items: LogEntry[];
  /** Id of the last decision, when more follow. */
  nextAfter: number | null;
}

export interface ModerationStorage {
  moderationCounts(consultationId: string, now: number): Promise<{ pending: number; accepted: number; refused: number; claimed: number; newestPendingAt: string | null }>;
  /** Releases the operator's claims in the consultation, then lands on the next or previous proposal (claiming it if pending). */
  stepQueue(step: QueueStep): Promise<Outcome<StepResult | null>>;
  /** Claims a pending proposal, or renews the operator's claim on it; refused when another operator holds it. */
  claimProposal(proposalId: string, operator: DecisionOperator, now: number, expiresAt: number): Promise<Outcome<ProposalClaim>>;
  /** The claim on a proposal now, if any. */
  claimOf(proposalId: string, now: number): Promise<ProposalClaim | null>;
  /** Releases the operator's claim on one proposal: false when they held none. */
  releaseClaim(proposalId: string, operatorId: string): Promise<boolean>;
  /** Releases every claim of an operator (logout): how many. */
  releaseClaimsOf(operatorId: string): Promise<number>;
  changeTheme(write: ThemeWrite): Promise<Outcome<{ changed: boolean; change: ThemeChange | null }>>;
  /** Every decision and theme change of a proposal, oldest first; null: no such proposal. */
  proposalHistory(proposalId: string): Promise<{ decisions: ModerationDecision[]; themeChanges: ThemeChange[] } | null>;
  /** A page of the consultation's decisions that match the filter, with each proposal's text. */
  moderationEntries(consultationId: string, filter: LogFilter): Promise<LogPage>;
}

export const COUNTS_SQL = `SELECT
  (SELECT COUNT(*) FROM proposals WHERE consultation_id = $1 AND status = 'pending') AS pending,
  (SELECT COUNT(*) FROM proposals WHERE consultation_id = $1 AND status = 'accepted') AS accepted,
  (SELECT COUNT(*) FROM proposals WHERE consultation_id = $1 AND status = 'refused') AS refused,
  (SELECT COUNT(*) FROM moderation_claims k JOIN proposals p ON p.seq = k.proposal_seq
    WHERE k.consultation_id = $1 AND k.expires_at > $2 AND p.status = 'pending') AS claimed,
  (SELECT MAX(created_at) FROM proposals WHERE consultation_id = $1 AND status = 'pending') AS newest`;

export const countsOf = (row: Row) => ({
  pending: Number(row.pending),
  accepted: Number(row.accepted),
  refused: Number(row.refused),
  claimed: Number(row.claimed),
  newestPendingAt: (row.newest as string | null) ?? null,
});

/** Claimed by someone else, now: $n the proposal's seq column, then now, then the operator. */
const HELD_BY_OTHER = (seq: string, now: string, operator: string) =>
  `EXISTS (SELECT 1 FROM moderation_claims k WHERE k.proposal_seq = ${seq} AND k.expires_at > ${now} AND k.operator_id <> ${operator})`;

/** $1 consultation, $2 after this seq, $3 now, $4 operator. */
const NEXT_SQL = `SELECT p.seq, p.id, p.status FROM proposals p
  WHERE p.consultation_id = $1 AND p.status = 'pending' AND p.seq > $2 AND NOT ${HELD_BY_OTHER('p.seq', '$3', '$4')}
  ORDER BY p.seq LIMIT 1`;
/** As NEXT_SQL, backwards, and decided proposals too (those a moderator decided, not an import's own). */
const PREVIOUS_SQL = `SELECT p.seq, p.id, p.status FROM proposals p
  WHERE p.consultation_id = $1 AND p.seq < $2 AND (
    (p.status = 'pending' AND NOT ${HELD_BY_OTHER('p.seq', '$3', '$4')})
    OR (p.status <> 'pending' AND EXISTS (SELECT 1 FROM moderation m WHERE m.proposal_seq = p.seq)))
  ORDER BY p.seq DESC LIMIT 1`;
/** $1 seq, $2 consultation, $3 operator id, $4 name, $5 expiry, $6 now: a row back only when the claim is the operator's now. */
const CLAIM_SQL = `INSERT INTO moderation_claims (proposal_seq, consultation_id, operator_id, operator_name, expires_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (proposal_seq) DO UPDATE SET operator_id = excluded.operator_id, operator_name = excluded.operator_name, expires_at = excluded.expires_at
  WHERE moderation_claims.expires_at <= $6 OR moderation_claims.operator_id = excluded.operator_id
  RETURNING proposal_seq`;
/** $1 seq, $2 now. */
export const CLAIM_OF_SQL = 'SELECT operator_id, operator_name, expires_at FROM moderation_claims WHERE proposal_seq = $1 AND expires_at > $2';
export const CLAIM_OF_ID_SQL = `SELECT k.operator_id, k.operator_name, k.expires_at FROM moderation_claims k JOIN proposals p ON p.seq = k.proposal_seq
  WHERE p.id = $1 AND k.expires_at > $2`;
export const RELEASE_SQL = `DELETE FROM moderation_claims WHERE operator_id = $2
  AND proposal_seq = (SELECT seq FROM proposals WHERE id = $1)`;
export const RELEASE_ALL_SQL = 'DELETE FROM moderation_claims WHERE operator_id = $1';
const PROPOSAL_SQL = 'SELECT p.seq, p.consultation_id, p.status, p.theme_id FROM proposals p WHERE p.id = $1';

const iso = (ms: unknown) => new Date(Number(ms)).toISOString();
export const claimOf = (row: Row | undefined): ProposalClaim | null =>
  row ? { operator: { id: String(row.operator_id), name: String(row.operator_name) }, expiresAt: iso(row.expires_at) } : null;

/** The operator as rows keep them (an `Operator` also carries its role). */
const who = (o: DecisionOperator): DecisionOperator => ({ id: o.id, name: o.name });

const heldMessage = (claim: ProposalClaim) => `${claim.operator.name} is on this proposal until ${claim.expiresAt}.`;

export function* stepPlan(s: QueueStep): Plan<Outcome<StepResult | null>> {
  let from: number | null = null;
  if (s.fromId !== null) {
    const [row] = yield q(PROPOSAL_SQL, s.fromId);
    if (!row || row.consultation_id !== s.consultationId) return { refused: 'not_found', message: `No proposal of this consultation has the id "${s.fromId}".` };
    from = Number(row.seq);
  }
  yield q('DELETE FROM moderation_claims WHERE operator_id = $1 AND consultation_id = $2', s.operator.id, s.consultationId);
  const next = s.direction === 'next';
  let cursor = from ?? (next ? 0 : Number.MAX_SAFE_INTEGER);
  let wrapped = from === null;
  // Each lost race moves the cursor past the proposal lost, so this ends.
  for (;;) {
    const [found] = yield { ...q(next ? NEXT_SQL : PREVIOUS_SQL, s.consultationId, cursor, s.now, s.operator.id), lock: next ? 'skip' : undefined };
    if (!found) {
      // J past the last pending proposal comes back to the first one the operator skipped.
      if (next && !wrapped) {
        wrapped = true;
        cursor = 0;
        continue;
      }
      return null;
    }
    const proposalId = String(found.id);
    if (found.status !== 'pending') return { proposalId, claim: null };
    const [won] = yield q(CLAIM_SQL, found.seq, s.consultationId, s.operator.id, s.operator.name, s.expiresAt, s.now);
    if (won) return { proposalId, claim: { operator: who(s.operator), expiresAt: iso(s.expiresAt) } };
    cursor = Number(found.seq);
  }
}

export function* claimPlan(proposalId: string, operator: DecisionOperator, now: number, expiresAt: number): Plan<Outcome<ProposalClaim>> {
  const [row] = yield { ...q(PROPOSAL_SQL, proposalId), lock: 'wait' };
  if (!row) return { refused: 'not_found', message: `No proposal has the id "${proposalId}".` };
  if (row.status !== 'pending') return { refused: 'conflict', message: `This proposal is ${String(row.status)}: only pending proposals are claimed.` };
  const [won] = yield q(CLAIM_SQL, row.seq, row.consultation_id, operator.id, operator.name, expiresAt, now);
  if (won) return { operator: who(operator), expiresAt: iso(expiresAt) };
  const [held] = yield q(CLAIM_OF_SQL, row.seq, now);
  return { refused: 'conflict', message: held ? heldMessage(claimOf(held)!) : 'Another operator is on this proposal.' };
}

/**
 * A decision: refused when another operator holds a claim on the proposal, and releases the claim.
 * `by` absent (callers from before issue 12, tests): no operator recorded.
 */
export function* moderatePlan(
  proposalId: string,
  decision: 'accept' | 'refuse',
  reason: RefusalReason | null,
  decidedAt: string,
  by: DecisionBy | undefined,
): Plan<Outcome<ModerationDecision>> {
  const [row] = yield { ...q(PROPOSAL_SQL, proposalId), lock: 'wait' };
  if (!row || (by?.consultationId !== undefined && row.consultation_id !== by.consultationId)) {
    return { refused: 'not_found', message: `No proposal has the id "${proposalId}".` };
  }
  const [held] = yield q(CLAIM_OF_SQL, row.seq, Date.parse(decidedAt));
  if (held && held.operator_id !== by?.operator.id) return { refused: 'conflict', message: heldMessage(claimOf(held)!) };
  yield q('UPDATE proposals SET status = $1 WHERE seq = $2', decision === 'accept' ? 'accepted' : 'refused', row.seq);
  yield q(
    'INSERT INTO moderation (proposal_seq, decision, reason, decided_at, operator_id, operator_name) VALUES ($1, $2, $3, $4, $5, $6)',
    row.seq,
    decision,
    reason,
    decidedAt,
    by?.operator.id ?? null,
    by?.operator.name ?? null,
  );
  yield q('DELETE FROM moderation_claims WHERE proposal_seq = $1', row.seq);
  return { proposalId, decision, reason, decidedAt, ...(by ? { operator: who(by.operator) } : {}) };
}

/** A theme change: pending or accepted proposals only, and not one another operator holds. */
export function* themePlan(w: ThemeWrite): Plan<Outcome<{ changed: boolean; change: ThemeChange | null }>> {
  const [row] = yield { ...q(PROPOSAL_SQL, w.proposalId), lock: 'wait' };
  if (!row) return { refused: 'not_found', message: `No proposal has the id "${w.proposalId}".` };
  if (row.status === 'refused') return { refused: 'conflict', message: 'A refused proposal keeps its theme: accept it first.' };
  const [held] = yield q(CLAIM_OF_SQL, row.seq, Date.parse(w.changedAt));
  if (held && held.operator_id !== w.operator.id) return { refused: 'conflict', message: heldMessage(claimOf(held)!) };
  const from = (row.theme_id as string | null) ?? null;
  if (from === w.themeId) return { changed: false, change: null };
  yield q('UPDATE proposals SET theme_id = $1 WHERE seq = $2', w.themeId, row.seq);
  yield q(
    'INSERT INTO theme_changes (proposal_seq, from_theme, to_theme, operator_id, operator_name, changed_at) VALUES ($1, $2, $3, $4, $5, $6)',
    row.seq,
    from,
    w.themeId,
    w.operator.id,
    w.operator.name,
    w.changedAt,
  );
  const change = { proposalId: w.proposalId, fromThemeId: from, toThemeId: w.themeId, operator: who(w.operator), changedAt: w.changedAt };
  return { changed: true, change };
}

/** Decisions of one proposal: $1 its seq. */
export const PROPOSAL_DECISIONS_SQL = `SELECT p.id AS proposal_id, m.decision, m.reason, m.decided_at, m.operator_id, m.operator_name
  FROM moderation m JOIN proposals p ON p.seq = m.proposal_seq WHERE m.proposal_seq = $1 ORDER BY m.id`;
export const THEME_CHANGES_SQL = `SELECT p.id AS proposal_id, t.from_theme, t.to_theme, t.operator_id, t.operator_name, t.changed_at
  FROM theme_changes t JOIN proposals p ON p.seq = t.proposal_seq WHERE t.proposal_seq = $1 ORDER BY t.id`;
export const SEQ_SQL = 'SELECT seq FROM proposals WHERE id = $1';

export const themeChangeOf = (row: Row): ThemeChange => ({
  proposalId: String(row.proposal_id),
  fromThemeId: (row.from_theme as string | null) ?? null,
  toThemeId: (row.to_theme as string | null) ?? null,
  operator: { id: String(row.operator_id), name: String(row.operator_name) },
  changedAt: String(row.changed_at),
});

/**
 * The moderation log, filtered: $1 consultation, $2 operator id, $3 decision, $4 reason, $5 from
 * (inclusive), $6 to (exclusive), $7 after this decision id (before it, newest first), $8 limit.
 * A NULL filter matches everything. Times compare as text: the server writes them all with
 * `toISOString`, and the route normalises the filter's the same way.
 */
export const logSql = (order: 'oldest' | 'newest') => `SELECT m.id, p.id AS proposal_id, p.content, m.decision, m.reason, m.decided_at, m.operator_id, m.operator_name
  FROM moderation m JOIN proposals p ON p.seq = m.proposal_seq
 WHERE p.consultation_id = $1
   AND (CAST($2 AS TEXT) IS NULL OR m.operator_id = $2)
   AND (CAST($3 AS TEXT) IS NULL OR m.decision = $3)
   AND (CAST($4 AS TEXT) IS NULL OR m.reason = $4)
   AND (CAST($5 AS TEXT) IS NULL OR m.decided_at >= $5)
   AND (CAST($6 AS TEXT) IS NULL OR m.decided_at < $6)
   AND (CAST($7 AS BIGINT) IS NULL OR m.id ${order === 'oldest' ? '>' : '<'} $7)
 ORDER BY m.id ${order === 'oldest' ? 'ASC' : 'DESC'} LIMIT $8`;

export const logValues = (consultationId: string, f: LogFilter) => [
  consultationId,
  f.operator ?? null,
  f.decision ?? null,
  f.reason ?? null,
  f.from ?? null,
  f.to ?? null,
  f.after,
  f.limit + 1,
];

export function logPageOf(rows: Row[], limit: number): LogPage {
  const items = rows.slice(0, limit);
  const entries = items.map((row) => ({ ...decisionOf(row as unknown as ModerationRow), content: String(row.content) }));
  return { items: entries, nextAfter: rows.length > limit ? Number(items.at(-1)!.id) : null };
}
