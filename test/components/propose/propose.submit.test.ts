import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConsultAdapter } from '../../../src/adapters/adapter.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import type { ConsultProposeElement } from '../../../src/components/propose/propose.component.js';
import { watchPage } from '../../helpers/proposal.js';
import {
  announced,
  descriptionOf,
  focusedId,
  mount,
  parts,
  proposeConsultations,
  recordEvents,
  sent,
  SubmitAdapter,
  tabTo,
  typeIdea,
} from '../../helpers/propose.js';
import { nextTask } from '../../helpers/test-adapter.js';

const IDEA = 'Publish the source code of public algorithms';
const form = (adapter: ConsultAdapter) => mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
const alertText = (el: ConsultProposeElement) => parts(el).alert?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function failedWith(el: ConsultProposeElement): Promise<string> {
  await waitUntil(() => parts(el).alert, 'the form never showed an error');
  return alertText(el);
}

describe('<consult-propose> sending', () => {
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => {
    page.restore();
    expect(page.escaped, 'errors that reached the host page').to.deep.equal([]);
  });

  it('sends once however often the button is pressed while it sends, and says it is sending', async () => {
    const adapter = new SubmitAdapter().hold();
    const el = await form(adapter);
    await typeIdea(el, IDEA);
    await tabTo(el, 'button.submit');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    parts(el).submit!.click();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    const p = parts(el);
    expect(p.submit!.getAttribute('aria-disabled')).to.equal('true');
    expect(focusedId(el)).to.equal('.submit');
    expect(p.status!.textContent).to.equal('Sending your idea…');
    await announced(el, 'Sending your idea…');
    await expect(el).to.be.accessible();

    adapter.release();
    await sent(el);
    expect(adapter.received).to.have.length(1);
    expect(await adapter.pending('ai')).to.deep.equal([IDEA]);
  });

  it('after a network failure: keeps the text, says it is not saved yet, and the retry reuses the request id', async () => {
    const adapter = new SubmitAdapter().failNext(new ConsultError('network', 'Could not reach the server.'));
    const events = recordEvents();
    const el = await form(adapter);
    await typeIdea(el, IDEA);
    await tabTo(el, 'button.submit');
    await sendKeys({ press: 'Enter' });
    expect(await failedWith(el)).to.equal('Your idea is not saved yet (connection or server problem). Your text is kept: try again. Try again');
    expect(parts(el).text!.value).to.equal(IDEA);
    expect(parts(el).submit!.getAttribute('aria-disabled')).to.equal('false');
    expect(events.of('consult-error').map((e) => e.detail.code)).to.deep.equal(['network']);
    await expect(el).to.be.accessible();

    parts(el).retry!.focus();
    const submitted = oneEvent(el, 'consult-submit');
    await sendKeys({ press: 'Enter' });
    const { detail } = await submitted;
    await sent(el);
    events.stop();
    const [first, second] = adapter.received;
    expect(first!.input.requestId).to.equal(second!.input.requestId);
    expect(detail.requestId).to.equal(first!.input.requestId);
    expect(events.of('consult-submit')).to.have.length(1);
  });

  it('a lost answer retried makes one proposal, not two', async () => {
    const adapter = new SubmitAdapter().failNext(new ConsultError('timeout', 'No answer within 10 s.'), true);
    const el = await form(adapter);
    await typeIdea(el, IDEA);
    parts(el).submit!.click();
    await failedWith(el);
    expect(adapter.received[0]!.outcome).to.equal('stored');
    parts(el).retry!.click();
    await sent(el);
    expect(await adapter.pending('ai')).to.deep.equal([IDEA]);
  });

  it('an edit after a failure is a new idea: a fresh request id', async () => {
    const adapter = new SubmitAdapter()
      .failNext(new ConsultError('network', 'Offline.'))
      .failNext(new ConsultError('network', 'Offline.'));
    const el = await form(adapter);
    await typeIdea(el, IDEA);
    parts(el).submit!.click();
    await failedWith(el);
    // Typed, then typed back: the same text is the same idea again.
    await sendKeys({ type: '!' });
    await sendKeys({ press: 'Backspace' });
    parts(el).submit!.click();
    await waitUntil(() => adapter.received.length === 2 && !el.shadowRoot!.querySelector('[aria-disabled="true"]'));
    await typeIdea(el, ' now');
    parts(el).submit!.click();
    await sent(el);
    const ids = adapter.received.map((s) => s.input.requestId);
    expect(ids[1]).to.equal(ids[0]);
    expect(ids[2]).not.to.equal(ids[0]);
    expect(adapter.received[2]!.input.content).to.equal(`${IDEA} now`);
  });

  it('shows the backend’s refusal (422) on the form with its message, and keeps the text', async () => {
    const message = 'A proposal must be 12–140 characters long (this one has 8).';
    const adapter = new SubmitAdapter().failNext(new ConsultError('unprocessable', message));
    const events = recordEvents();
    const el = await form(adapter);
    await typeIdea(el, IDEA);
    parts(el).submit!.click();
    expect(await failedWith(el)).to.equal(`Your idea could not be sent. ${message}`);
    events.stop();
    expect(parts(el).retry).to.equal(null);
    expect(parts(el).text!.value).to.equal(IDEA);
    expect(descriptionOf(el, parts(el).text!)).to.include(`Your idea could not be sent. ${message}`);
    expect(events.of('consult-error').map((e) => e.detail)).to.deep.equal([{ code: 'unprocessable', message }]);
    await expect(el).to.be.accessible();
  });

  it('shows a 400 the same way', async () => {
    const adapter = new SubmitAdapter().failNext(new ConsultError('invalid_request', 'Invalid body: "requestId": Invalid string.'));
    const el = await form(adapter);
    await typeIdea(el, IDEA);
    parts(el).submit!.click();
    expect(await failedWith(el)).to.equal('Your idea could not be sent. Invalid body: "requestId": Invalid string.');
  });

  it('closed meanwhile: says so and shows the text that was not sent', async () => {
    const adapter = new SubmitAdapter().failNext(new ConsultError('closed', 'This consultation is closed.'));
    const el = await form(adapter);
    await typeIdea(el, IDEA);
    parts(el).submit!.click();
    await waitUntil(() => !parts(el).form, 'the form stayed');
    const p = parts(el);
    expect(p.status!.textContent).to.equal('This consultation is closed: it no longer takes new ideas.');
    expect(p.idea!.textContent).to.equal(IDEA);
    await expect(el).to.be.accessible();
  });

  it('an adapter that throws a foreign error or answers garbage breaks nothing in the page', async () => {
    class Broken extends MemoryAdapter {
      answer: () => unknown = () => {
        throw new TypeError('undefined is not a function');
      };
      override async submitProposal(): Promise<{ id: string; status: 'pending' }> {
        return this.answer() as { id: string; status: 'pending' };
      }
    }
    const adapter = new Broken({ consultations: proposeConsultations });
    const el = await form(adapter);
    await typeIdea(el, IDEA);
    parts(el).submit!.click();
    expect(await failedWith(el)).to.equal('Your idea could not be sent. The adapter failed: undefined is not a function');

    adapter.answer = () => ({ id: 42, status: 'accepted' });
    parts(el).submit!.click();
    await waitUntil(() => alertText(el).includes('submission receipt'));
    expect(alertText(el)).to.match(/^Your idea could not be sent\. The adapter returned an invalid submission receipt: "id"/);
    expect(parts(el).text!.value).to.equal(IDEA);
    await nextTask();
  });
});
