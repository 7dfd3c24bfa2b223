// getResults of the library's adapters: MemoryAdapter (and LocalAdapter, which inherits it) computes
// the results in the page; RestAdapter asks the backend and checks the answer against the protocol.
import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import { LocalAdapter } from '../../src/adapters/local.js';
import { composeMemoryResults, resultsInputOf } from '../../src/adapters/memory-results.js';
import { MemoryAdapter, type ProposalSeed } from '../../src/adapters/memory.js';
import { ConsultationResults, type Tally } from '../../src/protocol/index.js';
import { computeResults } from '../../src/results/index.js';
import { drain, failure, fresh } from '../helpers/rest.js';

composeMemoryResults();

const tally = (agree: number, disagree: number, neutral: number): Tally => ({ agree, disagree, neutral });
const at = (s: number) => new Date(Date.UTC(2025, 1, 10, 9, 0, s)).toISOString();
const PARTICIPANT = 'participant-results-1';

const consultations = [
  {
    id: 'ai',
    themes: [{ id: 'education', label: 'AI Education' }],
    counts: { participants: 100, proposals: 3, votes: 92 },
  },
  { id: 'other' },
];
const proposals: ProposalSeed[] = [
  { id: 'popular', content: 'Teach AI at school', themeId: 'education', votes: tally(40, 5, 5), qualifications: { likeIt: 10 } },
  { id: 'divisive', content: 'Ban AI in exams', votes: tally(20, 20, 0), qualifications: { likeIt: 3, noWay: 4 } },
  { id: 'young', content: 'Open the models', votes: tally(2, 0, 0) },
  { id: 'waiting', content: 'Still in moderation', status: 'pending', votes: tally(50, 0, 0) },
  { id: 'elsewhere', consultationId: 'other', content: 'Another consultation', votes: tally(50, 0, 0) },
];

