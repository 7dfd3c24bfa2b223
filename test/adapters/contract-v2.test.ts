// The contract suite's v2 cases (issue 13): opaque data round trips, getParticipantVote, identify,
// and a failed change of vote through the fixture's failNextChange hook. An adapter shaped like
// Make.org's passes them all in fresh-adapter mode; adapters that break one rule fail that case.
import { expect } from '@open-wc/testing';
import type { CastVote, ConsultAdapter, Qualify } from '../../src/adapters/adapter.js';
import { ConsultError } from '../../src/adapters/errors.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { composeMemoryResults } from '../../src/adapters/memory-results.js';
import type { Proposal } from '../../src/protocol/index.js';
import { runAdapterContract, type ContractFixture } from '../../src/testing/index.js';
import { seed } from '../helpers/seed.js';
import { record } from './contract-record.js';

composeMemoryResults(); // MemoryAdapter's getResults, as the results widget's entry composes it in
const fixture = { consultationId: 'ai', proposalIds: ['p1', 'p2', 'p3'], closedProposalId: 'closed1' };
/** The test seed, every proposal with the token its backend hands out with it. */
const keyed = { ...seed, proposals: seed.proposals.map((p) => ({ ...p, meta: { proposalKey: `key-${p.id}` } })) };

/** The backend, shared by every adapter instance of a test (fresh mode: a reload keeps the server). */
class Backend {
  readonly memory = new MemoryAdapter({ ...keyed, participantVote: true });
  /** Arms a 503 on the second request of the next change of vote. */
  failNextChange = false;
  /** Every request, by name: a write given the token needs no read first. */
  readonly requests: string[] = [];
}

type Flaw = 'none' | 'no-state' | 'wrong-state' | 'meta-required' | 'vote-without-qualifications' | 'unstable-identity';

/**
 * A Make.org-shaped adapter: each read carries an opaque `proposalKey` (meta) a write must send
 * (a v1 caller sends none: one more read), a change of vote is two requests (unvote, then vote),
 * the visitor is a session (identify). `flaw` breaks one rule, for the suite to find.
 */
class MakeOrgShaped implements ConsultAdapter {
  private static sessions = 0;
  constructor(
    private readonly backend: Backend,
    private readonly flaw: Flaw = 'none',
  ) {}

  getConsultation = (id: string) => this.backend.memory.getConsultation(id);
  listProposals: ConsultAdapter['listProposals'] = (id, query) => this.backend.memory.listProposals(id, query);
  getParticipantVotes = (participantId: string, id: string) => this.backend.memory.getParticipantVotes(participantId, id);

  getProposal(id: string): Promise<Proposal> {
    this.backend.requests.push(`read ${id}`);
    return this.backend.memory.getProposal(id);
  }

  async getParticipantVote(participantId: string, proposalId: string) {
    const vote = await this.backend.memory.getParticipantVote!(participantId, proposalId);
    return vote && this.flaw === 'vote-without-qualifications' ? { ...vote, qualifications: [] } : vote;
  }

  async identify(): Promise<string> {
    return this.flaw === 'unstable-identity' ? `session-${++MakeOrgShaped.sessions}-xyz` : 'session-0001-xyz';
  }

  async castVote(vote: CastVote) {
    await this.proposalKey(vote);
    const { memory } = this.backend;
    const held = await memory.getParticipantVote!(vote.participantId, vote.proposalId);
    if (!held || !vote.key || held.key === vote.key) return memory.castVote(vote);
    this.backend.requests.push('unvote');
    await memory.castVote({ ...vote, key: null });
    this.backend.requests.push('vote');
    if (this.backend.failNextChange) {
      this.backend.failNextChange = false;
      const { votes } = await memory.getProposal(vote.proposalId);
      const state = this.flaw === 'no-state' ? undefined : { key: this.flaw === 'wrong-state' ? held.key : null, votes };
      throw new ConsultError('server', 'HTTP 503 on the vote after the unvote.', state && { state });
    }
    return memory.castVote(vote);
  }

  async qualify(q: Qualify) {
    await this.proposalKey(q);
    return this.backend.memory.qualify(q);
  }

  /** The token a write needs: the one given (v2), else read again (v1) unless the flaw forbids it. */
  private async proposalKey(write: { proposalId: string; meta?: Record<string, unknown> }): Promise<void> {
    let key = write.meta?.proposalKey;
    if (key === undefined && this.flaw === 'meta-required') throw new ConsultError('invalid_request', 'proposalKey is required.');
    key ??= (await this.getProposal(write.proposalId)).meta?.proposalKey;
    if (key !== `key-${write.proposalId}`) throw new ConsultError('invalid_request', `Bad proposalKey ${JSON.stringify(key)}.`);
  }
}

