/**
 * SQLite storage (better-sqlite3, WAL): the default, one server process. Writes that arrive in the
 * same turn of the event loop are committed together in one transaction (group commit), and each
 * is answered only after that commit: one fsync for many votes.
 */
import Database from 'better-sqlite3';
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
import type {
  Outcome,
  ProposalListOptions,
  ProposalListPage,
  QualifyWrite,
  ResultsRow,
  SequenceCandidate,
  Storage,
  SubmitWrite,
  VoteOutcome,
  VoteWrite,
} from './storage.js';

const counters = COUNTER_COLUMNS.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(',\n  ');

/** Schema versions, applied in order at start; never edit one that has shipped, add the next. */
const MIGRATIONS = [
  `CREATE TABLE consultations (
  id TEXT PRIMARY KEY,
  config TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  created_at TEXT NOT NULL
);
CREATE TABLE proposals (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  consultation_id TEXT NOT NULL REFERENCES consultations(id),
  content TEXT NOT NULL,
  theme_id TEXT,
  author TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
  created_at TEXT NOT NULL,
  ${counters}
);
CREATE INDEX proposals_by_consultation ON proposals (consultation_id, status, seq);
CREATE TABLE votes (
  proposal_seq INTEGER NOT NULL REFERENCES proposals(seq),
  participant_id TEXT NOT NULL,
  key TEXT CHECK (key IN ('agree', 'disagree', 'neutral')),
  voted_at INTEGER NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0,
  qualifications INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (proposal_seq, participant_id)
) WITHOUT ROWID;
CREATE INDEX votes_by_participant ON votes (participant_id, proposal_seq);
CREATE TABLE participants (
  consultation_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  PRIMARY KEY (consultation_id, participant_id)
) WITHOUT ROWID;
CREATE TABLE submissions (
  consultation_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  proposal_id TEXT NOT NULL,
  PRIMARY KEY (consultation_id, participant_id, request_id)
) WITHOUT ROWID;
CREATE TABLE moderation (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  proposal_seq INTEGER NOT NULL REFERENCES proposals(seq),
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'refuse')),
  reason TEXT,
  decided_at TEXT NOT NULL
);
CREATE INDEX moderation_by_proposal ON moderation (proposal_seq, id);`,
];

