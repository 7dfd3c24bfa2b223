import type { Tally, VoteKey } from '../../protocol/index.js';

export interface VoteState {
  key: VoteKey | null;
  tally?: Tally;
}

/**
 * Orders a card's votes: which click is the latest (only its answer updates the card), what the
 * backend last acknowledged (where a failed vote rolls back to), and strictly increasing `votedAt`
 * times (two clicks in one millisecond still order correctly at the backend).
 */
export class VoteSequence {
  private latest = 0;
  private lastTime = 0;
  private confirmedBy = 0;
  /** The last state the backend acknowledged. */
  confirmed: VoteState = { key: null };

  /** A new click: its token and its `votedAt`. */
  next(): { token: number; votedAt: string } {
    return { token: ++this.latest, votedAt: this.clock() };
  }

  /**
   * The time of a click, strictly later than every earlier one on this card (qualifications use it
   * too, without taking a vote token: a qualification never makes a vote's answer stale).
   */
  clock(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }

  isLatest(token: number): boolean {
    return token === this.latest;
  }

  /** Forget the clicks in flight (the card now shows another proposal) and start from `state`. */
  reset(state: VoteState): void {
    this.confirmedBy = ++this.latest;
    this.confirmed = state;
  }

  /**
   * The backend acknowledged the vote of `token`. Even an answer a later click superseded is what
   * the backend now holds: if that later vote fails, the card rolls back to it, not to the state
   * before both clicks. An older answer arriving late never replaces a newer one. Returns whether
   * the answer was taken.
   */
  acknowledged(token: number, state: VoteState): boolean {
    if (token <= this.confirmedBy) return false;
    this.confirmedBy = token;
    this.confirmed = state;
    return true;
  }
}
