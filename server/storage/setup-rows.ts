/**
 * Issue 12, setup: the log of changes to consultations (who changed what, when) and the dashboard's
 * aggregates, the same SQL in both databases (written with PostgreSQL's `$n`; SQLite runs it
 * through `forSqlite`). Activity is grouped in the database: a dashboard refreshed every few
 * seconds reads a few hundred rows, not every vote.
 */
import type { ConsultationChange, DashboardBucket } from 'consult-widgets/protocol/admin';

/**
 * Migration 8 (issue 12, setup): one row per change an operator made to a consultation's setup.
 * `operator_id` and `operator_name` as the operator was then (an account may be renamed or
 * removed; the log stays as it was). `detail` is JSON text.
 */
export const migration8 = (identity: string, text: string) => `CREATE TABLE consultation_changes (
  id ${identity},
  consultation_id ${text} NOT NULL REFERENCES consultations(id),
  operator_id TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'edit', 'proposals', 'poll', 'import', 'status')),
  detail TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX consultation_changes_by_consultation ON consultation_changes (consultation_id, id);`;

export interface ChangeWrite {
  consultationId: string;
  operator: { id: string; name: string };
  action: ConsultationChange['action'];
  detail: Record<string, unknown>;
  at: string;
}

/** $1 consultation, $2 operator id, $3 operator name, $4 action, $5 detail, $6 at. */
export const ADD_CHANGE_SQL = `INSERT INTO consultation_changes (consultation_id, operator_id, operator_name, action, detail, at)
  VALUES ($1, $2, $3, $4, $5, $6)`;
export const changeParams = (w: ChangeWrite) => [w.consultationId, w.operator.id, w.operator.name, w.action, JSON.stringify(w.detail), w.at];

/** $1 consultation: oldest first. */
export const CHANGES_SQL = `SELECT operator_id, operator_name, action, detail, at FROM consultation_changes
 WHERE consultation_id = $1 ORDER BY id`;
export type ChangeTuple = [string, string, ConsultationChange['action'], string, string];
export const changeOf = ([id, name, action, detail, at]: ChangeTuple): ConsultationChange => ({
  at,
  operator: { id, name },
  action,
  detail: JSON.parse(detail) as Record<string, unknown>,
});

/** How long a bucket is, in milliseconds (votes keep epoch ms) and in ISO characters (proposals keep ISO text). */
const BUCKETS: Record<DashboardBucket, { ms: number; chars: number; pad: string }> = {
  hour: { ms: 3_600_000, chars: 13, pad: ':00:00.000Z' },
  day: { ms: 86_400_000, chars: 10, pad: 'T00:00:00.000Z' },
};

/**
 * $1 consultation, $2 bucket ms: votes (withdrawn ones too: a participant took part) by the
 * server's receive time, or the click time for rows from before receive times were kept.
 */
export const VOTES_BY_BUCKET_SQL = `SELECT CAST(COALESCE(v.received_at, v.voted_at) / $2 AS BIGINT) AS b, COUNT(*) AS n
  FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
 WHERE p.consultation_id = $1 AND v.key IS NOT NULL
 GROUP BY 1 ORDER BY 1`;
/** $1 consultation, $2 bucket ms: participants by the bucket of their first vote. */
export const PARTICIPANTS_BY_BUCKET_SQL = `SELECT CAST(f / $2 AS BIGINT) AS b, COUNT(*) AS n FROM (
    SELECT MIN(COALESCE(v.received_at, v.voted_at)) AS f
      FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
     WHERE p.consultation_id = $1
     GROUP BY v.participant_id) AS first_votes
 GROUP BY 1 ORDER BY 1`;
/** $1 consultation, $2 ISO characters of the bucket: proposals by creation bucket and status. */
export const PROPOSALS_BY_BUCKET_SQL = `SELECT substr(created_at, 1, $2) AS b, status, COUNT(*) AS n
  FROM proposals WHERE consultation_id = $1
 GROUP BY 1, 2 ORDER BY 1`;
/** $1 consultation: proposals per theme (any status), for theme removal and the dashboard. */
export const THEME_USE_SQL = `SELECT theme_id, COUNT(*) AS n FROM proposals
 WHERE consultation_id = $1 AND theme_id IS NOT NULL GROUP BY theme_id`;

export type BucketTuple = [number | string, number | string];
export type ProposalBucketTuple = [string, 'pending' | 'accepted' | 'refused', number | string];

/** What the dashboard reads of a consultation's activity. */
export interface Activity {
  /** Buckets with some activity, oldest first; `at` is the bucket's start (UTC, ISO). */
  timeline: Array<{ at: string; participants: number; votes: number; proposals: number }>;
  proposals: { pending: number; accepted: number; refused: number };
}

