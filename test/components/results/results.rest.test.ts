// <consult-results live> on the REST adapter against the protocol test server: one request each
// to load, then conditional refreshes (ETag → 304) that cost the page nothing, until a vote
// changes the results.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { RestAdapter } from '../../../src/adapters/rest.js';
import type { ConsultResultsElement } from '../../../src/components/results/results.component.js';
import { testBackend } from '../../support/protocol-client.mjs';
import { consultations, proposals, recordResultsEvents, view } from '../../helpers/results.js';

describe('<consult-results> on the REST adapter', function () {
  this.timeout(25_000);

  it('loads with one GET each, then live refreshes answered 304 change nothing, and a new vote shows', async () => {
    const backend = testBackend();
    await backend.reset({ consultations, proposals });
    const adapter = new RestAdapter({ endpoint: backend.endpoint });
    const el = await fixture<ConsultResultsElement>(
      html`<consult-results live live-interval="5" consultation="summit" .adapter=${adapter}></consult-results>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('.results[aria-busy="false"], .error-state'), 'never loaded', { timeout: 5000 });
    await expect(el).to.be.accessible();
    expect(view(el).alert).to.equal(null);
    expect(view(el).popular.length).to.be.greaterThan(0);

    const events = recordResultsEvents(document);
    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => mutations.push(...records));
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });

    const reads = async () => (await backend.log()).filter((e) => e.method === 'GET').map((e) => `${e.path} ${e.status}`);
    await waitUntil(async () => (await reads()).length >= 3, 'no live refresh', { timeout: 9000, interval: 200 });
    const [first, second, refresh] = await reads();
    // The first two were sent at the same time, so in either order.
    expect([first, second].sort()).to.deep.equal(['/consultations/summit 200', '/consultations/summit/results 200']);
    expect(refresh).to.equal('/consultations/summit/results 304');
    await el.updateComplete;
    expect(mutations.length, 'a 304 re-rendered the widget').to.equal(0);
    expect(events.events).to.have.length(0);
    observer.disconnect();

    // Keyboard: the theme filter works on REST data too, and a refresh keeps it.
    const before = Object.assign(document.createElement('button'), { textContent: 'before' });
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    before.remove();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => view(el).select!.value === 'education', 'the filter did not move');

    const votesBefore = view(el).counters[2];
    const vote = await fetch(`${backend.endpoint}/proposals/edu-1/votes/participant-results-1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'agree', votedAt: new Date().toISOString() }),
    });
    expect(vote.status).to.equal(200);
    await waitUntil(() => events.of('consult-results').length === 1, 'the new vote never showed', { timeout: 9000, interval: 200 });
    expect((await reads()).at(-1)).to.equal('/consultations/summit/results 200');
    expect(view(el).counters[2]).to.not.equal(votesBefore);
    expect(view(el).select!.value).to.equal('education');
    events.stop();
    el.remove();
  });
});
