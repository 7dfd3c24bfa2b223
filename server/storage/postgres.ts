/**
 * PostgreSQL storage (`pg`): for sites that run several server processes on one database.
 *
 * Votes and qualifications are the hot path. Those arriving together are applied in one
 * transaction (group commit, like SQLite's): it locks the participants' vote rows, applies the
 * same pure rules as SQLite (rules.ts) in arrival order, and moves each proposal's counters with
 * one UPDATE, so concurrent writes from any number of processes can never count a participant
 * twice, and a popular proposal's row lock is taken once per batch rather than once per vote
 * (postgres-writes.ts). Every other write is a transaction of its own. A write is answered only
 * after its COMMIT.
 *
 * Lock order, the same in every transaction so none can deadlock another: vote rows (by proposal
 * seq, then participant), consultation rows (by id), proposal rows (by seq), participant rows.
 *
 * The schema and its migrations: postgres-schema.ts; imports: postgres-import.ts.
 */
import { Pool, type PoolClient } from 'pg';
import type { AdminConsultation, ImportFile, ModerationDecision, RefusalReason } from 'consult-widgets/protocol/admin';
import { clickInstant, countedClick, type ParticipantVote, type Proposal, type QualificationCounts } from 'consult-widgets/protocol';
import { eraseInPostgres } from './erasure.js';
import { setupMethods } from './setup-rows.js';
import { moderatePlan, type DecisionBy } from './moderation-rows.js';
import { PostgresModeration } from './postgres-moderation.js';
import { importConsultation } from './postgres-import.js';
import { migrate, poolConfig } from './postgres-schema.js';
import { inTransaction } from './postgres-transaction.js';
import { WriteBatcher } from './postgres-writes.js';
import { POSTGRES_RESULTS_SQL, POSTGRES_UNTRUSTED_QUALIFICATIONS_SQL, resultsRowsOf, untrustedQualificationsOf, type ResultsTuple } from './results-rows.js';
import { proposalOf, type ProposalRow } from './rules.js';
import {
  authorColumn,
  consultationOf,
  decisionOf,
  openDataOf,
  participantVoteOf,
  proposalPageOf,
  REFUSAL_COUNTS_SQL,
  submissionRefusal,
  type ConsultationRow,
  type ModerationRow,
  type ParticipantVoteRow,
} from './shared.js';
import type {
  Erasure,
  OpenDataRows,
  Outcome,
  ProposalListOptions,
  ProposalListPage,
  QualifyWrite,
  RowWithUntrusted,
  ProposalText,
  SequenceCandidate,
  Storage,
  SubmitWrite,
  VoteOutcome,
  VoteWrite,
} from './storage.js';
import { postgresIssuanceTables, type IssuanceTables } from './issuance-tables.js';
import type { AccountTables } from './account-tables.js';
import { postgresAccountTables } from './postgres-accounts.js';

type CountedConsultation = ConsultationRow & { participants: string; proposals: string; votes: string };

export interface PostgresOptions {
  /** Schema for every table, created if missing; default: the connection's own search_path. */
  schema?: string;
  /** Connections in the pool (default 10); at most half of them run vote batches at once. */
  poolSize?: number;
}

export class PostgresStorage extends PostgresModeration implements Storage {
  readonly kind = 'postgres';
  /** Votes and qualifications, applied in batches. */
  private readonly writes: WriteBatcher;
  readonly issuance: IssuanceTables;
  readonly accounts: AccountTables;
  // Issue 12, setup (setup-rows.ts).
  private readonly setup = setupMethods(
    'postgres',
    async (text, values) => (await this.pool.query<unknown[]>({ text, values: [...values], rowMode: 'array' })).rows,
    async (text, values) => void (await this.pool.query(text, [...values])),
  );
  readonly recordChange = this.setup.recordChange;
  readonly consultationChanges = this.setup.consultationChanges;
  readonly themeUse = this.setup.themeUse;
  readonly activity = this.setup.activity;
  readonly addProposals = this.setup.addProposals;

  private constructor(
    pool: Pool,
    /** Second key of this storage's advisory locks. */
    private readonly lockKey: number,
    poolSize: number,
  ) {
    super(pool);
    this.writes = new WriteBatcher(pool, poolSize);
    this.issuance = postgresIssuanceTables(pool);
    this.accounts = postgresAccountTables(pool);
  }

