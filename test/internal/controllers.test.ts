// The shared controllers of src/internal/ on their own, with fake hosts and a fake clock.
import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Announcer } from '../../src/internal/announcer.js';
import { coalesceAbortable } from '../../src/internal/coalesce-abortable.js';
import { LiveController, type LiveEnvironment } from '../../src/internal/live.js';
import { LoadController } from '../../src/internal/load.js';
import { warnOnce } from '../../src/internal/warn-once.js';
import { deferred, nextTask } from '../helpers/test-adapter.js';

class FakeHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  live = true;
  liveInterval = Number.NaN;
  addController(c: ReactiveController) {
    this.controllers.push(c);
  }
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  get updateComplete() {
    return Promise.resolve(true);
  }
  connect() {
    this.controllers.forEach((c) => c.hostConnected?.());
  }
  disconnect() {
    this.controllers.forEach((c) => c.hostDisconnected?.());
  }
}

/** A clock that moves only when told, timers on it, and a document whose visibility the test sets. */
function fakeClock() {
  let now = 0;
  let visibility: DocumentVisibilityState = 'visible';
  const timers = new Map<number, { at: number; run: () => void }>();
  const listeners = new Set<() => void>();
  let ids = 0;
  const env: LiveEnvironment = {
    now: () => now,
    setTimeout: (run, ms) => (timers.set(++ids, { at: now + ms, run }), ids),
    clearTimeout: (id) => void timers.delete(id as number),
    document: {
      get visibilityState() {
        return visibility;
      },
      addEventListener: (_: string, l: () => void) => void listeners.add(l),
      removeEventListener: (_: string, l: () => void) => void listeners.delete(l),
    } as unknown as LiveEnvironment['document'],
  };
  return {
    env,
    pending: () => timers.size,
    listeners: () => listeners.size,
    hide() {
      visibility = 'hidden';
      listeners.forEach((l) => l());
    },
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
        await nextTask();
      }
      now = until;
    },
  };
}

describe('LoadController', () => {
  it('gives each run a signal, aborted by the next run and by the host leaving', () => {
    const host = new FakeHost();
    const loads = new LoadController(host);
    const first = loads.start();
    expect(loads.signal).to.equal(first);
    const second = loads.start();
    expect([first.aborted, second.aborted]).to.deep.equal([true, false]);
    host.disconnect();
    expect(second.aborted).to.equal(true);
  });
});

describe('coalesce with signals', () => {
  it('shares one call, and aborts it only when every caller with a signal gave up', async () => {
    const owner = {};
    const gate = deferred<string>();
    let shared: AbortSignal | undefined;
    let calls = 0;
    const call = (signal: AbortSignal) => {
      calls++;
      shared = signal;
      return gate.promise;
    };
    const a = new AbortController();
    const b = new AbortController();
    const answers = [coalesceAbortable(owner, 'k', call, a.signal), coalesceAbortable(owner, 'k', call, b.signal)];
    expect(calls).to.equal(1);
    a.abort();
    expect(shared!.aborted).to.equal(false);
    b.abort();
    expect(shared!.aborted).to.equal(true);
    // Abandoned: the next caller gets a call of its own.
    void coalesceAbortable(owner, 'k', () => (calls++, Promise.resolve('fresh')));
    expect(calls).to.equal(2);
    gate.resolve('late');
    expect(await Promise.all(answers)).to.deep.equal(['late', 'late']);
  });

  it('never aborts a call someone joined without a signal', () => {
    const owner = {};
    let shared: AbortSignal | undefined;
    const call = (signal: AbortSignal) => ((shared = signal), new Promise<void>(() => {}));
    const a = new AbortController();
    const b = new AbortController();
    const first = coalesceAbortable(owner, 'k', call, a.signal);
    expect(coalesceAbortable(owner, 'k', () => Promise.resolve())).to.equal(first);
    void coalesceAbortable(owner, 'k', call, b.signal);
    a.abort();
    b.abort();
    expect(shared!.aborted).to.equal(false);
  });
});

describe('LiveController', () => {
  const make = (options: { defaultSeconds: number; minSeconds: number; when?: () => boolean }) => {
    const clock = fakeClock();
    const host = new FakeHost();
    let reads = 0;
    const live = new LiveController(host, async () => void reads++, { ...options, env: clock.env });
    return { clock, host, live, reads: () => reads };
  };

  it('reads every interval while connected and live, with the default when `live-interval` is not a number', async () => {
    const { clock, host, reads } = make({ defaultSeconds: 15, minSeconds: 2 });
    host.connect();
    await clock.advance(14_999);
    expect(reads()).to.equal(0);
    await clock.advance(1);
    expect(reads()).to.equal(1);
    await clock.advance(15_000);
    expect(reads()).to.equal(2);
    host.disconnect();
    expect([clock.pending(), clock.listeners()]).to.deep.equal([0, 0]);
    await clock.advance(60_000);
    expect(reads()).to.equal(2);
  });

  it('keeps each widget’s minimum: a lower `live-interval` means the minimum', async () => {
    const card = make({ defaultSeconds: 15, minSeconds: 2 });
    const results = make({ defaultSeconds: 30, minSeconds: 5 });
    for (const w of [card, results]) w.host.liveInterval = 1;
    expect([card.live.intervalMs, results.live.intervalMs]).to.deep.equal([2000, 5000]);
    results.host.liveInterval = 7;
    expect(results.live.intervalMs).to.equal(7000);
  });

  it('polls only while `live` is on and `when` holds; `restart` counts from a fresh load', async () => {
    let shown = false;
    const { clock, host, live, reads } = make({ defaultSeconds: 10, minSeconds: 5, when: () => shown });
    host.connect();
    expect(live.active).to.equal(false);
    await clock.advance(30_000);
    shown = true;
    live.update();
    await clock.advance(6000);
    live.restart();
    await clock.advance(9999);
    expect(reads()).to.equal(0);
    await clock.advance(1);
    expect(reads()).to.equal(1);
    host.live = false;
    live.update();
    expect(live.active).to.equal(false);
    await clock.advance(60_000);
    expect(reads()).to.equal(1);
  });

  it('sets no timer while the page is hidden', async () => {
    const { clock, host } = make({ defaultSeconds: 10, minSeconds: 5 });
    host.connect();
    clock.hide();
    expect(clock.pending()).to.equal(0);
  });
});

describe('warnOnce and Announcer', () => {
  it('warns once per element and message, naming the element', () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => void warnings.push(message);
    try {
      const a = document.createElement('consult-results');
      const b = document.createElement('consult-propose');
      warnOnce(a, 'down');
      warnOnce(a, 'down');
      warnOnce(b, 'down');
      warnOnce(a, 'other');
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.deep.equal(['<consult-results>: down', '<consult-propose>: down', '<consult-results>: other']);
  });

  it('makes a repeated message a changed text, so a screen reader speaks it again', () => {
    const host = new FakeHost();
    const announcer = new Announcer(host);
    announcer.announce('Saved');
    const first = announcer.message;
    announcer.announce('Saved');
    expect([first, announcer.message, host.updates]).to.deep.equal(['Saved', 'Saved\u00a0', 2]);
    announcer.announce('');
    expect(announcer.message).to.equal('');
  });
});
