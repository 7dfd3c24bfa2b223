/**
 * SQLite storage (better-sqlite3, WAL): the default, one server process. Writes that arrive in the
 * same turn of the event loop are committed together in one transaction (group commit), and each
 * is answered only after that commit is on disk: one fsync for many votes, done off the event loop
 * (sqlite-durability.ts).
 *
 * The tables and their migrations: sqlite-schema.ts; every statement it runs: sqlite-statements.ts.
 */
import Database from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AdminConsultation, ImportFile, ModerationDecision, RefusalReason } from 'consult-widgets/protocol/admin';
import { clickInstant, countedClick, type ParticipantVote, type Proposal, type QualificationKey } from 'consult-widgets/protocol';
import { planQualification, planVote, proposalOf, qualificationCountsOf, tallyOf, type VoteRow } from './rules.js';
import {
  authorColumn,
  checkImport,
  configToStore,
  consultationOf,
  decisionOf,
  openDataOf,
  participantVoteOf,
  proposalPageOf,
  submissionRefusal,
  writeRefusal,
  type ConsultationRow,
} from './shared.js';
import { eraseInSqlite } from './erasure.js';
import { forSqlite, sqliteParams } from './cohort-rows.js';
import { setupMethods } from './setup-rows.js';
import { moderatePlan, type DecisionBy } from './moderation-rows.js';
import { SqliteModeration } from './sqlite-moderation.js';
import { sqliteIssuanceTables, type IssuanceTables } from './issuance-tables.js';
import { sqliteAccountTables, type AccountTables } from './account-tables.js';
import { WalFlusher } from './sqlite-durability.js';
import { migrate } from './sqlite-schema.js';
import { resultsRowsOf, untrustedQualificationsOf, SQLITE_RESULTS_SQL, SQLITE_UNTRUSTED_QUALIFICATIONS_SQL, type ResultsTuple } from './results-rows.js';
import { prepareStatements, type Statement, type Statements, type WriteRow } from './sqlite-statements.js';
import type {
  Erasure,
  OpenDataRows,
  Outcome,
  ProposalListOptions,
  ProposalListPage,
  QualifyWrite,
  Refusal,
  RowWithUntrusted,
  ProposalText,
  SequenceCandidate,
  Storage,
  SubmitWrite,
  VoteOutcome,
  VoteWrite,
} from './storage.js';

export type SqliteSynchronous = 'full' | 'normal';

/** Proposals written per turn of the event loop while importing (a few milliseconds). */
const IMPORT_BATCH = 1000;

