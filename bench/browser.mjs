// Browser benchmarks in headless Chromium (playwright-core, system browser only):
//  a. render: 575 <consult-proposal> cards vs a vanilla-DOM list of the same markup (bench/render.html);
//  b. layout shift: the demo page with a slow adapter, scrolled to the bottom, desktop and mobile.
// Prints a summary and writes bench/results/browser.json. Run `npm run build` first.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/static-server.mjs';
import { median, round, sleep, startBenchmark } from './common.mjs';

/** Measured rounds per renderer; `BENCH_ROUNDS=15` steadies the medians on a noisy machine. */
const ROUNDS = Math.min(Math.max(Number(process.env.BENCH_ROUNDS) || 7, 1), 25);
const RENDER_RATIO_GOAL = 1.5;
const CLS_GOAL = 0;
const DEMO_LATENCY_MS = 1000;
const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  mobile: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
};
/** The whole run must stop by itself: past this, give up (Playwright closes the browser on exit). */
const WATCHDOG_MS = 150_000;

const root = new URL('../', import.meta.url);

async function main() {
  const start = await startBenchmark({ files: ['dist/consult-widgets.min.js'], watchdogMs: WATCHDOG_MS });
  if (!start) return 1;
  const { executablePath, machine } = start;

  const server = await serve();
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        // window.gc() between rounds, so one round's garbage is not collected during the next.
        '--js-flags=--expose-gc',
      ],
    });
    const results = {
      measuredAt: new Date().toISOString(),
      browser: `${executablePath} ${browser.version()}`,
      machine,
      render: await renderBench(browser, server.origin),
      layoutShift: await layoutShiftBench(browser, server.origin),
    };
    mkdirSync(new URL('bench/results/', root), { recursive: true });
    writeFileSync(new URL('bench/results/browser.json', root), `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nWrote bench/results/browser.json');
    return 0;
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
}

/** Collects a page's uncaught errors, console errors and failed requests, to print with its figures. */
function watchPage(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A failed request's console line has no URL; the response listener reports it with one.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console.error: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (response.status() >= 400 && pathname !== '/favicon.ico') problems.push(`HTTP ${response.status()} ${pathname}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  return problems;
}

// ---- a. render ------------------------------------------------------------------------------

async function renderBench(browser, origin) {
  console.log(`a. Render: 575 cards, ${ROUNDS} rounds after one warm-up, alternating order`);
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop.viewport });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const problems = watchPage(page);
    await page.goto(`${origin}/bench/render.html`);
    await page.waitForFunction(() => window.bench !== undefined);
    const count = await page.evaluate(() => window.bench.count);
    const times = { component: [], vanilla: [] };
    const warmUp = {};
    for (let i = -1; i < ROUNDS; i++) {
      // Alternate which one goes first, so neither always runs on a warmer (or more cluttered) heap.
      const order = i % 2 === 0 ? ['component', 'vanilla'] : ['vanilla', 'component'];
      for (const kind of order) {
        const { ms, cards } = await page.evaluate((k) => window.bench.run(k), kind);
        if (cards !== count) throw new Error(`${kind}: ${cards} cards on the page, expected ${count}`);
        if (i < 0) warmUp[kind] = round(ms);
        else times[kind].push(round(ms));
      }
    }
    const component = median(times.component);
    const vanilla = median(times.vanilla);
    const ratio = component / vanilla;
    console.log(`   first (cold) run:  component ${warmUp.component} ms, vanilla ${warmUp.vanilla} ms`);
    for (const [label, kind] of [['<consult-proposal>', 'component'], ['vanilla DOM       ', 'vanilla']]) {
      const runs = times[kind];
      console.log(`   ${label} median ${round(median(runs))} ms, min ${Math.min(...runs)} ms  (rounds: ${runs.join(', ')})`);
    }
    console.log(
      `   ratio ${ratio.toFixed(3)}×  (goal ≤ ${RENDER_RATIO_GOAL}×: ${ratio <= RENDER_RATIO_GOAL ? 'met' : 'NOT met'})`,
    );
    for (const problem of problems) console.log(`   ! ${problem}`);
    return {
      cards: count,
      rounds: ROUNDS,
      unit: 'ms',
      warmUp,
      component: { median: round(component), min: Math.min(...times.component), runs: times.component },
      vanilla: { median: round(vanilla), min: Math.min(...times.vanilla), runs: times.vanilla },
      ratio: round(ratio, 3),
      goal: RENDER_RATIO_GOAL,
      met: ratio <= RENDER_RATIO_GOAL,
      pageProblems: problems,
    };
  } finally {
    await context.close();
  }
}

// ---- b. layout shift ------------------------------------------------------------------------

