import { expect } from '@open-wc/testing';
import type { QualificationCounts, Tally } from '../../src/protocol/index.js';
import {
  controversyBound,
  controversyPoints,
  lowerBound,
  topScoreBound,
  topScorePoints,
} from '../../src/results/index.js';
import { mulberry32, randomProposal } from './generate.js';

const tally = (agree: number, disagree: number, neutral: number): Tally => ({ agree, disagree, neutral });
const plus = (q: QualificationCounts, key: keyof QualificationCounts, by = 1): QualificationCounts => ({ ...q, [key]: (q[key] ?? 0) + by });

/** Agresti–Coull with z = 2 written out by hand, for the plain case (0 ≤ points ≤ votes). */
function agrestiCoull(successes: number, trials: number): number {
  const n = trials + 4;
  const p = (successes + 2) / n;
  return p - 2 * Math.sqrt((p * (1 - p)) / n);
}

describe('results: scores and their lower confidence bounds', () => {
  it('topScore = agree + likeIt + doable − noWay − impossible − platitudeAgree − platitudeDisagree', () => {
    const q = { likeIt: 5, doable: 4, platitudeAgree: 1, noWay: 2, impossible: 3, platitudeDisagree: 1, noOpinion: 9 };
    expect(topScorePoints(tally(30, 10, 10), q)).to.equal(30 + 5 + 4 - 2 - 3 - 1 - 1);
    expect(topScorePoints(tally(30, 10, 10), {})).to.equal(30);
  });

  it('controversy = min(agree, disagree) + min(likeIt, noWay)', () => {
    expect(controversyPoints(tally(30, 20, 5), { likeIt: 3, noWay: 7 })).to.equal(20 + 3);
    expect(controversyPoints(tally(30, 20, 5), {})).to.equal(20);
  });

  it('is the Agresti–Coull lower bound (z = 2) of points / votes', () => {
    for (const [points, votes] of [[0, 20], [12, 20], [20, 20], [600, 1000], [1, 1]] as const) {
      expect(lowerBound(points, votes), `${points}/${votes}`).to.be.closeTo(Math.max(0, agrestiCoull(points, votes)), 1e-15);
    }
    // 12 of 20: p̃ = 14/24, bound = 14/24 − 2·√(14/24 · 10/24 / 24).
    expect(lowerBound(12, 20)).to.be.closeTo(14 / 24 - 2 * Math.sqrt((14 / 24) * (10 / 24) / 24), 1e-15);
  });

  it('more votes at the same share give a higher bound (less uncertainty)', () => {
    expect(lowerBound(12, 20)).to.be.below(lowerBound(120, 200));
    expect(lowerBound(120, 200)).to.be.below(lowerBound(1200, 2000));
  });

  it('negative scores count no success: the bound is 0', () => {
    expect(lowerBound(-5, 20)).to.equal(0);
    expect(topScoreBound(tally(20, 0, 0), { platitudeAgree: 20, likeIt: 0, impossible: 0 })).to.equal(0);
    expect(topScoreBound(tally(10, 10, 0), { platitudeAgree: 10, noWay: 10 })).to.equal(0);
  });

  it('zero votes give 0, not NaN', () => {
    expect(lowerBound(0, 0)).to.equal(0);
    expect(topScoreBound(tally(0, 0, 0), {})).to.equal(0);
    expect(controversyBound(tally(0, 0, 0), {})).to.equal(0);
  });

  it('stays in [0, 1], also for more points than votes', () => {
    expect(lowerBound(60, 20)).to.be.within(0, 1);
    expect(lowerBound(60, 20)).to.be.above(lowerBound(20, 20)); // extra points count as more evidence
    expect(lowerBound(60, 20)).to.equal(lowerBound(60, 60));
  });

  it('z is a parameter: a wider z gives a lower bound', () => {
    expect(lowerBound(15, 20, 3)).to.be.below(lowerBound(15, 20, 2));
    expect(lowerBound(15, 20, 1)).to.be.above(lowerBound(15, 20, 2));
  });

  it('controversy treats both sides alike', () => {
    const a = controversyBound(tally(40, 25, 5), { likeIt: 6, noWay: 2 });
    const b = controversyBound(tally(25, 40, 5), { likeIt: 2, noWay: 6 });
    expect(a).to.equal(b);
  });

  describe('properties, over seeded random tallies', () => {
    const SEED = 20250210;
    const CASES = 4000;
    const random = mulberry32(SEED);
    const proposals = Array.from({ length: CASES }, () => randomProposal(random));

    it(`adding an agree vote never lowers the topScore bound (${CASES} tallies, seed ${SEED})`, () => {
      for (const [i, { votes, qualifications: q }] of proposals.entries()) {
        const before = topScoreBound(votes, q);
        const more = { ...votes, agree: votes.agree + 1 };
        expect(topScoreBound(more, q), `#${i}`).to.be.at.least(before);
        expect(topScoreBound(more, plus(q, 'likeIt')), `#${i} + likeIt`).to.be.at.least(before);
        expect(topScoreBound(more, plus(plus(q, 'likeIt'), 'doable')), `#${i} + likeIt + doable`).to.be.at.least(before);
      }
    });

    it(`adding a disagree vote never raises the topScore bound (${CASES} tallies, seed ${SEED})`, () => {
      for (const [i, { votes, qualifications: q }] of proposals.entries()) {
        const before = topScoreBound(votes, q);
        const more = { ...votes, disagree: votes.disagree + 1 };
        expect(topScoreBound(more, q), `#${i}`).to.be.at.most(before);
        for (const key of ['noWay', 'impossible', 'platitudeDisagree'] as const) {
          expect(topScoreBound(more, plus(q, key)), `#${i} + ${key}`).to.be.at.most(before);
        }
      }
    });

    it(`adding a neutral vote never raises the topScore bound (${CASES} tallies, seed ${SEED})`, () => {
      for (const [i, { votes, qualifications: q }] of proposals.entries()) {
        expect(topScoreBound({ ...votes, neutral: votes.neutral + 1 }, q), `#${i}`).to.be.at.most(topScoreBound(votes, q));
      }
    });

    it('more likeIt or doable never lowers the topScore bound; more noWay never raises it', () => {
      for (const [i, { votes, qualifications: q }] of proposals.entries()) {
        const before = topScoreBound(votes, q);
        expect(topScoreBound(votes, plus(q, 'likeIt')), `#${i}`).to.be.at.least(before);
        expect(topScoreBound(votes, plus(q, 'doable')), `#${i}`).to.be.at.least(before);
        expect(topScoreBound(votes, plus(q, 'noWay')), `#${i}`).to.be.at.most(before);
      }
    });

    it('every bound is a number in [0, 1]', () => {
      for (const [i, { votes, qualifications: q }] of proposals.entries()) {
        expect(topScoreBound(votes, q), `#${i}`).to.be.within(0, 1);
        expect(controversyBound(votes, q), `#${i}`).to.be.within(0, 1);
      }
    });

    it('the bound itself, exhaustively: one more point-scoring vote never lowers it, one more pointless vote never raises it', () => {
      for (let votes = 0; votes <= 400; votes++) {
        for (let points = -3 * votes; points <= 3 * votes; points++) {
          const before = lowerBound(points, votes);
          if (lowerBound(points + 1, votes + 1) < before) expect.fail(`+1 point, +1 vote lowered ${points}/${votes}`);
          if (lowerBound(points, votes + 1) > before) expect.fail(`+1 vote raised ${points}/${votes}`);
          if (lowerBound(points + 1, votes) < before) expect.fail(`+1 point lowered ${points}/${votes}`);
        }
      }
    });
  });
});
