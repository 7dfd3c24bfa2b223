// The card on the REST adapter against the real protocol test server: what a participant sees when
// the network drops a vote, when the backend answers off-protocol, when a proxy answers instead of
// it, and when the endpoint points at no protocol v1 server. Nothing may escape into the host page.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { RestAdapter } from '../../../src/adapters/rest.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import '../../../src/components/proposal/proposal.js';
import { parts, pressed, watchPage } from '../../helpers/proposal.js';
import { fresh, hears } from '../../helpers/rest.js';

const card = (adapter: RestAdapter, id = 'p1') =>
  fixture<ConsultProposalElement>(html`<consult-proposal proposal-id=${id} .adapter=${adapter}></consult-proposal>`);

/** The card has left its loading state (a real server: allow for a cold first request). */
async function settled(el: ConsultProposalElement): Promise<ConsultProposalElement> {
  await el.updateComplete;
  await waitUntil(() => el.shadowRoot!.querySelector('article.card[aria-busy="false"], .card.error-state'), 'the card never loaded', {
    timeout: 5000,
  });
  await el.updateComplete;
  return el;
}

/** The error state's alert text, once the card shows it. */
async function errorText(el: ConsultProposalElement): Promise<string> {
  await settled(el);
  const alert = el.shadowRoot!.querySelector('.card.error-state p.status[role="alert"]');
  expect(alert, 'the card shows its error state').not.to.equal(null);
  return alert!.textContent!.replace(/\s+/g, ' ').trim();
}

describe('<consult-proposal> on the REST adapter', function () {
  this.timeout(15_000);
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => {
    page.restore();
    expect(page.escaped, 'errors that reached the host page').to.deep.equal([]);
  });

  it('shows a keyboard vote cast while the network drops as pending, then delivered with the server’s tally', async () => {
    const { backend, adapter } = await fresh();
    const el = await settled(await card(adapter));
    await expect(el).to.be.accessible();
    // Someone else votes after the card loaded: once delivered, the card shows the backend's
    // count, not its own estimate.
    const other = await fetch(`${backend.endpoint}/proposals/p1/votes/participant-someone-else`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'neutral', votedAt: new Date().toISOString() }),
    });
    expect(other.status).to.equal(200);
    await backend.setFaults({ dropRate: 1, methods: ['PUT'] });
    parts(el).buttons.agree.focus();
    await sendKeys({ press: 'Enter' });
    await hears(el, 'Saved, will be sent when online');
    expect(parts(el).status.textContent).to.equal('Saved, will be sent when online');
    expect(parts(el).card.classList.contains('pending')).to.equal(true);
    expect(pressed(el)).to.equal('agree');
    expect(parts(el).legend!.textContent).to.contain('1 vote');
    await expect(el).to.be.accessible();

    await backend.clearFaults();
    await hears(el, 'Vote delivered');
    await el.updateComplete;
    expect(parts(el).card.classList.contains('pending')).to.equal(false);
    expect(parts(el).status.textContent).to.equal('');
    expect(parts(el).legend!.textContent).to.equal('50% agree · 0% disagree · 50% neutral · 2 votes');
    expect((await backend.state()).proposals.p1!.votes).to.deep.equal({ agree: 1, disagree: 0, neutral: 1 });
  });

  it('rolls a queued vote back and says why when the server later refuses it for good', async () => {
    const { backend, adapter } = await fresh();
    const el = await settled(await card(adapter, 'p2'));
    await backend.setFaults({ dropRate: 1, methods: ['PUT'] });
    parts(el).buttons.disagree.click();
    await hears(el, 'Saved, will be sent when online');
    await backend.setFaults({ requireToken: 'a-token-this-page-lacks' });
    await hears(el, 'Your vote could not be saved. A valid bearer token is required.');
    expect(pressed(el)).to.equal(null);
    expect(parts(el).card.classList.contains('pending')).to.equal(false);
    expect(parts(el).status.classList.contains('error')).to.equal(true);
    expect(adapter.pendingWrites()).to.equal(0);
  });

  it('names the bad field when the server answers off-protocol, and loads on retry', async () => {
    const { backend, adapter } = await fresh();
    await backend.malformed({ mode: 'schema', methods: ['GET'], path: '^/proposals/p1$' });
    const el = await card(adapter);
    const text = await errorText(el);
    expect(text).to.match(/^The proposal could not be loaded\. .*\/proposals\/p1 answered something that is not protocol v1: "id"/);
    await expect(el).to.be.accessible();

    // The proposal changes meanwhile. (Needed: the test server keeps the true body's ETag on the
    // corrupted answer, so the browser's revalidation would get a 304 and reuse the corrupted copy.)
    await fetch(`${backend.endpoint}/proposals/p1/votes/participant-someone-else`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'agree', votedAt: new Date().toISOString() }),
    });
    parts(el).retry!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => parts(el).content?.textContent?.includes('Train the population'), 'the retry never loaded', {
      timeout: 5000,
    });
    expect(el.shadowRoot!.querySelector('.error-state')).to.equal(null);
  });

  it('says a proxy’s HTML 502 page is not the backend’s answer', async () => {
    const { backend, adapter } = await fresh();
    await backend.malformed({ mode: 'html', path: '^/proposals/p1$' });
    const text = await errorText(await card(adapter));
    expect(text).to.contain('failed with HTTP 502 (text/html)');
  });

  it('says no protocol v1 server answers at a wrong endpoint', async () => {
    const el = await card(new RestAdapter({ endpoint: `${location.origin}/no-such-api` }));
    const text = await errorText(el);
    expect(text).to.equal(
      `The proposal could not be loaded. No protocol v1 server answers at ${location.origin}/no-such-api/proposals/p1 (HTTP 404): check the endpoint.`,
    );
    await expect(el).to.be.accessible();
  });

  it('says the same when a plain-text 404 comes from in front of the backend', async () => {
    const { backend, adapter } = await fresh();
    await backend.malformed({ mode: 'notfound', path: '^/proposals/p1$' });
    const text = await errorText(await card(adapter));
    expect(text).to.contain('No protocol v1 server answers at');
    expect(text).to.contain('(HTTP 404): check the endpoint.');
  });
});