/** Installed before any page script: records every layout shift, including buffered ones. */
function recordLayoutShifts() {
  const shifts = [];
  window.__layoutShifts = shifts;
  const describe = (node) => {
    if (!node || node.nodeType !== 1) return node ? node.nodeName : '(gone)';
    const host = node.getRootNode()?.host;
    const self = `${node.localName}${node.id ? `#${node.id}` : ''}${node.classList.length ? `.${[...node.classList].join('.')}` : ''}`;
    return host ? `${describe(host)} >>> ${self}` : self;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      shifts.push({
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        startTime: entry.startTime,
        scrollY: window.scrollY,
        sources: (entry.sources ?? []).slice(0, 3).map((source) => describe(source.node)),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** Every <consult-proposal> on the page, including those inside other components' shadow roots. */
function cardStates() {
  const cards = [];
  const walk = (scope) => {
    for (const el of scope.querySelectorAll('*')) {
      if (el.localName === 'consult-proposal') cards.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return cards.map((card) => {
    const box = card.getBoundingClientRect();
    const visible = box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
    const busy = card.shadowRoot?.querySelector('[aria-busy]')?.getAttribute('aria-busy');
    return { visible, loaded: busy === 'false' || !!card.shadowRoot?.querySelector('.error-state') };
  });
}

/** Web Vitals' CLS: the largest session window (gaps < 1 s, window ≤ 5 s) of shifts without input. */
function largestSessionWindow(shifts) {
  let best = 0;
  let current = 0;
  let first = 0;
  let last = 0;
  for (const s of shifts) {
    if (current > 0 && s.startTime - last < 1000 && s.startTime - first < 5000) {
      current += s.value;
    } else {
      current = s.value;
      first = s.startTime;
    }
    last = s.startTime;
    best = Math.max(best, current);
  }
  return best;
}

async function layoutShiftBench(browser, origin) {
  console.log(`\nb. Layout shift: /demo/index.html?latency=${DEMO_LATENCY_MS}, scrolled to the bottom`);
  if (!existsSync(new URL('demo/index.html', root))) {
    console.log('   demo missing, skipped');
    return { skipped: 'demo missing' };
  }
  const out = { url: `/demo/index.html?latency=${DEMO_LATENCY_MS}`, goal: CLS_GOAL };
  for (const [name, options] of Object.entries(VIEWPORTS)) {
    out[name] = await measureLayoutShift(browser, `${origin}${out.url}`, options);
    const r = out[name];
    console.log(
      `   ${name.padEnd(7)} ${options.viewport.width}×${options.viewport.height}: CLS ${r.cls.toFixed(4)} ` +
        `(goal ${CLS_GOAL.toFixed(2)}: ${r.cls <= CLS_GOAL ? 'met' : 'NOT met'}; largest session window ${r.sessionWindowCls.toFixed(4)}), ` +
        `${r.shiftCount} shifts, ${r.cards} cards (${r.loadedCards} loaded), ${r.scrollSteps} scroll steps to ${r.pageHeight} px` +
        `${r.visibleWaitTimedOut ? ', visible cards not all loaded in time' : ''}`,
    );
    if (r.loadedCards < r.cards) console.log(`     ! ${r.cards - r.loadedCards} cards never showed data: this figure is not meaningful`);
    for (const shift of r.largestShifts) {
      console.log(`     shift ${shift.value.toFixed(4)} at ${round(shift.startTime)} ms (scrollY ${shift.scrollY}): ${shift.sources.join(', ')}`);
    }
    for (const problem of r.pageProblems) console.log(`     ! ${problem}`);
  }
  return out;
}

async function measureLayoutShift(browser, url, options) {
  const context = await browser.newContext(options);
  try {
    await context.addInitScript(recordLayoutShifts);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const problems = watchPage(page);
    await page.goto(url, { waitUntil: 'load' });
    const loadedAt = Date.now();

    // Cards in the first viewport: wait until they show data (10 s at most). A page with no card
    // to watch gets 3 s after load instead.
    let visibleWaitTimedOut = false;
    for (;;) {
      const cards = await page.evaluate(cardStates);
      const elapsed = Date.now() - loadedAt;
      const visible = cards.filter((c) => c.visible);
      if (visible.length === 0 ? elapsed >= 3000 : visible.every((c) => c.loaded)) break;
      if (elapsed >= 10_000) {
        visibleWaitTimedOut = true;
        break;
      }
      await sleep(100);
    }

    // Scroll down slowly, half a viewport at a time, so lazy cards load as they come near. At most
    // 80 steps (longer pages take bigger steps) and 25 s, whatever the page does.
    let scrollSteps = 0;
    const scrollStart = Date.now();
    while (scrollSteps < 80 && Date.now() - scrollStart < 25_000) {
      const atBottom = await page.evaluate(() => {
        const max = document.documentElement.scrollHeight - window.innerHeight;
        if (window.scrollY >= max - 1) return true;
        window.scrollBy(0, Math.max(window.innerHeight / 2, document.documentElement.scrollHeight / 80));
        return false;
      });
      if (atBottom) break;
      scrollSteps++;
      await sleep(250);
    }
    // The demo's adapter answers after `latency` ms, twice in a row per card: let the last ones land.
    await sleep(2 * DEMO_LATENCY_MS + 700);

    const { shifts, pageHeight } = await page.evaluate(() => ({
      shifts: window.__layoutShifts,
      pageHeight: document.documentElement.scrollHeight,
    }));
    const cardList = await page.evaluate(cardStates);
    const counted = shifts.filter((s) => !s.hadRecentInput);
    const cls = counted.reduce((sum, s) => sum + s.value, 0);
    return {
      viewport: options.viewport,
      cls: round(cls, 4),
      sessionWindowCls: round(largestSessionWindow(counted), 4),
      shiftCount: counted.length,
      largestShifts: [...counted].sort((a, b) => b.value - a.value).slice(0, 5),
      cards: cardList.length,
      loadedCards: cardList.filter((c) => c.loaded).length,
      scrollSteps,
      pageHeight,
      visibleWaitTimedOut,
      pageProblems: problems,
    };
  } finally {
    await context.close();
  }
}

process.exitCode = await main().catch((error) => {
  console.error(error);
  return 1;
});
