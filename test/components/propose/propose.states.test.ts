import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConsultError } from '../../../src/adapters/errors.js';
import { registerAdapterInstance } from '../../../src/adapters/registry.js';
import '../../../src/components/consultation/consultation.js';
import type { ConsultProposeElement } from '../../../src/components/propose/propose.component.js';
import type { Consultation } from '../../../src/protocol/index.js';
import { watchPage } from '../../helpers/proposal.js';
import { focusedId, mount, parts, recordEvents, sent, settled, SubmitAdapter, typeIdea, withoutSubmit } from '../../helpers/propose.js';
import { deferred, uniqueName } from '../../helpers/test-adapter.js';

const alertText = (el: ConsultProposeElement) => parts(el).alert?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** A SubmitAdapter whose consultation reads wait for the test, or fail with the errors given. */
class SlowAdapter extends SubmitAdapter {
  gate = deferred();
  loadFailures: unknown[] = [];
  override async getConsultation(id: string): Promise<Consultation> {
    await this.gate.promise;
    const failure = this.loadFailures.shift();
    if (failure) throw failure;
    return super.getConsultation(id);
  }
}

describe('<consult-propose> states', () => {
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => {
    page.restore();
    expect(page.escaped, 'errors that reached the host page').to.deep.equal([]);
  });

  it('loading: a busy placeholder with no controls, then the form', async () => {
    const adapter = new SlowAdapter();
    const el = await fixture<ConsultProposeElement>(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
    const p = parts(el);
    expect(p.panel!.getAttribute('aria-busy')).to.equal('true');
    expect(p.panel!.textContent).to.contain('Loading the form…');
    expect(p.root.querySelectorAll('button, textarea, input, select')).to.have.length(0);
    await expect(el).to.be.accessible();
    adapter.gate.resolve();
    await settled(el);
    expect(parts(el).form).not.to.equal(null);
  });

  it('load error: says why with a retry the keyboard reaches, then the form with focus in it', async () => {
    const adapter = new SlowAdapter();
    adapter.loadFailures.push(new ConsultError('network', 'Could not reach https://api.example/consultations/ai.'));
    adapter.gate.resolve();
    const events = recordEvents();
    const el = await mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
    events.stop();
    expect(alertText(el)).to.equal('The consultation could not be loaded. Could not reach https://api.example/consultations/ai.');
    expect(events.of('consult-error').map((e) => e.detail.code)).to.deep.equal(['network']);
    await expect(el).to.be.accessible();

    parts(el).retry!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => parts(el).form, 'the retry never loaded the form');
    await el.updateComplete;
    expect(focusedId(el)).to.equal('content');
  });

  it('closed: says the consultation takes no more ideas, and shows no form', async () => {
    const el = await mount(html`<consult-propose consultation="old" .adapter=${new SubmitAdapter()}></consult-propose>`);
    const p = parts(el);
    expect(p.form).to.equal(null);
    expect(p.status!.textContent).to.equal('This consultation is closed: it no longer takes new ideas.');
    expect(p.alert).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('unsupported: an adapter without submitProposal gets an accessible explanation, not a dead form', async () => {
    const adapter = withoutSubmit();
    const events = recordEvents();
    const el = await mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
    events.stop();
    expect(alertText(el)).to.equal('This site cannot take new ideas here: its backend does not accept proposals.');
    expect(parts(el).form).to.equal(null);
    expect(events.of('consult-error').map((e) => e.detail.code)).to.deep.equal(['unsupported']);
    await expect(el).to.be.accessible();
    // Nothing to operate: the keyboard passes through.
    expect(parts(el).root.querySelectorAll('button, textarea, input, select')).to.have.length(0);
  });

  it('invalid: no consultation id, or an adapter name nobody registered, is said in the widget', async () => {
    const events = recordEvents();
    const bare = await mount(html`<consult-propose .adapter=${new SubmitAdapter()}></consult-propose>`);
    expect(alertText(bare)).to.equal('This form needs a consultation attribute, or a <consult-consultation> around it.');
    await expect(bare).to.be.accessible();

    const name = uniqueName('late');
    const named = await mount(html`<consult-propose consultation="ai" adapter=${name}></consult-propose>`);
    expect(alertText(named)).to.match(new RegExp(`^No adapter is registered as "${name}"`));
    events.stop();
    expect(events.of('consult-error').map((e) => e.detail.code)).to.deep.equal(['config', 'config']);
    expect(page.warnings.map((w) => String(w[0]).startsWith('<consult-propose>:'))).to.deep.equal([true, true]);

    // Registered late (a page's own script loading after the widget): the form picks it up.
    registerAdapterInstance(name, new SubmitAdapter());
    await waitUntil(() => parts(named).form, 'the late adapter was never used');
  });

  it('takes the adapter, consultation and participant of an enclosing <consult-consultation>', async () => {
    const adapter = new SubmitAdapter();
    const wrapper = await fixture(html`<consult-consultation consultation="prefixed" participant-id="participant-from-host" .adapter=${adapter}>
      <consult-propose></consult-propose>
    </consult-consultation>`);
    const el = await settled(wrapper.querySelector('consult-propose')!);
    await expect(el).to.be.accessible();
    expect(parts(el).prefix!.textContent).to.equal('We should');
    await typeIdea(el, 'plant trees in every schoolyard');
    const submitted = oneEvent(el, 'consult-submit');
    parts(el).submit!.click();
    const { detail } = await submitted;
    await sent(el);
    expect(detail.consultationId).to.equal('prefixed');
    expect(adapter.received[0]!.input.participantId).to.equal('participant-from-host');
    expect(adapter.received[0]!.input.content).to.equal('We should plant trees in every schoolyard');
  });

  it('its own consultation attribute wins over the enclosing one; without an adapter it uses the local one', async () => {
    const wrapper = await fixture(html`<consult-consultation consultation="prefixed" .adapter=${new SubmitAdapter()}>
      <consult-propose consultation="ai"></consult-propose>
    </consult-consultation>`);
    const el = await settled(wrapper.querySelector('consult-propose')!);
    expect(parts(el).prefix).to.equal(null);
    expect(parts(el).root.querySelector('.question')!.textContent).to.equal('What are your ideas for shaping AI to serve the public good?');

    const local = await mount(html`<consult-propose consultation="nowhere-${uniqueName()}"></consult-propose>`);
    expect(alertText(local)).to.match(/^The consultation could not be loaded\. No consultation has the id "nowhere-/);
  });

  it('a new consultation starts a new, empty form', async () => {
    const adapter = new SubmitAdapter();
    const el = await mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
    await typeIdea(el, 'Something for the first consultation');
    el.consultationId = 'prefixed';
    await settled(el);
    await waitUntil(() => parts(el).prefix, 'the second consultation never loaded');
    expect(parts(el).text!.value).to.equal('');
  });
});
