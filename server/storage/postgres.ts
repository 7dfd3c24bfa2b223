/**
 * PostgreSQL storage (`pg`): for sites that run several server processes on one database. Each
 * write is one transaction on a pooled connection: it locks the participant's vote row, applies
 * the same pure rules as SQLite (rules.ts) and moves the proposal's counters with one UPDATE, so
 * concurrent writes from any number of processes can never count a participant twice. A write is
 * answered only after its COMMIT.
 *
 * Lock order, the same in every transaction so none can deadlock another: vote row, then
 * participant row, then proposal row. Nothing waits for a lock while holding a proposal row lock.
 */
import { escapeIdentifier, Pool, type PoolClient, type PoolConfig } from 'pg';
import type { AdminConsultation, ImportFile, ModerationDecision, OpenDataProposal, RefusalReason } from '../../src/protocol/admin.js';
import type { ParticipantVote, Proposal, QualificationKey } from '../../src/protocol/index.js';
import {
  COUNTER_COLUMNS,
  planQualification,
  planVote,
  proposalOf,
  qualificationCountsOf,
  qualificationsOf,
  tallyOf,
  VERIFIED_COLUMNS,
  type ProposalRow,
  type VoteRow,
} from './rules.js';
import { checkImport, consultationOf, type ConsultationRow } from './shared.js';
import {
  isRefusal,
  type Outcome,
  type ProposalListOptions,
  type ProposalListPage,
  type QualifyWrite,
  type Refusal,
  type ResultsRow,
  type SequenceCandidate,
  type Storage,
  type SubmitWrite,
  type VoteOutcome,
  type VoteWrite,
} from './storage.js';

const counters = COUNTER_COLUMNS.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(',\n  ');

/**
 * Schema versions, applied in order at connect; never edit one that has shipped, add the next.
 * Same tables and columns as SQLite. Ids are compared byte by byte (COLLATE "C"), as SQLite does,
 * whatever the database's collation.
 */
const MIGRATIONS = [
  `CREATE TABLE consultations (
  id TEXT COLLATE "C" PRIMARY KEY,
  config JSON NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE proposals (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT COLLATE "C" NOT NULL UNIQUE,
  consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultations(id),
  content TEXT NOT NULL,
  theme_id TEXT COLLATE "C",
  author TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
  created_at TEXT NOT NULL,
  ${counters}
);
CREATE INDEX proposals_by_consultation ON proposals (consultation_id, status, seq);
CREATE TABLE votes (
  proposal_seq BIGINT NOT NULL REFERENCES proposals(seq),
  participant_id TEXT COLLATE "C" NOT NULL,
  key TEXT CHECK (key IN ('agree', 'disagree', 'neutral')),
  voted_at BIGINT NOT NULL,
  verified BOOLEAN NOT NULL DEFAULT false,
  qualifications INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (proposal_seq, participant_id)
);
CREATE INDEX votes_by_participant ON votes (participant_id, proposal_seq);
CREATE TABLE participants (
  consultation_id TEXT COLLATE "C" NOT NULL,
  participant_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (consultation_id, participant_id)
);
CREATE TABLE submissions (
  consultation_id TEXT COLLATE "C" NOT NULL,
  participant_id TEXT COLLATE "C" NOT NULL,
  request_id TEXT COLLATE "C" NOT NULL,
  proposal_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (consultation_id, participant_id, request_id)
);
CREATE TABLE moderation (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  proposal_seq BIGINT NOT NULL REFERENCES proposals(seq),
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'refuse')),
  reason TEXT,
  decided_at TEXT NOT NULL
);
CREATE INDEX moderation_by_proposal ON moderation (proposal_seq, id);`,
];

/** Advisory lock classes (first key); the second key is a hash of the schema, so schemas never wait on each other. */
const MIGRATION_LOCK = 0x636f6e01;
const IMPORT_LOCK = 0x636f6e02;
/** A schema name we can put in a startup parameter without quoting rules. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Deadlock and serialization failures: the transaction did nothing, running it again is safe. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;
/** Proposals per INSERT while importing (each row has 7 parameters, far under the 65535 limit). */
const IMPORT_CHUNK = 1000;

