// Injected before any script of the page (Playwright addInitScript): counts what a page holds that
// an unmounted widget must have released (pending timeouts and animation frames, intervals,
// listeners on connected nodes or non-node targets, observed targets), and records every error a
// widget announced (text in a live region, a `consult-error` event). Read with
// `window.__probe.snapshot()`. Its own observer and listener are taken before the counting starts.
(() => {
  const RealMutationObserver = MutationObserver;
  const announced = [];
  const errorEvents = [];
  window.addEventListener('consult-error', (event) => errorEvents.push(event.detail), true);

  const timeouts = new Set();
  const intervals = new Set();
  const frames = new Set();
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = window;
  const { requestAnimationFrame: raf, cancelAnimationFrame: caf } = window;
  window.setTimeout = function (fn, ...rest) {
    const id = st.call(window, (...args) => {
      timeouts.delete(id);
      if (typeof fn === 'function') fn(...args);
    }, ...rest);
    timeouts.add(id);
    return id;
  };
  window.clearTimeout = (id) => (timeouts.delete(id), ct.call(window, id));
  window.setInterval = function (...args) {
    const id = si.apply(window, args);
    intervals.add(id);
    return id;
  };
  window.clearInterval = (id) => (intervals.delete(id), ci.call(window, id));
  window.requestAnimationFrame = (fn) => {
    const id = raf.call(window, (time) => (frames.delete(id), fn(time)));
    frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = (id) => (frames.delete(id), caf.call(window, id));

  /** target → Set of "type|capture" keys paired with their listener. */
  const listeners = new Map();
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  const capture = (options) => (typeof options === 'boolean' ? options : Boolean(options?.capture));
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (listener) {
      let entries = listeners.get(this);
      if (!entries) listeners.set(this, (entries = new Map()));
      const key = `${type}|${capture(options)}|${listenerId(listener)}`;
      entries.set(key, type);
      // A `once` listener goes when it fires, with no removeEventListener to see.
      if (options?.once) add.call(this, type, () => entries.delete(key), { once: true, capture: capture(options) });
    }
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    listeners.get(this)?.delete(`${type}|${capture(options)}|${listenerId(listener)}`);
    return remove.call(this, type, listener, options);
  };
  const ids = new WeakMap();
  let nextId = 0;
  function listenerId(listener) {
    if (!ids.has(listener)) ids.set(listener, ++nextId);
    return ids.get(listener);
  }

  /** Observer → observed targets, for the three observers a widget may use. */
  const observed = new Map();
  for (const name of ['MutationObserver', 'ResizeObserver', 'IntersectionObserver']) {
    const Real = window[name];
    if (!Real) continue;
    window[name] = class extends Real {
      observe(target, options) {
        if (!observed.has(this)) observed.set(this, new Set());
        observed.get(this).add(target);
        return super.observe(target, options);
      }
      unobserve(target) {
        observed.get(this)?.delete(target);
        return super.unobserve(target);
      }
      disconnect() {
        observed.delete(this);
        return super.disconnect();
      }
    };
  }

  // Every shadow root's live regions, watched for an announced error.
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    new RealMutationObserver(() => {
      for (const region of root.querySelectorAll('[role="status"], [role="alert"], [aria-live]')) {
        const text = region.textContent.trim();
        if (/error/i.test(text) && announced.at(-1) !== text) announced.push(text);
      }
    }).observe(root, { subtree: true, childList: true, characterData: true });
    return root;
  };

  const held = (target) => !(target instanceof Node) || target.isConnected;
  const describe = (target) =>
    target instanceof Element ? target.localName : target instanceof ShadowRoot ? `#shadow(${target.host.localName})` : target.constructor.name;
  window.__probe = {
    snapshot: () => ({
      timeouts: timeouts.size,
      intervals: intervals.size,
      frames: frames.size,
      // Each as "target type" (sorted), so a difference says what was left.
      listeners: [...listeners]
        .filter(([target]) => held(target))
        .flatMap(([target, entries]) => [...entries.values()].map((type) => `${describe(target)} ${type}`))
        .sort(),
      observed: [...observed.values()].reduce((sum, targets) => sum + targets.size, 0),
    }),
    announced,
    errorEvents,
  };
})();
