// The form on the REST adapter against the protocol test server (test/support/protocol-server.md):
// what the backend stores, a lost answer retried, and the backend's own refusals.
import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RestAdapter } from '../../../src/adapters/rest.js';
import type { ConsultProposeElement } from '../../../src/components/propose/propose.component.js';
import { watchPage } from '../../helpers/proposal.js';
import { mount, parts, sent, tabTo, typeIdea } from '../../helpers/propose.js';
import { fresh, quiet } from '../../helpers/rest.js';
import type { TestBackend } from '../../support/protocol-client.mjs';

const IDEA = 'Open the code of every public algorithm';
const form = (adapter: RestAdapter) => mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
const alertText = (el: ConsultProposeElement) => parts(el).alert?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** The proposals the backend holds in moderation, besides the seed's p6. */
async function pendingIds(backend: TestBackend): Promise<string[]> {
  const { proposals } = await backend.state('ai');
  return Object.entries(proposals)
    .filter(([id, p]) => p.status === 'pending' && id !== 'p6')
    .map(([id]) => id);
}

/** The submissions (not the adapter's one request for an issued participant, issue 10). */
async function posts(backend: TestBackend) {
  return (await quiet(backend)).filter((e) => e.method === 'POST' && e.path.endsWith('/proposals'));
}

describe('<consult-propose> on the REST adapter', function () {
  this.timeout(20_000);
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => {
    page.restore();
    expect(page.escaped, 'errors that reached the host page').to.deep.equal([]);
  });

  it('posts the idea through protocol v1; the backend holds it for moderation under the id the event gives', async () => {
    const { backend, adapter } = await fresh();
    const el = await form(adapter);
    await expect(el).to.be.accessible();
    await typeIdea(el, IDEA);
    await tabTo(el, 'button.submit');
    const submitted = oneEvent(el, 'consult-submit');
    await sendKeys({ press: 'Enter' });
    const { detail } = await submitted;
    await sent(el);
    expect(await pendingIds(backend)).to.deep.equal([detail.proposalId]);
    const [post] = await posts(backend);
    expect(post!.path).to.equal('/consultations/ai/proposals');
    expect(post!.status).to.equal(201);
    const body = post!.body as Record<string, unknown>;
    expect([body.content, body.requestId]).to.deep.equal([IDEA, detail.requestId]);
  });

  it('a lost answer: “not saved yet”, and the retry gets the first answer again, one proposal stored', async () => {
    const { backend, adapter } = await fresh();
    const el = await form(adapter);
    await backend.setFaults({ dropRate: 1, faultPhase: 'after', methods: ['POST'], path: '/proposals$' });
    await typeIdea(el, IDEA);
    parts(el).submit!.click();
    await waitUntil(() => parts(el).alert, 'the form never said it failed', { timeout: 8000 });
    expect(alertText(el)).to.contain('Your idea is not saved yet');
    expect(parts(el).text!.value).to.equal(IDEA);

    await backend.clearFaults();
    parts(el).retry!.focus();
    const submitted = oneEvent(el, 'consult-submit');
    await sendKeys({ press: 'Enter' });
    const { detail } = await submitted;
    const [first, second] = await posts(backend);
    expect([first!.applied, first!.answered, second!.status]).to.deep.equal([true, false, 201]);
    expect((first!.body as { requestId: string }).requestId).to.equal((second!.body as { requestId: string }).requestId);
    expect(await pendingIds(backend)).to.deep.equal([detail.proposalId]);
  });

  it('shows the backend’s 422 when its rules changed after the form loaded, and keeps the text', async () => {
    const { backend, adapter } = await fresh();
    const el = await form(adapter);
    await backend.reset({ consultations: [{ id: 'ai', title: 'AI', question: 'Ideas?', proposalMinLength: 60 }] });
    await typeIdea(el, IDEA);
    parts(el).submit!.click();
    await waitUntil(() => parts(el).alert, 'the refusal never showed', { timeout: 8000 });
    expect(alertText(el)).to.match(/^Your idea could not be sent\. A proposal must be 60–140 characters long/);
    expect(parts(el).text!.value).to.equal(IDEA);
    await expect(el).to.be.accessible();
  });

  it('closed by the organiser meanwhile (409): says so, with the text not sent', async () => {
    const { backend, adapter } = await fresh();
    const el = await form(adapter);
    await backend.reset({ consultations: [{ id: 'ai', title: 'AI', question: 'Ideas?', status: 'closed' }] });
    await typeIdea(el, IDEA);
    parts(el).submit!.click();
    await waitUntil(() => !parts(el).form, 'the form stayed', { timeout: 8000 });
    expect(parts(el).status!.textContent).to.equal('This consultation is closed: it no longer takes new ideas.');
    expect(parts(el).idea!.textContent).to.equal(IDEA);
  });
});
