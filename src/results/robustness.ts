// How many more votes would take a listed idea out of its list (docs/methodology.md, "Robustness").
// Exact and fast: the zone part evaluates the zone rule only where one of its comparisons can
// flip (closed form), the ranking part binary-searches the Agresti–Coull bound, which only falls
// as such votes are added. No vote-by-vote simulation.
import type { QualificationCounts, ResultsRobustness, Tally, VoteKey } from '../protocol/index.js';
import { controversyPoints, lowerBound, topScorePoints } from './bounds.js';
import { voteCount, zoneOf, type Zone, type ZoneThresholds } from './zones.js';

export type Robustness = ResultsRobustness;

/** What the idea is compared with: the best idea of its zone that is not listed (none: `null`). */
export interface RankRival {
  readonly proposalId: string;
  readonly points: number;
  readonly votes: number;
  readonly bound: number;
}

export interface RobustnessInput {
  readonly proposalId: string;
  readonly votes: Tally;
  readonly qualifications: QualificationCounts;
  /** `consensus` (a popular idea) or `controversy` (a divisive one). */
  readonly zone: Extract<Zone, 'consensus' | 'controversy'>;
  readonly rival: RankRival | null;
  readonly minVotes: number;
  readonly thresholds: ZoneThresholds;
  readonly z: number;
}

/**
 * The adverse votes tried, one kind at a time: a popular idea loses most to disagree votes carrying
 * all three of their qualifications (each takes 3 topScore points) and may leave for limbo sooner
 * with neutral votes; a divisive idea leaves its zone by agree, disagree or neutral votes, and no
 * added vote lowers its controversy more than a plain one. Mixing kinds never does better (the
 * zone rule's comparisons each favour one kind; docs/methodology.md), so the least of these is the
 * least number of votes of any kind.
 */
const KINDS: Record<RobustnessInput['zone'], readonly { key: VoteKey; pointsPerVote: number }[]> = {
  consensus: [
    { key: 'disagree', pointsPerVote: -3 },
    { key: 'neutral', pointsPerVote: 0 },
  ],
  controversy: [
    { key: 'agree', pointsPerVote: 0 },
    { key: 'disagree', pointsPerVote: 0 },
    { key: 'neutral', pointsPerVote: 0 },
  ],
};

const SCALE = 10_000;
/** Bound of the number of votes looked at, for thresholds no number of votes can cross (0 or 1). */
const NEVER = 2 ** 40;

/**
 * The least number of votes that, added to this idea alone (every other idea unchanged), move it
 * out of its published list: out of its zone, or ranked below `rival`. `null` when no number does
 * (only with thresholds of 0 or 1 and no rival).
 */
export function robustnessOf(input: RobustnessInput): Robustness | null {
  let best = null as Robustness | null;
  for (const kind of KINDS[input.zone]) {
    const state = (k: number) => added(input, kind.key, kind.pointsPerVote, k);
    const zoneVotes = leavesZoneAt(input, kind.key);
    const rankVotes: number | null = input.rival ? leavesRankAt(input, kind.key, state, Math.min(zoneVotes ?? NEVER, best?.votes ?? NEVER)) : null;
    const found: Robustness | null =
      rankVotes !== null && (zoneVotes === null || rankVotes < zoneVotes)
        ? { votes: rankVotes, key: kind.key, leaves: 'rank' }
        : zoneVotes !== null
          ? { votes: zoneVotes, key: kind.key, leaves: 'zone' }
          : null;
    if (found && (!best || found.votes < best.votes)) best = found;
  }
  return best;
}

interface State {
  readonly points: number;
  readonly count: number;
}

/**
 * Score points and votes with k more votes of `key`, each adding `pointsPerVote` through its
 * qualifications (a popular idea's disagree votes: −3). A plain vote changes topScore only by
 * agree, which is never added to a popular idea, and controversy only by min(agree, disagree).
 */
