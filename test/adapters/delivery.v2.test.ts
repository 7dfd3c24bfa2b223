// withDelivery and contract v2 (issue 13): a write's `meta` is queued with it (a reload delivers it
// as given), `getParticipantVote` and `identify` are offered only when the inner adapter has them,
// and a final failure's `state` reaches the card through the pushed update's `error`.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { CastVote, ConsultAdapter, ProposalUpdate } from '../../src/adapters/adapter.js';
import { withDelivery, type DeliveringAdapter, type DeliveryOptions } from '../../src/adapters/delivery.js';
import { ConsultError } from '../../src/adapters/errors.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import '../../src/components/proposal/proposal.js';
import { parts, settled } from '../helpers/proposal.js';
import { seed } from '../helpers/seed.js';

const offline = () => new ConsultError('network', 'The backend cannot be reached.');

/** An integrator's adapter over a memory backend: its writes fail while `down` or from `failures`; it records the calls it got. */
function inner(v2: boolean) {
  const memory = new MemoryAdapter({ ...seed, participantVote: v2 });
  const io = { down: false, failures: [] as ConsultError[], calls: [] as CastVote[] };
  const adapter: ConsultAdapter = {
    getConsultation: (id) => memory.getConsultation(id),
    getProposal: (id) => memory.getProposal(id),
    listProposals: (id, q) => memory.listProposals(id, q),
    getParticipantVotes: (p, c) => memory.getParticipantVotes(p, c),
    async castVote(vote) {
      io.calls.push(vote);
      const failure = io.failures.shift() ?? (io.down ? offline() : undefined);
      if (failure) throw failure;
      return memory.castVote(vote);
    },
    qualify: (q) => memory.qualify(q),
  };
  if (v2) {
    adapter.getParticipantVote = (p, id) => memory.getParticipantVote!(p, id);
    adapter.identify = async () => 'session-delivery-1';
  }
  return { adapter, memory, io };
}

let names = 0;
const wrappers: DeliveringAdapter[] = [];
function delivering(adapter: ConsultAdapter, options: Partial<DeliveryOptions> = {}): DeliveringAdapter {
  const wrapped = withDelivery(adapter, { name: `delivery-v2-${names}`, baseDelayMs: 20, ...options });
  wrappers.push(wrapped);
  return wrapped;
}
const stored = () => Object.keys(localStorage).filter((k) => k.startsWith(`consult-widgets:outbox:delivery-v2-${names}:`));
let clockAt = Date.now();
const now = () => new Date(++clockAt).toISOString();

describe('withDelivery with contract v2', () => {
  beforeEach(() => void ++names);
  afterEach(async () => {
    await Promise.all(wrappers.splice(0).map((w) => w.dispose()));
    for (const key of stored()) localStorage.removeItem(key);
  });

  it('keeps the meta with the queued write: a reload delivers it to the inner adapter as given', async () => {
    const { adapter, io } = inner(false);
    io.down = true;
    const page = delivering(adapter, { baseDelayMs: 60_000 });
    const meta = { proposalKey: 'token-p1', nested: { rank: [3, 1] } };
    const receipt = await page.castVote({ proposalId: 'p1', participantId: 'participant-meta-1', key: 'agree', votedAt: now(), meta });
    expect(receipt.delivery).to.equal('pending');
    await page.dispose();
    expect(stored()).to.have.length(1);
    io.down = false;
    io.calls.length = 0;
    delivering(adapter); // the next page load
    await waitUntil(() => io.calls.length === 1 && stored().length === 0, 'the stored vote was never delivered');
    expect(io.calls[0]!.meta).to.deep.equal(meta);
  });

  it('offers getParticipantVote and identify only when the inner adapter has them', async () => {
    const v1 = delivering(inner(false).adapter);
    expect(typeof v1.getParticipantVote, 'a card would skip the vote list').to.equal('undefined');
    expect(typeof v1.identify, "a card would drop the page's participant").to.equal('undefined');
    const { adapter, memory } = inner(true);
    const v2 = delivering(adapter);
    expect(await v2.identify!()).to.equal('session-delivery-1');
    await memory.castVote({ proposalId: 'p2', participantId: 'participant-one-1', key: 'neutral', votedAt: now() });
    expect(await v2.getParticipantVote!('participant-one-1', 'p2')).to.deep.equal({ proposalId: 'p2', key: 'neutral', qualifications: [] });
    expect(await v2.getParticipantVote!('participant-one-1', 'p3')).to.equal(null);
  });

  it("getParticipantVote shows the queued intention over the backend's answer", async () => {
    const { adapter, io } = inner(true);
    const wrapped = delivering(adapter, { baseDelayMs: 60_000 });
    const me = 'participant-one-2';
    await wrapped.castVote({ proposalId: 'p1', participantId: me, key: 'agree', votedAt: now() }); // delivered
    io.down = true;
    await wrapped.castVote({ proposalId: 'p1', participantId: me, key: 'disagree', votedAt: now() });
    await wrapped.qualify!({ proposalId: 'p1', participantId: me, qualification: 'impossible', active: true, votedAt: now() });
    expect(await wrapped.getParticipantVote!(me, 'p1')).to.deep.equal({ proposalId: 'p1', key: 'disagree', qualifications: ['impossible'] });
    await wrapped.castVote({ proposalId: 'p1', participantId: me, key: null, votedAt: now() });
    expect(await wrapped.getParticipantVote!(me, 'p1'), 'a queued withdrawal').to.equal(null);
    await wrapped.castVote({ proposalId: 'p2', participantId: me, key: 'agree', votedAt: now() });
    expect(await wrapped.getParticipantVote!(me, 'p2'), 'a queued first vote').to.deep.equal({ proposalId: 'p2', key: 'agree', qualifications: [] });
  });

  it("a final failure after a retry reaches subscribers with the error's state", async () => {
    const { adapter, io, memory } = inner(false);
    const wrapped = delivering(adapter);
    const updates: ProposalUpdate[] = [];
    wrapped.subscribe('p3', (update) => updates.push(update));
    const held = { key: null, votes: (await memory.getProposal('p3')).votes };
    io.failures = [offline(), new ConsultError('conflict', 'The vote moved meanwhile.', { state: held })];
    const receipt = await wrapped.castVote({ proposalId: 'p3', participantId: 'participant-state-1', key: 'agree', votedAt: now() });
    expect(receipt.delivery).to.equal('pending');
    await waitUntil(() => updates.length > 0, 'the refusal was never reported');
    expect(updates[0]!.error?.code).to.equal('conflict');
    expect(updates[0]!.error?.state).to.deep.equal(held);
  });

  it("the card hears that final failure through its subscription (consult-error, the card's vote withdrawn)", async () => {
    const { adapter, io, memory } = inner(false);
    const wrapped = delivering(adapter);
    const held = { key: null, votes: (await memory.getProposal('p2')).votes };
    io.failures = [offline(), new ConsultError('conflict', 'The vote moved meanwhile.', { state: held })];
    const el = await settled(await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p2" .adapter=${wrapped}></consult-proposal>`));
    const failed = oneEvent(el, 'consult-error');
    parts(el).buttons.agree.click();
    expect(((await failed) as CustomEvent<{ code: string }>).detail.code).to.equal('conflict');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.actions button[aria-pressed="true"]'), 'no vote shown pressed').to.equal(null);
  });
});
