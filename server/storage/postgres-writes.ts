/**
 * PostgreSQL's hot path: votes and qualifications arriving together are applied in one
 * transaction (group commit, like SQLite's). It locks the participants' vote rows, applies the
 * same pure rules as SQLite (rules.ts) in arrival order, and moves each proposal's counters with
 * one UPDATE, so concurrent writes from any number of processes can never count a participant
 * twice, and a popular proposal's row lock is taken once per batch rather than once per vote.
 * Locks follow the global lock order described at the top of postgres.ts.
 */
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { QualificationKey } from 'consult-widgets/protocol';
import { COUNTER_COLUMNS, planQualification, planVote, qualificationCountsOf, tallyOf, type Trust, type VoteRow } from './rules.js';
import { writeRefusal, type WriteTarget } from './shared.js';
import { inTransaction } from './postgres-transaction.js';
import type { QualifyWrite, Refusal, VoteWrite } from './storage.js';

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

interface WriteRow extends WriteTarget {
  seq: string;
  consultation_id: string;
}
interface StoredVote {
  key: VoteRow['key'];
  voted_at: string;
  trust: Trust;
  qualifications: number;
}
/** A vote row locked by the running batch; `row` undefined: no vote yet (a placeholder). */
interface LockedVote {
  seq: string;
  participantId: string;
  row: VoteRow | undefined;
  changed: boolean;
  /** Receive time of the last write that changed the row. */
  receivedAt: number;
  /** Origin hash of the last write that changed the row and had one (null: keep the stored one). */
  origin: string | null;
}
/** `votedAt`: the instant the vote counts with (`countedClick`); `receivedAt`: when the server received it. */
export type BatchedWrite =
  | { kind: 'vote'; write: VoteWrite; votedAt: number; receivedAt: number }
  | { kind: 'qualify'; write: QualifyWrite; receivedAt: number };
type Job = BatchedWrite & { resolve: (value: unknown) => void; reject: (error: unknown) => void };

const pairKey = (a: string, b: string) => JSON.stringify([a, b]);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Queues votes and qualifications and runs the queued ones in batches, each answered after its COMMIT. */
export class WriteBatcher {
  /** Votes and qualifications waiting for a batch. */
  private queue: Job[] = [];
  private pumpScheduled = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Batches running at once: half the pool, so reads and other writes keep connections. */
  private readonly maxBatches: number;

  constructor(
    private readonly pool: Pool,
    poolSize: number,
  ) {
    // At most two batches at once: more split the writes into small batches that queue on the
    // same popular proposals' row locks (measured on 2 cores: 5 at once cost PostgreSQL about 3×
    // the CPU per vote of 1–2 at once, for half the throughput).
    this.maxBatches = Math.min(2, Math.max(1, Math.ceil(poolSize / 2)));
  }

  /** Queues a vote or qualification; `pump` runs queued ones together in one transaction. */
  enqueue(job: BatchedWrite): Promise<unknown> {
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

  /** Finishes the writes already asked for. */
  async drain(): Promise<void> {
    while (this.queue.length || this.inFlight.size) {
      this.pump();
      await Promise.all(this.inFlight);
    }
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
      const answers = await inTransaction(this.pool, (c) => applyBatch(c, batch));
      batch.forEach((job, i) => job.resolve(answers[i]));
    } catch (error) {
      if (batch.length > 1) await Promise.all(batch.map((job) => this.settle([job])));
      else batch[0]!.reject(error);
    }
  }
}

/**
 * Applies votes and qualifications in arrival order, as if one after the other, with a handful
 * of statements whatever their number. Locks follow the global order (see the top of postgres.ts)
 * so concurrent batches, here or in other processes, can wait for each other but never deadlock.
 */
async function applyBatch(c: PoolClient, batch: Job[]): Promise<unknown[]> {
  const answers: unknown[] = new Array(batch.length);
  /** The writes still allowed by `targets`, with their target; the others get their refusal. */
  const writable = (writes: Array<{ index: number; job: Job }>, targets: Map<string, WriteRow>) =>
    writes.flatMap(({ index, job }) => {
      const target = targets.get(job.write.proposalId);
      const refusal = writeRefusal(job.write.proposalId, target);
      if (refusal) answers[index] = refusal;
      return refusal ? [] : [{ index, job, target: target! }];
    });
  // A first look without locks, to know which rows to lock.
  let live = writable(
    batch.map((job, index) => ({ index, job })),
    await targetsOf(c, batch.map((job) => job.write.proposalId)),
  );
  if (!live.length) return answers;

  const votes = await lockVotes(c, live.map(({ job, target }) => [target.seq, job.write.participantId]));
  // Locked now, the statuses and counters cannot change until COMMIT: a close or a moderation
  // decision that committed meanwhile is seen here, and one that comes later waits for us.
  const { targets, counters } = await lockTargets(c, live.map(({ target }) => target));
  live = writable(live, targets);

  const steps: Array<{ index: number; seq: string; delta: number[]; answer: (counts: Record<string, number>) => unknown }> = [];
  const participants = new Map<string, [string, string]>();
  for (const { index, job, target } of live) {
    const { proposalId, participantId } = job.write;
    const vote = votes.get(pairKey(target.seq, participantId))!;
    if (job.kind === 'vote') {
      const plan = planVote(vote.row, job.write.key, job.votedAt, job.write.trust);
      if (plan.row) {
        vote.row = plan.row;
        vote.changed = true;
        vote.receivedAt = job.receivedAt;
        vote.origin = job.write.origin ?? vote.origin;
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
        vote.receivedAt = job.receivedAt;
        vote.origin = job.write.origin ?? vote.origin;
      }
      steps.push({ index, seq: target.seq, delta: plan.delta, answer: (counts) => ({ proposalId, qualifications: qualificationCountsOf(counts) }) });
    }
  }
  await storeVotes(c, votes);

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
    await prepared(c, moveCountersSql, [changed.map(([seq]) => seq), ...COUNTER_COLUMNS.map((_, i) => changed.map(([, total]) => total[i]))]);
  }

  if (participants.size) {
    const sorted = [...participants.values()].sort(([a1, a2], [b1, b2]) => compare(a1, b1) || compare(a2, b2));
    await prepared(c,
      `INSERT INTO participants (consultation_id, participant_id)
       SELECT * FROM unnest($1::text[], $2::text[]) AS t(c, p) ORDER BY c, p ON CONFLICT DO NOTHING`,
      [sorted.map(([id]) => id), sorted.map(([, participantId]) => participantId)],
    );
  }
  return answers;
}

