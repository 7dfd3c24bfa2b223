// Results render benchmark: <consult-results> showing the seed consultation's results (575
// proposals, 121,325 votes: bench/seed-dataset.mjs), from connecting the element to its results
// rendered and laid out, in headless Chromium. The goal: ≤ 100 ms for 575 proposals.
//
// It needs no build: esbuild bundles the page (bench/results-render.js) and the results method
// from the sources, so it times the code as it is now (minified, Lit's production build).
// Each round uses a new element and a fresh copy of the answer. "Cold" is a page's first round
// (first zod parse, first number formats, first template), measured in COLD_PAGES fresh pages,
// with an adapter answering at once and with one answering like a fast network; "warm" is ROUNDS
// more rounds in one page. Writes bench/results/results-render.json.
//
//   node bench/results-render.mjs [--rounds 15] [--pages 5] [--seed 1]
//   node bench/results-render.mjs --serve     # serve the page to open by hand, until Ctrl-C
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { REPO_ROOT, serve } from '../scripts/static-server.mjs';
import { median, round, startBenchmark } from './common.mjs';
import { generateSeedDataset, resultsInputOf } from './seed-dataset.mjs';

const GOAL_MS = 100;
const WATCHDOG_MS = 150_000;
const MOUNT = '/bench-results-render/';
/** A fast backend's answer time, for the network-like cold scenario. */
const NETWORK_MS = 150;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '15' },
    pages: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    serve: { type: 'boolean', default: false },
  },
});
const ROUNDS = Math.min(Math.max(Number(values.rounds) || 15, 1), 50);
const COLD_PAGES = Math.min(Math.max(Number(values.pages) || 5, 1), 20);
const SEED = Number(values.seed);

const root = new URL('../', import.meta.url);

/** Bundle `entry` from the sources (TypeScript, Lit's production build) into `outdir`. */
async function bundle(entry, outfile, platform) {
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform,
    target: 'es2022',
    minify: platform === 'browser',
    tsconfig: 'tsconfig.json',
    // package.json's `sideEffects` names the built files; the sources' side-effect imports
    // (the memory adapter's getResults) must stay in this bundle all the same.
    ignoreAnnotations: true,
    logLevel: 'warning',
  });
}

/** The seed consultation as `getConsultation` answers it, and its results as `getResults` does. */
async function payloadOf(work) {
  const computeFile = join(work, 'compute.mjs');
  await bundle('src/results/index.ts', computeFile, 'node');
  const { computeResults } = await import(computeFile);
  const dataset = generateSeedDataset(SEED);
  const results = computeResults(resultsInputOf(dataset));
  const { allowedOrigins: _origins, requireSignedParticipants: _signed, ...config } = dataset.importFile.consultation;
  const consultation = { ...config, counts: results.counts };
  return { consultation, results };
}