describe('results: adapters', () => {
  describe('MemoryAdapter.getResults', () => {
    it('computes the results of the accepted proposals of that consultation only', async () => {
      const adapter = new MemoryAdapter({ consultations, proposals });
      const results = await adapter.getResults!('ai');
      expect(z.parse(ConsultationResults, results)).to.deep.equal(results);
      expect(results.proposals.map((p) => [p.proposalId, p.zone, p.rank])).to.deep.equal([
        ['popular', 'consensus', 1],
        ['divisive', 'controversy', 1],
        ['young', null, null],
      ]);
      expect(results.popular).to.deep.equal([{ themeId: 'education', proposalIds: ['popular'] }]);
      expect(results.divisive).to.deep.equal(['divisive']);
      expect(results.counts).to.deep.equal({ participants: 100, proposals: 3, votes: 92 });
      // Listed ideas say how many votes would move them out of their list; the others say nothing.
      expect(results.proposals.map((p) => p.robustness === undefined)).to.deep.equal([false, false, true]);
      // The same as computing from what the adapter says it computes from.
      expect(results).to.deep.equal(computeResults(await resultsInputOf(adapter, 'ai')));
    });

    it('counts the votes cast on the adapter: the tallies move, a new participant counts once', async () => {
      const adapter = new MemoryAdapter({ consultations, proposals });
      await adapter.castVote({ proposalId: 'young', participantId: PARTICIPANT, key: 'agree', votedAt: at(1) });
      await adapter.castVote({ proposalId: 'divisive', participantId: PARTICIPANT, key: 'disagree', votedAt: at(2) });
      let results = await adapter.getResults!('ai');
      expect(results.counts).to.deep.equal({ participants: 101, proposals: 3, votes: 94 });
      expect(results.proposals.find((p) => p.proposalId === 'young')!.votes).to.deep.equal(tally(3, 0, 0));
      // Withdrawn votes no longer count, nor does their participant.
      await adapter.castVote({ proposalId: 'young', participantId: PARTICIPANT, key: null, votedAt: at(3) });
      await adapter.castVote({ proposalId: 'divisive', participantId: PARTICIPANT, key: null, votedAt: at(4) });
      results = await adapter.getResults!('ai');
      expect(results.counts).to.deep.equal({ participants: 100, proposals: 3, votes: 92 });
    });

    it('a vote can move a proposal into a zone and into the top list', async () => {
      const seeded = [{ id: 'edge', content: 'On the edge', votes: tally(11, 4, 4) }];
      const adapter = new MemoryAdapter({ consultations, proposals: seeded });
      expect((await adapter.getResults!('ai')).proposals[0]!.zone).to.equal(null); // 19 votes
      await adapter.castVote({ proposalId: 'edge', participantId: PARTICIPANT, key: 'agree', votedAt: at(1) });
      const results = await adapter.getResults!('ai');
      expect(results.proposals[0]).to.deep.include({ zone: 'consensus', rank: 1 }); // 12 of 20 agree
    });

    it('answers not_found for an unknown consultation', async () => {
      const error = await failure(new MemoryAdapter({ consultations, proposals }).getResults!('nope'));
      expect(error.code).to.equal('not_found');
    });

    it('does not let a caller change the adapter’s tallies through the answer', async () => {
      const adapter = new MemoryAdapter({ consultations, proposals });
      (await adapter.getResults!('ai')).proposals[0]!.votes.agree = 0;
      expect((await adapter.getResults!('ai')).proposals[0]!.votes.agree).to.equal(40);
    });

    it('LocalAdapter inherits it, with the votes kept in this browser', async () => {
      const storage = window.sessionStorage;
      const namespace = `results-${Math.random().toString(36).slice(2)}`;
      const first = new LocalAdapter({ consultations, proposals, namespace, storage });
      await first.castVote({ proposalId: 'young', participantId: PARTICIPANT, key: 'agree', votedAt: at(1) });
      const reloaded = new LocalAdapter({ consultations, proposals, namespace, storage });
      const results = await reloaded.getResults!('ai');
      expect(results.counts).to.deep.equal({ participants: 101, proposals: 3, votes: 93 });
      storage.removeItem(reloaded.storageKey);
    });
  });

  describe('RestAdapter.getResults (protocol test server)', () => {
    const seed = {
      proposals: [
        { id: 'p1', consultationId: 'ai', content: 'Teach AI at school', themeId: 'education', votes: tally(40, 5, 5) },
        { id: 'p2', consultationId: 'ai', content: 'Ban AI in exams', themeId: 'transparency', votes: tally(20, 20, 0) },
        { id: 'p3', consultationId: 'ai', content: 'Open the models', themeId: null, votes: tally(1, 0, 0) },
      ],
    };

    it('GETs the results and checks them against the protocol', async () => {
      const { backend, adapter } = await fresh();
      await backend.reset(seed);
      await adapter.castVote({ proposalId: 'p3', participantId: PARTICIPANT, key: 'agree', votedAt: at(1) });
      await drain(adapter);
      const results = await adapter.getResults('ai');
      expect(z.safeParse(ConsultationResults, results).success).to.equal(true);
      expect(results.proposals.map((p) => [p.proposalId, p.zone, p.rank])).to.deep.equal([
        ['p1', 'consensus', 1],
        ['p2', 'controversy', 1],
        ['p3', null, null],
      ]);
      expect(results.proposals[2]!.votes).to.deep.equal(tally(2, 0, 0));
      // Robustness travels through the REST adapter's check: 40 of 67 is under 0.6; 20 + 10 of 50 is 0.6.
      expect(results.proposals.map((p) => p.robustness)).to.deep.equal([
        { votes: 17, key: 'disagree', leaves: 'zone' },
        { votes: 10, key: 'agree', leaves: 'zone' },
        undefined,
      ]);
      expect(results.popular).to.deep.equal([{ themeId: 'education', proposalIds: ['p1'] }]);
      expect(results.method.minVotes).to.equal(20);
      const log = await backend.log();
      expect(log.some((e) => e.method === 'GET' && e.path === '/consultations/ai/results')).to.equal(true);
    });

    it('refuses an answer that is not the protocol’s results shape (bad_response)', async () => {
      const { backend, adapter } = await fresh();
      await backend.malformed({ mode: 'schema', methods: ['GET'], path: '/results$' });
      const error = await failure(adapter.getResults('ai'));
      expect(error.code).to.equal('bad_response');
    });

    it('passes the backend’s not_found on', async () => {
      const { adapter } = await fresh();
      expect((await failure(adapter.getResults('nope'))).code).to.equal('not_found');
    });
  });
});
