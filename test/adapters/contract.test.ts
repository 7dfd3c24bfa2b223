import { expect } from '@open-wc/testing';
import type { CastVote, ConsultAdapter, Qualify, SubmitProposal, VoteReceipt } from '../../src/adapters/adapter.js';
import { LocalAdapter } from '../../src/adapters/local.js';
import '../../src/adapters/memory-erasure.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { composeMemoryResults } from '../../src/adapters/memory-results.js';
import type { VoteKey } from '../../src/protocol/index.js';
import { runAdapterContract } from '../../src/testing/index.js';
import { record } from './contract-record.js';
import { voteAgreeWithKeyboard } from '../helpers/card.js';
import { seed } from '../helpers/seed.js';

// The built-in adapters' results, as the results widget's entry composes them in.
composeMemoryResults();

const fixture = { consultationId: 'ai', proposalIds: ['p1', 'p2', 'p3'], closedProposalId: 'closed1' };

describe('built-in adapters drive a card', () => {
  for (const [name, make] of [
    ['MemoryAdapter', () => new MemoryAdapter(seed)],
    ['LocalAdapter', () => new LocalAdapter({ ...seed, namespace: `card-${Math.random()}` })],
  ] as const) {
    it(`${name}: an accessible card votes with the keyboard`, async () => {
      const adapter = make();
      await voteAgreeWithKeyboard(adapter, 'p2');
      expect((await adapter.getProposal('p2')).votes.agree).to.equal(4);
    });
  }
});

runAdapterContract('MemoryAdapter', () => ({ adapter: new MemoryAdapter(seed), ...fixture }));
runAdapterContract('MemoryAdapter (open world)', () => ({
  adapter: new MemoryAdapter({ ...seed, openWorld: true }),
  ...fixture,
}));
runAdapterContract('LocalAdapter', () => ({
  adapter: new LocalAdapter({ ...seed, namespace: `contract-${Math.random()}` }),
  ...fixture,
}));
// A reload: every step on a new LocalAdapter of the same storage, so votes, last writer wins and
// qualifications must come back from localStorage.
runAdapterContract('LocalAdapter, a new adapter per step', () => {
  const namespace = `contract-${Math.random()}`;
  return { createAdapter: () => new LocalAdapter({ ...seed, namespace }), ...fixture };
});

/**
 * A backend that keeps no rule of its own: the last write to arrive wins, requestIds are
 * forgotten. (A MemoryAdapter whose every write is stamped with its arrival time.)
 */
class ArrivalOrderBackend {
  readonly memory = new MemoryAdapter(seed);
  private arrivals = 0;
  arrival(): string {
    this.arrivals += 1;
    return new Date(Date.UTC(2025, 6, 1) + this.arrivals).toISOString();
  }
}

/**
 * The deliberately flawed adapter: it keeps last-writer-wins (the newest `votedAt` it sent) and
 * requestId idempotency (the ids it got) in its own memory. One instance keeps the rules, so it
 * passes the v1 suite; after a reload (a new instance) they are gone. It has no getSequence,
 * getResults, eraseParticipation or subscribe.
 */
class InstanceMemoryAdapter implements ConsultAdapter {
  private readonly newest = new Map<string, { votedAt: string; key: VoteKey | null }>();
  private readonly submitted = new Map<string, string>();
  constructor(private readonly backend: ArrivalOrderBackend) {}

  getConsultation = (id: string) => this.backend.memory.getConsultation(id);
  getProposal = (id: string) => this.backend.memory.getProposal(id);
  listProposals: ConsultAdapter['listProposals'] = (id, query) => this.backend.memory.listProposals(id, query);
  getParticipantVotes = (participantId: string, id: string) => this.backend.memory.getParticipantVotes(participantId, id);

  async castVote(vote: CastVote): Promise<VoteReceipt> {
    const memo = `${vote.participantId}|${vote.proposalId}`;
    const known = this.newest.get(memo);
    if (known && vote.votedAt < known.votedAt) {
      return { proposalId: vote.proposalId, key: known.key, votes: (await this.getProposal(vote.proposalId)).votes, delivery: 'acknowledged' };
    }
    const receipt = await this.backend.memory.castVote({ ...vote, votedAt: this.backend.arrival() });
    this.newest.set(memo, { votedAt: vote.votedAt, key: vote.key });
    return receipt;
  }

  qualify(q: Qualify) {
    return this.backend.memory.qualify({ ...q, votedAt: this.backend.arrival() });
  }

  async submitProposal(input: SubmitProposal) {
    const id = this.submitted.get(input.requestId);
    if (id) return { id, status: 'pending' as const };
    const answer = await this.backend.memory.submitProposal({ ...input, requestId: `${input.requestId}.${this.backend.arrival()}` });
    this.submitted.set(input.requestId, answer.id);
    return answer;
  }
}

