/**
 * PostgreSQL storage (`pg`): for sites that run several server processes on one database.
 *
 * Votes and qualifications are the hot path. Those arriving together are applied in one
 * transaction (group commit, like SQLite's): it locks the participants' vote rows, applies the
 * same pure rules as SQLite (rules.ts) in arrival order, and moves each proposal's counters with
 * one UPDATE, so concurrent writes from any number of processes can never count a participant
 * twice, and a popular proposal's row lock is taken once per batch rather than once per vote.
 * Every other write is a transaction of its own. A write is answered only after its COMMIT.
 *
 * Lock order, the same in every transaction so none can deadlock another: vote rows (by proposal
 * seq, then participant), consultation rows (by id), proposal rows (by seq), participant rows.
 */
import { escapeIdentifier, Pool, type PoolClient, type PoolConfig } from 'pg';
import type { AdminConsultation, ImportFile, ModerationDecision, OpenDataProposal, RefusalReason } from '../../src/protocol/admin.js';
import type { ParticipantVote, Proposal, QualificationCounts, QualificationKey } from '../../src/protocol/index.js';
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
/** Proposals per INSERT while importing. */
const IMPORT_CHUNK = 1000;
/** Most votes and qualifications in one transaction. */
const BATCH_MAX = 500;
/**
 * `voted_at` of a vote row claimed but not yet written: below any instant `Date.parse` returns,
 * and never committed (the batch fills or deletes it).
 */
const PLACEHOLDER = '-9223372036854775808';

const counterList = COUNTER_COLUMNS.join(', ');
/** Adds one delta array per counter column to the proposals listed in $1. */
const moveCountersSql = `UPDATE proposals p SET ${COUNTER_COLUMNS.map((c) => `${c} = p.${c} + t.${c}`).join(', ')}
  FROM unnest($1::bigint[], ${COUNTER_COLUMNS.map((_, i) => `$${i + 2}::integer[]`).join(', ')}) AS t(seq, ${counterList})
 WHERE p.seq = t.seq`;

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
/** A vote row locked by the running batch; `row` undefined: no vote yet (a placeholder). */
interface LockedVote {
  seq: string;
  participantId: string;
  row: VoteRow | undefined;
  changed: boolean;
}
type JobRequest = { kind: 'vote'; write: VoteWrite; votedAt: number } | { kind: 'qualify'; write: QualifyWrite };
type Job = JobRequest & { resolve: (value: unknown) => void; reject: (error: unknown) => void };

const pairKey = (a: string, b: string) => JSON.stringify([a, b]);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Why a vote or qualification cannot be written to this proposal, if it cannot. */
function refusalFor(proposalId: string, target: WriteRow | undefined): Refusal | null {
  if (!target || target.status !== 'accepted') return { refused: 'not_found', message: `No proposal has the id "${proposalId}".` };
  if (target.consultation_status === 'closed') {
    return { refused: 'closed', message: 'This consultation is closed: votes are no longer accepted.' };
  }
  return null;
}

export interface PostgresOptions {
  /** Schema for every table, created if missing; default: the connection's own search_path. */
  schema?: string;
  /** Connections in the pool (default 10); at most half of them run vote batches at once. */
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
  /** Votes and qualifications waiting for a batch. */
  private queue: Job[] = [];
  private pumpScheduled = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Batches running at once: half the pool, so reads and other writes keep connections. */
  private readonly maxBatches: number;

  private constructor(
    private readonly pool: Pool,
    /** Second key of this storage's advisory locks. */
    private readonly lockKey: number,
    poolSize: number,
  ) {
    this.maxBatches = Math.max(1, Math.ceil(poolSize / 2));
  }