  /** Connects, creates the schema if needed and migrates it; several processes may do this at once. */
  static async connect(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
    const poolSize = options.poolSize ?? 10;
    const pool = new Pool(poolConfig(url, options.schema, poolSize));
    // An idle connection that breaks (database restart) must not crash the server: the pool drops it.
    pool.on('error', (error) => console.error(`consult-server: PostgreSQL connection lost: ${error.message}`));
    try {
      const lockKey = await migrate(pool, options.schema);
      return new PostgresStorage(pool, lockKey, poolSize);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** See `inTransaction`: commits, rolls back a refusal, runs a deadlocked write again. */
  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  /** Finishes the writes already asked for, then ends the pool. */
  async close(): Promise<void> {
    await this.writes.drain();
    await this.pool.end();
  }

  async importConsultation(file: ImportFile, now: string): Promise<Outcome<{ created: boolean; proposals: number }>> {
    return this.transaction((c) => importConsultation(c, this.lockKey, file, now));
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
    return proposalPageOf(rows, o.limit);
  }

  async proposalTexts(consultationId: string): Promise<ProposalText[]> {
    const { rows } = await this.pool.query<ProposalText>(
      `SELECT id, content FROM proposals WHERE consultation_id = $1 AND status IN ('accepted', 'pending')
        ORDER BY status <> 'accepted', seq`,
      [consultationId],
    );
    return rows;
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
    const { rows } = await this.pool.query<ParticipantVoteRow>(
      `SELECT p.id, v.key, v.qualifications FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
        WHERE v.participant_id = $1 AND p.consultation_id = $2 AND v.key IS NOT NULL ORDER BY p.seq`,
      [participantId, consultationId],
    );
    return rows.map(participantVoteOf);
  }

  async vote(w: VoteWrite): Promise<Outcome<VoteOutcome>> {
    const receivedAt = w.receivedAt ?? Date.now();
    const votedAt = countedClick(clickInstant(w.votedAt), receivedAt);
    return this.writes.enqueue({ kind: 'vote', write: w, votedAt, receivedAt }) as Promise<Outcome<VoteOutcome>>;
  }

  async qualify(w: QualifyWrite): Promise<Outcome<{ proposalId: string; qualifications: QualificationCounts }>> {
    const job = { kind: 'qualify' as const, write: w, receivedAt: w.receivedAt ?? Date.now() };
    return this.writes.enqueue(job) as Promise<Outcome<{ proposalId: string; qualifications: QualificationCounts }>>;
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
      const refusal = submissionRefusal(w.consultationId, consultation);
      if (refusal) return refusal;
      // Claim the request id first: a concurrent retry of the same request waits here, then answers our proposal.
      const claimed = await c.query(
        `INSERT INTO submissions (consultation_id, participant_id, request_id, proposal_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [...key, w.newId],
      );
      if (claimed.rowCount === 0) return { id: (await earlier(c))!, status: 'pending' };
      await c.query(
        `INSERT INTO proposals (id, consultation_id, content, theme_id, author, status, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6)`,
        [w.newId, w.consultationId, w.content, w.themeId ?? null, authorColumn(w.author), w.createdAt],
      );
      await c.query('INSERT INTO participants (consultation_id, participant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        w.consultationId,
        w.participantId,
      ]);
      return { id: w.newId, status: 'pending' };
    });
  }

  async eraseParticipant(participantId: string, consultationId: string | null): Promise<Erasure> {
    return this.transaction((c) => eraseInPostgres(c, participantId, consultationId));
  }

  async moderate(proposalId: string, decision: 'accept' | 'refuse', reason: RefusalReason | null, decidedAt: string, by: DecisionBy) {
    return this.run(() => moderatePlan(proposalId, decision, reason, decidedAt, by));
  }

  async moderationLog(consultationId: string): Promise<ModerationDecision[]> {
    const { rows } = await this.pool.query<ModerationRow>(
      `SELECT p.id AS proposal_id, m.decision, m.reason, m.decided_at, m.operator_id, m.operator_name FROM moderation m JOIN proposals p ON p.seq = m.proposal_seq
        WHERE p.consultation_id = $1 ORDER BY m.id`,
      [consultationId],
    );
    return rows.map(decisionOf);
  }

  async results(consultationId: string): Promise<RowWithUntrusted[]> {
    // Two reads, not one snapshot: a qualification written between them is off by one until the
    // next answer (at most ANSWER_MAX_AGE_MS later), as with any write that lands after a read.
    const [{ rows }, masks] = await Promise.all([
      this.pool.query<ResultsTuple>({ text: POSTGRES_RESULTS_SQL, values: [consultationId], rowMode: 'array' }),
      this.pool.query<[string, number]>({ text: POSTGRES_UNTRUSTED_QUALIFICATIONS_SQL, values: [consultationId], rowMode: 'array' }),
    ]);
    return resultsRowsOf(rows, masks.rows);
  }

  async serverSecret(name: string, candidate: string): Promise<string> {
    const { rows } = await this.pool.query<{ value: string }>(
      `WITH added AS (INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING value)
       SELECT value FROM added UNION ALL SELECT value FROM server_secrets WHERE name = $1`,
      [name, candidate, new Date().toISOString()],
    );
    // A process that inserted at the same instant committed after this statement's snapshot: read again.
    if (rows[0]) return rows[0].value;
    return (await this.pool.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [name])).rows[0]!.value;
  }

  async openData(consultationId: string): Promise<OpenDataRows> {
    const [accepted, refusals, masks] = await Promise.all([
      this.proposalRows(consultationId, 'accepted', null, 0, null),
      this.pool.query<{ reason: RefusalReason | null; n: string }>(REFUSAL_COUNTS_SQL('$1'), [consultationId]),
      this.pool.query<[string, number]>({ text: POSTGRES_UNTRUSTED_QUALIFICATIONS_SQL, values: [consultationId], rowMode: 'array' }),
    ]);
    return openDataOf(accepted, refusals.rows, untrustedQualificationsOf(masks.rows));
  }
}
