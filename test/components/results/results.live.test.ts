import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConsultError } from '../../../src/adapters/errors.js';
import type { ConsultResultsElement } from '../../../src/components/results/results.component.js';
import { LiveSchedule, type LiveEnvironment } from '../../../src/internal/live.js';
import { CountingAdapter, fakeVisibility, recordResultsEvents, settled, view } from '../../helpers/results.js';

// Live refreshes run on real timers: the interval cannot go under 5 s, so these tests take a few
// seconds each. LiveSchedule's finer rules are tested below with a fake clock.

async function mountLive(adapter: CountingAdapter, attrs: { consultation?: string; interval?: string } = {}) {
  const el = await fixture<ConsultResultsElement>(
    html`<consult-results live live-interval=${attrs.interval ?? '5'} consultation=${attrs.consultation ?? 'summit'} .adapter=${adapter}></consult-results>`,
  );
  return settled(el);
}

/** Resolves when the adapter has answered `count` getResults calls. */
function answered(adapter: CountingAdapter, count: number, timeout = 9000) {
  return waitUntil(
    () => adapter.timeline.filter((c) => c.method === 'getResults' && c.end !== undefined).length >= count,
    `getResults was not answered ${count} times (${adapter.calls.getResults} calls)`,
    { timeout, interval: 50 },
  );
}

const resultsStarts = (adapter: CountingAdapter) => adapter.timeline.filter((c) => c.method === 'getResults').map((c) => c.start);

describe('<consult-results live>', () => {
  it('refreshes getResults alone every interval (5 s at least), keeps the chosen theme, and changes nothing when the answer is the same object', async function () {
    this.timeout(25_000);
    const adapter = new CountingAdapter();
    let next: 'same' | 'changed' = 'same';
    adapter.results = async (previous) => {
      const real = await new CountingAdapter().getResults('summit');
      if (!previous) return real;
      // The REST adapter answers a 304 with the very object it gave before.
      if (next === 'same') return previous;
      return { ...real, counts: { ...real.counts, votes: real.counts.votes + 1 }, divisive: [...real.divisive].reverse() };
    };
    const el = await mountLive(adapter, { interval: '1' });
    await expect(el).to.be.accessible();
    const events = recordResultsEvents(document);

    // The participant narrows to one theme with the keyboard; refreshes must not undo it.
    const before = Object.assign(document.createElement('button'), { textContent: 'before' });
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    before.remove();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => view(el).select!.value === 'transparency', 'the filter did not move');

    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => mutations.push(...records));
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    await answered(adapter, 2);
    await el.updateComplete;
    const [first, second] = resultsStarts(adapter);
    // live-interval="1" is raised to the 5 s minimum (measured from the end of the first answer).
    expect(second! - first!).to.be.greaterThan(4500);
    expect(adapter.calls.getConsultation).to.equal(1);
    expect(mutations.length, 'the same answer re-rendered the widget').to.equal(0);
    expect(events.events).to.have.length(0);

    next = 'changed';
    const votesBefore = view(el).counters[2];
    await answered(adapter, 3);
    await waitUntil(() => events.of('consult-results').length === 1, 'changed results fired no consult-results');
    expect(events.of('consult-results')[0]!.detail).to.deep.equal({ consultationId: 'summit' });
    expect(view(el).counters[2]).to.not.equal(votesBefore);
    expect(view(el).select!.value).to.equal('transparency');
    // The lists changed (not only figures): screen reader users hear about it.
    expect(view(el).live).to.equal('Results updated.');
    await expect(el).to.be.accessible();
    observer.disconnect();
    events.stop();
  });

  it('pauses while the page is hidden and, once visible again, refreshes at once when a refresh is due', async function () {
    this.timeout(20_000);
    const adapter = new CountingAdapter();
    const el = await mountLive(adapter);
    await expect(el).to.be.accessible();
    const restore = fakeVisibility('hidden');
    try {
      // Longer than the interval: a visible page would have refreshed by now.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(adapter.calls.getResults).to.equal(1);
      const shownAt = performance.now();
      fakeVisibility('visible');
      await answered(adapter, 2, 2000);
      expect(resultsStarts(adapter)[1]! - shownAt).to.be.lessThan(1000);
    } finally {
      restore();
    }
  });

  it('stops when the element leaves the page, when live is turned off, and for a closed consultation', async function () {
    this.timeout(20_000);
    const [removed, switchedOff, closed, control] = [0, 1, 2, 3].map(() => new CountingAdapter());
    const removedEl = await mountLive(removed!);
    await expect(removedEl).to.be.accessible();
    const offEl = await mountLive(switchedOff!);
    await mountLive(closed!, { consultation: 'final' });
    await mountLive(control!);
    removedEl.remove();
    offEl.live = false;
    await offEl.updateComplete;
    // The control element refreshing proves the others had the time to.
    await answered(control!, 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([removed, switchedOff, closed].map((a) => a!.calls.getResults)).to.deep.equal([1, 1, 1]);
  });

  it('a failed refresh keeps the results, says they may be out of date, and the next good one clears it', async function () {
    this.timeout(25_000);
    const adapter = new CountingAdapter();
    let fail = false;
    adapter.results = async (previous) => {
      if (fail) throw new ConsultError('network', 'Offline.');
      const real = await new CountingAdapter().getResults('summit');
      // A new object equal to the previous answer: nothing changed for the participant.
      return previous ? structuredClone(previous) : real;
    };
    const el = await mountLive(adapter);
    const events = recordResultsEvents(document);
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    fail = true;
    await answered(adapter, 2).finally(() => (console.warn = warn));
    expect(warnings.map((w) => String(w[0]))).to.deep.equal(['<consult-results>: Offline.']);
    await waitUntil(() => view(el).root.querySelector('.status') !== null, 'no stale notice');
    await expect(el).to.be.accessible();
    expect(view(el).root.querySelector('.status')!.textContent).to.equal(
      'The results could not be refreshed: the figures shown may be out of date.',
    );
    expect(view(el).live).to.equal('The results could not be refreshed: the figures shown may be out of date.');
    expect(view(el).popular.length).to.be.greaterThan(0);
    expect(events.of('consult-error').map((e) => e.detail.code)).to.deep.equal(['network']);

    fail = false;
    await answered(adapter, 3);
    await waitUntil(() => view(el).root.querySelector('.status') === null, 'the stale notice stayed');
    // Equal results in a new object: no consult-results.
    expect(events.of('consult-results')).to.have.length(0);
    events.stop();
  });
});