/** Fresh mode on one backend, with the fault hook; `flaw` breaks one rule. */
function makeOrg(flaw: Flaw = 'none'): () => ContractFixture {
  return () => {
    const backend = new Backend();
    return {
      createAdapter: () => new MakeOrgShaped(backend, flaw),
      failNextChange: () => void (backend.failNextChange = true),
      ...fixture,
    };
  };
}

const OPAQUE = 'opaque data: the meta a read returns is taken back by castVote and qualify; a write without it still works';
const ONE_VOTE = 'getParticipantVote: agrees with getParticipantVotes, null without a vote';
const IDENTIFY = 'identify: a stable non-empty id, usable in castVote and the vote reads';
const FAILED_CHANGE = 'failed change: a change of vote that fails partway rejects with the state the backend holds';
const V2 = [OPAQUE, ONE_VOTE, IDENTIFY, FAILED_CHANGE];

describe('contract suite v2 cases', () => {
  it('a Make.org-shaped adapter passes every v2 case in fresh-adapter mode; only the methods it lacks are skipped', async () => {
    const outcome = await record(makeOrg(), 'node');
    expect(outcome.failed).to.deep.equal({});
    expect(outcome.passed).to.include.members(V2);
    expect(Object.keys(outcome.skipped).map((title) => title.split(':')[0])).to.have.members(['getSequence', 'submitProposal', 'eraseParticipation', 'getResults', 'subscribe']);
  });

  // One broken rule at a time: its case fails, saying why (alone, except a meta-only adapter,
  // which v1's cases, sending no meta, fail too).
  for (const [flaw, failing, why] of [
    ['no-state', FAILED_CHANGE, 'carries no state'],
    // The bug: the card rolled back to Agree pressed while the server held no vote.
    ['wrong-state', FAILED_CHANGE, 'the backend holds agree, a fresh read says null'],
    ['meta-required', OPAQUE, 'a write without meta (a v1 caller) was refused: ConsultError: proposalKey is required.'],
    ['vote-without-qualifications', ONE_VOTE, 'qualifications [], the list ["likeIt"]'],
    ['unstable-identity', IDENTIFY, 'identify answered another id the second time'],
  ] as const) {
    it(`an adapter with the flaw "${flaw}" fails "${failing.split(':')[0]}"`, async () => {
      const outcome = await record(makeOrg(flaw), 'node');
      if (flaw === 'meta-required') expect(Object.keys(outcome.failed)).to.include(failing);
      else expect(Object.keys(outcome.failed)).to.deep.equal([failing]);
      expect(outcome.failed[failing]).to.contain(why);
    });
  }

  it('the failed-change case is skipped, with its reason, when the fixture has no failNextChange', async () => {
    const outcome = await record(() => ({ ...makeOrg()(), failNextChange: undefined }), 'node');
    expect(outcome.skipped[FAILED_CHANGE]).to.equal('failed change (the fixture has no failNextChange)');
    expect(outcome.failed).to.deep.equal({});
  });

  it('meta that is not plain JSON fails the opaque-data case (a queued write is stored as JSON)', async () => {
    const outcome = await record(() => {
      const adapter = new MemoryAdapter(keyed);
      const read = adapter.getProposal.bind(adapter);
      adapter.getProposal = async (id) => ({ ...(await read(id)), meta: { proposalKey: `key-${id}`, at: new Date(0) } });
      return { adapter, ...fixture };
    }, 'node');
    expect(outcome.failed[OPAQUE]).to.contain('JSON');
  });

  it('a write given the meta makes no extra read; a v1 write reads first', async () => {
    const backend = new Backend();
    const adapter = new MakeOrgShaped(backend);
    const { meta } = await adapter.getProposal('p1');
    backend.requests.length = 0;
    await adapter.castVote({ proposalId: 'p1', participantId: 'participant-meta', key: 'agree', votedAt: new Date().toISOString(), meta });
    await adapter.castVote({ proposalId: 'p1', participantId: 'participant-meta', key: null, votedAt: new Date(Date.now() + 1).toISOString() });
    expect(backend.requests).to.deep.equal(['read p1']);
  });
});

// Seen by the real runner: the v2 cases run (and pass) on these.
runAdapterContract('a Make.org-shaped adapter, a new adapter per step, with failNextChange', makeOrg());
runAdapterContract('MemoryAdapter with participantVote and meta in its seed', () => ({
  adapter: new MemoryAdapter({ ...keyed, participantVote: true }),
  ...fixture,
}));
