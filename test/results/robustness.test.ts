import { expect } from '@open-wc/testing';
import type { ConsultationResults, QualificationCounts, Tally, VoteKey } from '../../src/protocol/index.js';
import { computeResults, type ResultsOptions, type ResultsRow } from '../../src/results/index.js';
import { mulberry32, randomProposal } from './generate.js';

const counts = { participants: 1, proposals: 1, votes: 1 };
const tally = (agree: number, disagree: number, neutral: number): Tally => ({ agree, disagree, neutral });
const row = (proposalId: string, votes: Tally, qualifications: QualificationCounts = {}): ResultsRow => ({
  proposalId,
  content: `Proposal ${proposalId}`,
  themeId: null,
  votes,
  qualifications,
});
const compute = (rows: readonly ResultsRow[], options: Partial<ResultsOptions> = {}) =>
  computeResults({ consultationId: 'c', counts, rows }, options);
const resultOf = (results: ConsultationResults, id: string) => results.proposals.find((p) => p.proposalId === id)!;

/** Every kind of added vote, with the qualifications that hurt the idea most (or none). */
interface Added {
  agree: number;
  disagree: number;
  neutral: number;
}
/** The rows once `added` votes went to `id`: disagree votes carry noWay, impossible and platitudeDisagree on a popular idea. */
function withVotes(rows: readonly ResultsRow[], id: string, added: Added, qualified: boolean): ResultsRow[] {
  return rows.map((r) => {
    if (r.proposalId !== id) return r;
    const q = { ...r.qualifications };
    if (qualified) for (const name of ['noWay', 'impossible', 'platitudeDisagree'] as const) q[name] = (q[name] ?? 0) + added.disagree;
    return row(id, tally(r.votes.agree + added.agree, r.votes.disagree + added.disagree, r.votes.neutral + added.neutral), q);
  });
}
const one = (key: VoteKey, k: number): Added => ({ agree: 0, disagree: 0, neutral: 0, [key]: k });
/** Still in the same list, recomputed from scratch by computeResults. */
function listed(rows: readonly ResultsRow[], id: string, zone: string, options: Partial<ResultsOptions>): boolean {
  const p = resultOf(compute(rows, options), id);
  return p.zone === zone && p.rank !== null;
}