function added(input: RobustnessInput, key: VoteKey, pointsPerVote: number, k: number): State {
  const { agree, disagree, neutral } = input.votes;
  const count = agree + disagree + neutral + k;
  if (input.zone === 'consensus') return { points: topScorePoints(input.votes, input.qualifications) + pointsPerVote * k, count };
  const votes = { agree: agree + (key === 'agree' ? k : 0), disagree: disagree + (key === 'disagree' ? k : 0), neutral };
  return { points: controversyPoints(votes, input.qualifications), count };
}

/**
 * The least k ≥ 1 such that k more `key` votes change the zone, or `null`. Each comparison of the
 * zone rule (`count × 10000 ≥ threshold × n`) is linear in k, so it changes at most once: the zone
 * can only change at one of those points, and zoneOf itself is evaluated there.
 */
function leavesZoneAt(input: RobustnessInput, key: VoteKey): number | null {
  const n = voteCount(input.votes);
  const candidates = new Set<number>();
  for (const counted of ['agree', 'disagree', 'neutral'] as const) {
    const grows = counted === key ? SCALE : 0;
    for (const threshold of [input.thresholds.majority, input.thresholds.neutral, input.thresholds.minority]) {
      // count·S + grows·k ≥ T·(n + k)  ⇔  A + B·k ≥ 0
      const t = Math.round(threshold * SCALE);
      const a = input.votes[counted] * SCALE - t * n;
      const b = grows - t;
      if (b > 0 && a < 0) candidates.add(Math.ceil(-a / b));
      if (b < 0 && a >= 0) candidates.add(Math.floor(a / -b) + 1);
    }
  }
  const ks = [...candidates].filter((k) => k >= 1).sort((x, y) => x - y);
  const zone = (k: number) => zoneOf({ ...input.votes, [key]: input.votes[key] + k }, input.minVotes, input.thresholds);
  // a and b are integers with |a| < 2^53 (counts × 10000): an exact quotient comes out exact, and an
  // inexact one is at least 1/|b| from an integer while its rounding error is under |a/b|·2^-53, so
  // ceil and floor are never off by one.
  for (const k of ks) if (zone(k) !== input.zone) return k;
  return null;
}

/**
 * The least k ≤ `limit` such that the idea, with k more votes of this kind, ranks after `rival`
 * (by the ranking of docs/methodology.md: bound, then score, then votes, then id), or `null`.
 * The bound never rises once the kind adds no more points (a divisive idea's short side catches
 * up first), so a binary search finds where it reaches the rival's; ties are then read in order.
 */
function leavesRankAt(input: RobustnessInput, key: VoteKey, state: (k: number) => State, limit: number): number | null {
  const rival = input.rival!;
  const bound = (s: State) => lowerBound(s.points, s.count, input.z);
  const after = (s: State) => {
    const b = bound(s);
    if (b !== rival.bound) return b < rival.bound;
    const score = s.points * rival.votes - rival.points * s.count;
    if (score !== 0) return score < 0;
    if (s.count !== rival.votes) return s.count < rival.votes;
    return input.proposalId > rival.proposalId;
  };
  // Points still rising (short side of a divisive idea catching up): the bound does not fall there.
  let lo = Math.max(1, catchUp(input, key));
  if (lo > limit) return null;
  let hi = limit;
  if (bound(state(hi)) > rival.bound) return null;
  // Least k in [lo, hi] with bound ≤ rival's.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (bound(state(mid)) <= rival.bound) hi = mid;
    else lo = mid + 1;
  }
  for (let k = lo; k <= limit; k++) {
    const s = state(k);
    if (after(s)) return k;
  }
  return null;
}

/** Votes of `key` a divisive idea's short side needs to catch up with the long one; 0 otherwise. */
function catchUp(input: RobustnessInput, key: VoteKey): number {
  if (input.zone !== 'controversy' || key === 'neutral') return 0;
  const other = key === 'agree' ? 'disagree' : 'agree';
  return Math.max(0, input.votes[other] - input.votes[key]);
}
