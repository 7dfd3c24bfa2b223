// Results computation at the seed consultation's size: 575 accepted proposals in 6 themes holding
// 121,325 votes, with qualifications (generated from a seed with mulberry32, so every run computes
// the same input). Times `computeResults` (dist/results) and prints the median of 20 runs; the
// issue's goal is ≤ 50 ms. Writes bench/results/results.json.
//
//   npm run build && node bench/results.mjs [--runs 20] [--seed 1]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { median, round } from './common.mjs';
import { mulberry32 } from './random.mjs';

const PROPOSALS = 575;
const VOTES = 121_325;
const THEMES = 6;
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

/** 575 tallies summing to exactly 121,325 votes, of every kind (popular, divisive, rejected, limbo). */
function generate(random) {
  const int = (max) => Math.floor(random() * (max + 1));
  // Votes per proposal: uneven, as in a real sequence (some proposals shown far more often).
  const weights = Array.from({ length: PROPOSALS }, () => 0.2 + random() ** 2);
  const total = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.floor((w / total) * VOTES));
  for (let left = VOTES - sizes.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i++) sizes[i % PROPOSALS] += 1;
  return sizes.map((n, i) => {
    const agreeShare = random();
    const neutralShare = random() * (1 - agreeShare) * 0.8;
    const agree = Math.round(n * agreeShare);
    const neutral = Math.min(n - agree, Math.round(n * neutralShare));
    const disagree = n - agree - neutral;
    const some = (voters) => int(Math.floor(voters * 0.4));
    return {
      proposalId: `p${String(i + 1).padStart(4, '0')}`,
      themeId: `theme-${(i % THEMES) + 1}`,
      votes: { agree, disagree, neutral },
      qualifications: {
        likeIt: some(agree),
        doable: some(agree),
        platitudeAgree: some(agree),
        noWay: some(disagree),
        impossible: some(disagree),
        platitudeDisagree: some(disagree),
        doNotUnderstand: some(neutral),
        noOpinion: some(neutral),
        doNotCare: some(neutral),
      },
    };
  });
}

const rows = generate(mulberry32(seed));
const votes = rows.reduce((sum, r) => sum + r.votes.agree + r.votes.disagree + r.votes.neutral, 0);
if (votes !== VOTES || rows.length !== PROPOSALS) throw new Error(`generated ${rows.length} proposals and ${votes} votes`);
const input = { consultationId: 'ai-action-summit', counts: { participants: 11_661, proposals: PROPOSALS, votes }, rows };

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
