import type { Tally, VoteKey } from '../protocol/index.js';

/** The tally after one participant's vote moves from `from` to `to` (`null`: no vote). */
export function moveTally(tally: Tally | undefined, from: VoteKey | null, to: VoteKey | null): Tally {
  const next = { agree: 0, disagree: 0, neutral: 0, ...tally };
  if (from) next[from] = Math.max(0, next[from] - 1);
  if (to) next[to] += 1;
  return next;
}
