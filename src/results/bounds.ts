import type { QualificationCounts, Tally } from '../protocol/index.js';
import { voteCount } from './zones.js';

/** z of the confidence bound: 2, as Make.org (about 95 %). */
export const DEFAULT_Z = 2;

/**
 * topScore in points: agree + likeIt + doable − noWay − impossible − platitudeAgree −
 * platitudeDisagree (counts, not shares; divided by the votes it is Make.org's topScore).
 */
export function topScorePoints(votes: Tally, q: QualificationCounts): number {
  return (
    votes.agree +
    (q.likeIt ?? 0) +
    (q.doable ?? 0) -
    (q.noWay ?? 0) -
    (q.impossible ?? 0) -
    (q.platitudeAgree ?? 0) -
    (q.platitudeDisagree ?? 0)
  );
}

/** controversy in points: min(agree, disagree) + min(likeIt, noWay). */
export function controversyPoints(votes: Tally, q: QualificationCounts): number {
  return Math.min(votes.agree, votes.disagree) + Math.min(q.likeIt ?? 0, q.noWay ?? 0);
}

/**
 * Agresti–Coull lower bound of a score of `points` over `votes` votes, read as a proportion.
 *
 * - observations t = max(votes, points): a score above one point per vote (many likeIt and
 *   doable) counts its extra points as extra successful observations, so it is never capped
 *   away and never turns a later vote into a success;
 * - successes x = max(points, 0): a negative score is no success at all;
 * - ñ = t + z², p̃ = (x + z²/2) / ñ, bound = max(0, p̃ − z·√(p̃(1 − p̃)/ñ)).
 *
 * With z = 2 this is Make.org's `confidenceInterval` (ñ = n + 4, p̃ = (x + 2)/(n + 4)). Because of
 * the two clamps, one more vote that adds a point never lowers the bound and one more vote
 * that adds none never raises it (test/results/bounds.test.ts checks both).
 */
export function lowerBound(points: number, votes: number, z: number = DEFAULT_Z): number {
  const observations = Math.max(votes, points);
  const successes = Math.max(points, 0);
  const z2 = z * z;
  const n = observations + z2;
  const p = (successes + z2 / 2) / n;
  return Math.max(0, p - z * Math.sqrt((p * (1 - p)) / n));
}

/** Lower confidence bound of a proposal's topScore: the popular ideas are ranked by it. */
export function topScoreBound(votes: Tally, qualifications: QualificationCounts, z: number = DEFAULT_Z): number {
  return lowerBound(topScorePoints(votes, qualifications), voteCount(votes), z);
}

/** Lower confidence bound of a proposal's controversy: the divisive ideas are ranked by it. */
export function controversyBound(votes: Tally, qualifications: QualificationCounts, z: number = DEFAULT_Z): number {
  return lowerBound(controversyPoints(votes, qualifications), voteCount(votes), z);
}