describe('results: robustness (how many votes move a listed idea out of its list)', () => {
  it('popular idea alone, exactly on the boundary: 6 disagree votes make it controversial, 5 do not', () => {
    // 60 agree of 100: consensus by the 0.6 rule; with more disagree votes, by "disagree < 0.15" until 16 of 106.
    const rows = [row('a', tally(60, 10, 30))];
    const a = resultOf(compute(rows), 'a');
    expect(a.robustness).to.deep.equal({ votes: 6, key: 'disagree', leaves: 'zone' });
    expect(resultOf(compute(withVotes(rows, 'a', one('disagree', 5), false)), 'a').zone).to.equal('consensus');
    expect(resultOf(compute(withVotes(rows, 'a', one('disagree', 6), false)), 'a').zone).to.equal('controversy');
  });

  it('popular idea near limbo: neutral votes are cheaper than disagree ones', () => {
    // 59 % agree, 39 % neutral, 2 % disagree: consensus only because neutral < 0.4 and disagree < 0.15.
    const rows = [row('a', tally(59, 2, 39))];
    expect(resultOf(compute(rows), 'a').robustness).to.deep.equal({ votes: 2, key: 'neutral', leaves: 'zone' });
    expect(resultOf(compute(withVotes(rows, 'a', one('neutral', 1), false)), 'a').zone).to.equal('consensus');
    expect(resultOf(compute(withVotes(rows, 'a', one('neutral', 2), false)), 'a').zone).to.equal('limbo');
  });

  it('popular idea with a close rival: overtaken in the ranking before its zone changes', () => {
    const rows = [row('a', tally(900, 50, 50)), row('b', tally(880, 60, 60)), row('c', tally(870, 70, 60))];
    const results = compute(rows, { topPopular: 2 });
    const a = resultOf(results, 'a');
    expect(a.rank).to.equal(1);
    expect(a.robustness?.leaves).to.equal('rank');
    expect(a.robustness?.key).to.equal('disagree');
    const k = a.robustness!.votes;
    expect(listed(withVotes(rows, 'a', one('disagree', k - 1), true), 'a', 'consensus', { topPopular: 2 })).to.equal(true);
    expect(listed(withVotes(rows, 'a', one('disagree', k), true), 'a', 'consensus', { topPopular: 2 })).to.equal(false);
    // The unlisted one and the ideas of no list have none.
    expect(resultOf(results, 'c').robustness).to.equal(undefined);
  });

  it('divisive idea: the cheapest of agree, disagree and neutral votes', () => {
    // 40 agree, 45 disagree, 15 neutral: disagree reaches 0.6 with 38 more (83/138), agree with 50, neutral 0.4 with 42.
    const rows = [row('d', tally(40, 45, 15))];
    expect(resultOf(compute(rows), 'd').robustness).to.deep.equal({ votes: 38, key: 'disagree', leaves: 'zone' });
    expect(resultOf(compute(withVotes(rows, 'd', one('disagree', 37), false)), 'd').zone).to.equal('controversy');
    expect(resultOf(compute(withVotes(rows, 'd', one('disagree', 38), false)), 'd').zone).to.equal('rejection');
  });

  it('null when no number of votes on the idea alone moves it (thresholds that can never be crossed, no rival)', () => {
    const options = { thresholds: { majority: 0, neutral: 1, minority: 0 } };
    expect(resultOf(compute([row('a', tally(20, 5, 5))], options), 'a').robustness).to.equal(null);
  });

  // The property the figure states, checked by recomputing everything from scratch: `votes` added
  // votes of the stated kind move the idea out of its list, and no combination of one fewer does.
  it('on 300 seeded small consultations: k votes move each listed idea out, no mix of k − 1 votes of any kinds does', function () {
    this.timeout(60_000);
    const options = { topPopular: 3, topDivisive: 2 };
    let checked = 0;
    const seen = new Set<string>();
    for (let seed = 1; seed <= 300; seed++) {
      const random = mulberry32(seed);
      const rows = Array.from({ length: 10 }, (_, i) => {
        const { votes, qualifications } = randomProposal(random, 60);
        // Skewed towards agreement half the time, so popular lists fill and have rivals.
        const skew = random() < 0.5 ? tally(votes.agree + votes.neutral, votes.disagree, 0) : votes;
        return row(`p${i}`, tally(skew.agree, skew.disagree, skew.neutral + 20), qualifications);
      });
      for (const p of compute(rows, options).proposals.filter((x) => x.rank !== null)) {
        const zone = p.zone!;
        const r = p.robustness!;
        const where = `seed ${seed}, ${p.proposalId} ${JSON.stringify(p.votes)} → ${JSON.stringify(r)}`;
        const qualified = zone === 'consensus';
        expect(listed(withVotes(rows, p.proposalId, one(r.key, r.votes), qualified), p.proposalId, zone, options), where).to.equal(false);
        // Every split of k − 1 votes when few, else the three pure ones and 30 random splits.
        const m = r.votes - 1;
        const splits: Added[] = [];
        if (m <= 25) for (let a = 0; a <= m; a++) for (let d = 0; d <= m - a; d++) splits.push({ agree: a, disagree: d, neutral: m - a - d });
        else {
          splits.push(one('agree', m), one('disagree', m), one('neutral', m));
          for (let i = 0; i < 30; i++) {
            const a = Math.floor(random() * (m + 1));
            const d = Math.floor(random() * (m - a + 1));
            splits.push({ agree: a, disagree: d, neutral: m - a - d });
          }
        }
        for (const added of splits) {
          expect(listed(withVotes(rows, p.proposalId, added, qualified), p.proposalId, zone, options), `${where}, ${JSON.stringify(added)}`).to.equal(true);
        }
        checked++;
        seen.add(`${zone} ${r.key} ${r.leaves}`);
      }
    }
    expect(checked).to.be.greaterThan(800);
    // Every way out happened: zone and ranking, each kind of vote.
    expect([...seen].sort()).to.include.members([
      'consensus disagree rank',
      'consensus disagree zone',
      'consensus neutral zone',
      'controversy agree zone',
      'controversy disagree zone',
      'controversy agree rank',
      'controversy disagree rank',
      'controversy neutral zone',
    ]);
  });
});