/** The proposals written to, by id, with what decides whether they can be (read without locks). */
async function targetsOf(c: PoolClient, proposalIds: string[]): Promise<Map<string, WriteRow>> {
  const { rows } = await prepared<WriteRow & { id: string }>(c,
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
async function lockTargets(c: PoolClient, unlocked: WriteRow[]) {
  const consultations = await prepared<{ id: string; status: 'open' | 'closed' }>(c,
    'SELECT id, status FROM consultations WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE',
    [[...new Set(unlocked.map((t) => t.consultation_id))]],
  );
  const statusOf = new Map(consultations.rows.map((r) => [r.id, r.status]));
  const { rows } = await prepared<Omit<WriteRow, 'consultation_status'> & { id: string }>(c,
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
async function lockVotes(c: PoolClient, pairs: Array<[string, string]>): Promise<Map<string, LockedVote>> {
  const unique = [...new Map(pairs.map((pair) => [pairKey(...pair), pair])).values()];
  const { rows } = await prepared<StoredVote & { proposal_seq: string; participant_id: string }>(c,
    `INSERT INTO votes (proposal_seq, participant_id, key, voted_at)
     SELECT seq, participant, NULL, ${PLACEHOLDER} FROM unnest($1::bigint[], $2::text[]) AS t(seq, participant)
      ORDER BY seq, participant
     ON CONFLICT (proposal_seq, participant_id) DO UPDATE SET key = votes.key
     RETURNING proposal_seq, participant_id, key, voted_at, trust, qualifications`,
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
            : { key: r.key, votedAt: Number(r.voted_at), trust: r.trust, qualifications: r.qualifications },
        changed: false,
        receivedAt: 0,
        origin: null,
      },
    ]),
  );
}

/** Writes the vote rows the batch changed and removes the placeholders it did not need. */
async function storeVotes(c: PoolClient, votes: Map<string, LockedVote>): Promise<void> {
  const changed = [...votes.values()].filter((v) => v.changed && v.row);
  if (changed.length) {
    await prepared(c,
      `UPDATE votes v SET key = t.key, voted_at = t.voted_at, trust = t.trust, qualifications = t.qualifications,
              received_at = t.received_at, origin = COALESCE(t.origin, v.origin)
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::integer[], $7::bigint[], $8::text[])
              AS t(seq, participant, key, voted_at, trust, qualifications, received_at, origin)
        WHERE v.proposal_seq = t.seq AND v.participant_id = t.participant`,
      [
        changed.map((v) => v.seq),
        changed.map((v) => v.participantId),
        changed.map((v) => v.row!.key),
        changed.map((v) => v.row!.votedAt),
        changed.map((v) => v.row!.trust),
        changed.map((v) => v.row!.qualifications),
        changed.map((v) => v.receivedAt),
        changed.map((v) => v.origin),
      ],
    );
  }
  const unused = [...votes.values()].filter((v) => !v.row);
  if (unused.length) {
    await prepared(c,
      `DELETE FROM votes v USING unnest($1::bigint[], $2::text[]) AS t(seq, participant)
        WHERE v.proposal_seq = t.seq AND v.participant_id = t.participant AND v.voted_at = ${PLACEHOLDER}`,
      [unused.map((v) => v.seq), unused.map((v) => v.participantId)],
    );
  }
}

/**
 * Runs one of the statements above as a named prepared statement: each pooled connection parses
 * and plans it once, then only binds and executes it (the texts are constants, so the names are too).
 */
function prepared<R extends QueryResultRow = QueryResultRow>(c: PoolClient, text: string, values: unknown[]) {
  return c.query<R>({ name: `consult-${nameOf(text)}`, text, values });
}

const names = new Map<string, string>();
/** FNV-1a of the statement text: a short stable name per statement. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    names.set(text, (name = (h >>> 0).toString(36)));
  }
  return name;
}
