import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import { ConsultationResults, ENDPOINTS, type QualificationCounts, type Tally } from '../../src/protocol/index.js';
import { computeResults, DEFAULT_RESULTS_OPTIONS, type ResultsRow } from '../../src/results/index.js';
import { mulberry32, randomProposal } from './generate.js';

const counts = { participants: 11661, proposals: 575, votes: 121325 };
const tally = (agree: number, disagree: number, neutral: number): Tally => ({ agree, disagree, neutral });
const row = (proposalId: string, votes: Tally, themeId: string | null = null, qualifications: QualificationCounts = {}): ResultsRow => ({
  proposalId,
  content: `Proposal ${proposalId}`,
  themeId,
  votes,
  qualifications,
});
const compute = (rows: ResultsRow[], options = {}) => computeResults({ consultationId: 'ai', counts, rows }, options);
const flatPopular = (results: ConsultationResults) => results.popular.flatMap((g) => g.proposalIds);
/** The popular top list in rank order (the groups hold it by theme). */
const popularByRank = (results: ConsultationResults) =>
  results.proposals
    .filter((p) => p.zone === 'consensus' && p.rank !== null)
    .sort((a, b) => a.rank! - b.rank!)
    .map((p) => p.proposalId);

describe('results: computeResults', () => {
  it('answers the protocol’s results shape, which the schema accepts as is', () => {
    const random = mulberry32(7);
    const rows = Array.from({ length: 60 }, (_, i) => {
      const { votes, qualifications } = randomProposal(random, 120);
      return row(`p${i}`, votes, ['education', 'health', null][i % 3]!, qualifications);
    });
    const results = compute(rows);
    expect(z.parse(ConsultationResults, results)).to.deep.equal(results);
    expect(z.safeParse(ENDPOINTS.getResults.response, results).success).to.equal(true);
    expect(results.consultationId).to.equal('ai');
    expect(results.counts).to.deep.equal(counts);
  });

  it('states the method’s parameters: Make.org’s by default', () => {
    expect(compute([]).method).to.deep.equal({
      minVotes: 20,
      thresholds: { majority: 0.6, neutral: 0.4, minority: 0.15 },
      z: 2,
      topPopular: 15,
      topDivisive: 9,
    });
    expect(compute([], { minVotes: 5, topPopular: 3 }).method).to.include({ minVotes: 5, topPopular: 3, topDivisive: 9 });
    expect(DEFAULT_RESULTS_OPTIONS.minVotes).to.equal(20);
  });

  it('no proposals: empty lists, counts unchanged', () => {
    const results = compute([]);
    expect(results.proposals).to.deep.equal([]);
    expect(results.popular).to.deep.equal([]);
    expect(results.divisive).to.deep.equal([]);
  });

  it('gives every proposal its tally, qualifications, shares, zone, score, bound and rank, in input order', () => {
    const results = compute([
      row('limbo', tally(5, 5, 20), 't1'),
      row('popular', tally(40, 5, 5), 't2', { likeIt: 10, noWay: 1 }),
      row('unrated', tally(3, 0, 0), 't1'),
      row('divisive', tally(20, 20, 0), null, { likeIt: 4, noWay: 6 }),
      row('rejected', tally(2, 30, 3), 't2'),
    ]);
    expect(results.proposals.map((p) => [p.proposalId, p.zone, p.rank])).to.deep.equal([
      ['limbo', 'limbo', null],
      ['popular', 'consensus', 1],
      ['unrated', null, null],
      ['divisive', 'controversy', 1],
      ['rejected', 'rejection', null],
    ]);
    const popular = results.proposals[1]!;
    expect(popular).to.deep.include({
      themeId: 't2',
      votes: tally(40, 5, 5),
      qualifications: { likeIt: 10, noWay: 1 },
      shares: { agree: 0.8, disagree: 0.1, neutral: 0.1 },
      score: (40 + 10 - 1) / 50,
    });
    expect(popular.bound).to.be.within(0, popular.score!);
    expect(results.proposals[3]!.score).to.equal((20 + 4) / 40);
    for (const p of [results.proposals[0]!, results.proposals[2]!, results.proposals[4]!]) {
      expect([p.score, p.bound]).to.deep.equal([null, null]);
    }
    expect(results.proposals[2]!.shares).to.deep.equal({ agree: 1, disagree: 0, neutral: 0 });
  });

  it('a proposal with zero votes is unrated, with zero shares', () => {
    const [p] = compute([row('p', tally(0, 0, 0))], { minVotes: 0 }).proposals;
    expect(p).to.deep.include({ zone: null, rank: null, score: null, bound: null, shares: tally(0, 0, 0) });
  });

  it('minVotes: only proposals with at least that many votes are categorised', () => {
    const rows = [row('a', tally(19, 0, 0)), row('b', tally(20, 0, 0))];
    expect(compute(rows).proposals.map((p) => p.zone)).to.deep.equal([null, 'consensus']);
    expect(compute(rows, { minVotes: 25 }).proposals.map((p) => p.zone)).to.deep.equal([null, null]);
    expect(flatPopular(compute(rows))).to.deep.equal(['b']);
  });

  describe('ranking', () => {
    it('popular ideas by their topScore bound, highest first', () => {
      const results = compute([
        row('ok', tally(70, 10, 20)),
        row('best', tally(95, 2, 3), null, { likeIt: 30 }),
        row('good', tally(90, 5, 5)),
      ]);
      expect(flatPopular(results)).to.deep.equal(['best', 'good', 'ok']);
      expect(results.proposals.map((p) => p.rank)).to.deep.equal([3, 1, 2]);
    });

    it('the same share with more votes ranks higher (its bound is higher)', () => {
      const results = compute([row('small', tally(16, 4, 0)), row('large', tally(160, 40, 0))]);
      expect(flatPopular(results)).to.deep.equal(['large', 'small']);
    });

    it('divisive ideas by their controversy bound', () => {
      const results = compute([
        row('lopsided', tally(44, 26, 5)),
        row('split', tally(50, 50, 0), null, { likeIt: 20, noWay: 20 }),
        row('even', tally(50, 50, 0)),
      ]);
      expect(results.divisive).to.deep.equal(['split', 'even', 'lopsided']);
      expect(results.proposals.map((p) => p.rank)).to.deep.equal([3, 1, 2]);
    });

    it('ties on the bound go to the higher score, then to more votes, then to the smaller id', () => {
      // Every bound here is 0 (no score is above 0), so only the tie-breaks decide.
      const results = compute([
        row('e-minus-0.15', tally(12, 1, 7), null, { platitudeAgree: 12, noWay: 1, impossible: 1, platitudeDisagree: 1 }),
        row('d-minus-0.05-40-votes', tally(24, 2, 14), null, { platitudeAgree: 24, platitudeDisagree: 2 }),
        row('c-zero-20-votes', tally(12, 0, 8), null, { platitudeAgree: 12 }),
        row('b-zero-40-votes', tally(24, 0, 16), null, { platitudeAgree: 24 }),
        row('a-zero-40-votes', tally(24, 0, 16), null, { platitudeAgree: 24 }),
      ]);
      expect(results.proposals.map((p) => [p.zone, p.bound])).to.deep.equal(Array(5).fill(['consensus', 0]));
      expect(results.proposals.map((p) => p.score)).to.deep.equal([-0.15, -0.05, 0, 0, 0]);
      expect(flatPopular(results)).to.deep.equal([
        'a-zero-40-votes',
        'b-zero-40-votes',
        'c-zero-20-votes', // a higher score beats more votes
        'd-minus-0.05-40-votes',
        'e-minus-0.15',
      ]);
    });

    it('ties are broken the same whatever the input order', () => {
      const random = mulberry32(99);
      // Four tallies, fifty proposals each: every rank below is decided by a tie-break.
      const kinds: Array<[Tally, QualificationCounts]> = [
        [tally(80, 10, 10), { likeIt: 12 }],
        [tally(80, 10, 10), {}],
        [tally(45, 45, 10), { likeIt: 5, noWay: 5 }],
        [tally(40, 30, 5), {}],
      ];
      const rows = Array.from({ length: 200 }, (_, i) => row(`p${String(i).padStart(3, '0')}`, kinds[i % 4]![0], `t${i % 3}`, kinds[i % 4]![1]));
      const shuffled = [...rows].sort(() => random() - 0.5);
      const options = { topPopular: 60, topDivisive: 60 };
      const a = compute(rows, options);
      const b = compute(shuffled, options);
      expect(b.popular).to.deep.equal(a.popular);
      expect(b.divisive).to.deep.equal(a.divisive);
      expect(popularByRank(a).slice(0, 3)).to.deep.equal(['p000', 'p004', 'p008']);
      expect(a.divisive.slice(0, 3)).to.deep.equal(['p002', 'p006', 'p010']);
    });
  });

  describe('top lists', () => {
    const many = (prefix: string, n: number, make: (i: number) => Tally) =>
      Array.from({ length: n }, (_, i) => row(`${prefix}${String(i).padStart(2, '0')}`, make(i), `t${i % 3}`));

    it('keep the top 15 popular and 9 divisive ideas; the others keep their zone, with no rank', () => {
      const popular = many('pop', 20, (i) => tally(60 + i, 5, 5));
      const divisive = many('div', 12, (i) => tally(40 + i, 40, 5));
      const results = compute([...popular, ...divisive]);
      expect(flatPopular(results)).to.have.length(15);
      expect(results.divisive).to.have.length(9);
      const zones = results.proposals.map((p) => p.zone);
      expect(zones.filter((z) => z === 'consensus')).to.have.length(20);
      expect(zones.filter((z) => z === 'controversy')).to.have.length(12);
      const ranked = results.proposals.filter((p) => p.rank !== null);
      expect(ranked).to.have.length(24);
      // The cut keeps the best: the five proposals with the fewest agree votes are out.
      expect(results.proposals.filter((p) => p.zone === 'consensus' && p.rank === null).map((p) => p.proposalId)).to.deep.equal([
        'pop00',
        'pop01',
        'pop02',
        'pop03',
        'pop04',
      ]);
      // Controversy is 40 points for every one of them: the most balanced (fewest votes) lead.
      expect(results.divisive).to.deep.equal(['div00', 'div01', 'div02', 'div03', 'div04', 'div05', 'div06', 'div07', 'div08']);
    });

    it('lengths are parameters (0 gives an empty list)', () => {
      const rows = [...many('pop', 5, (i) => tally(60 + i, 5, 5)), ...many('div', 5, (i) => tally(40 + i, 40, 5))];
      const results = compute(rows, { topPopular: 2, topDivisive: 0 });
      expect(flatPopular(results)).to.deep.equal(['pop04', 'pop03']);
      expect(results.divisive).to.deep.equal([]);
      expect(results.proposals.filter((p) => p.rank !== null)).to.have.length(2);
    });

    it('ranks are 1…K in each list', () => {
      const results = compute([...many('pop', 20, (i) => tally(60 + i, 5, 5)), ...many('div', 12, (i) => tally(40 + i, 40, 5))]);
      const rankOf = new Map(results.proposals.map((p) => [p.proposalId, p.rank]));
      expect(results.divisive.map((id) => rankOf.get(id))).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const byRank = [...results.proposals].filter((p) => p.zone === 'consensus' && p.rank).sort((a, b) => a.rank! - b.rank!);
      expect(byRank.map((p) => p.rank)).to.deep.equal(Array.from({ length: 15 }, (_, i) => i + 1));
    });
  });

  describe('grouping by theme', () => {
    it('popular ideas grouped by theme: themes in the order of their best idea, ideas in rank order', () => {
      const results = compute([
        row('h2', tally(80, 5, 5), 'health'),
        row('e1', tally(99, 1, 0), 'education'),
        row('n1', tally(90, 5, 5), null),
        row('h1', tally(95, 2, 3), 'health'),
        row('e2', tally(70, 5, 5), 'education'),
      ]);
      expect(results.popular).to.deep.equal([
        { themeId: 'education', proposalIds: ['e1', 'e2'] },
        { themeId: 'health', proposalIds: ['h1', 'h2'] },
        { themeId: null, proposalIds: ['n1'] },
      ]);
      // Flattened, the groups hold exactly the top list.
      const ranks = results.popular.flatMap((g) => g.proposalIds.map((id) => results.proposals.find((p) => p.proposalId === id)!.rank));
      expect([...ranks].sort()).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('only the top K are grouped: a theme whose ideas all missed the cut has no group', () => {
      const results = compute(
        [row('a', tally(99, 1, 0), 'a'), row('b', tally(90, 5, 5), 'b'), row('c', tally(61, 20, 19), 'c')],
        { topPopular: 2 },
      );
      expect(results.popular.map((g) => g.themeId)).to.deep.equal(['a', 'b']);
    });
  });

  it('counts accepted proposals per continent of their authors, most first; absent when no author gave a country', () => {
    const votes = tally(1, 0, 0);
    const rows = [
      { ...row('e1', votes), country: 'FR' },
      { ...row('e2', votes), country: 'sn' }, // any case
      { ...row('e3', votes), country: 'DE' },
      { ...row('e4', votes), country: 'AQ' }, // Antarctica: no continent
      { ...row('e5', votes), country: null },
      row('e6', votes),
      { ...row('e7', votes), country: 'BR' },
      { ...row('e8', votes), country: 'KE' },
    ];
    const results = computeResults({ consultationId: 'experts', counts, rows });
    expect(results.continents).to.deep.equal([
      { continent: 'africa', proposals: 2 },
      { continent: 'europe', proposals: 2 },
      { continent: 'americas', proposals: 1 },
    ]);
    expect(z.safeParse(ConsultationResults, results).success).to.equal(true);
    expect('continents' in computeResults({ consultationId: 'citizens', counts, rows: [row('p1', votes)] })).to.equal(false);
  });

  it('refuses nonsensical parameters', () => {
    expect(() => compute([], { minVotes: -1 })).to.throw(RangeError);
    expect(() => compute([], { topPopular: 1.5 })).to.throw(RangeError);
    expect(() => compute([], { z: 0 })).to.throw(RangeError);
    expect(() => compute([], { thresholds: { majority: 1.2, neutral: 0.4, minority: 0.15 } })).to.throw(RangeError);
  });

  it('does not share objects with its input (the answer can be changed safely)', () => {
    const votes = tally(30, 0, 0);
    const results = compute([row('p', votes)]);
    results.proposals[0]!.votes.agree = 0;
    expect(votes.agree).to.equal(30);
  });
});