const counterList = COUNTER_COLUMNS.join(', ');
const moveCounters = COUNTER_COLUMNS.map((c, i) => `${c} = ${c} + $${i + 1}`).join(', ');

interface WriteRow {
  seq: string;
  consultation_id: string;
  status: Proposal['status'];
  consultation_status: 'open' | 'closed';
}
interface StoredVote {
  key: VoteRow['key'];
  voted_at: string;
  verified: boolean;
  qualifications: number;
}
type CountedConsultation = ConsultationRow & { participants: string; proposals: string; votes: string };

export interface PostgresOptions {
  /** Schema for every table, created if missing; default: the connection's own search_path. */
  schema?: string;
  /** Connections in the pool (default 10): the most writes this process runs at once. */
  poolSize?: number;
}

/** FNV-1a, as a signed 32-bit integer: an advisory lock key per schema name. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(text, 'utf8')) h = Math.imul(h ^ ch, 0x01000193);
  return h | 0;
}

/**
 * Pool settings that put every connection in `schema` from its first statement (a startup
 * parameter, so no connection can ever run a query in another schema). `pg` lets the URL's own
 * `options` override ours, so they are merged here.
 */
function poolConfig(url: string, schema: string | undefined, max: number): PoolConfig {
  if (!schema) return { connectionString: url, max };
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name "${schema}": use a-z, 0-9 and _.`);
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  return {
    connectionString: own === null ? url : parsed.href,
    options: [own, `-c search_path=${schema}`].filter(Boolean).join(' '),
    max,
  };
}

export class PostgresStorage implements Storage {
  readonly kind = 'postgres';

  private constructor(
    private readonly pool: Pool,
    /** Second key of this storage's advisory locks. */
    private readonly lockKey: number,
  ) {}

  /** Connects, creates the schema if needed and migrates it; several processes may do this at once. */
  static async connect(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
    const pool = new Pool(poolConfig(url, options.schema, options.poolSize ?? 10));
    // An idle connection that breaks (database restart) must not crash the server: the pool drops it.
    pool.on('error', (error) => console.error(`consult-server: PostgreSQL connection lost: ${error.message}`));
    try {
      const lockKey = await PostgresStorage.migrate(pool, options.schema);
      return new PostgresStorage(pool, lockKey);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** Applies missing migrations under a session advisory lock, so concurrent starts migrate once. */
  private static async migrate(pool: Pool, schema: string | undefined): Promise<number> {
    const client = await pool.connect();
    try {
      const name = schema ?? (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]!.s ?? 'public';
      const lockKey = hash32(name);
      await client.query('SELECT pg_advisory_lock($1, $2)', [MIGRATION_LOCK, lockKey]);
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const done = Number((await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0]!.v);
      for (let version = done + 1; version <= MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        await client.query(MIGRATIONS[version - 1]!);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, new Date().toISOString()]);
        await client.query('COMMIT');
      }
      await client.query('SELECT pg_advisory_unlock($1, $2)', [MIGRATION_LOCK, lockKey]);
      client.release();
      return lockKey;
    } catch (error) {
      // Destroying the connection rolls back and frees the session lock for the next process.
      client.release(true);
      throw error;
    }
  }

  /**
   * Runs `work` in one transaction and commits it, or rolls it back when it answers a refusal (it
   * may have locked or written rows it no longer needs). Deadlocks should not happen (see the lock
   * order above), but PostgreSQL may still report one: the whole write is then run again.
   */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let value: T;
      try {
        await client.query('BEGIN');
        value = await work(client);
        await client.query(isRefusal(value) ? 'ROLLBACK' : 'COMMIT');
      } catch (error) {
        const broken = await client.query('ROLLBACK').then(
          () => false,
          () => true,
        );
        client.release(broken);
        const code = (error as { code?: unknown }).code;
        if (attempt < ATTEMPTS && typeof code === 'string' && RETRYABLE.has(code)) continue;
        throw error;
      }
      client.release();
      return value;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async importConsultation(file: ImportFile, now: string): Promise<Outcome<{ created: boolean; proposals: number }>> {
    return this.transaction(async (c) => {
      // Imports run one at a time per schema: two files claiming the same new proposal id must not both pass checkImport.
      await c.query('SELECT pg_advisory_xact_lock($1, $2)', [IMPORT_LOCK, this.lockKey]);
      const ids = file.proposals.map((p) => p.id);
      const elsewhere = await c.query<{ id: string }>('SELECT id FROM proposals WHERE consultation_id <> $1 AND id = ANY($2::text[])', [
        file.consultation.id,
        ids,
      ]);
      const position = new Map(ids.map((id, i) => [id, i]));
      const elsewhereIds = elsewhere.rows.map((r) => r.id).sort((a, b) => position.get(a)! - position.get(b)!);
      const problem = checkImport(file, elsewhereIds);
      if (problem) return problem;
      const { id, status, ...config } = file.consultation;
      const existing = await c.query('SELECT 1 FROM consultations WHERE id = $1', [id]);
      await c.query(
        `INSERT INTO consultations (id, config, status, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET config = excluded.config, status = excluded.status`,
        [id, JSON.stringify(config), status, now],
      );
      for (let start = 0; start < file.proposals.length; start += IMPORT_CHUNK) {
        const chunk = file.proposals.slice(start, start + IMPORT_CHUNK);
        // ORDER BY n: new proposals get their seq in file order, as SQLite gives them.
        await c.query(
          `INSERT INTO proposals (id, consultation_id, content, theme_id, author, status, created_at)
           SELECT id, $2::text, content, theme_id, author, status, $7::text
             FROM unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
                  AS t(id, content, theme_id, author, status, n)
            ORDER BY n
           ON CONFLICT (id) DO UPDATE SET content = excluded.content, theme_id = excluded.theme_id,
             author = excluded.author, status = excluded.status`,
          [
            chunk.map((p) => p.id),
            id,
            chunk.map((p) => p.content),
            chunk.map((p) => p.themeId ?? null),
            chunk.map((p) => (p.author ? JSON.stringify(p.author) : null)),
            chunk.map((p) => p.status),
            now,
          ],
        );
      }
      return { created: existing.rowCount === 0, proposals: file.proposals.length };
    });
  }

  async setStatus(consultationId: string, status: 'open' | 'closed'): Promise<boolean> {
    const result = await this.pool.query('UPDATE consultations SET status = $1 WHERE id = $2', [status, consultationId]);
    return (result.rowCount ?? 0) > 0;
  }

  private async consultations(consultationId: string | null): Promise<AdminConsultation[]> {
    const { rows } = await this.pool.query<CountedConsultation>(
      `SELECT c.id, c.config, c.status,
              (SELECT COUNT(*) FROM participants x WHERE x.consultation_id = c.id) AS participants,
              (SELECT COUNT(*) FROM proposals p WHERE p.consultation_id = c.id AND p.status = 'accepted') AS proposals,
              (SELECT COALESCE(SUM(p.agree + p.disagree + p.neutral), 0) FROM proposals p
                WHERE p.consultation_id = c.id AND p.status = 'accepted') AS votes
         FROM consultations c WHERE $1::text IS NULL OR c.id = $1 ORDER BY c.created_at, c.id`,
      [consultationId],
    );
    return rows.map((row) =>
      consultationOf(row, { participants: Number(row.participants), proposals: Number(row.proposals), votes: Number(row.votes) }),
    );
  }

  async getConsultation(consultationId: string): Promise<AdminConsultation | null> {
    return (await this.consultations(consultationId))[0] ?? null;
  }

  async listConsultations(): Promise<AdminConsultation[]> {
    return this.consultations(null);
  }

  async consultationOfProposal(proposalId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ consultation_id: string }>('SELECT consultation_id FROM proposals WHERE id = $1', [proposalId]);
    return rows[0]?.consultation_id ?? null;
  }

  async getProposal(proposalId: string): Promise<Proposal | null> {
    const { rows } = await this.pool.query<ProposalRow>('SELECT * FROM proposals WHERE id = $1', [proposalId]);
    return rows[0] ? proposalOf(rows[0]) : null;
  }

  async getProposals(proposalIds: readonly string[]): Promise<Proposal[]> {
    const { rows } = await this.pool.query<ProposalRow>('SELECT * FROM proposals WHERE id = ANY($1::text[])', [proposalIds]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    // In the order asked, as SQLite answers.
    return proposalIds.flatMap((id) => {
      const row = byId.get(id);
      return row ? [proposalOf(row)] : [];
    });
  }

  /** Accepted-or-other proposals of a consultation in `seq` order; `limit` null: all of them. */
  private async proposalRows(consultationId: string, status: Proposal['status'], themeId: string | null, after: number, limit: number | null) {
    const { rows } = await this.pool.query<ProposalRow & { seq: string }>(
      `SELECT * FROM proposals WHERE consultation_id = $1 AND status = $2 AND ($3::text IS NULL OR theme_id = $3) AND seq > $4
        ORDER BY seq LIMIT $5`,
      [consultationId, status, themeId, after, limit],
    );
    return rows;
  }

  async listProposals(consultationId: string, o: ProposalListOptions): Promise<ProposalListPage> {
    const rows = await this.proposalRows(consultationId, o.status, o.themeId ?? null, o.after ?? 0, o.limit + 1);
    const more = rows.length > o.limit;
    const items = rows.slice(0, o.limit);
    return { items: items.map(proposalOf), nextAfter: more ? Number(items[items.length - 1]!.seq) : null };
  }

  async sequenceCandidates(consultationId: string, participantId: string): Promise<SequenceCandidate[]> {
    const { rows } = await this.pool.query<{ id: string; votes: number; seq: string }>(
      `SELECT p.id, p.agree + p.disagree + p.neutral AS votes, p.seq FROM proposals p
        WHERE p.consultation_id = $1 AND p.status = 'accepted'
          AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.proposal_seq = p.seq AND v.participant_id = $2 AND v.key IS NOT NULL)
        ORDER BY p.seq`,
      [consultationId, participantId],
    );
    return rows.map((r) => ({ id: r.id, votes: Number(r.votes), seq: Number(r.seq) }));
  }

  async participantVotes(participantId: string, consultationId: string): Promise<ParticipantVote[]> {
    const { rows } = await this.pool.query<{ id: string; key: NonNullable<VoteRow['key']>; qualifications: number }>(
      `SELECT p.id, v.key, v.qualifications FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
        WHERE v.participant_id = $1 AND p.consultation_id = $2 AND v.key IS NOT NULL ORDER BY p.seq`,
      [participantId, consultationId],
    );
    return rows.map((r) => ({ proposalId: r.id, key: r.key, qualifications: qualificationsOf(r.qualifications) }));
  }

  /** The proposal a write is for, or why it cannot be written. */
  private async writable(c: PoolClient, proposalId: string): Promise<WriteRow | Refusal> {
    const { rows } = await c.query<WriteRow>(
      `SELECT p.seq, p.consultation_id, p.status, c.status AS consultation_status
         FROM proposals p JOIN consultations c ON c.id = p.consultation_id WHERE p.id = $1`,
      [proposalId],
    );
    const row = rows[0];
    if (!row || row.status !== 'accepted') return { refused: 'not_found', message: `No proposal has the id "${proposalId}".` };
    if (row.consultation_status === 'closed') {
      return { refused: 'closed', message: 'This consultation is closed: votes are no longer accepted.' };
    }
    return row;
  }

  /**
   * Locks the participant's vote row until the transaction ends and answers its content (undefined:
   * no vote yet). With `claim`, a missing row is inserted first, so even the very first vote of a
   * participant holds a lock a concurrent one must wait for; the caller then overwrites that
   * placeholder, or rolls back.
   */
  private async lockVote(c: PoolClient, seq: string, participantId: string, claim: boolean): Promise<VoteRow | undefined> {
    if (claim) {
      const claimed = await c.query(
        `INSERT INTO votes (proposal_seq, participant_id, key, voted_at) VALUES ($1, $2, NULL, 0)
         ON CONFLICT (proposal_seq, participant_id) DO NOTHING`,
        [seq, participantId],
      );
      if (claimed.rowCount === 1) return undefined;
    }
    const { rows } = await c.query<StoredVote>(
      'SELECT key, voted_at, verified, qualifications FROM votes WHERE proposal_seq = $1 AND participant_id = $2 FOR UPDATE',
      [seq, participantId],
    );
    const r = rows[0];
    return r && { key: r.key, votedAt: Number(r.voted_at), verified: r.verified, qualifications: r.qualifications };
  }

  /** Moves the proposal's counters (one UPDATE, the last lock a write takes) and answers them all. */
  private async move(c: PoolClient, seq: string, delta: number[]): Promise<Record<string, number>> {
    const sql = delta.some((d) => d !== 0)
      ? { text: `UPDATE proposals SET ${moveCounters} WHERE seq = $${delta.length + 1} RETURNING ${counterList}`, values: [...delta, seq] }
      : { text: `SELECT ${counterList} FROM proposals WHERE seq = $1`, values: [seq] };
    return (await c.query<Record<string, number>>(sql.text, sql.values)).rows[0]!;
  }

  async vote(w: VoteWrite): Promise<Outcome<VoteOutcome>> {
    const votedAt = Date.parse(w.votedAt);
    return this.transaction(async (c): Promise<Outcome<VoteOutcome>> => {
      const p = await this.writable(c, w.proposalId);
      if (isRefusal(p)) return p;
      const plan = planVote(await this.lockVote(c, p.seq, w.participantId, true), w.key, votedAt, w.verified);
      if (plan.row) {
        const { key, votedAt: at, verified, qualifications } = plan.row;
        await c.query(
          'UPDATE votes SET key = $3, voted_at = $4, verified = $5, qualifications = $6 WHERE proposal_seq = $1 AND participant_id = $2',
          [p.seq, w.participantId, key, at, verified, qualifications],
        );
        if (key) {
          await c.query('INSERT INTO participants (consultation_id, participant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
            p.consultation_id,
            w.participantId,
          ]);
        }
      }
      const counts = await this.move(c, p.seq, plan.delta);
      return { proposalId: w.proposalId, key: plan.key, votes: tallyOf(counts) };
    });
  }

  async qualify(w: QualifyWrite) {
    return this.transaction(async (c) => {
      const p = await this.writable(c, w.proposalId);
      if (isRefusal(p)) return p;
      const plan = planQualification(await this.lockVote(c, p.seq, w.participantId, false), w.qualification as QualificationKey, w.active);
      if ('conflict' in plan) return { refused: 'conflict' as const, message: plan.conflict };
      if (plan.delta.some((d) => d !== 0)) {
        await c.query('UPDATE votes SET qualifications = $1 WHERE proposal_seq = $2 AND participant_id = $3', [
          plan.qualifications,
          p.seq,
          w.participantId,
        ]);
      }
      return { proposalId: w.proposalId, qualifications: qualificationCountsOf(await this.move(c, p.seq, plan.delta)) };
    });
  }

  async submitProposal(w: SubmitWrite): Promise<Outcome<{ id: string; status: 'pending' }>> {
    const key = [w.consultationId, w.participantId, w.requestId];
    const earlier = async (c: PoolClient) =>
      (
        await c.query<{ proposal_id: string }>(
          'SELECT proposal_id FROM submissions WHERE consultation_id = $1 AND participant_id = $2 AND request_id = $3',
          key,
        )
      ).rows[0]?.proposal_id;
    return this.transaction(async (c): Promise<Outcome<{ id: string; status: 'pending' }>> => {
      const known = await earlier(c);
      if (known) return { id: known, status: 'pending' };
      const consultation = (await c.query<{ status: string }>('SELECT status FROM consultations WHERE id = $1', [w.consultationId])).rows[0];
      if (!consultation) return { refused: 'not_found', message: `No consultation has the id "${w.consultationId}".` };
      if (consultation.status === 'closed') return { refused: 'closed', message: 'This consultation is closed.' };
      // Claim the request id first: a concurrent retry of the same request waits here, then answers our proposal.
      const claimed = await c.query(
        `INSERT INTO submissions (consultation_id, participant_id, request_id, proposal_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [...key, w.newId],
      );
      if (claimed.rowCount === 0) return { id: (await earlier(c))!, status: 'pending' };
      await c.query(
        `INSERT INTO proposals (id, consultation_id, content, theme_id, author, status, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6)`,
        [w.newId, w.consultationId, w.content, w.themeId ?? null, w.author ? JSON.stringify(w.author) : null, w.createdAt],
      );
      await c.query('INSERT INTO participants (consultation_id, participant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        w.consultationId,
        w.participantId,
      ]);
      return { id: w.newId, status: 'pending' };
    });
  }

  async moderate(proposalId: string, decision: 'accept' | 'refuse', reason: RefusalReason | null, decidedAt: string) {
    return this.transaction(async (c): Promise<Outcome<ModerationDecision>> => {
      const { rows } = await c.query<{ seq: string }>('UPDATE proposals SET status = $1 WHERE id = $2 RETURNING seq', [
        decision === 'accept' ? 'accepted' : 'refused',
        proposalId,
      ]);
      if (!rows[0]) return { refused: 'not_found', message: `No proposal has the id "${proposalId}".` };
      await c.query('INSERT INTO moderation (proposal_seq, decision, reason, decided_at) VALUES ($1, $2, $3, $4)', [
        rows[0].seq,
        decision,
        reason,
        decidedAt,
      ]);
      return { proposalId, decision, reason, decidedAt };
    });
  }

  async moderationLog(consultationId: string): Promise<ModerationDecision[]> {
    const { rows } = await this.pool.query<{ proposal_id: string; decision: 'accept' | 'refuse'; reason: RefusalReason | null; decided_at: string }>(
      `SELECT p.id AS proposal_id, m.decision, m.reason, m.decided_at FROM moderation m JOIN proposals p ON p.seq = m.proposal_seq
        WHERE p.consultation_id = $1 ORDER BY m.id`,
      [consultationId],
    );
    return rows.map((r) => ({ proposalId: r.proposal_id, decision: r.decision, reason: r.reason, decidedAt: r.decided_at }));
  }

  async results(consultationId: string): Promise<ResultsRow[]> {
    const rows = await this.proposalRows(consultationId, 'accepted', null, 0, null);
    return rows.map((r) => ({
      proposalId: r.id,
      themeId: r.theme_id,
      votes: tallyOf(r),
      qualifications: qualificationCountsOf(r),
    }));
  }

  async openData(consultationId: string): Promise<OpenDataProposal[]> {
    const decisions = new Map<string, OpenDataProposal['moderation']>();
    for (const d of await this.moderationLog(consultationId)) {
      const list = decisions.get(d.proposalId) ?? [];
      list.push({ decision: d.decision, reason: d.reason, decidedAt: d.decidedAt });
      decisions.set(d.proposalId, list);
    }
    const { rows } = await this.pool.query<ProposalRow>('SELECT * FROM proposals WHERE consultation_id = $1 ORDER BY seq', [consultationId]);
    return rows.map((row) => {
      const { votes: _v, consultationId: _c, ...proposal } = proposalOf(row);
      return {
        ...proposal,
        votes: tallyOf(row),
        verifiedVotes: tallyOf(row, VERIFIED_COLUMNS),
        moderation: decisions.get(row.id) ?? [],
      };
    });
  }
}