/** Queries of `activity`, with the parameters each takes. */
export const activityQueries = (consultationId: string, bucket: DashboardBucket) => {
  const { ms, chars } = BUCKETS[bucket];
  return {
    votes: [VOTES_BY_BUCKET_SQL, [consultationId, ms]] as const,
    participants: [PARTICIPANTS_BY_BUCKET_SQL, [consultationId, ms]] as const,
    proposals: [PROPOSALS_BY_BUCKET_SQL, [consultationId, chars]] as const,
  };
};

export function activityOf(
  bucket: DashboardBucket,
  votes: readonly BucketTuple[],
  participants: readonly BucketTuple[],
  proposals: readonly ProposalBucketTuple[],
): Activity {
  const { ms, pad } = BUCKETS[bucket];
  const points = new Map<string, Activity['timeline'][number]>();
  const point = (at: string) => {
    let found = points.get(at);
    if (!found) points.set(at, (found = { at, participants: 0, votes: 0, proposals: 0 }));
    return found;
  };
  // The SQL casts: better-sqlite3 binds a number as REAL, so SQLite's division would not be an integer one.
  const at = (b: number | string) => new Date(Number(b) * ms).toISOString();
  for (const [b, n] of votes) point(at(b)).votes += Number(n);
  for (const [b, n] of participants) point(at(b)).participants += Number(n);
  const byStatus = { pending: 0, accepted: 0, refused: 0 };
  for (const [b, status, n] of proposals) {
    point(`${b}${pad}`).proposals += Number(n);
    byStatus[status] += Number(n);
  }
  const timeline = [...points.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { timeline, proposals: byStatus };
}

/**
 * Accepted proposals added to a consultation in one statement (so all or none), in the order
 * given, without touching the consultation's row: a bulk add never undoes an edit made meanwhile.
 * $1 consultation, $2 JSON `[{ id, content, themeId }]`, $3 created at.
 */
export const ADD_PROPOSALS_SQL = {
  sqlite: `INSERT INTO proposals (id, consultation_id, content, theme_id, status, created_at)
  SELECT json_extract(value, '$.id'), $1, json_extract(value, '$.content'), json_extract(value, '$.themeId'), 'accepted', $3
    FROM json_each($2) ORDER BY key`,
  postgres: `INSERT INTO proposals (id, consultation_id, content, theme_id, status, created_at)
  SELECT x.e->>'id', $1, x.e->>'content', x.e->>'themeId', 'accepted', $3
    FROM json_array_elements($2::json) WITH ORDINALITY AS x(e, n) ORDER BY x.n`,
};

export interface NewProposal {
  id: string;
  content: string;
  themeId: string | null;
}

/** Runs one query of this file: rows as arrays (`$n` parameters; SQLite translates them). */
export type RunSql = (sql: string, values: readonly unknown[]) => Promise<unknown[][]>;

/** `SetupStorage` over a database's way to read and to write (SQLite writes through its group commit). */
export function setupMethods(dialect: keyof typeof ADD_PROPOSALS_SQL, read: RunSql, write: (sql: string, values: readonly unknown[]) => Promise<void>): SetupStorage {
  return {
    addProposals: (consultationId, proposals, at) => write(ADD_PROPOSALS_SQL[dialect], [consultationId, JSON.stringify(proposals), at]),
    recordChange: (change) => write(ADD_CHANGE_SQL, changeParams(change)),
    consultationChanges: async (consultationId) => ((await read(CHANGES_SQL, [consultationId])) as ChangeTuple[]).map(changeOf),
    themeUse: async (consultationId) => new Map((await read(THEME_USE_SQL, [consultationId])).map(([theme, n]) => [String(theme), Number(n)])),
    async activity(consultationId, bucket) {
      const q = activityQueries(consultationId, bucket);
      const [votes, participants, proposals] = await Promise.all([read(...q.votes), read(...q.participants), read(...q.proposals)]);
      return activityOf(bucket, votes as BucketTuple[], participants as BucketTuple[], proposals as ProposalBucketTuple[]);
    },
  };
}

/** What the setup routes need of a storage (issue 12); both storages implement it. */
export interface SetupStorage {
  /** Adds accepted proposals (new ids) to an existing consultation, all or none. */
  addProposals(consultationId: string, proposals: readonly NewProposal[], at: string): Promise<void>;
  /** Appends one change to the consultation's log. */
  recordChange(change: ChangeWrite): Promise<void>;
  /** The consultation's changes, oldest first. */
  consultationChanges(consultationId: string): Promise<ConsultationChange[]>;
  /** Proposals (any status) per theme id. */
  themeUse(consultationId: string): Promise<Map<string, number>>;
  /** Activity over time, and proposals by status. */
  activity(consultationId: string, bucket: DashboardBucket): Promise<Activity>;
}