/** A clock and timers the test moves by hand, and a document whose visibility it sets. */
function fakeEnvironment() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const listeners = new Set<() => void>();
  const doc = {
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  const env: LiveEnvironment = {
    now: () => now,
    setTimeout: (run, ms) => (timers.set(++nextId, { at: now + ms, run }), nextId),
    clearTimeout: (id) => void timers.delete(id as number),
    document: doc as unknown as LiveEnvironment['document'],
  };
  return {
    env,
    pending: () => timers.size,
    listeners: () => listeners.size,
    /** Move the clock, running the timers that fall due, in order. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
        await Promise.resolve();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      now = end;
    },
    setVisibility(state: DocumentVisibilityState) {
      doc.visibilityState = state;
      for (const listener of [...listeners]) listener();
    },
  };
}

describe('LiveSchedule', () => {
  it('counts the interval from the end of each fetch, so a slow backend never gets two requests at once', async () => {
    const fake = fakeEnvironment();
    let calls = 0;
    let finish!: () => void;
    const schedule = new LiveSchedule(() => {
      calls++;
      return new Promise<void>((resolve) => (finish = resolve));
    }, fake.env);
    schedule.start(5000);
    await fake.advance(4999);
    expect(calls).to.equal(0);
    await fake.advance(1);
    expect(calls).to.equal(1);
    // The fetch hangs for 3 intervals: no second one meanwhile.
    await fake.advance(15_000);
    expect(calls).to.equal(1);
    expect(fake.pending()).to.equal(0);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fake.advance(4999);
    expect(calls).to.equal(1);
    await fake.advance(1);
    expect(calls).to.equal(2);
    schedule.stop();
  });

  it('a failed refresh does not stop the schedule', async () => {
    const fake = fakeEnvironment();
    let calls = 0;
    const schedule = new LiveSchedule(async () => {
      calls++;
      throw new Error('offline');
    }, fake.env);
    schedule.start(5000);
    await fake.advance(10_000);
    expect(calls).to.equal(2);
    schedule.stop();
  });

  it('hidden: no timer at all; visible again: at once when due, else after the rest of the interval', async () => {
    const fake = fakeEnvironment();
    let calls = 0;
    const schedule = new LiveSchedule(async () => void calls++, fake.env);
    schedule.start(5000);
    await fake.advance(2000);
    fake.setVisibility('hidden');
    expect(fake.pending()).to.equal(0);
    await fake.advance(1000);
    fake.setVisibility('visible');
    // 3 s since the last fetch: 2 s to go.
    await fake.advance(1999);
    expect(calls).to.equal(0);
    await fake.advance(1);
    expect(calls).to.equal(1);

    fake.setVisibility('hidden');
    await fake.advance(60_000);
    expect(calls).to.equal(1);
    fake.setVisibility('visible');
    await fake.advance(0);
    expect(calls).to.equal(2);
    schedule.stop();
  });

  it('stop() clears the timer and the visibility listener; a new interval counts from the last fetch', async () => {
    const fake = fakeEnvironment();
    let calls = 0;
    const schedule = new LiveSchedule(async () => void calls++, fake.env);
    schedule.start(30_000);
    expect(fake.listeners()).to.equal(1);
    await fake.advance(6000);
    schedule.setInterval(5000);
    await fake.advance(0);
    expect(calls).to.equal(1);
    schedule.stop();
    expect([fake.pending(), fake.listeners(), schedule.active]).to.deep.equal([0, 0, false]);
    await fake.advance(60_000);
    expect(calls).to.equal(1);
  });
});
