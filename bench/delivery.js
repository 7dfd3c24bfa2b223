// Delivery benchmark page, driven by bench/delivery.mjs through window.bench against the protocol
// test server (test/support/protocol-server.mjs):
//  a. click latency: a real click on a card's vote button until its aria-pressed changes, while
//     the backend takes 300 ms to answer (the card must not wait for it);
//  b. outbox throughput: votes queued while the backend drops everything, then delivered.
// Every figure is taken here with performance.now(), so the driver's round trips are not in it.
import { RestAdapter } from '/dist/consult-widgets.min.js';
import { testBackend } from '/test/support/protocol-client.mjs';

const stage = document.getElementById('stage');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** `promise`, or a rejection after `ms`: nothing in this page may wait forever. */
function within(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// ---- a. click latency ---------------------------------------------------------------------

/** One record per click on a vote button, in order; times are performance.now() values. */
const clicks = [];
/** Event Timing entries of clicks (input → next paint), reported by the browser when ≥ 16 ms. */
const slowClicks = [];
let notify = () => {};

/**
 * Show `<consult-proposal proposal-id="p1">` on a RestAdapter whose backend answers every request
 * after `delayMs`, and watch it: a capture-phase click listener on the shadow root stamps t0 before
 * the card's own listener runs; a MutationObserver on `aria-pressed` stamps t1 when the buttons
 * change; the next animation frame after t1 is t2 (the frame that can paint the change); the
 * card's `consult-vote` event (the backend answered) is t3.
 */
async function clickSetup({ origin, scope, delayMs }) {
  const backend = testBackend({ origin, scope });
  await backend.reset();
  await backend.setFaults({ delayMs });
  const card = document.createElement('consult-proposal');
  card.setAttribute('proposal-id', 'p1');
  card.adapter = new RestAdapter({ endpoint: backend.endpoint });
  const loaded = new Promise((resolve, reject) => {
    card.addEventListener('consult-ready', resolve, { once: true });
    card.addEventListener('consult-error', (event) => reject(new Error(`consult-error: ${event.detail.message}`)), { once: true });
  });
  stage.append(card);
  await within(loaded, 15_000, 'card load');
  await card.updateComplete;

  const root = card.shadowRoot;
  root.addEventListener(
    'click',
    (event) => {
      const button = event.target.closest?.('button[data-key]');
      if (!button) return;
      clicks.push({ key: button.dataset.key, t0: performance.now(), timeStamp: event.timeStamp, t1: null, t2: null, t3: null });
    },
    { capture: true },
  );
  new MutationObserver(() => {
    const click = clicks.at(-1);
    if (!click || click.t1 !== null) return;
    click.t1 = performance.now();
    // Did the change show the clicked key pressed (the state the click asked for)?
    click.pressedOk = root.querySelector(`button.${click.key}`)?.getAttribute('aria-pressed') === 'true';
    requestAnimationFrame(() => {
      click.t2 = performance.now();
      notify();
    });
  }).observe(root, { subtree: true, attributes: true, attributeFilter: ['aria-pressed'] });
  card.addEventListener('consult-vote', (event) => {
    const click = clicks.at(-1);
    if (!click || click.t3 !== null) return;
    click.t3 = performance.now();
    click.delivery = event.detail.delivery;
    notify();
  });
  card.addEventListener('consult-error', (event) => {
    const click = clicks.at(-1);
    if (click) click.error = event.detail.message;
    notify();
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'click') slowClicks.push({ startTime: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
}

/** Resolves with click `index`'s figures once its answer came, its frame ran and two more frames passed. */
async function waitClick(index, timeoutMs) {
  const done = () => {
    const c = clicks[index];
    return c && ((c.t2 !== null && c.t3 !== null) || c.error);
  };
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) {
      throw new Error(`click ${index}: ${clicks[index] ? 'no aria-pressed change or no answer' : 'never seen by the page'} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => {
      notify = resolve;
      setTimeout(resolve, 50);
    });
  }
  // The answer re-renders the card (the backend's tally): let that settle before the next click.
  await nextFrame();
  await nextFrame();
  const c = clicks[index];
  const eventTiming = slowClicks.find((e) => Math.abs(e.startTime - c.timeStamp) < 1);
  return {
    key: c.key,
    pressedMs: c.t1 - c.t0,
    // From the input event's own timestamp: adds the browser's input dispatch to the figure.
    pressedFromInputMs: c.t1 - c.timeStamp,
    frameMs: c.t2 - c.t0,
    answerMs: c.t3 === null ? null : c.t3 - c.t0,
    delivery: c.delivery ?? null,
    pressedOk: c.pressedOk ?? false,
    eventTimingMs: eventTiming?.duration ?? null,
    error: c.error ?? null,
  };
}

// ---- b. outbox throughput -----------------------------------------------------------------

const KEYS = ['agree', 'disagree', 'neutral'];

/** The outbox run in progress: outboxQueue fills it, outboxDeliver and outboxCheck read it. */
let current;

/**
 * Cast one vote on each proposal of `ids` (seeded by the driver: a control request may not carry
 * 1,000 proposals) while the backend drops every request; every receipt must say `pending`.
 * `offline: true` queues with the browser offline instead (the driver switches the
 * network off before and on after): no request is even tried, and the `online` event alone must
 * start the delivery. Then outboxDeliver times the delivery and outboxCheck compares the server's
 * stored state with the votes cast: nothing lost, nothing counted twice.
 */
async function outboxQueue({ origin, scope, ids, participantId, offline = false }) {
  const backend = testBackend({ origin, scope });
  const count = ids.length;
  if (!offline) await backend.setFaults({ dropRate: 1 });
  // Listening before the adapter exists, so this runs before the outbox's own `online` listener.
  const onlineAt = offline
    ? new Promise((resolve) => window.addEventListener('online', () => resolve(performance.now()), { once: true }))
    : undefined;
  const adapter = new RestAdapter({ endpoint: backend.endpoint });
  const intended = {};
  const acked = new Set();
  const failures = [];
  let allAcked;
  const allDone = new Promise((resolve) => (allAcked = resolve));
  for (const id of ids) {
    adapter.subscribe(id, (update) => {
      if (update.error) failures.push(`${id}: ${update.error.message}`);
      else if (update.delivery === 'acknowledged' && !acked.has(id)) {
        acked.add(id);
        if (acked.size === count) allAcked();
      }
    });
  }

  const receipts = { pending: 0, other: 0, errorCount: 0, errors: [] };
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    if (performance.now() - started > 60_000) throw new Error(`queueing: only ${i} votes after 60 s`);
    const proposalId = ids[i];
    const key = KEYS[i % KEYS.length];
    intended[proposalId] = key;
    try {
      const receipt = await adapter.castVote({ proposalId, participantId, key, votedAt: new Date().toISOString() });
      receipts[receipt.delivery === 'pending' ? 'pending' : 'other']++;
    } catch (error) {
      if (++receipts.errorCount <= 5) receipts.errors.push(`${proposalId}: ${error.message}`);
    }
  }
  const queueMs = performance.now() - started;
  const queued = adapter.pendingWrites();
  current = { backend, adapter, intended, acked, failures, allDone, participantId, count, offline, onlineAt };
  if (offline) {
    // The driver turns the network back on; the outbox must start on the `online` event by itself.
    return { queueMs, queued, receipts };
  }
  const { injected } = await backend.getFaults();
  return { queueMs, queued, receipts, requestsDropped: injected };
}

/** "Reconnect" and time the delivery of everything queued by outboxQueue. */
async function outboxDeliver({ timeoutMs }) {
  const run = current;
  const { backend, adapter, count } = run;
  let t0;
  let flushMs = null;
  let pendingAfterFlush = null;
  if (run.offline) {
    t0 = await within(run.onlineAt, 5_000, 'online event');
  } else {
    // What the delivery sends is in the log after this (plus, maybe, one retry of the outage in flight).
    run.logSeq = (await backend.log()).at(-1)?.seq ?? 0;
    run.backoff = backoffNow();
    await backend.clearFaults();
    t0 = performance.now();
    await adapter.flush();
    flushMs = performance.now() - t0;
    // flush() sends what is due; entries still in backoff from the outage go when their timer fires.
    pendingAfterFlush = adapter.pendingWrites();
  }
  // Done when every proposal's delivery was acknowledged, or (should an acknowledgement go
  // missing) when the outbox is empty; pendingWrites() parses every stored entry, so poll it slowly.
  const deadline = t0 + timeoutMs;
  let t1 = null;
  while (performance.now() < deadline) {
    await Promise.race([run.allDone, sleep(200)]);
    if (run.acked.size === count || adapter.pendingWrites() === 0) {
      t1 = performance.now();
      break;
    }
  }
  const timedOut = t1 === null;
  // Should anything be left, one more explicit flush (bounded), so the state check says what is missing.
  for (let i = 0; i < 10 && adapter.pendingWrites() > 0; i++) {
    await adapter.flush();
    await sleep(200);
  }
  return {
    backoffAtReconnect: run.backoff ?? null,
    deliverMs: timedOut ? null : t1 - t0,
    timedOut,
    flushMs,
    pendingAfterFlush,
    acknowledged: run.acked.size,
    pendingAtEnd: adapter.pendingWrites(),
    failures: run.failures.slice(0, 5),
    failureCount: run.failures.length,
  };
}

/**
 * How the outage left the outbox's entries: how many wait for a backoff timer and how long the
 * longest still has to wait. Read from the outbox's storage records (`due`, `attempts`), for the
 * report only: nothing here depends on it.
 */
function backoffNow() {
  const now = Date.now();
  let waiting = 0;
  let longestWaitMs = 0;
  let maxAttempts = 0;
  for (let i = 0; i < localStorage.length; i++) {
    const name = localStorage.key(i);
    if (!name?.startsWith('consult-widgets:outbox:') || name.endsWith('~lease')) continue;
    try {
      const { due, attempts } = JSON.parse(localStorage.getItem(name));
      if (due > now) waiting++;
      longestWaitMs = Math.max(longestWaitMs, due - now);
      maxAttempts = Math.max(maxAttempts, attempts);
    } catch {
      // not an entry
    }
  }
  return { waiting, longestWaitMs: Math.round(longestWaitMs), maxAttempts };
}

/** The backend's stored state compared with what was cast, and what the delivery sent. */
async function outboxCheck() {
  const { backend, intended, participantId, logSeq = 0 } = current;
  const state = await backend.state('ai');
  const mine = state.votes[participantId] ?? {};
  const wrong = [];
  for (const [proposalId, key] of Object.entries(intended)) {
    const stored = mine[proposalId]?.key ?? null;
    const tally = state.proposals[proposalId]?.votes;
    const tallyOk = tally && KEYS.every((k) => tally[k] === (k === key ? 1 : 0));
    if (stored !== key || !tallyOk) wrong.push({ proposalId, intended: key, stored, tally });
  }
  const otherParticipants = Object.keys(state.votes).filter((id) => id !== participantId);
  const storedVotes = Object.values(state.votes).reduce((n, votes) => n + Object.values(votes).filter((v) => v.key).length, 0);
  const log = await backend.log(logSeq);
  const byMethod = {};
  const applied = new Map();
  let faulted = 0;
  let non200 = 0;
  for (const entry of log) {
    // A retry of the outage that was on its way when the faults were cleared: still dropped.
    if (entry.fault) {
      faulted++;
      continue;
    }
    byMethod[entry.method] = (byMethod[entry.method] ?? 0) + 1;
    if (entry.method !== 'OPTIONS' && entry.status !== 200) non200++;
    if (entry.method === 'PUT' && entry.applied) applied.set(entry.path, (applied.get(entry.path) ?? 0) + 1);
  }
  return {
    storedVotes,
    wrong: wrong.slice(0, 5),
    wrongCount: wrong.length,
    otherParticipants: otherParticipants.length,
    mismatches: state.mismatches.length,
    requests: byMethod,
    faultedAfterReconnect: faulted,
    non200,
    // The same vote written twice after reconnect: the outbox sent an entry it had delivered already.
    appliedTwice: [...applied.values()].filter((n) => n > 1).length,
  };
}

window.bench = { clickSetup, waitClick, outboxQueue, outboxDeliver, outboxCheck };
