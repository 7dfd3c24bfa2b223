// @ts-check
// The page probe of the framework tests: `trackResources` runs in the page before any of its
// scripts (openApp in harness.mjs injects it); the other exports read it from Node.
import assert from 'node:assert/strict';

/**
 * Counts what a widget could leave behind once it is gone — pending timeouts and animation frames,
 * intervals, event listeners on nodes still in the document (or on window, document, media
 * queries…; `once` ones leave when fired, `signal` ones on abort), and the targets of
 * MutationObservers, IntersectionObservers and ResizeObservers not disconnected — and records every text a widget's live
 * region (`role="status"`, `role="alert"`, `aria-live`, in a shadow root) holds, the old text of
 * each change included, and every `consult-error` event. Patched on the prototypes, so an observer
 * or target made from a reference taken early is counted too. Its own observers and listener are
 * taken with the originals, outside the counts.
 */
export function trackResources() {
  const w = /** @type {any} */ (window);
  const stack = () => (new Error().stack ?? '').split('\n').slice(3, 6).join(' | ');
  const timeouts = new Map();
  const intervals = new Map();
  const frames = new Map();
  const listeners = new Set();
  const targets = { IntersectionObserver: new Map(), ResizeObserver: new Map() };
  const mutations = new Map();
  const said = [];
  const errorEvents = [];
  const { setTimeout: setT, clearTimeout: clearT, setInterval: setI, clearInterval: clearI } = w;
  const { requestAnimationFrame: raf, cancelAnimationFrame: caf } = window;
  const OriginalMutationObserver = window.MutationObserver;
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  add.call(window, 'consult-error', (event) => errorEvents.push(/** @type {CustomEvent} */ (event).detail), true);

  w.setTimeout = function (handler, delay, ...args) {
    const id = setT.call(window, (...a) => {
      timeouts.delete(id);
      if (typeof handler === 'function') handler(...a);
    }, delay, ...args);
    timeouts.set(id, `${delay ?? 0} ms ${stack()}`);
    return id;
  };
  w.clearTimeout = (id) => (timeouts.delete(id), clearT.call(window, id));
  w.setInterval = function (handler, delay, ...args) {
    const id = setI.call(window, handler, delay, ...args);
    intervals.set(id, `${delay ?? 0} ms ${stack()}`);
    return id;
  };
  w.clearInterval = (id) => (intervals.delete(id), clearI.call(window, id));
  w.requestAnimationFrame = (callback) => {
    const id = raf.call(window, (time) => (frames.delete(id), callback(time)));
    frames.set(id, stack());
    return id;
  };
  w.cancelAnimationFrame = (id) => (frames.delete(id), caf.call(window, id));

  const captures = (options) => (typeof options === 'boolean' ? options : Boolean(options?.capture));
  // The same (target, type, listener, capture) twice is one listener, as for the browser.
  const find = (target, type, listener, capture) => {
    for (const entry of listeners) {
      if (entry.target === target && entry.type === type && entry.listener === listener && entry.capture === capture) return entry;
    }
    return undefined;
  };
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    add.call(this, type, listener, options);
    const capture = captures(options);
    if (!listener || find(this, type, listener, capture) || options?.signal?.aborted) return;
    const entry = { target: this, type, listener, capture, at: stack() };
    listeners.add(entry);
    // Listeners that go by themselves: `once` after their event, `signal` on abort.
    if (options?.once) add.call(this, type, () => listeners.delete(entry), { once: true, capture });
    if (options?.signal) add.call(options.signal, 'abort', () => listeners.delete(entry), { once: true });
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    remove.call(this, type, listener, options);
    const entry = find(this, type, listener, captures(options));
    if (entry) listeners.delete(entry);
  };

  for (const [name, observed] of Object.entries(targets)) {
    const proto = w[name]?.prototype;
    if (!proto) continue;
    const { observe, unobserve, disconnect } = proto;
    const of = (observer) => observed.get(observer) ?? observed.set(observer, new Set()).get(observer);
    proto.observe = function (target, options) {
      of(this).add(target);
      return observe.call(this, target, options);
    };
    proto.unobserve = function (target) {
      of(this).delete(target);
      return unobserve.call(this, target);
    };
    proto.disconnect = function () {
      observed.delete(this);
      return disconnect.call(this);
    };
  }
  const mo = OriginalMutationObserver.prototype;
  const { observe: moObserve, disconnect: moDisconnect } = mo;
  mo.observe = function (target, options) {
    const entry = mutations.get(this) ?? mutations.set(this, { at: stack(), targets: new Set() }).get(this);
    entry.targets.add(target);
    return moObserve.call(this, target, options);
  };
  mo.disconnect = function () {
    mutations.delete(this);
    return moDisconnect.call(this);
  };

  // Every shadow root's live regions, through an observer that the counts above leave out: the
  // region a change happened in (or under), and the regions an added subtree holds.
  const REGION = '[role="status"], [role="alert"], [aria-live]';
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    const host = this.localName + (this.id ? `#${this.id}` : '');
    const record = (region, text) => {
      if (text?.trim()) said.push({ host, role: region.getAttribute('role'), text: text.trim() });
    };
    const watcher = new OriginalMutationObserver((records) => {
      for (const change of records) {
        const at = change.target.nodeType === Node.ELEMENT_NODE ? /** @type {Element} */ (change.target) : change.target.parentElement;
        const around = at?.closest(REGION);
        if (around) {
          if (change.type === 'characterData') record(around, change.oldValue);
          record(around, around.textContent);
        }
        for (const node of change.addedNodes) {
          if (node instanceof Element) for (const region of node.querySelectorAll(REGION)) record(region, region.textContent);
        }
      }
    });
    moObserve.call(watcher, root, { childList: true, subtree: true, characterData: true, characterDataOldValue: true });
    return root;
  };

  const held = (target) => !(target instanceof Node) || target.isConnected;
  const describe = (target) =>
    target instanceof ShadowRoot ? `#shadow(${target.host.localName})` : target instanceof Element ? target.localName : (target.nodeName ?? target.constructor?.name);
  const count = (observed) => [...observed.values()].reduce((sum, set) => sum + set.size, 0);
  w.__resources = () => ({
    timeouts: [...timeouts.values()],
    intervals: [...intervals.values()],
    frames: [...frames.values()],
    listeners: [...listeners].filter((entry) => held(entry.target)).map((entry) => `${entry.type} on ${describe(entry.target)} ${entry.at}`),
    mutations: [...mutations.values()].flatMap(({ at, targets }) => [...targets].map(() => at)),
    intersections: count(targets.IntersectionObserver),
    resizes: count(targets.ResizeObserver),
  });
  w.__liveSaid = said;
  w.__consultErrors = errorEvents;
}

