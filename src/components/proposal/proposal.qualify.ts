import type { QualifyReceipt } from '../../adapters/adapter.js';
import type { QualificationCounts, QualificationKey, VoteKey } from '../../protocol/index.js';


/** One toggle as the participant made it. */
export interface Toggle {
  token: number;
  active: boolean;
  /** Changes when the vote changes or the card reloads: a toggle of another generation is void. */
  generation: number;
}

/**
 * The participant's qualifications of their vote and the proposal's counts, as the card shows them.
 *
 * What the backend holds (`held`, `heldCounts`) is kept apart from what the participant wants
 * (`mine`), and a count shown is the backend's plus the difference between the two. So an
 * optimistic toggle, a rollback, a vote change (the backends drop the old key's qualifications) and
 * a receipt each move exactly the counts they should, whatever order the answers come back in.
 */
export class QualificationState {
  /** Incremented when a vote change or a reload makes the toggles in flight void. */
  generation = 0;
  private mine = new Set<QualificationKey>();
  private held = new Set<QualificationKey>();
  /** The vote key `held` belongs to. */
  private heldKey: VoteKey | null = null;
  private heldCounts: QualificationCounts = {};
  /** Toggles the adapter kept for later delivery, oldest first (the order an outbox sends them). */
  private queue: QualificationKey[] = [];
  private inFlight = 0;
  private token = 0;
  /** Per qualification: the latest toggle, and the latest the backend acknowledged. */
  private readonly latest = new Map<QualificationKey, number>();
  private readonly heldBy = new Map<QualificationKey, number>();
  /** The newest toggle acknowledged: an older receipt's counts are out of date. */
  private acknowledgedUpTo = 0;

  /** Start over from what the backend says (a load). */
  reset(key: VoteKey | null, mine: readonly QualificationKey[], counts: QualificationCounts): void {
    this.generation++;
    this.mine = new Set(mine);
    this.held = new Set(mine);
    this.heldKey = key;
    this.heldCounts = { ...counts };
    this.queue = [];
    this.latest.clear();
    this.heldBy.clear();
    this.acknowledgedUpTo = this.token;
  }

  has(q: QualificationKey): boolean {
    return this.mine.has(q);
  }

  count(q: QualificationKey): number {
    return Math.max(0, (this.heldCounts[q] ?? 0) + Number(this.mine.has(q)) - Number(this.held.has(q)));
  }

  /** Writes not yet acknowledged: in flight, or kept by the adapter for later delivery. */
  get busy(): boolean {
    return this.inFlight > 0 || this.queue.length > 0;
  }

  /** Some toggle waits in the adapter for later delivery. */
  get waiting(): boolean {
    return this.queue.length > 0;
  }

  isWaiting(q: QualificationKey): boolean {
    return this.queue.includes(q);
  }

  /** The participant toggled `q`: it flips now; the adapter's answer confirms or undoes it. */
  toggle(q: QualificationKey): Toggle {
    const active = !this.mine.has(q);
    if (active) this.mine.add(q);
    else this.mine.delete(q);
    this.latest.set(q, ++this.token);
    this.inFlight++;
    return { token: this.token, active, generation: this.generation };
  }

  /** The adapter took toggle `t` of `q`. Returns whether it is still the participant's latest word on `q`. */
  settled(q: QualificationKey, t: Toggle, receipt: QualifyReceipt): boolean {
    this.inFlight--;
    if (t.generation !== this.generation) return false;
    const latest = this.latest.get(q) === t.token;
    if (receipt.delivery === 'pending') {
      if (latest) this.queue = [...this.queue.filter((w) => w !== q), q];
      return latest;
    }
    if (latest) this.queue = this.queue.filter((w) => w !== q);
    // The receipt's counts are the backend's after this write: exact only when no other write of
    // ours is still on its way (and none answered after it). An adapter that did not see the
    // answer (another tab delivered it) sends no counts, and an acknowledged addition counted 0
    // is no count: keep the estimate then.
    const exact = t.token > this.acknowledgedUpTo && this.inFlight === 0 && (!t.active || (receipt.qualifications[q] ?? 0) > 0);
    this.acknowledgedUpTo = Math.max(this.acknowledgedUpTo, t.token);
    if (exact) this.heldCounts = { ...receipt.qualifications };
    this.hold(q, t.token, t.active, !exact);
    return latest;
  }

  /**
   * Toggle `t` of `q` failed, or was never sent (its vote changed first). Returns whether the card
   * must roll `q` back and say why: not for a toggle a newer one or a vote change superseded.
   */
  failed(q: QualificationKey, t: Toggle): boolean {
    this.inFlight--;
    if (t.generation !== this.generation || this.latest.get(q) !== t.token) return false;
    this.restore(q);
    return true;
  }

  /**
   * A later delivery of the oldest waiting toggle (adapters deliver in order; an outbox sends the
   * latest intention for each qualification). Returns whether none waits now.
   */
  delivered(): boolean {
    const q = this.queue.shift();
    if (q) this.hold(q, this.token, this.mine.has(q), true);
    return this.queue.length === 0;
  }

  /** The backend finally refused the oldest waiting toggle: roll it back. */
  refused(): void {
    const q = this.queue.shift();
    if (q) this.restore(q);
  }

  /** The participant changed or withdrew the vote: no qualification is theirs any more. */
  voteChanged(): void {
    this.generation++;
    this.mine.clear();
    // An outbox drops the writes still queued for the old vote; nothing of them will be delivered.
    this.queue = [];
  }

  /** The backend took a vote for `key`: a new key drops the qualifications it held. */
  voteAcknowledged(key: VoteKey | null): void {
    if (key === this.heldKey) return;
    for (const q of this.held) this.heldCounts = { ...this.heldCounts, [q]: Math.max(0, (this.heldCounts[q] ?? 0) - 1) };
    this.held.clear();
    this.heldKey = key;
  }

  /** A vote change failed: the qualifications the backend still holds are the participant's again. */
  voteRolledBack(): void {
    this.generation++;
    this.mine = new Set(this.held);
    this.queue = [];
  }

  /** Counts read from the backend (a `live` re-read, taken only when none of our writes is on its way). */
  refreshed(counts: QualificationCounts): void {
    this.heldCounts = { ...counts };
  }

  /** The backend now holds `active` for `q` (a newer acknowledgement of `q` wins over an older one). */
  private hold(q: QualificationKey, token: number, active: boolean, estimate: boolean): void {
    if (token < (this.heldBy.get(q) ?? 0)) return;
    this.heldBy.set(q, token);
    if (estimate && active !== this.held.has(q)) {
      this.heldCounts = { ...this.heldCounts, [q]: Math.max(0, (this.heldCounts[q] ?? 0) + (active ? 1 : -1)) };
    }
    if (active) this.held.add(q);
    else this.held.delete(q);
  }

  private restore(q: QualificationKey): void {
    if (this.held.has(q)) this.mine.add(q);
    else this.mine.delete(q);
  }
}
