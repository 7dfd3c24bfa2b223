// What every browser benchmark does before it measures: check the build and the browser, arm a
// watchdog so a stuck run ends by itself, and note how busy the machine was (timings mean little on
// a busy one). Plus the few statistics helpers they share.
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { findChrome } from '../scripts/find-chrome.mjs';

const root = new URL('../', import.meta.url);

export const round = (n, digits = 1) => (n === null || n === undefined ? null : Number(n.toFixed(digits)));
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Resolves to `{ executablePath, machine }`, or to `null` after saying what is missing (a bundle
 * not built, no Chromium). The watchdog exits the process after `watchdogMs`.
 */
export async function startBenchmark({ files, watchdogMs }) {
  for (const file of files) {
    if (!existsSync(new URL(file, root))) {
      console.error(`Missing ${file}: run npm run build first.`);
      return null;
    }
  }
  const executablePath = findChrome();
  if (!executablePath) {
    console.error('No Chrome or Chromium found: install chromium or set CHROME_PATH.');
    return null;
  }
  const watchdog = setTimeout(() => {
    console.error(`Benchmark still running after ${watchdogMs / 1000} s: giving up.`);
    process.exit(2);
  }, watchdogMs);
  watchdog.unref();
  const machine = { cpus: availableParallelism(), loadAverage1m: round(loadavg()[0], 2), busyBeforeStart: await busyShare() };
  if (machine.busyBeforeStart > 0.3) {
    console.log(`Warning: the CPUs were ${Math.round(machine.busyBeforeStart * 100)} % busy before the start; timings will be noisy.\n`);
  }
  return { executablePath, machine };
}

/** Share of CPU time (0–1, all cores) spent busy over the next second; the load average lags too much. */
async function busyShare() {
  const sample = () =>
    cpus().reduce(
      (sum, cpu) => {
        const { idle, ...rest } = cpu.times;
        return { idle: sum.idle + idle, total: sum.total + idle + Object.values(rest).reduce((a, b) => a + b, 0) };
      },
      { idle: 0, total: 0 },
    );
  const before = sample();
  await sleep(1000);
  const after = sample();
  const total = after.total - before.total;
  return total > 0 ? round(1 - (after.idle - before.idle) / total, 2) : 0;
}