/**
 * What the page holds now (see trackResources), after the next frame and the zero-delay timers.
 * `drain` (ms): wait that long at most for the pending timeouts to fire (a framework's dev build
 * may keep one for seconds after start; one that fires soon after an unmount holds nothing; one
 * still pending then is counted). Counts are the lists' lengths; the lists show what was left.
 * @param {import('playwright-core').Page} page
 * @param {{ drain?: number }} [options]
 * @returns {Promise<{ timeouts: string[], intervals: string[], frames: string[], listeners: string[], mutations: string[], intersections: number, resizes: number }>}
 */
export async function resources(page, { drain = 0 } = {}) {
  return page.evaluate(async (drain) => {
    const w = /** @type {any} */ (window);
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)));
    for (let waited = 0; w.__resources().timeouts.length > 0 && waited < drain; waited += 100) {
      await new Promise((done) => setTimeout(done, 100));
    }
    return w.__resources();
  }, drain);
}

/**
 * Nothing more after than before: the same timers, frames, listeners and observers (lists compared
 * sorted, so a failure names what was left and where it was made).
 * @param {Awaited<ReturnType<typeof resources>>} before
 * @param {Awaited<ReturnType<typeof resources>>} after
 */
export function assertReleased(before, after, label = '') {
  for (const kind of /** @type {const} */ (['timeouts', 'intervals', 'frames', 'listeners', 'mutations'])) {
    assert.deepEqual([...after[kind]].sort(), [...before[kind]].sort(), `${label}${kind} left after unmount`);
  }
  assert.equal(after.intersections, before.intersections, `${label}IntersectionObserver targets left after unmount`);
  assert.equal(after.resizes, before.resizes, `${label}ResizeObserver targets left after unmount`);
}

/**
 * Every text the widgets' live regions held so far, as `{ host, role, text }`.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Array<{ host: string, role: string | null, text: string }>>}
 */
export function liveRegionTexts(page) {
  return page.evaluate(() => /** @type {any} */ (window).__liveSaid);
}

/**
 * The details of every `consult-error` event the page saw so far.
 * @param {import('playwright-core').Page} page
 */
export function consultErrors(page) {
  return page.evaluate(() => /** @type {any} */ (window).__consultErrors);
}