interface WriteRow {
  seq: number;
  consultation_id: string;
  status: Proposal['status'];
  consultation_status: 'open' | 'closed';
}
interface StoredVote {
  key: VoteRow['key'];
  voted_at: number;
  verified: number;
  qualifications: number;
}

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private queue: Array<{ apply: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = [];
  private flushScheduled = false;
  private readonly s;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk (the WAL fsynced) before any vote of it is acknowledged.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    const db = this.db;
    const setCounters = COUNTER_COLUMNS.map((c) => `${c} = ${c} + ?`).join(', ');
    this.s = {
      consultation: db.prepare<[string], ConsultationRow>('SELECT id, config, status FROM consultations WHERE id = ?'),
      consultations: db.prepare<[], ConsultationRow>('SELECT id, config, status FROM consultations ORDER BY created_at, id'),
      counts: db.prepare<[string, string], { participants: number; proposals: number; votes: number | null }>(
        `SELECT (SELECT COUNT(*) FROM participants WHERE consultation_id = ?) AS participants,
                COUNT(*) AS proposals, SUM(agree + disagree + neutral) AS votes
           FROM proposals WHERE consultation_id = ? AND status = 'accepted'`,
      ),
      proposal: db.prepare<[string], ProposalRow>('SELECT * FROM proposals WHERE id = ?'),
      proposalConsultation: db.prepare<[string], { consultation_id: string }>('SELECT consultation_id FROM proposals WHERE id = ?'),
      list: db.prepare<[string, string, string | null, string | null, number, number], ProposalRow & { seq: number }>(
        `SELECT * FROM proposals WHERE consultation_id = ? AND status = ? AND (? IS NULL OR theme_id = ?) AND seq > ?
          ORDER BY seq LIMIT ?`,
      ),
      candidates: db.prepare<[string, string], { id: string; votes: number; seq: number }>(
        `SELECT p.id, p.agree + p.disagree + p.neutral AS votes, p.seq FROM proposals p
          WHERE p.consultation_id = ? AND p.status = 'accepted'
            AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.proposal_seq = p.seq AND v.participant_id = ? AND v.key IS NOT NULL)
          ORDER BY p.seq`,
      ),
      participantVotes: db.prepare<[string, string], { id: string; key: NonNullable<VoteRow['key']>; qualifications: number }>(
        `SELECT p.id, v.key, v.qualifications FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
          WHERE v.participant_id = ? AND p.consultation_id = ? AND v.key IS NOT NULL ORDER BY p.seq`,
      ),
      forWrite: db.prepare<[string], WriteRow>(
        `SELECT p.seq, p.consultation_id, p.status, c.status AS consultation_status
           FROM proposals p JOIN consultations c ON c.id = p.consultation_id WHERE p.id = ?`,
      ),
      vote: db.prepare<[number, string], StoredVote>(
        'SELECT key, voted_at, verified, qualifications FROM votes WHERE proposal_seq = ? AND participant_id = ?',
      ),
      putVote: db.prepare(
        `INSERT INTO votes (proposal_seq, participant_id, key, voted_at, verified, qualifications) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (proposal_seq, participant_id) DO UPDATE SET
           key = excluded.key, voted_at = excluded.voted_at, verified = excluded.verified, qualifications = excluded.qualifications`,
      ),
      setQualifications: db.prepare('UPDATE votes SET qualifications = ? WHERE proposal_seq = ? AND participant_id = ?'),
      move: db.prepare(`UPDATE proposals SET ${setCounters} WHERE seq = ?`),
      counters: db.prepare<[number], Record<string, number>>(`SELECT ${COUNTER_COLUMNS.join(', ')} FROM proposals WHERE seq = ?`),
      participant: db.prepare('INSERT OR IGNORE INTO participants (consultation_id, participant_id) VALUES (?, ?)'),
      submission: db.prepare<[string, string, string], { proposal_id: string }>(
        'SELECT proposal_id FROM submissions WHERE consultation_id = ? AND participant_id = ? AND request_id = ?',
      ),
      addSubmission: db.prepare('INSERT INTO submissions (consultation_id, participant_id, request_id, proposal_id) VALUES (?, ?, ?, ?)'),
      insertProposal: db.prepare(
        `INSERT INTO proposals (id, consultation_id, content, theme_id, author, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertProposal: db.prepare(
        `INSERT INTO proposals (id, consultation_id, content, theme_id, author, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET content = excluded.content, theme_id = excluded.theme_id,
           author = excluded.author, status = excluded.status`,
      ),
      upsertConsultation: db.prepare(
        `INSERT INTO consultations (id, config, status, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET config = excluded.config, status = excluded.status`,
      ),
      setStatus: db.prepare('UPDATE consultations SET status = ? WHERE id = ?'),
      setProposalStatus: db.prepare('UPDATE proposals SET status = ? WHERE seq = ?'),
      addDecision: db.prepare('INSERT INTO moderation (proposal_seq, decision, reason, decided_at) VALUES (?, ?, ?, ?)'),
      decisions: db.prepare<[string], { proposal_id: string; decision: 'accept' | 'refuse'; reason: RefusalReason | null; decided_at: string }>(
        `SELECT p.id AS proposal_id, m.decision, m.reason, m.decided_at FROM moderation m JOIN proposals p ON p.seq = m.proposal_seq
          WHERE p.consultation_id = ? ORDER BY m.id`,
      ),
      allProposals: db.prepare<[string], ProposalRow>('SELECT * FROM proposals WHERE consultation_id = ? ORDER BY seq'),
      proposalsOfConsultation: db.prepare<[string, string], { id: string; consultation_id: string }>(
        'SELECT id, consultation_id FROM proposals WHERE consultation_id != ? AND id IN (SELECT value FROM json_each(?))',
      ),
    };
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = this.db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get()?.v ?? 0;
    MIGRATIONS.forEach((sql, i) => {
      if (i + 1 <= done) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(i + 1, new Date().toISOString());
      })();
    });
  }

  /** Group commit: queue the write; every write queued in this turn runs in one transaction. */
  private write<T>(apply: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.flushScheduled = false;
    if (!batch.length) return;
    const settled: Array<{ ok: boolean; value: unknown }> = [];
    try {
      this.db.transaction(() => {
        for (const job of batch) {
          try {
            // A nested transaction is a savepoint: a write that throws leaves no half of itself.
            settled.push({ ok: true, value: this.db.transaction(job.apply)() });
          } catch (error) {
            settled.push({ ok: false, value: error });
          }
        }
      })();
    } catch (error) {
      // The commit failed: nothing of the batch is on disk, so no write of it is acknowledged.
      for (const job of batch) job.reject(error);
      return;
    }
    // Only now, after COMMIT, does any caller hear its answer.
    batch.forEach((job, i) => (settled[i]!.ok ? job.resolve(settled[i]!.value) : job.reject(settled[i]!.value)));
  }

  async close(): Promise<void> {
    // Writes already asked for are committed (and answered) before the database closes.
    if (this.queue.length) this.flush();
    this.db.close();
  }

  async importConsultation(file: ImportFile, now: string): Promise<Outcome<{ created: boolean; proposals: number }>> {
    return this.write(() => {
      const ids = file.proposals.map((p) => p.id);
      const elsewhere = this.s.proposalsOfConsultation.all(file.consultation.id, JSON.stringify(ids));
      const problem = checkImport(file, elsewhere.map((r) => r.id));
      if (problem) return problem;
      const created = !this.s.consultation.get(file.consultation.id);
      const { id, status, ...config } = file.consultation;
      this.s.upsertConsultation.run(id, JSON.stringify(config), status, now);
      for (const p of file.proposals) {
        this.s.upsertProposal.run(p.id, id, p.content, p.themeId ?? null, p.author ? JSON.stringify(p.author) : null, p.status, now);
      }
      return { created, proposals: file.proposals.length };
    });
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
    const more = rows.length > o.limit;
    const items = rows.slice(0, o.limit);
    return { items: items.map(proposalOf), nextAfter: more ? items[items.length - 1]!.seq : null };
  }

  async sequenceCandidates(consultationId: string, participantId: string): Promise<SequenceCandidate[]> {
    return this.s.candidates.all(consultationId, participantId);
  }

  async participantVotes(participantId: string, consultationId: string): Promise<ParticipantVote[]> {
    return this.s.participantVotes
      .all(participantId, consultationId)
      .map((r) => ({ proposalId: r.id, key: r.key, qualifications: qualificationsOf(r.qualifications) }));
  }

  /** The proposal a write is for, or why it cannot be written. */
  private writable(proposalId: string): WriteRow | { refused: 'not_found' | 'closed'; message: string } {
    const row = this.s.forWrite.get(proposalId);
    if (!row || row.status !== 'accepted') return { refused: 'not_found', message: `No proposal has the id "${proposalId}".` };
    if (row.consultation_status === 'closed') {
      return { refused: 'closed', message: 'This consultation is closed: votes are no longer accepted.' };
    }
    return row;
  }

  private storedVote(seq: number, participantId: string): VoteRow | undefined {
    const r = this.s.vote.get(seq, participantId);
    return r && { key: r.key, votedAt: r.voted_at, verified: r.verified === 1, qualifications: r.qualifications };
  }

  async vote(w: VoteWrite): Promise<Outcome<VoteOutcome>> {
    return this.write(() => {
      const p = this.writable(w.proposalId);
      if ('refused' in p) return p;
      const plan = planVote(this.storedVote(p.seq, w.participantId), w.key, Date.parse(w.votedAt), w.verified);
      if (plan.row) {
        const { key, votedAt, verified, qualifications } = plan.row;
        this.s.putVote.run(p.seq, w.participantId, key, votedAt, verified ? 1 : 0, qualifications);
        if (plan.delta.some((d) => d !== 0)) this.s.move.run(...plan.delta, p.seq);
        if (key) this.s.participant.run(p.consultation_id, w.participantId);
      }
      return { proposalId: w.proposalId, key: plan.key, votes: tallyOf(this.s.counters.get(p.seq)!) };
    });
  }

  async qualify(w: QualifyWrite) {
    return this.write(() => {
      const p = this.writable(w.proposalId);
      if ('refused' in p) return p;
      const plan = planQualification(this.storedVote(p.seq, w.participantId), w.qualification as QualificationKey, w.active);
      if ('conflict' in plan) return { refused: 'conflict' as const, message: plan.conflict };
      if (plan.delta.some((d) => d !== 0)) {
        this.s.setQualifications.run(plan.qualifications, p.seq, w.participantId);
        this.s.move.run(...plan.delta, p.seq);
      }
      return { proposalId: w.proposalId, qualifications: qualificationCountsOf(this.s.counters.get(p.seq)!) };
    });
  }

  async submitProposal(w: SubmitWrite): Promise<Outcome<{ id: string; status: 'pending' }>> {
    return this.write(() => {
      const earlier = this.s.submission.get(w.consultationId, w.participantId, w.requestId);
      if (earlier) return { id: earlier.proposal_id, status: 'pending' as const };
      const consultation = this.s.consultation.get(w.consultationId);
      if (!consultation) return { refused: 'not_found' as const, message: `No consultation has the id "${w.consultationId}".` };
      if (consultation.status === 'closed') return { refused: 'closed' as const, message: 'This consultation is closed.' };
      const author = w.author ? JSON.stringify(w.author) : null;
      this.s.insertProposal.run(w.newId, w.consultationId, w.content, w.themeId ?? null, author, 'pending', w.createdAt);
      this.s.addSubmission.run(w.consultationId, w.participantId, w.requestId, w.newId);
      this.s.participant.run(w.consultationId, w.participantId);
      return { id: w.newId, status: 'pending' as const };
    });
  }

  async moderate(proposalId: string, decision: 'accept' | 'refuse', reason: RefusalReason | null, decidedAt: string) {
    return this.write((): Outcome<ModerationDecision> => {
      const row = this.s.forWrite.get(proposalId);
      if (!row) return { refused: 'not_found', message: `No proposal has the id "${proposalId}".` };
      this.s.setProposalStatus.run(decision === 'accept' ? 'accepted' : 'refused', row.seq);
      this.s.addDecision.run(row.seq, decision, reason, decidedAt);
      return { proposalId, decision, reason, decidedAt };
    });
  }

  async moderationLog(consultationId: string): Promise<ModerationDecision[]> {
    return this.s.decisions
      .all(consultationId)
      .map((r) => ({ proposalId: r.proposal_id, decision: r.decision, reason: r.reason, decidedAt: r.decided_at }));
  }

  async results(consultationId: string): Promise<ResultsRow[]> {
    const rows = this.s.list.all(consultationId, 'accepted', null, null, 0, -1);
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
    return this.s.allProposals.all(consultationId).map((row) => {
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
