import { expect } from '@open-wc/testing';
import { sharesOf, zoneOf, type Zone } from '../../src/results/index.js';

const tally = (agree: number, disagree: number, neutral: number) => ({ agree, disagree, neutral });

describe('results: zones (Make.org: consensus → rejection → limbo → controversy)', () => {
  /** [agree, disagree, neutral] over 100 votes (or as given), and the zone it must land in. */
  const cases: Array<[string, number, number, number, Zone]> = [
    // agree ≥ 0.6 — exactly on the boundary, and just below it.
    ['agree exactly 0.6 is consensus', 60, 25, 15, 'consensus'],
    ['agree 0.59 with disagree 0.16 is not consensus', 59, 16, 25, 'controversy'],
    ['agree 0.6 is consensus even with neutral at 0.4 (consensus is checked before limbo)', 60, 0, 40, 'consensus'],
    ['agree 0.6 is consensus even with disagree 0.4', 60, 40, 0, 'consensus'],
    // neutral < 0.4 and disagree < 0.15.
    ['disagree 0.14 with neutral 0.35 is consensus', 51, 14, 35, 'consensus'],
    ['disagree exactly 0.15 is no longer consensus', 50, 15, 35, 'controversy'],
    ['neutral 0.39 with disagree 0.10 is consensus', 51, 10, 39, 'consensus'],
    ['neutral exactly 0.4 with disagree 0.10 is limbo, not consensus', 50, 10, 40, 'limbo'],
    // disagree ≥ 0.6.
    ['disagree exactly 0.6 is rejection', 25, 60, 15, 'rejection'],
    ['disagree 0.59 with agree 0.16 is controversy', 16, 59, 25, 'controversy'],
    ['disagree 0.6 is rejection even with neutral at 0.4 (rejection is checked before limbo)', 0, 60, 40, 'rejection'],
    ['disagree 0.6 with agree 0.4 is rejection', 40, 60, 0, 'rejection'],
    // neutral < 0.4 and agree < 0.15.
    ['agree 0.14 with neutral 0.35 is rejection', 14, 51, 35, 'rejection'],
    ['agree exactly 0.15 is no longer rejection', 15, 50, 35, 'controversy'],
    ['neutral exactly 0.4 with agree 0.10 is limbo, not rejection', 10, 50, 40, 'limbo'],
    // neutral ≥ 0.4.
    ['neutral exactly 0.4 is limbo', 30, 30, 40, 'limbo'],
    ['neutral 0.39 with agree and disagree above 0.15 is controversy', 31, 30, 39, 'controversy'],
    ['all neutral is limbo', 0, 0, 100, 'limbo'],
    ['half and half is controversy', 50, 50, 0, 'controversy'],
    ['all agree is consensus', 100, 0, 0, 'consensus'],
    ['all disagree is rejection', 0, 100, 0, 'rejection'],
    // The same boundaries at the smallest rated size (20 votes) and at a size where the shares
    // are not decimal fractions (3/5 = 0.6, 3/20 = 0.15, 2/5 = 0.4 exactly).
    ['12 of 20 agree (0.6) is consensus', 12, 8, 0, 'consensus'],
    ['3 of 20 disagree (0.15) with 6 neutral is controversy', 11, 3, 6, 'controversy'],
    ['8 of 20 neutral (0.4) is limbo', 6, 6, 8, 'limbo'],
    ['1,200 of 2,000 agree is consensus', 1200, 500, 300, 'consensus'],
    ['1,199 of 2,000 agree with 301 disagree is controversy', 1199, 301, 500, 'controversy'],
  ];
  for (const [name, agree, disagree, neutral, zone] of cases) {
    it(`${name} (${agree}/${disagree}/${neutral})`, () => {
      expect(zoneOf(tally(agree, disagree, neutral))).to.equal(zone);
    });
  }

  it('compares shares exactly, never in floating point', () => {
    // 22 of 55 neutral is exactly 0.4 (limbo). Computed as 1 − 25/55 − 8/55 it comes out just
    // below 0.4, and with disagree 8/55 < 0.15 a floating-point rule would say consensus.
    expect(1 - 25 / 55 - 8 / 55 < 0.4).to.equal(true);
    expect(zoneOf(tally(25, 8, 22))).to.equal('limbo');
    // Every boundary at every size up to 2,000 votes: exactly on it, then one vote across it.
    for (let n = 20; n <= 2000; n += 20) {
      const [sixty, forty, fifteen] = [(n * 3) / 5, (n * 2) / 5, (n * 3) / 20];
      const at = `${n} votes`;
      expect(zoneOf(tally(sixty, n - sixty, 0)), at).to.equal('consensus');
      expect(zoneOf(tally(sixty - 1, n - sixty + 1, 0)), at).to.equal('controversy');
      expect(zoneOf(tally(n - sixty, sixty, 0)), at).to.equal('rejection');
      expect(zoneOf(tally(n - sixty + 1, sixty - 1, 0)), at).to.equal('controversy');
      // Agree and disagree below 0.6: only the minority rule (0.15, with neutral < 0.4) decides.
      expect(zoneOf(tally(n - fifteen - (forty - 1), fifteen, forty - 1)), at).to.equal('controversy');
      expect(zoneOf(tally(n - fifteen - forty + 2, fifteen - 1, forty - 1)), at).to.equal('consensus');
      expect(zoneOf(tally(fifteen, n - fifteen - (forty - 1), forty - 1)), at).to.equal('controversy');
      expect(zoneOf(tally(fifteen - 1, n - fifteen - forty + 2, forty - 1)), at).to.equal('rejection');
      // Neutral exactly 0.4 turns the minority rule off: limbo.
      expect(zoneOf(tally(n - forty - 1, 1, forty)), at).to.equal('limbo');
      expect(zoneOf(tally(n - forty - 1, 2, forty - 1)), at).to.equal('consensus');
    }
  });

  describe('minimum number of votes', () => {
    it('fewer than 20 votes (the default) are not categorised: zone null', () => {
      expect(zoneOf(tally(19, 0, 0))).to.equal(null);
      expect(zoneOf(tally(20, 0, 0))).to.equal('consensus');
      expect(zoneOf(tally(7, 6, 6))).to.equal(null);
    });

    it('zero votes are never categorised, whatever minVotes', () => {
      expect(zoneOf(tally(0, 0, 0))).to.equal(null);
      expect(zoneOf(tally(0, 0, 0), 0)).to.equal(null);
    });

    it('minVotes is a parameter', () => {
      expect(zoneOf(tally(3, 1, 1), 5)).to.equal('consensus');
      expect(zoneOf(tally(3, 1, 0), 5)).to.equal(null);
      expect(zoneOf(tally(30, 0, 0), 50)).to.equal(null);
    });
  });

  it('thresholds are parameters, compared exactly too', () => {
    const strict = { majority: 0.75, neutral: 0.4, minority: 0.1 };
    expect(zoneOf(tally(15, 5, 0), 20, strict)).to.equal('consensus');
    expect(zoneOf(tally(14, 6, 0), 20, strict)).to.equal('controversy');
  });

  describe('shares', () => {
    it('are each key over agree + disagree + neutral', () => {
      expect(sharesOf(tally(3, 1, 1))).to.deep.equal({ agree: 0.6, disagree: 0.2, neutral: 0.2 });
    });
    it('are all 0 without votes (no division by zero)', () => {
      expect(sharesOf(tally(0, 0, 0))).to.deep.equal({ agree: 0, disagree: 0, neutral: 0 });
    });
  });
});
