// Results render benchmark page: one <consult-results> fed by a stub adapter that answers the seed
// consultation's results (575 proposals, 15 popular ideas in 6 themes, 9 divisive ones) at once.
// bench/results-render.mjs bundles this file from the sources with esbuild, serves it with the
// payload, and calls window.bench.run() round after round.
import '../src/components/results/results.js';

const stage = document.getElementById('stage');
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects after `ms`: no round may hang the benchmark. */
function deadline(ms, what) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: not done after ${ms} ms`)), ms));
}

const payload = await (await fetch('/bench-results-render/payload.json')).json();

/**
 * What a backend adapter hands the widget: a fresh object per answer (parsed from the network in
 * a real one, so never the previous answer). `latencyMs` 0 answers at once, so the round times the
 * widget only; otherwise both answers come after that long, like a fast network.
 */
function stubAdapter(results, consultation, latencyMs, timing) {
  const unsupported = () => Promise.reject(new Error('not used by <consult-results>'));
  const answer = async (value) => {
    if (latencyMs > 0) await sleep(latencyMs);
    timing.answeredAt = Math.max(timing.answeredAt ?? 0, performance.now());
    return value;
  };
  return {
    getConsultation: () => answer(consultation),
    getResults: () => answer(results),
    getProposal: unsupported,
    listProposals: unsupported,
    getParticipantVotes: unsupported,
    castVote: unsupported,
  };
}

/** Empty the stage and let the browser settle (and collect garbage when --expose-gc is on). */
async function clear() {
  stage.replaceChildren();
  await nextFrame();
  window.gc?.();
  await sleep(50);
  await nextFrame();
}

/**
 * One round: from connecting the element to its results in the DOM and laid out (`readyMs`), from
 * the adapter's last answer to the same point (`afterAnswerMs`), and from connecting to the next
 * animation frame (`frameMs`, which adds the wait for the browser's frame).
 */
async function run(latencyMs = 0) {
  await clear();
  // The answer is copied before the clock starts: a network adapter parses JSON before the widget
  // sees anything, and that is the adapter's time, not the widget's.
  const timing = {};
  const adapter = stubAdapter(structuredClone(payload.results), structuredClone(payload.consultation), latencyMs, timing);
  const el = document.createElement('consult-results');
  el.adapter = adapter;
  el.consultation = payload.consultation.id;
  const shown = new Promise((resolve, reject) => {
    el.addEventListener('consult-results', () => resolve(), { once: true });
    el.addEventListener('consult-error', (event) => reject(new Error(`consult-error: ${event.detail.message}`)), { once: true });
  });
  const start = performance.now();
  stage.append(el);
  await Promise.race([shown, deadline(10_000, 'consult-results')]);
  // consult-results fires once the results are rendered; force style and layout like a paint would.
  void document.body.offsetHeight;
  const readyAt = performance.now();
  const readyMs = readyAt - start;
  const afterAnswerMs = readyAt - timing.answeredAt;
  await nextFrame();
  const frameMs = performance.now() - start;
  const root = el.shadowRoot;
  const check = {
    popular: root.querySelectorAll('.list.popular .idea').length,
    themes: root.querySelectorAll('.list.popular .theme').length,
    divisive: root.querySelectorAll('.list.divisive .idea').length,
    rows: root.querySelectorAll('table tbody tr').length,
    counters: [...root.querySelectorAll('.counter')].map((c) => c.textContent.replace(/\s+/g, ' ').trim()),
    height: el.offsetHeight,
  };
  await clear();
  return { readyMs, afterAnswerMs, frameMs, check };
}

window.bench = { run, proposals: payload.results.proposals.length };

// By hand: `node bench/results-render.mjs --serve`, open the printed URL, press the button.
const button = document.getElementById('run');
const out = document.getElementById('out');
button.disabled = false;
button.addEventListener('click', async () => {
  button.disabled = true;
  const lines = [];
  try {
    for (let round = 0; round < 5; round++) {
      const { readyMs } = await run();
      lines.push(`${readyMs.toFixed(1)} ms`);
      out.textContent = lines.join(' · ');
    }
  } catch (error) {
    out.textContent = `Failed: ${error.message}`;
  } finally {
    button.disabled = false;
  }
});