export class SqliteStorage extends SqliteModeration implements Storage {
  readonly kind = 'sqlite';
  protected readonly db: Database.Database;
  private queue: Array<{ apply: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = [];
  private flushScheduled = false;
  /** The import in progress (it holds the write transaction across turns), settled either way. */
  private importing: Promise<void> | null = null;
  private readonly s: Statements;
  readonly issuance: IssuanceTables;
  readonly accounts: AccountTables;
  /** Rows as arrays: the results read (results-rows.ts). */
  private readonly resultsRows: Statement<[string], ResultsTuple>;
  private readonly untrustedQualifications: Statement<[string], [string, number]>;
  /**
   * (consultation, participant) pairs known to be in `participants`: most votes come from someone
   * who voted before, and skipping their INSERT OR IGNORE saves a statement per vote. Cleared
   * whenever a transaction rolls back, so it never holds a pair that is not stored.
   */
  private readonly knownParticipants = new Set<string>();
  /** Null for `:memory:` and for `synchronous: 'normal'`. */
  private readonly wal: WalFlusher | null;
  // Issue 12, setup (setup-rows.ts): reads as they come; the change log through the group commit.
  private readonly setup = setupMethods(
    'sqlite',
    async (sql, values) => this.db.prepare(forSqlite(sql)).raw(true).all(sqliteParams(...values)) as unknown[][],
    (sql, values) => this.write(() => void this.db.prepare(forSqlite(sql)).run(sqliteParams(...values))),
  );
  readonly recordChange = this.setup.recordChange;
  readonly consultationChanges = this.setup.consultationChanges;
  readonly themeUse = this.setup.themeUse;
  readonly activity = this.setup.activity;
  readonly addProposals = this.setup.addProposals;

  constructor(file: string, options: { synchronous?: SqliteSynchronous } = {}) {
    super();
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // 'full' (default): a commit is on disk (the WAL flushed by WalFlusher) before any write of it
    // is acknowledged. 'normal': it is in the WAL (the OS's buffers) before; a crashed server still
    // loses nothing, a power cut may lose the last commits (docs/server.md).
    this.db.pragma('synchronous = NORMAL');
    const inMemory = file === ':memory:' || file === '';
    this.wal = options.synchronous === 'normal' || inMemory ? null : new WalFlusher(`${file}-wal`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.s = prepareStatements(this.db);
    this.resultsRows = this.db.prepare<[string], ResultsTuple>(SQLITE_RESULTS_SQL).raw(true);
    this.untrustedQualifications = this.db.prepare<[string], [string, number]>(SQLITE_UNTRUSTED_QUALIFICATIONS_SQL).raw(true);
    this.issuance = sqliteIssuanceTables(this.db, (apply) => this.write(apply));
    this.accounts = sqliteAccountTables(this.db, (apply) => this.write(apply));
  }

  /** Group commit: queue the write; every write queued in this turn runs in one transaction. */
  protected write<T>(apply: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    // An import holds the write transaction: the queue is flushed when it ends.
    if (this.flushScheduled || this.importing) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.importing) return;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    let outcomes: Array<{ ok: boolean; value: unknown }>;
    try {
      // One transaction for the whole batch, without a savepoint per write (two statements less
      // per vote): writes hardly ever throw, and when one does the batch is run again below.
      outcomes = this.db.transaction(() => batch.map((job) => ({ ok: true, value: job.apply() })))();
    } catch {
      // A write threw, or the commit failed: nothing of the batch is in the database. Each write
      // runs again in its own transaction, so only the culprit fails.
      this.knownParticipants.clear();
      outcomes = batch.map((job) => {
        try {
          return { ok: true, value: this.db.transaction(job.apply)() };
        } catch (error) {
          this.knownParticipants.clear();
          return { ok: false, value: error };
        }
      });
    }
    const answer = () => batch.forEach((job, i) => (outcomes[i]!.ok ? job.resolve : job.reject)(outcomes[i]!.value));
    if (!this.wal) return answer();
    // Only once the commit is on disk does any caller hear its answer. If the disk refuses, no
    // write of the batch is acknowledged (clients retry; writes are idempotent).
    this.wal.flush().then(answer, (error) => batch.forEach((job) => job.reject(error)));
  }

  async close(): Promise<void> {
    // Writes already asked for are committed (and answered) before the database closes.
    while (this.importing) await this.importing;
    if (this.queue.length) this.flush();
    await this.wal?.close();
    this.db.close();
  }

  /**
   * One transaction for the whole file, written IMPORT_BATCH proposals at a time with the event
   * loop free between batches (39,000 proposals in one go held it for about 0.5 s). The import
   * holds the database's write transaction across those turns, so group commits wait until it
   * commits (they are queued, not refused), and imports run one at a time. Reads of this process
   * meanwhile see the import's rows early: the answer cache's version moves once it commits.
   */
  async importConsultation(file: ImportFile, now: string): Promise<Outcome<{ created: boolean; proposals: number }>> {
    while (this.importing) await this.importing;
    const done = this.importInBatches(file, now);
    this.importing = done.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await done;
    } finally {
      this.importing = null;
      if (this.queue.length) this.scheduleFlush();
    }
  }