  /** Connects, creates the schema if needed and migrates it; several processes may do this at once. */
  static async connect(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
    const poolSize = options.poolSize ?? 10;
    const pool = new Pool(poolConfig(url, options.schema, poolSize));
    // An idle connection that breaks (database restart) must not crash the server: the pool drops it.
    pool.on('error', (error) => console.error(`consult-server: PostgreSQL connection lost: ${error.message}`));
    try {
      const lockKey = await PostgresStorage.migrate(pool, options.schema);
      return new PostgresStorage(pool, lockKey, poolSize);
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
   * order at the top), but PostgreSQL may still report one: the whole write is then run again.
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

  /** Finishes the writes already asked for, then ends the pool. */
  async close(): Promise<void> {
    while (this.queue.length || this.inFlight.size) {
      this.pump();
      await Promise.all(this.inFlight);
    }
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
      // Then proposal rows in seq order, before the upsert touches them in file order (lock order at the top).
      await c.query('SELECT 1 FROM proposals WHERE id = ANY($1::text[]) ORDER BY seq FOR NO KEY UPDATE', [ids]);
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

  /** Proposals of a consultation with one status, in `seq` order; `limit` null: all of them. */
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

  /** Queues a vote or qualification; `pump` runs queued ones together in one transaction. */
  private enqueue(job: JobRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...job, resolve, reject });
      if (!this.pumpScheduled) {
        this.pumpScheduled = true;
        // One turn of the event loop gathers the writes that arrive together.
        setImmediate(() => {
          this.pumpScheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.queue.length && this.inFlight.size < this.maxBatches) {
      const batch = this.queue.splice(0, BATCH_MAX);
      const run: Promise<void> = this.settle(batch).finally(() => {
        this.inFlight.delete(run);
        this.pump();
      });
      this.inFlight.add(run);
    }
  }

  /** Answers every write of the batch after its COMMIT; a batch that fails is retried write by write, so only the culprit fails. */
  private async settle(batch: Job[]): Promise<void> {
    try {
      const answers = await this.transaction((c) => this.applyBatch(c, batch));
      batch.forEach((job, i) => job.resolve(answers[i]));
    } catch (error) {
      if (batch.length > 1) await Promise.all(batch.map((job) => this.settle([job])));
      else batch[0]!.reject(error);
    }
  }

  /**
   * Applies votes and qualifications in arrival order, as if one after the other, with a handful
   * of statements whatever their number. Locks follow the global order (see the top of this file)
   * so concurrent batches, here or in other processes, can wait for each other but never deadlock.
   */
  private async applyBatch(c: PoolClient, batch: Job[]): Promise<unknown[]> {
    const answers: unknown[] = new Array(batch.length);
    /** The writes still allowed by `targets`, with their target; the others get their refusal. */
    const writable = (writes: Array<{ index: number; job: Job }>, targets: Map<string, WriteRow>) =>
      writes.flatMap(({ index, job }) => {
        const target = targets.get(job.write.proposalId);
        const refusal = refusalFor(job.write.proposalId, target);
        if (refusal) answers[index] = refusal;
        return refusal ? [] : [{ index, job, target: target! }];
      });
    // A first look without locks, to know which rows to lock.
    let live = writable(
      batch.map((job, index) => ({ index, job })),
      await this.targets(c, batch.map((job) => job.write.proposalId)),
    );
    if (!live.length) return answers;

    const votes = await this.lockVotes(c, live.map(({ job, target }) => [target.seq, job.write.participantId]));
    // Locked now, the statuses and counters cannot change until COMMIT: a close or a moderation
    // decision that committed meanwhile is seen here, and one that comes later waits for us.
    const { targets, counters } = await this.lockTargets(c, live.map(({ target }) => target));
    live = writable(live, targets);

    const steps: Array<{ index: number; seq: string; delta: number[]; answer: (counts: Record<string, number>) => unknown }> = [];
    const participants = new Map<string, [string, string]>();
    for (const { index, job, target } of live) {
      const { proposalId, participantId } = job.write;
      const vote = votes.get(pairKey(target.seq, participantId))!;
      if (job.kind === 'vote') {
        const plan = planVote(vote.row, job.write.key, job.votedAt, job.write.verified);
        if (plan.row) {
          vote.row = plan.row;
          vote.changed = true;
          if (plan.row.key) participants.set(pairKey(target.consultation_id, participantId), [target.consultation_id, participantId]);
        }
        steps.push({ index, seq: target.seq, delta: plan.delta, answer: (counts) => ({ proposalId, key: plan.key, votes: tallyOf(counts) }) });
      } else {
        const plan = planQualification(vote.row, job.write.qualification as QualificationKey, job.write.active);
        if ('conflict' in plan) {
          answers[index] = { refused: 'conflict', message: plan.conflict } satisfies Refusal;
          continue;
        }
        if (plan.delta.some((d) => d !== 0)) {
          vote.row = { ...vote.row!, qualifications: plan.qualifications };
          vote.changed = true;
        }
        steps.push({ index, seq: target.seq, delta: plan.delta, answer: (counts) => ({ proposalId, qualifications: qualificationCountsOf(counts) }) });
      }
    }
    await this.storeVotes(c, votes);

    // Counters: the locked values plus each write's delta, in arrival order; one UPDATE per batch.
    const moved = new Map<string, number[]>();
    for (const step of steps) {
      const counts = counters.get(step.seq)!;
      COUNTER_COLUMNS.forEach((column, i) => (counts[column]! += step.delta[i]!));
      const total = moved.get(step.seq) ?? COUNTER_COLUMNS.map(() => 0);
      step.delta.forEach((d, i) => (total[i]! += d));
      moved.set(step.seq, total);
      answers[step.index] = step.answer({ ...counts });
    }
    const changed = [...moved].filter(([, total]) => total.some((d) => d !== 0));
    if (changed.length) {
      await c.query(moveCountersSql, [changed.map(([seq]) => seq), ...COUNTER_COLUMNS.map((_, i) => changed.map(([, total]) => total[i]))]);
    }

    if (participants.size) {
      const sorted = [...participants.values()].sort(([a1, a2], [b1, b2]) => compare(a1, b1) || compare(a2, b2));
      await c.query(
        `INSERT INTO participants (consultation_id, participant_id)
         SELECT * FROM unnest($1::text[], $2::text[]) AS t(c, p) ORDER BY c, p ON CONFLICT DO NOTHING`,
        [sorted.map(([id]) => id), sorted.map(([, participantId]) => participantId)],
      );
    }
    return answers;
  }

  /** The proposals written to, by id, with what decides whether they can be (read without locks). */
  private async targets(c: PoolClient, proposalIds: string[]): Promise<Map<string, WriteRow>> {
    const { rows } = await c.query<WriteRow & { id: string }>(
      `SELECT p.id, p.seq, p.consultation_id, p.status, c.status AS consultation_status
         FROM proposals p JOIN consultations c ON c.id = p.consultation_id WHERE p.id = ANY($1::text[])`,
      [[...new Set(proposalIds)]],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Locks the targets' consultations (shared: only a status change waits) and then their proposal
   * rows, each in key order, and answers them as they are now: statuses by proposal id, counters by seq.
   */
  private async lockTargets(c: PoolClient, unlocked: WriteRow[]) {
    const consultations = await c.query<{ id: string; status: 'open' | 'closed' }>(
      'SELECT id, status FROM consultations WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE',
      [[...new Set(unlocked.map((t) => t.consultation_id))]],
    );
    const statusOf = new Map(consultations.rows.map((r) => [r.id, r.status]));
    const { rows } = await c.query<Omit<WriteRow, 'consultation_status'> & { id: string }>(
      `SELECT id, seq, consultation_id, status, ${counterList} FROM proposals WHERE seq = ANY($1::bigint[]) ORDER BY seq FOR NO KEY UPDATE`,
      [[...new Set(unlocked.map((t) => t.seq))]],
    );
    const targets = new Map<string, WriteRow>();
    const counters = new Map<string, Record<string, number>>();
    for (const row of rows) {
      const { id, seq, consultation_id, status } = row;
      targets.set(id, { seq, consultation_id, status, consultation_status: statusOf.get(consultation_id)! });
      counters.set(seq, Object.fromEntries(COUNTER_COLUMNS.map((column) => [column, Number((row as Record<string, unknown>)[column])])));
    }
    return { targets, counters };
  }

  /**
   * Locks the vote rows of these (seq, participant) pairs, in order, until the transaction ends
   * and answers their content (row undefined: no vote yet). A missing row is inserted as a
   * placeholder so even a first vote holds a lock a concurrent one must wait for; placeholders
   * that no vote filled are deleted again by `storeVotes`.
   */
  private async lockVotes(c: PoolClient, pairs: Array<[string, string]>): Promise<Map<string, LockedVote>> {
    const unique = [...new Map(pairs.map((pair) => [pairKey(...pair), pair])).values()];
    const { rows } = await c.query<StoredVote & { proposal_seq: string; participant_id: string }>(
      `INSERT INTO votes (proposal_seq, participant_id, key, voted_at)
       SELECT seq, participant, NULL, ${PLACEHOLDER} FROM unnest($1::bigint[], $2::text[]) AS t(seq, participant)
        ORDER BY seq, participant
       ON CONFLICT (proposal_seq, participant_id) DO UPDATE SET key = votes.key
       RETURNING proposal_seq, participant_id, key, voted_at, verified, qualifications`,
      [unique.map(([seq]) => seq), unique.map(([, participantId]) => participantId)],
    );
    return new Map(
      rows.map((r) => [
        pairKey(r.proposal_seq, r.participant_id),
        {
          seq: r.proposal_seq,
          participantId: r.participant_id,
          row:
            r.voted_at === PLACEHOLDER
              ? undefined
              : { key: r.key, votedAt: Number(r.voted_at), verified: r.verified, qualifications: r.qualifications },
          changed: false,
        },
      ]),
    );
  }

  /** Writes the vote rows the batch changed and removes the placeholders it did not need. */
  private async storeVotes(c: PoolClient, votes: Map<string, LockedVote>): Promise<void> {
    const changed = [...votes.values()].filter((v) => v.changed && v.row);
    if (changed.length) {
      await c.query(
        `UPDATE votes v SET key = t.key, voted_at = t.voted_at, verified = t.verified, qualifications = t.qualifications
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::boolean[], $6::integer[])
                AS t(seq, participant, key, voted_at, verified, qualifications)
          WHERE v.proposal_seq = t.seq AND v.participant_id = t.participant`,
        [
          changed.map((v) => v.seq),
          changed.map((v) => v.participantId),
          changed.map((v) => v.row!.key),
          changed.map((v) => v.row!.votedAt),
          changed.map((v) => v.row!.verified),
          changed.map((v) => v.row!.qualifications),
        ],
      );
    }
    const unused = [...votes.values()].filter((v) => !v.row);
    if (unused.length) {
      await c.query(
        `DELETE FROM votes v USING unnest($1::bigint[], $2::text[]) AS t(seq, participant)
          WHERE v.proposal_seq = t.seq AND v.participant_id = t.participant AND v.voted_at = ${PLACEHOLDER}`,
        [unused.map((v) => v.seq), unused.map((v) => v.participantId)],
      );
    }
  }

  async vote(w: VoteWrite): Promise<Outcome<VoteOutcome>> {
    return this.enqueue({ kind: 'vote', write: w, votedAt: Date.parse(w.votedAt) }) as Promise<Outcome<VoteOutcome>>;
  }

  async qualify(w: QualifyWrite): Promise<Outcome<{ proposalId: string; qualifications: QualificationCounts }>> {
    return this.enqueue({ kind: 'qualify', write: w }) as Promise<Outcome<{ proposalId: string; qualifications: QualificationCounts }>>;
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
