// Results computation for the seed consultation: 575 accepted proposals in 6 themes holding
// 121,325 votes with qualifications (bench/seed-dataset.mjs, the same for a given seed). Times `computeResults` (dist/results) and prints the median of 20 runs; the
// issue's goal is ≤ 50 ms. Writes bench/results/results.json.
//
//   npm run build && node bench/results.mjs [--runs 20] [--seed 1]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { median, round } from './common.mjs';
import { generateSeedDataset, resultsInputOf } from './seed-dataset.mjs';

const WARMUP = 3;
const GOAL_MS = 50;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' } } });
const runs = Number(values.runs);
const seed = Number(values.seed);

const root = new URL('../', import.meta.url);
if (!existsSync(new URL('dist/results/index.js', root))) {
  console.error('Missing dist/results/index.js: run npm run build first.');
  process.exit(1);
}
const { computeResults } = await import(new URL('dist/results/index.js', root).href);

// The seed consultation itself (bench/seed-dataset.mjs): what `npm start` serves and the server
// benchmark replays, so the figure is the results page's own.
const input = resultsInputOf(generateSeedDataset(seed));
const votes = input.counts.votes;
const PROPOSALS = input.rows.length;
const THEMES = new Set(input.rows.map((r) => r.themeId)).size;

const time = () => {
  const start = performance.now();
  const results = computeResults(input);
  return { ms: performance.now() - start, results };
};
const cold = time();
for (let i = 1; i < WARMUP; i++) time();
const timings = Array.from({ length: runs }, () => time().ms);
const zones = {};
for (const p of cold.results.proposals) zones[p.zone ?? 'unrated'] = (zones[p.zone ?? 'unrated'] ?? 0) + 1;

const summary = {
  measuredAt: new Date().toISOString(),
  input: { proposals: PROPOSALS, votes, themes: THEMES, seed },
  machine: { cpus: availableParallelism(), loadAverage1m: round(loadavg()[0], 2), node: process.version },
  runs,
  warmupRuns: WARMUP,
  coldMs: round(cold.ms, 2),
  medianMs: round(median(timings), 2),
  minMs: round(Math.min(...timings), 2),
  maxMs: round(Math.max(...timings), 2),
  goalMs: GOAL_MS,
  zones,
  popular: cold.results.popular.reduce((n, g) => n + g.proposalIds.length, 0),
  divisive: cold.results.divisive.length,
};
console.log(`computeResults: ${PROPOSALS} proposals, ${votes.toLocaleString('en')} votes, ${THEMES} themes (seed ${seed})`);
console.log(`  zones: ${Object.entries(zones).map(([z, n]) => `${z} ${n}`).join(', ')}; top lists: ${summary.popular} popular, ${summary.divisive} divisive`);
console.log(`  first run ${summary.coldMs} ms; then ${WARMUP - 1} warm-up runs; median of ${runs}: ${summary.medianMs} ms (min ${summary.minMs}, max ${summary.maxMs}); goal ≤ ${GOAL_MS} ms: ${summary.medianMs <= GOAL_MS ? 'ok' : 'OVER'}`);
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(new URL('bench/results/results.json', root), `${JSON.stringify(summary, null, 2)}\n`);
