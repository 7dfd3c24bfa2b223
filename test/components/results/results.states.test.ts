import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConsultAdapter } from '../../../src/adapters/adapter.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import type { ConsultResultsElement } from '../../../src/components/results/results.component.js';
import type { ConsultationResults } from '../../../src/protocol/index.js';
import { CountingAdapter, memoryAdapter, mount, mountLoaded, recordResultsEvents, settled, view } from '../../helpers/results.js';

/** The alert's text and whether a retry is offered. */
function problem(el: ConsultResultsElement) {
  const v = view(el);
  expect(v.box.classList.contains('error-state'), 'error state').to.equal(true);
  return { text: v.alert, retry: v.retry };
}

/** A CountingAdapter whose results are the real ones passed through `change`. */
function adapterAnswering(change: (results: ConsultationResults) => unknown): CountingAdapter {
  const adapter = new CountingAdapter();
  const real = new CountingAdapter();
  adapter.results = async () => change(structuredClone(await real.getResults('summit'))) as ConsultationResults;
  return adapter;
}

describe('<consult-results> states', () => {
  let warnings: unknown[][];
  let escaped: unknown[];
  const warn = console.warn;
  const onError = (event: ErrorEvent) => escaped.push(event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent) => escaped.push(event.reason);
  beforeEach(() => {
    warnings = [];
    escaped = [];
    console.warn = (...args: unknown[]) => void warnings.push(args);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(async () => {
    console.warn = warn;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    // Whatever the adapter did, nothing reached the host page as an exception.
    expect(escaped.map(String)).to.deep.equal([]);
  });

  it('loading: a busy, labelled skeleton until both answers are in', async () => {
    const adapter = new CountingAdapter();
    adapter.hold();
    const el = await mount(adapter);
    await expect(el).to.be.accessible();
    const v = view(el);
    expect(v.box.getAttribute('aria-busy')).to.equal('true');
    expect(v.box.getAttribute('aria-label')).to.equal('Results');
    expect(v.root.querySelectorAll('.skeleton').length).to.be.greaterThan(3);
    expect(v.box.textContent).to.contain('Loading results…');
    expect(v.select).to.equal(null);
    adapter.release();
    await settled(el);
    expect(view(el).box.getAttribute('aria-busy')).to.equal('false');
    expect(view(el).root.querySelector('.skeleton')).to.equal(null);
  });

  it('empty: with no proposal rated yet, the counters and why there is no list (minVotes)', async () => {
    const el = await mountLoaded(memoryAdapter(), 'fresh');
    await expect(el).to.be.accessible();
    const v = view(el);
    expect(v.counters).to.deep.equal(['0 participants', '2 proposals', '22 votes']);
    expect(v.empty).to.deep.equal([
      'Not enough votes yet: an idea is rated once it has at least 20 votes. Come back when more people have voted.',
    ]);
    expect(v.select).to.equal(null);
    expect(v.root.querySelector('table')).to.equal(null);
    // Nothing to operate: the keyboard goes straight through.
    const [before, after] = ['before', 'after'].map((name) => Object.assign(document.createElement('button'), { textContent: name }));
    el.before(before!);
    el.after(after!);
    before!.focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement === after).to.equal(true);
    before!.remove();
    after!.remove();
  });

  it('one list empty: the other shows and the empty one says so', async () => {
    const el = await mountLoaded(adapterAnswering((r) => ({ ...r, popular: [] })));
    await expect(el).to.be.accessible();
    const v = view(el);
    expect(v.popular).to.deep.equal([]);
    expect(v.empty).to.deep.equal(['No popular idea yet.']);
    expect(v.divisive.length).to.be.greaterThan(0);
  });

  it('closed: the lists with a note that they are final', async () => {
    const el = await mountLoaded(memoryAdapter(), 'final');
    await expect(el).to.be.accessible();
    const v = view(el);
    expect(v.note).to.equal('This consultation is closed: these are its final results.');
    expect(v.popular.length).to.be.greaterThan(0);
    expect(v.divisive.length).to.be.greaterThan(0);
  });

  it('error: an alert, a retry button that works from the keyboard, and focus kept in the widget', async () => {
    let down = true;
    const adapter = new CountingAdapter();
    const real = adapter.getResults;
    adapter.getResults = (id: string) => (down ? Promise.reject(new ConsultError('network', 'The network is down.')) : real(id));
    const events = recordResultsEvents(document);
    const el = await settled(await mount(adapter));
    await expect(el).to.be.accessible();
    const { text, retry } = problem(el);
    expect(text).to.equal('The results could not be loaded. The network is down.');
    expect(retry!.textContent).to.equal('Try again');
    expect(events.of('consult-error').map((e) => e.detail.code)).to.deep.equal(['network']);
    expect(events.of('consult-results')).to.have.length(0);
    expect(warnings.map((w) => String(w[0]))).to.deep.equal(['<consult-results>: The network is down.']);

    down = false;
    retry!.focus();
    const shown = oneEvent(el, 'consult-results');
    await sendKeys({ press: 'Enter' });
    await shown;
    await settled(el);
    expect(view(el).popular.length).to.be.greaterThan(0);
    // The button is gone: focus is on the results region, not lost to the page.
    expect(el.shadowRoot!.activeElement === view(el).box).to.equal(true);
    expect(events.of('consult-results').map((e) => e.detail)).to.deep.equal([{ consultationId: 'summit' }]);
    events.stop();
  });

  it('a retry that fails again keeps focus on the retry button', async () => {
    const adapter = new CountingAdapter();
    adapter.getResults = () => Promise.reject(new ConsultError('server', 'Internal error.'));
    const el = await settled(await mount(adapter));
    problem(el).retry!.focus();
    const failedAgain = oneEvent(el, 'consult-error');
    await sendKeys({ press: 'Space' });
    await failedAgain;
    await el.updateComplete;
    expect(adapter.calls.getConsultation).to.equal(2);
    expect(el.shadowRoot!.activeElement === problem(el).retry).to.equal(true);
  });

  it('garbage results: an error naming the field, with a retry', async () => {
    const el = await settled(await mount(adapterAnswering((r) => ({ ...r, counts: { ...r.counts, votes: -1 } }))));
    await expect(el).to.be.accessible();
    const { text, retry } = problem(el);
    expect(text).to.contain('The adapter returned invalid results: "counts.votes"');
    expect(retry).to.not.equal(null);
  });

  it('not even an object: an error, not an exception', async () => {
    const el = await settled(await mount(adapterAnswering(() => '<html>Not found</html>')));
    expect(problem(el).text).to.contain('The adapter returned invalid results');
  });

  it('a listed idea with a wrong share, or missing from the proposals: an error naming it', async () => {
    const wrongShare = await settled(
      await mount(
        adapterAnswering((r) => {
          const index = r.proposals.findIndex((p) => p.proposalId === r.divisive[0]);
          r.proposals[index]!.shares.agree = 2;
          return r;
        }),
      ),
    );
    expect(problem(wrongShare).text).to.match(/"proposals\.\d+\.shares\.agree"/);

    const missing = await settled(await mount(adapterAnswering((r) => ({ ...r, divisive: [...r.divisive, 'ghost'] }))));
    expect(problem(missing).text).to.contain('"ghost", which is not among "proposals"');
  });

  it('unsupported: an adapter without getResults says so, with no retry and an unsupported error event', async () => {
    const base = memoryAdapter();
    const adapter = {
      getConsultation: (id: string) => base.getConsultation(id),
      getProposal: (id: string) => base.getProposal(id),
      listProposals: (id: string) => base.listProposals(id),
      getParticipantVotes: (p: string, c: string) => base.getParticipantVotes(p, c),
      castVote: base.castVote.bind(base),
    } as ConsultAdapter;
    const events = recordResultsEvents(document);
    const el = await settled(await mount(adapter));
    events.stop();
    await expect(el).to.be.accessible();
    const { text, retry } = problem(el);
    expect(text).to.equal('This adapter cannot give results (it has no getResults method).');
    expect(retry).to.equal(null);
    expect(events.of('consult-error').map((e) => e.detail.code)).to.deep.equal(['unsupported']);
  });

  it('no consultation id, or an unknown adapter name: a configuration message', async () => {
    const noId = await settled(await fixture<ConsultResultsElement>(html`<consult-results .adapter=${memoryAdapter()}></consult-results>`));
    await expect(noId).to.be.accessible();
    expect(problem(noId).text).to.contain('No consultation is set');
    expect(problem(noId).retry).to.equal(null);

    const unknown = await settled(await fixture<ConsultResultsElement>(html`<consult-results consultation="summit" adapter="nowhere-results"></consult-results>`));
    expect(problem(unknown).text).to.contain('No adapter is registered as "nowhere-results"');
  });

  it('an adapter that throws synchronously gives an error state, never an exception', async () => {
    const adapter = new CountingAdapter();
    adapter.getResults = () => {
      throw new Error('boom');
    };
    const el = await settled(await mount(adapter));
    expect(problem(el).text).to.contain('boom');
  });

  it('a load still running when the consultation changes never overwrites the newer one', async () => {
    const adapter = new CountingAdapter();
    const answerFirst = adapter.hold();
    const el = await mount(adapter);
    await el.updateComplete;
    adapter.stopHolding();
    el.consultation = 'final';
    await oneEvent(el, 'consult-results');
    answerFirst();
    await Promise.all(adapter.timeline.map((call) => waitUntil(() => call.end !== undefined)));
    await el.updateComplete;
    expect(view(el).title).to.equal('Final summit');
    expect(view(el).note).to.not.equal(null);
  });
});