  private async importInBatches(file: ImportFile, now: string): Promise<Outcome<{ created: boolean; proposals: number }>> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const elsewhere: string[] = [];
      for (let start = 0; start < file.proposals.length; start += IMPORT_BATCH) {
        if (start > 0) await nextTurn();
        const ids = file.proposals.slice(start, start + IMPORT_BATCH).map((p) => p.id);
        elsewhere.push(...this.s.proposalsOfConsultation.all(file.consultation.id, JSON.stringify(ids)).map((r) => r.id));
      }
      const problem = checkImport(file, elsewhere);
      if (problem) {
        this.db.exec('ROLLBACK');
        return problem;
      }
      const previous = this.s.consultation.get(file.consultation.id);
      const created = !previous;
      const { id, status } = file.consultation;
      this.s.upsertConsultation.run(id, configToStore(file.consultation, previous), status, now);
      for (let start = 0; start < file.proposals.length; start += IMPORT_BATCH) {
        if (start > 0) await nextTurn();
        for (const p of file.proposals.slice(start, start + IMPORT_BATCH)) {
          this.s.upsertProposal.run(p.id, id, p.content, p.themeId ?? null, p.author ? JSON.stringify(p.author) : null, p.status, now);
        }
      }
      this.db.exec('COMMIT');
      await this.wal?.flush();
      return { created, proposals: file.proposals.length };
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.knownParticipants.clear();
      throw error;
    }
  }

  async setStatus(consultationId: string, status: 'open' | 'closed'): Promise<boolean> {
    return this.write(() => this.s.setStatus.run(status, consultationId).changes > 0);
  }

  async getConsultation(consultationId: string): Promise<AdminConsultation | null> {
    const row = this.s.consultation.get(consultationId);
    return row ? this.withCounts(row) : null;
  }

  async listConsultations(): Promise<AdminConsultation[]> {
    return this.s.consultations.all().map((row) => this.withCounts(row));
  }

  private withCounts(row: ConsultationRow): AdminConsultation {
    const c = this.s.counts.get(row.id, row.id)!;
    return consultationOf(row, { participants: c.participants, proposals: c.proposals, votes: c.votes ?? 0 });
  }

  async consultationOfProposal(proposalId: string): Promise<string | null> {
    return this.s.proposalConsultation.get(proposalId)?.consultation_id ?? null;
  }

  async getProposal(proposalId: string): Promise<Proposal | null> {
    const row = this.s.proposal.get(proposalId);
    return row ? proposalOf(row) : null;
  }

  async getProposals(proposalIds: readonly string[]): Promise<Proposal[]> {
    return proposalIds.flatMap((id) => {
      const row = this.s.proposal.get(id);
      return row ? [proposalOf(row)] : [];
    });
  }

  async listProposals(consultationId: string, o: ProposalListOptions): Promise<ProposalListPage> {
    const theme = o.themeId ?? null;
    const rows = this.s.list.all(consultationId, o.status, theme, theme, o.after ?? 0, o.limit + 1);
    return proposalPageOf(rows, o.limit);
  }

  async proposalTexts(consultationId: string): Promise<ProposalText[]> {
    return this.s.texts.all(consultationId);
  }

  async sequenceCandidates(consultationId: string, participantId: string): Promise<SequenceCandidate[]> {
    return this.s.candidates.all(consultationId, participantId);
  }

  private addParticipant(consultationId: string, participantId: string): void {
    const pair = `${consultationId} ${participantId}`; // ids never contain a space
    if (this.knownParticipants.has(pair)) return;
    if (this.knownParticipants.size >= 1_000_000) this.knownParticipants.clear();
    this.s.participant.run(consultationId, participantId);
    this.knownParticipants.add(pair);
  }

  async participantVotes(participantId: string, consultationId: string): Promise<ParticipantVote[]> {
    return this.s.participantVotes.all(participantId, consultationId).map(participantVoteOf);
  }

  /** The proposal a write is for, or why it cannot be written. */
  private writable(proposalId: string): WriteRow | Refusal {
    const row = this.s.forWrite.get(proposalId);
    return writeRefusal(proposalId, row) ?? row!;
  }

  private storedVote(seq: number, participantId: string): VoteRow | undefined {
    const r = this.s.vote.get(seq, participantId);
    return r && { key: r.key, votedAt: r.voted_at, trust: r.trust, qualifications: r.qualifications };
  }

  /** Moves the proposal's counters by `delta` (when it moves them) and answers them, in one statement. */
  private countersAfter(seq: number, delta: number[]): Record<string, number> {
    return (delta.some((d) => d !== 0) ? this.s.move.get(...delta, seq) : this.s.counters.get(seq))!;
  }

  async vote(w: VoteWrite): Promise<Outcome<VoteOutcome>> {
    return this.write(() => {
      const p = this.writable(w.proposalId);
      if ('refused' in p) return p;
      const receivedAt = w.receivedAt ?? Date.now();
      const plan = planVote(this.storedVote(p.seq, w.participantId), w.key, countedClick(clickInstant(w.votedAt), receivedAt), w.trust);
      if (plan.row) {
        const { key, votedAt, trust, qualifications } = plan.row;
        this.s.putVote.run(p.seq, w.participantId, key, votedAt, trust, qualifications, receivedAt, w.origin ?? null);
        if (key) this.addParticipant(p.consultation_id, w.participantId);
      }
      return { proposalId: w.proposalId, key: plan.key, votes: tallyOf(this.countersAfter(p.seq, plan.delta)) };
    });
  }

  async qualify(w: QualifyWrite) {
    return this.write(() => {
      const p = this.writable(w.proposalId);
      if ('refused' in p) return p;
      const plan = planQualification(this.storedVote(p.seq, w.participantId), w.qualification as QualificationKey, w.active);
      if ('conflict' in plan) return { refused: 'conflict' as const, message: plan.conflict };
      if (plan.delta.some((d) => d !== 0)) {
        this.s.setQualifications.run(plan.qualifications, w.receivedAt ?? Date.now(), w.origin ?? null, p.seq, w.participantId);
      }
      return { proposalId: w.proposalId, qualifications: qualificationCountsOf(this.countersAfter(p.seq, plan.delta)) };
    });
  }

  async submitProposal(w: SubmitWrite): Promise<Outcome<{ id: string; status: 'pending' }>> {
    return this.write(() => {
      const earlier = this.s.submission.get(w.consultationId, w.participantId, w.requestId);
      if (earlier) return { id: earlier.proposal_id, status: 'pending' as const };
      const refusal = submissionRefusal(w.consultationId, this.s.consultation.get(w.consultationId));
      if (refusal) return refusal;
      const author = authorColumn(w.author);
      this.s.insertProposal.run(w.newId, w.consultationId, w.content, w.themeId ?? null, author, 'pending', w.createdAt);
      this.s.addSubmission.run(w.consultationId, w.participantId, w.requestId, w.newId);
      this.addParticipant(w.consultationId, w.participantId);
      return { id: w.newId, status: 'pending' as const };
    });
  }

  async eraseParticipant(participantId: string, consultationId: string | null): Promise<Erasure> {
    return this.write(() => {
      const erased = eraseInSqlite(this.db, participantId, consultationId);
      // A later vote must insert the participants row again.
      for (const id of erased.consultations) this.knownParticipants.delete(`${id} ${participantId}`);
      return erased;
    });
  }

  async moderate(proposalId: string, decision: 'accept' | 'refuse', reason: RefusalReason | null, decidedAt: string, by: DecisionBy) {
    return this.write((): Outcome<ModerationDecision> => this.run(moderatePlan(proposalId, decision, reason, decidedAt, by)));
  }

  async moderationLog(consultationId: string): Promise<ModerationDecision[]> {
    return this.s.decisions.all(consultationId).map(decisionOf);
  }

  async results(consultationId: string): Promise<RowWithUntrusted[]> {
    return resultsRowsOf(this.resultsRows.all(consultationId), this.untrustedQualifications.all(consultationId));
  }

  async serverSecret(name: string, candidate: string): Promise<string> {
    this.s.addSecret.run(name, candidate, new Date().toISOString());
    return this.s.secret.get(name)!.value;
  }

  async openData(consultationId: string): Promise<OpenDataRows> {
    const accepted = this.s.list.all(consultationId, 'accepted', null, null, 0, -1);
    return openDataOf(accepted, this.s.refusalCounts.all(consultationId), untrustedQualificationsOf(this.untrustedQualifications.all(consultationId)));
  }
}