async function main() {
  const start = await startBenchmark({ files: [], watchdogMs: values.serve ? 2 ** 31 - 1 : WATCHDOG_MS });
  if (!start) return 1;
  const { executablePath, machine } = start;
  const work = mkdtempSync(join(tmpdir(), 'consult-results-render-'));
  let server;
  let browser;
  const problems = [];
  try {
    const payload = await payloadOf(work);
    writeFileSync(join(work, 'payload.json'), JSON.stringify(payload));
    await bundle('bench/results-render.js', join(work, 'results-render.js'), 'browser');
    server = await serve({ mounts: { '/': REPO_ROOT, [MOUNT]: work } });
    const url = `${server.origin}/bench/results-render.html`;
    if (values.serve) {
      console.log(`Open ${url} (Ctrl-C to stop)`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
      return 0;
    }

    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--js-flags=--expose-gc'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const open = async () => {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(`console.${m.type()}: ${m.text()}`));
      await page.goto(url);
      await page.waitForFunction(() => window.bench !== undefined);
      return page;
    };

    const proposals = payload.results.proposals.length;
    const popular = payload.results.popular.reduce((n, g) => n + g.proposalIds.length, 0);
    const divisive = payload.results.divisive.length;
    console.log(
      `<consult-results>: ${proposals} proposals, ${payload.results.counts.votes.toLocaleString('en')} votes, ` +
        `${popular} popular ideas in ${payload.results.popular.length} themes, ${divisive} divisive (seed ${SEED})`,
    );

    // a. cold: the page's first <consult-results>, adapter answering at once: every one-off cost of
    //    the page (its first number formats, zod's and Lit's first runs) is on the critical path.
    // b. cold, network-like: the same with answers after NETWORK_MS; the widget builds its number
    //    formats while it waits (as with any real backend), timed from the answer to rendered.
    // c. warm: later renders in the same page, adapter answering at once.
    const scenarios = [
      { name: 'cold', label: `cold, instant adapter (${COLD_PAGES} fresh pages)`, metric: 'readyMs', runs: [] },
      { name: 'coldNetwork', label: `cold, answers after ${NETWORK_MS} ms, answer → rendered`, metric: 'afterAnswerMs', runs: [] },
      { name: 'warm', label: `warm, instant adapter (${ROUNDS} rounds, one page)`, metric: 'readyMs', runs: [] },
    ];
    const [cold, coldNetwork, warm] = scenarios;
    for (let i = 0; i < COLD_PAGES; i++) {
      for (const [scenario, latency] of [
        [cold, 0],
        [coldNetwork, NETWORK_MS],
      ]) {
        const page = await open();
        scenario.runs.push(await page.evaluate((ms) => window.bench.run(ms), latency));
        await page.close();
      }
    }
    // Context for the cold figures: what a blank page pays for its first number format (ICU data),
    // a cost of the page that whichever widget formats a number first carries.
    const firstFormat = [];
    for (let i = 0; i < COLD_PAGES; i++) {
      const blank = await context.newPage();
      firstFormat.push(
        await blank.evaluate(() => {
          const t = performance.now();
          new Intl.NumberFormat('en').format(1);
          return performance.now() - t;
        }),
      );
      await blank.close();
    }
    const page = await open();
    await page.evaluate(() => window.bench.run()); // this page's cold round, not counted as warm
    for (let i = 0; i < ROUNDS; i++) warm.runs.push(await page.evaluate(() => window.bench.run()));
    await page.close();

    const all = scenarios.flatMap((s) => s.runs);
    const wrong = all.find((r) => r.check.popular !== popular || r.check.divisive !== divisive || r.check.rows !== popular + divisive);
    if (wrong) throw new Error(`a round rendered ${JSON.stringify(wrong.check)}, expected ${popular} popular and ${divisive} divisive`);
    const check = warm.runs[0].check;
    console.log(`   shown: ${check.counters.join(' · ')}; ${check.themes} themes, ${check.rows} table rows, ${check.height} px high`);

    const out = {
      measuredAt: new Date().toISOString(),
      browser: `${executablePath} ${browser.version()}`,
      machine,
      input: { seed: SEED, proposals, votes: payload.results.counts.votes, popular, divisive, themes: payload.results.popular.length },
      measures:
        'ms until consult-results fired (the results are in the DOM) and layout is done: from appending <consult-results> ' +
        '(cold, warm) or from the adapter\'s answer (coldNetwork)',
      unit: 'ms',
      goalMs: GOAL_MS,
      rendered: check,
      firstNumberFormatInBlankPageMs: { median: round(median(firstFormat)), runs: firstFormat.map((v) => round(v)) },
      pageProblems: problems,
    };
    for (const scenario of scenarios) {
      const values = scenario.runs.map((r) => r[scenario.metric]);
      const med = median(values);
      const met = med <= GOAL_MS;
      console.log(
        `   ${scenario.label.padEnd(50)} median ${String(round(med)).padStart(6)} ms  (min ${round(Math.min(...values))}, max ${round(Math.max(...values))})  ` +
          `goal ≤ ${GOAL_MS} ms: ${met ? 'met' : 'NOT met'}`,
      );
      out[scenario.name] = {
        median: round(med),
        min: round(Math.min(...values)),
        max: round(Math.max(...values)),
        runs: values.map((v) => round(v)),
        toNextFrameMedian: round(median(scenario.runs.map((r) => r.frameMs))),
        met,
      };
    }
    console.log(`   (a blank page's first Intl.NumberFormat alone: median ${round(median(firstFormat))} ms, inside every cold instant figure)`);
    for (const problem of problems) console.log(`   ! ${problem}`);

    mkdirSync(new URL('bench/results/', root), { recursive: true });
    writeFileSync(new URL('bench/results/results-render.json', root), `${JSON.stringify(out, null, 2)}\n`);
    console.log('\nWrote bench/results/results-render.json');
    return problems.length ? 1 : 0;
  } catch (error) {
    for (const problem of problems) console.log(`   ! ${problem}`);
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((error) => {
  console.error(error);
  return 1;
});
