// Contract v2 as a card uses it (issue 13): the opaque `meta` of its last read goes back with its
// writes, `getParticipantVote` replaces the vote list when the adapter has it, and `identify` names
// the participant instead of the page. The adapter records what the card sends.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { CastVote, ConsultAdapter, Qualify } from '../../../src/adapters/adapter.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import '../../../src/components/consultation/consultation.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import '../../../src/components/proposal/proposal.js';
import type { ParticipantVote, Proposal } from '../../../src/protocol/index.js';
import { failingIdentity } from '../../helpers/identity.js';
import { parts, pressed, settled } from '../../helpers/proposal.js';
import { seed } from '../../helpers/seed.js';

interface Recorded {
  method: string;
  args: unknown[];
}

interface Options {
  /** The meta reads hand out (`undefined`: none, a v1 adapter); changed by the test between reads. */
  meta?: Record<string, unknown>;
  /** Give the adapter getParticipantVote (its getParticipantVotes then throws). */
  oneVote?: boolean;
  identify?: () => Promise<string>;
}

/** A MemoryAdapter over the test seed, recording every call, with contract v2's parts as asked. */
function recording(options: Options) {
  const base = new MemoryAdapter(seed);
  const calls: Recorded[] = [];
  const state = { meta: options.meta };
  const record = (method: string, args: unknown[]) => calls.push({ method, args });
  const adapter: ConsultAdapter = {
    getConsultation: (id) => (record('getConsultation', [id]), base.getConsultation(id)),
    listProposals: (id, q) => base.listProposals(id, q),
    async getProposal(id): Promise<Proposal> {
      record('getProposal', [id]);
      const proposal = await base.getProposal(id);
      return state.meta ? { ...proposal, meta: structuredClone(state.meta) } : proposal;
    },
    async getParticipantVotes(participantId, consultationId) {
      record('getParticipantVotes', [participantId, consultationId]);
      if (options.oneVote) throw new Error('this backend cannot list votes');
      return base.getParticipantVotes(participantId, consultationId);
    },
    castVote: (vote: CastVote) => (record('castVote', [vote]), base.castVote(vote)),
    qualify: (q: Qualify) => (record('qualify', [q]), base.qualify(q)),
  };
  if (options.oneVote) {
    adapter.getParticipantVote = async (participantId, proposalId): Promise<ParticipantVote | null> => {
      record('getParticipantVote', [participantId, proposalId]);
      const mine = await base.getParticipantVotes(participantId, 'ai');
      return mine.find((v) => v.proposalId === proposalId) ?? null;
    };
  }
  if (options.identify) adapter.identify = () => (record('identify', []), options.identify!());
  const of = (method: string) => calls.filter((c) => c.method === method).map((c) => c.args);
  return { adapter, base, state, of };
}

async function card(adapter: ConsultAdapter, extra = ''): Promise<ConsultProposalElement> {
  const el = await fixture<ConsultProposalElement>(
    extra === 'live'
      ? html`<consult-proposal proposal-id="p1" live live-interval="2" .adapter=${adapter}></consult-proposal>`
      : html`<consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>`,
  );
  return settled(el);
}

async function vote(el: ConsultProposalElement, key: 'agree' | 'disagree'): Promise<void> {
  const voted = oneEvent(el, 'consult-vote');
  parts(el).buttons[key].click();
  await voted;
  await el.updateComplete;
}

async function qualifyLikeIt(el: ConsultProposalElement): Promise<void> {
  const qualified = oneEvent(el, 'consult-qualify');
  el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-qualification="likeIt"]')!.click();
  await qualified;
}

