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
const KINDS: Record<RobustnessInput['zone'], readonly { key: VoteKey; qualifications: QualificationCounts }[]> = {
  consensus: [
    { key: 'disagree', qualifications: { noWay: 1, impossible: 1, platitudeDisagree: 1 } },
    { key: 'neutral', qualifications: {} },
  ],
  controversy: [
    { key: 'agree', qualifications: {} },
    { key: 'disagree', qualifications: {} },
    { key: 'neutral', qualifications: {} },
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
    const state = (k: number) => added(input, kind.key, kind.qualifications, k);
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
  readonly votes: Tally;
  readonly points: number;
  readonly count: number;
}

function added(input: RobustnessInput, key: VoteKey, q: QualificationCounts, k: number): State {
  const votes = { ...input.votes, [key]: input.votes[key] + k };
  const qualifications: QualificationCounts = { ...input.qualifications };
  for (const [name, n] of Object.entries(q) as [keyof QualificationCounts, number][]) qualifications[name] = (qualifications[name] ?? 0) + n * k;
  const points = (input.zone === 'consensus' ? topScorePoints : controversyPoints)(votes, qualifications);
  return { votes, points, count: voteCount(votes) };
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
  // Two neighbours of each point too: guards the rounding of the division, never changes the answer.
  for (const k of ks) for (const at of [k - 1, k, k + 1]) if (at >= 1 && zone(at) !== input.zone) return at;
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
