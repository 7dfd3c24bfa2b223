/** Every statement SQLite storage runs, prepared once when it opens the database. */
import type Database from 'better-sqlite3';
import { COUNTER_COLUMNS, type ProposalRow, type Trust, type VoteRow } from './rules.js';
import type { RefusalReason } from 'consult-widgets/protocol/admin';
import { IMPORT_STATUS_SQL, REFUSAL_COUNTS_SQL, type ConsultationRow, type ModerationRow, type ParticipantVoteRow, type WriteTarget } from './shared.js';

/** The proposal a vote or qualification is for, with what decides whether it can be written. */
export interface WriteRow extends WriteTarget {
  seq: number;
  consultation_id: string;
}
export interface StoredVote {
  key: VoteRow['key'];
  voted_at: number;
  trust: Trust;
  qualifications: number;
}

/**
 * What this storage uses of a better-sqlite3 statement. Declared here because the package's own
 * statement type cannot be named outside its typings, and `Statements` must be.
 */
export interface Statement<P extends unknown[], R> {
  run(...params: P): Database.RunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
}
export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  const prepare = <P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> => db.prepare<P, R>(sql);
  const setCounters = COUNTER_COLUMNS.map((c) => `${c} = ${c} + ?`).join(', ');
  return {
    consultation: prepare<[string], ConsultationRow>('SELECT id, config, status FROM consultations WHERE id = ?'),
    consultations: prepare<[], ConsultationRow>('SELECT id, config, status FROM consultations ORDER BY created_at, id'),
    counts: prepare<[string, string], { participants: number; proposals: number; votes: number | null }>(
      `SELECT (SELECT COUNT(*) FROM participants WHERE consultation_id = ?) AS participants,
              COUNT(*) AS proposals, SUM(agree + disagree + neutral) AS votes
         FROM proposals WHERE consultation_id = ? AND status = 'accepted'`,
    ),
    proposal: prepare<[string], ProposalRow>('SELECT * FROM proposals WHERE id = ?'),
    proposalConsultation: prepare<[string], { consultation_id: string }>('SELECT consultation_id FROM proposals WHERE id = ?'),
    list: prepare<[string, string, string | null, string | null, number, number], ProposalRow & { seq: number }>(
      `SELECT * FROM proposals WHERE consultation_id = ? AND status = ? AND (? IS NULL OR theme_id = ?) AND seq > ?
        ORDER BY seq LIMIT ?`,
    ),
    texts: prepare<[string], { id: string; content: string }>(
      `SELECT id, content FROM proposals WHERE consultation_id = ? AND status IN ('accepted', 'pending')
        ORDER BY status <> 'accepted', seq`,
    ),
    candidates: prepare<[string, string], { id: string; votes: number; seq: number }>(
      `SELECT p.id, p.agree + p.disagree + p.neutral AS votes, p.seq FROM proposals p
        WHERE p.consultation_id = ? AND p.status = 'accepted'
          AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.proposal_seq = p.seq AND v.participant_id = ? AND v.key IS NOT NULL)
        ORDER BY p.seq`,
    ),
    participantVotes: prepare<[string, string], ParticipantVoteRow>(
      `SELECT p.id, v.key, v.qualifications FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
        WHERE v.participant_id = ? AND p.consultation_id = ? AND v.key IS NOT NULL ORDER BY p.seq`,
    ),
    forWrite: prepare<[string], WriteRow>(
      `SELECT p.seq, p.consultation_id, p.status, c.status AS consultation_status
         FROM proposals p JOIN consultations c ON c.id = p.consultation_id WHERE p.id = ?`,
    ),
    vote: prepare<[number, string], StoredVote>(
      'SELECT key, voted_at, trust, qualifications FROM votes WHERE proposal_seq = ? AND participant_id = ?',
    ),
    putVote: prepare(
      `INSERT INTO votes (proposal_seq, participant_id, key, voted_at, trust, qualifications, received_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (proposal_seq, participant_id) DO UPDATE SET key = excluded.key, voted_at = excluded.voted_at,
         trust = excluded.trust, qualifications = excluded.qualifications, received_at = excluded.received_at,
         origin = COALESCE(excluded.origin, votes.origin)`,
    ),
    setQualifications: prepare(
      'UPDATE votes SET qualifications = ?, received_at = ?, origin = COALESCE(?, origin) WHERE proposal_seq = ? AND participant_id = ?',
    ),
    move: prepare<unknown[], Record<string, number>>(`UPDATE proposals SET ${setCounters} WHERE seq = ? RETURNING ${COUNTER_COLUMNS.join(', ')}`),
    counters: prepare<[number], Record<string, number>>(`SELECT ${COUNTER_COLUMNS.join(', ')} FROM proposals WHERE seq = ?`),
    secret: prepare<[string], { value: string }>('SELECT value FROM server_secrets WHERE name = ?'),
    addSecret: prepare('INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING'),
    participant: prepare('INSERT OR IGNORE INTO participants (consultation_id, participant_id) VALUES (?, ?)'),
    submission: prepare<[string, string, string], { proposal_id: string }>(
      'SELECT proposal_id FROM submissions WHERE consultation_id = ? AND participant_id = ? AND request_id = ?',
    ),
    addSubmission: prepare('INSERT INTO submissions (consultation_id, participant_id, request_id, proposal_id) VALUES (?, ?, ?, ?)'),
    insertProposal: prepare(
      `INSERT INTO proposals (id, consultation_id, content, theme_id, author, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertProposal: prepare(
      `INSERT INTO proposals (id, consultation_id, content, theme_id, author, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET content = excluded.content, theme_id = excluded.theme_id,
         author = excluded.author, status = ${IMPORT_STATUS_SQL}`,
    ),
    upsertConsultation: prepare(
      `INSERT INTO consultations (id, config, status, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET config = excluded.config, status = excluded.status`,
    ),
    setStatus: prepare('UPDATE consultations SET status = ? WHERE id = ?'),
    decisions: prepare<[string], ModerationRow>(
      `SELECT p.id AS proposal_id, m.decision, m.reason, m.decided_at, m.operator_id, m.operator_name FROM moderation m JOIN proposals p ON p.seq = m.proposal_seq
        WHERE p.consultation_id = ? ORDER BY m.id`,
    ),
    refusalCounts: prepare<[string], { reason: RefusalReason | null; n: number }>(REFUSAL_COUNTS_SQL('?')),
    proposalsOfConsultation: prepare<[string, string], { id: string; consultation_id: string }>(
      'SELECT id, consultation_id FROM proposals WHERE consultation_id != ? AND id IN (SELECT value FROM json_each(?))',
    ),
  };
}
