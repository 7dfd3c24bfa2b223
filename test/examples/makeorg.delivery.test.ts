// (b) The example wrapped with withDelivery. A change whose second request fails with a retryable
// 503 (carrying `state`: no vote) is kept and retried: the participant sees the vote they chose,
// pending, until it is delivered; only a refusal for good falls back to what the backend holds.
// docs/decisions.md "Issue 13: the Make.org-shaped example".
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { ConsultProposalElement, ProposalUpdate } from 'consult-widgets';
import 'consult-widgets/consultation';
import 'consult-widgets/proposal';
import { withDelivery } from 'consult-widgets/delivery';
import { MakeOrgAdapter } from '../../examples/makeorg/adapter.js';
import { announced, parts, pressed, settled } from '../helpers/proposal.js';
import { closeQuestion, failNextChange, MemoryStorage, newSpace, requests } from './makeorg-fixture.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

/** The example behind an outbox of its own (unique name), retried only when the test flushes it. */
function delivered(baseUrl: string, storage: MemoryStorage) {
  return withDelivery(new MakeOrgAdapter({ baseUrl, storage }), { name: `makeorg-${baseUrl.split('/').pop()}`, baseDelayMs: 600_000, maxDelayMs: 600_000 });
}

/** A card of the visitor on `adapter`, pinned as in makeorg.card.test.ts. */
async function mount(adapter: unknown, visitor: string) {
  const wrapper = await fixture(html`<consult-consultation consultation="climate" participant-id=${visitor} .adapter=${adapter}>
    <consult-proposal proposal-id="mk-1"></consult-proposal>
  </consult-consultation>`);
  return settled(wrapper.querySelector('consult-proposal')!);
}

/** Agree, then Disagree with the change's second request failing (503, no Retry-After): kept, pending. */
async function changedWhileFailing(baseUrl: string, el: ConsultProposalElement) {
  const voted = oneEvent(el, 'consult-vote');
  parts(el).buttons.agree.click();
  await voted;
  await failNextChange(baseUrl, { retryAfter: 0 }); // no Retry-After: flush() may retry at once
  const pending = oneEvent(el, 'consult-vote');
  parts(el).buttons.disagree.click();
  return (await pending).detail as { key: string; delivery: string };
}

/** A visitor's card on the delivering example, after `changedWhileFailing`; the outbox disposed after `body`. */
async function afterFailedChange(
  body: (c: { baseUrl: string; storage: MemoryStorage; adapter: ReturnType<typeof delivered>; visitor: string; el: ConsultProposalElement; change: { key: string; delivery: string } }) => Promise<void>,
) {
  const baseUrl = newSpace();
  const storage = new MemoryStorage();
  const adapter = delivered(baseUrl, storage);
  try {
    const visitor = await new MakeOrgAdapter({ baseUrl, storage }).identify();
    const el = await mount(adapter, visitor);
    const change = await changedWhileFailing(baseUrl, el);
    await body({ baseUrl, storage, adapter, visitor, el, change });
  } finally {
    await adapter.dispose();
  }
}

describe('examples/makeorg with withDelivery', () => {
  it('the 503 on the second request is retried: pending (the intention), then delivered; the backend ends with it', async () => {
    const baseUrl = newSpace();
    const storage = new MemoryStorage();
    const adapter = delivered(baseUrl, storage);
    try {
      const participantId = await new MakeOrgAdapter({ baseUrl, storage }).identify();
      const { meta } = await adapter.getProposal('mk-1');
      const vote = { proposalId: 'mk-1', participantId, meta: meta! };
      expect((await adapter.castVote({ ...vote, key: 'agree', votedAt: at(1) })).delivery).to.equal('acknowledged');
      await failNextChange(baseUrl, { retryAfter: 0 }); // no Retry-After: flush() may retry at once
      const receipt = await adapter.castVote({ ...vote, key: 'disagree', votedAt: at(2) });
      expect(receipt).to.include({ key: 'disagree', delivery: 'pending' });
      expect(adapter.pendingWrites()).to.equal(1);
      // Meanwhile the backend holds no vote (the unvote went through).
      const reader = new MakeOrgAdapter({ baseUrl, storage });
      expect(await reader.getParticipantVote(participantId, 'mk-1')).to.equal(null);

      const updates: ProposalUpdate[] = [];
      const off = adapter.subscribe('mk-1', (u) => updates.push(u));
      const before = (await requests(baseUrl)).length;
      await adapter.flush();
      off();
      expect(updates.map((u) => u.delivery)).to.deep.equal(['acknowledged']);
      // The retry is one vote: the adapter knows the unvote went through.
      expect((await requests(baseUrl)).slice(before)).to.deep.equal(['POST /proposals/mk-1/vote']);
      expect(await reader.getParticipantVote(participantId, 'mk-1')).to.deep.equal({ proposalId: 'mk-1', key: 'disagree', qualifications: [] });
    } finally {
      await adapter.dispose();
    }
  });

  it('in a card: Disagree stays pressed as pending, then delivered; a retry refused for good shows what the backend holds', () =>
    afterFailedChange(async ({ baseUrl, adapter, el, change }) => {
      expect(change).to.include({ key: 'disagree', delivery: 'pending' });
      await el.updateComplete;
      expect(pressed(el), 'the participant sees their choice, waiting to be sent').to.equal('disagree');
      expect(parts(el).status.textContent).to.equal('Saved, will be sent when online');

      // The consultation closes before the retry: refused for good. The adapter knows the backend
      // holds no vote (the unvote went through), the refusal says so, and the card shows it.
      await closeQuestion(baseUrl, 'climate');
      const failed = oneEvent(el, 'consult-error');
      await adapter.flush();
      expect((await failed).detail).to.include({ code: 'closed' });
      await el.updateComplete;
      expect(pressed(el), 'no vote: what the backend holds, not the Agree it held before').to.equal(null);
      await announced(el, 'Your vote could not be saved.');
    }));

  it('in a card: the retry delivers, and a reload without the outbox finds Disagree', () =>
    afterFailedChange(async ({ baseUrl, storage, adapter, visitor, el }) => {
      await adapter.flush();
      await announced(el, 'Vote delivered');
      await waitUntil(() => !el.shadowRoot!.querySelector('.card.pending'), 'the card still shows pending');
      expect(pressed(el)).to.equal('disagree');
      expect(pressed(await mount(new MakeOrgAdapter({ baseUrl, storage }), visitor))).to.equal('disagree');
    }));
});
