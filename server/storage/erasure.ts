/**
 * Erasure (issue 10): everything that names a participant goes, in one transaction, and the
 * counters of every proposal they voted on move back as if each vote had been withdrawn (the same
 * pure rule, `planVote`, so host and issued counters and qualification counters follow exactly).
 * Their `submissions` rows go, and their membership of excluded cohorts; accepted and refused proposals of theirs stay, authored by nobody;
 * a pending one (never published, nobody voted on it) goes with them (docs/decisions.md "Issue 10:
 * erasure"). Both databases run the SQL below; the SQLite one through better-sqlite3, synchronously
 * inside its group commit.
 */
import type Database from 'better-sqlite3';
import type { PoolClient } from 'pg';
import { COUNTER_COLUMNS, planVote, qualificationsOf, type Trust } from './rules.js';
import type { Erasure } from './storage.js';

/** A deleted vote row, as both databases return it. */
interface ErasedVote {
  proposal_seq: number | string;
  consultation_id: string;
  key: 'agree' | 'disagree' | 'neutral' | null;
  voted_at: number | string;
  trust: Trust;
  qualifications: number;
}

/** What the erased vote rows take back from each proposal's counters (seq → one delta per `COUNTER_COLUMNS`), and the counts answered. */
function undo(rows: readonly ErasedVote[]) {
  const deltas = new Map<string, number[]>();
  let votes = 0;
  let qualifications = 0;
  for (const r of rows) {
    const row = { key: r.key, votedAt: Number(r.voted_at), trust: r.trust, qualifications: r.qualifications };
    // A withdrawal at the stored time: the rule that moves counters for a withdrawal moves them here.
    const { delta } = planVote(row, null, row.votedAt, row.trust);
    if (r.key) {
      votes += 1;
      qualifications += qualificationsOf(r.qualifications).length;
    }
    const seq = String(r.proposal_seq);
    const total = deltas.get(seq) ?? COUNTER_COLUMNS.map(() => 0);
    delta.forEach((d, i) => (total[i]! += d));
    deltas.set(seq, total);
  }
  return { deltas, votes, qualifications };
}

/** `consultationId` null: every consultation (the operator's erasure). */
const scope = (param: string) => `(${param}::text IS NULL OR p.consultation_id = ${param})`;

const PENDING_OF = (participant: string, consultation: string) => `SELECT s.proposal_id FROM submissions s
   WHERE s.participant_id = ${participant} AND (${consultation}::text IS NULL OR s.consultation_id = ${consultation})`;

/** Pending proposals of the participant's submissions with no vote and no moderation row: they go. */
const DELETE_PENDING = (participant: string, consultation: string) => `DELETE FROM proposals
  WHERE id IN (${PENDING_OF(participant, consultation)}) AND status = 'pending'
    AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.proposal_seq = proposals.seq)
    AND NOT EXISTS (SELECT 1 FROM moderation m WHERE m.proposal_seq = proposals.seq)`;

type Named = { p: string; c: string | null };

export function eraseInSqlite(db: Database.Database, participantId: string, consultationId: string | null): Erasure {
  const named: Named = { p: participantId, c: consultationId };
  // One writer at a time (the group commit's transaction): reading then deleting cannot race.
  const rows = db
    .prepare<[Named], ErasedVote>(
      `SELECT v.proposal_seq, p.consultation_id, v.key, v.voted_at, v.trust, v.qualifications
         FROM votes v JOIN proposals p ON p.seq = v.proposal_seq WHERE v.participant_id = @p AND (@c IS NULL OR p.consultation_id = @c)`,
    )
    .all(named);
  const remove = db.prepare('DELETE FROM votes WHERE proposal_seq = ? AND participant_id = ?');
  for (const r of rows) remove.run(r.proposal_seq, participantId);
  const { deltas, votes, qualifications } = undo(rows);
  const move = db.prepare(`UPDATE proposals SET ${COUNTER_COLUMNS.map((c) => `${c} = ${c} + ?`).join(', ')} WHERE seq = ?`);
  for (const [seq, delta] of deltas) if (delta.some((d) => d !== 0)) move.run(...delta, Number(seq));
  const pending = db.prepare(DELETE_PENDING('@p', '@c').replaceAll('::text', '')).run(named).changes;
  const consultations = db
    .prepare<[Named], { consultation_id: string }>(
      `SELECT consultation_id FROM participants WHERE participant_id = @p AND (@c IS NULL OR consultation_id = @c)
       UNION SELECT consultation_id FROM submissions WHERE participant_id = @p AND (@c IS NULL OR consultation_id = @c)`,
    )
    .all(named)
    .map((r) => r.consultation_id);
  const submissions = db
    .prepare('DELETE FROM submissions WHERE participant_id = @p AND (@c IS NULL OR consultation_id = @c)')
    .run(named).changes;
  db.prepare('DELETE FROM participants WHERE participant_id = @p AND (@c IS NULL OR consultation_id = @c)').run(named);
  // Their place in excluded cohorts (issue 10): the exclusion stays, it no longer names them.
  db.prepare(
    'DELETE FROM cohort_members WHERE participant_id = @p AND (@c IS NULL OR exclusion_id IN (SELECT id FROM cohort_exclusions WHERE consultation_id = @c))',
  ).run(named);
  const all = new Set([...consultations, ...rows.map((r) => r.consultation_id)]);
  return { votes, qualifications, submissions, pendingProposals: pending, consultations: [...all].sort() };
}

