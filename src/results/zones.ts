import type { ResultsZone, Tally } from '../protocol/index.js';

/** Make.org's four zones; `null` (unrated) below the minimum number of votes. */
export type Zone = ResultsZone;
export const ZONES = ['consensus', 'rejection', 'limbo', 'controversy'] as const satisfies readonly Zone[];

/** Share thresholds of the zone rule, as fractions of the votes (Make.org: 0.6, 0.4, 0.15). */
export interface ZoneThresholds {
  /** `agree ≥ majority` is consensus, `disagree ≥ majority` rejection. */
  readonly majority: number;
  /** `neutral ≥ neutral` is limbo; below it, a small minority decides consensus or rejection. */
  readonly neutral: number;
  /** `disagree < minority` (consensus) or `agree < minority` (rejection), when neutral is low. */
  readonly minority: number;
}

export const DEFAULT_ZONE_THRESHOLDS: ZoneThresholds = Object.freeze({ majority: 0.6, neutral: 0.4, minority: 0.15 });
/** Proposals with fewer votes are not categorised (Make.org: 20). */
export const DEFAULT_MIN_VOTES = 20;

// Shares are compared as integers: `agree / n ≥ 0.6` becomes `agree × 10000 ≥ 6000 × n`. In
// floating point 0.6 is not 6/10, so a proposal exactly on a boundary could land in either zone.
const SCALE = 10_000;
const perScale = (share: number): number => Math.round(share * SCALE);

/** The votes counted by the zone rule and the shares: agree + disagree + neutral. */
export function voteCount(votes: Tally): number {
  return votes.agree + votes.disagree + votes.neutral;
}

/**
 * The zone of a tally, in Make.org's order: consensus first, then rejection, then limbo, then
 * controversy; the first rule that matches wins. `null` when there are fewer than `minVotes`
 * votes (and always for zero votes). Thresholds are read to four decimal places.
 */
export function zoneOf(votes: Tally, minVotes = DEFAULT_MIN_VOTES, thresholds: ZoneThresholds = DEFAULT_ZONE_THRESHOLDS): Zone | null {
  const n = voteCount(votes);
  if (n === 0 || n < minVotes) return null;
  const majority = perScale(thresholds.majority) * n;
  const neutralLimit = perScale(thresholds.neutral) * n;
  const minority = perScale(thresholds.minority) * n;
  const agree = votes.agree * SCALE;
  const disagree = votes.disagree * SCALE;
  const neutral = votes.neutral * SCALE;
  if (agree >= majority || (neutral < neutralLimit && disagree < minority)) return 'consensus';
  if (disagree >= majority || (neutral < neutralLimit && agree < minority)) return 'rejection';
  if (neutral >= neutralLimit) return 'limbo';
  return 'controversy';
}

/** Each key's share of the votes, in [0, 1]; all 0 when there is no vote. For display only. */
export function sharesOf(votes: Tally): Tally {
  const n = voteCount(votes);
  if (n === 0) return { agree: 0, disagree: 0, neutral: 0 };
  return { agree: votes.agree / n, disagree: votes.disagree / n, neutral: votes.neutral / n };
}