const LATE_WRITE = 'ignores a write older than the vote it holds';
const SUBMISSION = 'submitProposal: pending, and a repeated requestId is answered with the same id';
// Contract v2's cases skip too: no meta in the seed, no getParticipantVote, identify or failNextChange.
const ABSENT = ['getSequence', 'eraseParticipation', 'getResults', 'subscribe', 'opaque data', 'getParticipantVote', 'identify', 'failed change'];

describe('contract suite v2: skips and the fresh-adapter mode', () => {
  const single = () => ({ adapter: new InstanceMemoryAdapter(new ArrivalOrderBackend()), ...fixture });
  const freshPerStep = () => {
    const backend = new ArrivalOrderBackend();
    return { createAdapter: () => new InstanceMemoryAdapter(backend), ...fixture };
  };

  it('an adapter keeping its rules in instance memory passes with one instance, its missing methods skipped (node:test shape)', async () => {
    const outcome = await record(single, 'node');
    expect(outcome.failed).to.deep.equal({});
    expect(outcome.passed).to.include.members([LATE_WRITE, SUBMISSION]);
    expect(Object.keys(outcome.skipped).map((title) => title.split(':')[0])).to.have.members(ABSENT);
    expect(Object.values(outcome.skipped)).to.include('getSequence (the adapter has none)');
  });

  it('the same adapter fails the fresh mode on exactly the rules kept in memory', async () => {
    const outcome = await record(freshPerStep, 'node');
    expect(Object.keys(outcome.failed)).to.have.members([LATE_WRITE, SUBMISSION]);
    expect(outcome.failed[LATE_WRITE]).to.contain('a late write changed the vote to disagree');
    expect(outcome.failed[SUBMISSION]).to.contain('the same requestId gave another id');
    expect(Object.keys(outcome.skipped)).to.have.length(ABSENT.length);
  });

  it("mocha's this.skip() is used where the runner gives no context argument", async () => {
    const outcome = await record(single, 'mocha');
    expect(Object.keys(outcome.skipped).map((title) => title.split(':')[0])).to.have.members(ABSENT);
    expect(outcome.failed).to.deep.equal({});
  });

  it('methods listed as missing are registered with it.skip (for jest), before any setup runs', async () => {
    const registered: string[] = [];
    const it = Object.assign((title: string) => registered.push(`run ${title}`), { skip: (title: string) => registered.push(`skip ${title}`) });
    runAdapterContract('declared', single, { describe: (_name, body) => body(), it, missing: ['getSequence', 'subscribe'] });
    expect(registered.filter((r) => r.startsWith('skip ')).map((r) => r.split(':')[0])).to.deep.equal(['skip getSequence', 'skip subscribe']);
    expect(registered).to.include(`run ${LATE_WRITE}`);
  });

  it('qualify is checked: an adapter that accepts a qualification without a vote fails the conflict case only', async () => {
    const lenient = () => {
      const adapter = new MemoryAdapter(seed);
      const strict = adapter.qualify.bind(adapter);
      // Swallows the protocol's conflict and answers the counts unchanged, as a careless adapter might.
      adapter.qualify = (q) =>
        strict(q).catch(async () => ({ proposalId: q.proposalId, qualifications: (await adapter.getProposal(q.proposalId)).qualifications, delivery: 'acknowledged' as const }));
      return { adapter, ...fixture };
    };
    const outcome = await record(lenient, 'node');
    expect(Object.keys(outcome.failed)).to.deep.equal(['qualify: refuses a qualification without a vote, or of another vote key, with conflict']);
    expect(Object.values(outcome.failed)[0]).to.contain('a qualification without a vote: expected a rejection with code "conflict"');
  });

  it('a fixture with both adapter and createAdapter uses the adapter first, then new instances', async () => {
    const backend = new ArrivalOrderBackend();
    const first = new InstanceMemoryAdapter(backend);
    let made = 0;
    const outcome = await record(() => ({ adapter: first, createAdapter: () => ((made += 1), new InstanceMemoryAdapter(backend)), ...fixture }), 'node');
    expect(made).to.be.greaterThan(0);
    expect(Object.keys(outcome.failed)).to.have.members([LATE_WRITE, SUBMISSION]);
  });
});

// Seen by the real runner (mocha): the skipped methods show as skipped in the run's report.
runAdapterContract('an adapter with no optional reads, one instance', () => ({
  adapter: new InstanceMemoryAdapter(new ArrivalOrderBackend()),
  ...fixture,
}));
