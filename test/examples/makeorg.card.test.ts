// (c) The fault test in Chromium: a real <consult-proposal> (the built package, as a site loads it)
// on the example adapter. Agree, then Disagree with a 503 on the change's second request: the card
// ends showing what the backend holds (no vote), and a reload (a new adapter instance) agrees.
// Requests per click come from the fake API's own log: one per vote, two per change, no re-read.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import 'consult-widgets/consultation';
import 'consult-widgets/proposal';
import type { ConsultProposalElement } from 'consult-widgets';
import { MakeOrgAdapter } from '../../examples/makeorg/adapter.js';
import { parts, pressed, settled, showsTally } from '../helpers/proposal.js';
import { failNextChange, MemoryStorage, newSpace, requests } from './makeorg-fixture.js';

/** A page with the card: a new adapter instance on the browser's storage, as after a (re)load. */
async function page(baseUrl: string, storage: MemoryStorage, participantId: string): Promise<ConsultProposalElement> {
  const adapter = new MakeOrgAdapter({ baseUrl, storage });
  // The participant is pinned on the provider: the anonymous id in localStorage is shared with
  // the test files running at the same time in other pages of this origin.
  const wrapper = await fixture(html`<consult-consultation consultation="climate" participant-id=${participantId} .adapter=${adapter}>
    <consult-proposal proposal-id="mk-1"></consult-proposal>
  </consult-consultation>`);
  return settled(wrapper.querySelector('consult-proposal')!);
}

/** Click `key` and wait for the event that ends the write; returns the API requests it made. */
async function click(baseUrl: string, el: ConsultProposalElement, key: 'agree' | 'disagree', ends: 'consult-vote' | 'consult-error') {
  const before = (await requests(baseUrl)).length;
  const ended = oneEvent(el, ends);
  parts(el).buttons[key].click();
  await ended;
  await el.updateComplete;
  return (await requests(baseUrl)).slice(before);
}

describe('examples/makeorg: a failed change of vote in a real card', () => {
  it('Agree, then Disagree with a 503 on the second request: no vote pressed, the failure said, a reload agrees', async () => {
    const baseUrl = newSpace();
    const storage = new MemoryStorage();
    const visitor = await new MakeOrgAdapter({ baseUrl, storage }).identify();
    const el = await page(baseUrl, storage, visitor);
    expect(pressed(el)).to.equal(null);

    expect(await click(baseUrl, el, 'agree', 'consult-vote')).to.deep.equal(['POST /proposals/mk-1/vote']);
    expect(pressed(el)).to.equal('agree');
    expect(parts(el).legend!.textContent).to.contain('101 votes');

    await failNextChange(baseUrl);
    expect(await click(baseUrl, el, 'disagree', 'consult-error')).to.deep.equal(['POST /proposals/mk-1/unvote', 'POST /proposals/mk-1/vote']);
    expect(pressed(el), 'the card shows what the backend holds: no vote').to.equal(null);
    expect(showsTally(el)).to.equal(false);
    expect(parts(el).status.textContent).to.match(/^Your vote could not be saved\. POST \/proposals\/mk-1\/vote failed with HTTP 503/);

    const reloaded = await page(baseUrl, storage, visitor);
    expect(pressed(reloaded), 'after a reload').to.equal(null);

    // From there a vote is one request again, and the tally moves from the backend's 100.
    expect(await click(baseUrl, reloaded, 'disagree', 'consult-vote')).to.deep.equal(['POST /proposals/mk-1/vote']);
    expect(parts(reloaded).legend!.textContent).to.contain('101 votes');
    expect(pressed(await page(baseUrl, storage, visitor))).to.equal('disagree');
  });
});