describe('<consult-proposal> with contract v2', () => {
  it('hands the meta of its read back in castVote and qualify', async () => {
    const { adapter, of } = recording({ meta: { proposalKey: 'key-1', rank: [1, 2] } });
    const el = await card(adapter);
    await vote(el, 'agree');
    await qualifyLikeIt(el);
    expect((of('castVote')[0]![0] as CastVote).meta).to.deep.equal({ proposalKey: 'key-1', rank: [1, 2] });
    expect((of('qualify')[0]![0] as Qualify).meta).to.deep.equal({ proposalKey: 'key-1', rank: [1, 2] });
  });

  it('after a live re-read with new meta, the new meta travels', async function () {
    this.timeout(10_000);
    const { adapter, state, of } = recording({ meta: { proposalKey: 'key-1' } });
    const el = await card(adapter, 'live');
    state.meta = { proposalKey: 'key-2' };
    await waitUntil(() => of('getProposal').length >= 2, 'no live re-read', { timeout: 5000 });
    await el.updateComplete;
    await vote(el, 'disagree');
    expect((of('castVote')[0]![0] as CastVote).meta).to.deep.equal({ proposalKey: 'key-2' });
  });

  it('a v1 adapter (no meta) gets writes without a meta key', async () => {
    const { adapter, of } = recording({});
    const el = await card(adapter);
    await vote(el, 'agree');
    await qualifyLikeIt(el);
    expect(of('castVote')[0]![0]).to.not.have.property('meta');
    expect(of('qualify')[0]![0]).to.not.have.property('meta');
  });

  it('reads its vote with getParticipantVote when the adapter has it, never the list', async () => {
    const { adapter, base, of } = recording({ oneVote: true, identify: async () => 'session-one-vote' });
    await base.castVote({ proposalId: 'p1', participantId: 'session-one-vote', key: 'disagree', votedAt: new Date().toISOString() });
    const el = await card(adapter);
    expect(pressed(el)).to.equal('disagree');
    expect(of('getParticipantVote')).to.deep.equal([['session-one-vote', 'p1']]);
    expect(of('getParticipantVotes')).to.deep.equal([]);
  });

  it('without getParticipantVote, reads the consultation list', async () => {
    const { adapter, base, of } = recording({ identify: async () => 'session-list' });
    await base.castVote({ proposalId: 'p1', participantId: 'session-list', key: 'agree', votedAt: new Date().toISOString() });
    const el = await card(adapter);
    expect(pressed(el)).to.equal('agree');
    expect(of('getParticipantVotes')).to.deep.equal([['session-list', 'ai']]);
  });

  it("acts for identify's participant, not the page's, asking identify once for many cards", async () => {
    const { adapter, of } = recording({ identify: async () => 'session-abc-123' });
    const root = await fixture(html`<consult-consultation consultation="ai" participant-id="citizen-0042">
      <consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>
      <consult-proposal proposal-id="p2" .adapter=${adapter}></consult-proposal>
    </consult-consultation>`);
    const [first] = await Promise.all([...root.querySelectorAll<ConsultProposalElement>('consult-proposal')].map((c) => settled(c)));
    await vote(first!, 'agree');
    expect((of('castVote')[0]![0] as CastVote).participantId).to.equal('session-abc-123');
    expect(of('getParticipantVotes').map((args) => args[0])).to.deep.equal(['session-abc-123']);
    expect(of('identify')).to.have.length(1);
  });

  it('a failing identify is the error state (no exception), and retry asks again', async () => {
    const session = failingIdentity(new ConsultError('unauthorized', 'No session.'), 'session-after-retry');
    const { adapter, of } = recording({ identify: session.identify });
    const errors: string[] = [];
    const el = await fixture<ConsultProposalElement>(
      html`<consult-proposal proposal-id="p3" .adapter=${adapter} @consult-error=${(e: CustomEvent<{ code: string }>) => errors.push(e.detail.code)}></consult-proposal>`,
    );
    await settled(el);
    expect(el.shadowRoot!.querySelector('.card.error-state'), 'the error state').to.not.equal(null);
    expect(errors).to.deep.equal(['unauthorized']);
    expect(of('castVote')).to.deep.equal([]);
    session.heal();
    parts(el).retry!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('article.card[aria-busy="false"]'), 'the retry never loaded');
    await el.updateComplete;
    const voted = oneEvent(el, 'consult-vote');
    parts(el).buttons.agree.click();
    await voted;
    expect((of('castVote')[0]![0] as CastVote).participantId).to.equal('session-after-retry');
    expect(of('identify')).to.have.length(2);
  });
});