/**
 * The PostgreSQL erasure, in the global lock order (postgres.ts): the participant's vote rows
 * first (by seq), then the proposal rows whose counters move (by seq), then participant rows.
 * The counters move by what the DELETE returned, the rows as they were when deleted: a vote
 * committed meanwhile either is among them (and is taken back) or comes after (and counts).
 */
export async function eraseInPostgres(c: PoolClient, participantId: string, consultationId: string | null): Promise<Erasure> {
  await c.query(
    `SELECT 1 FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
      WHERE v.participant_id = $1 AND ${scope('$2')} ORDER BY v.proposal_seq FOR UPDATE OF v`,
    [participantId, consultationId],
  );
  const { rows } = await c.query<ErasedVote>(
    `DELETE FROM votes v USING proposals p WHERE v.participant_id = $1 AND p.seq = v.proposal_seq AND ${scope('$2')}
     RETURNING v.proposal_seq, p.consultation_id, v.key, v.voted_at, v.trust, v.qualifications`,
    [participantId, consultationId],
  );
  const { deltas, votes, qualifications } = undo(rows);
  const changed = [...deltas].filter(([, delta]) => delta.some((d) => d !== 0)).sort(([a], [b]) => Number(a) - Number(b));
  if (changed.length) {
    await c.query('SELECT 1 FROM proposals WHERE seq = ANY($1::bigint[]) ORDER BY seq FOR NO KEY UPDATE', [changed.map(([seq]) => seq)]);
    await c.query(
      `UPDATE proposals p SET ${COUNTER_COLUMNS.map((col) => `${col} = p.${col} + t.${col}`).join(', ')}
         FROM unnest($1::bigint[], ${COUNTER_COLUMNS.map((_, i) => `$${i + 2}::integer[]`).join(', ')}) AS t(seq, ${COUNTER_COLUMNS.join(', ')})
        WHERE p.seq = t.seq`,
      [changed.map(([seq]) => seq), ...COUNTER_COLUMNS.map((_, i) => changed.map(([, delta]) => delta[i]))],
    );
  }
  const pending = (await c.query(DELETE_PENDING('$1', '$2'), [participantId, consultationId])).rowCount ?? 0;
  const submitted = await c.query<{ consultation_id: string }>(
    'DELETE FROM submissions WHERE participant_id = $1 AND ($2::text IS NULL OR consultation_id = $2) RETURNING consultation_id',
    [participantId, consultationId],
  );
  const joined = await c.query<{ consultation_id: string }>(
    'DELETE FROM participants WHERE participant_id = $1 AND ($2::text IS NULL OR consultation_id = $2) RETURNING consultation_id',
    [participantId, consultationId],
  );
  // Their place in excluded cohorts (issue 10): the exclusion stays, it no longer names them.
  const memberships = await c.query<{ consultation_id: string }>(
    `DELETE FROM cohort_members m USING cohort_exclusions e
      WHERE m.participant_id = $1 AND e.id = m.exclusion_id AND ($2::text IS NULL OR e.consultation_id = $2) RETURNING e.consultation_id`,
    [participantId, consultationId],
  );
  const all = new Set([...rows, ...submitted.rows, ...joined.rows, ...memberships.rows].map((r) => r.consultation_id));
  return { votes, qualifications, submissions: submitted.rowCount ?? 0, pendingProposals: pending, consultations: [...all].sort() };
}
