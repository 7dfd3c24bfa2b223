// What `npm install consult-widgets` costs a site that only wants the widgets: the packed tarball
// (what npm would publish) installed into a fresh app from the registry.
// `node bench/install.mjs` reports; `--check` also fails (exit 1) over the budgets below, apart from
// the time, which the registry's answers and the machine's load make noisy: `--check-time` adds it.
// Needs `npm run build` (the tarball holds dist/) and the npm registry (or a cache).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Issue 11: at most 10 packages (consult-widgets and its own), none that builds anything, in 20 s. */
export const MAX_PACKAGES = 10;
export const MAX_SECONDS = 20;
/** What the tarball must hold, and what it must not (the server is its own package). */
const MUST_HOLD = ['package.json', 'README.md', 'custom-elements.json', 'dist/index.js', 'dist/index.d.ts', 'dist/consult-widgets.min.js', 'dist/consult-widgets.iife.min.js', 'dist/protocol/index.js'];
const MUST_NOT_HOLD = /^(server|src|test|bench|demo|scripts)\//;

const root = fileURLToPath(new URL('../', import.meta.url));
const check = process.argv.includes('--check') || process.argv.includes('--check-time');
const checkTime = process.argv.includes('--check-time');
const work = mkdtempSync(join(tmpdir(), 'consult-install-'));
const npm = (args, cwd) => spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

try {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' }))[0];
  const files = packed.files.map((f) => f.path);
  const problems = [];
  const notes = [];
  for (const path of MUST_HOLD) if (!files.includes(path)) problems.push(`the tarball lacks ${path}`);
  const stray = files.filter((path) => MUST_NOT_HOLD.test(path));
  if (stray.length > 0) problems.push(`the tarball holds ${stray.length} files it should not (${stray.slice(0, 3).join(', ')}…)`);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true }));
  const started = performance.now();
  const install = npm(['install', join(work, packed.filename), '--no-audit', '--no-fund'], app);
  const seconds = (performance.now() - started) / 1000;
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  const output = `${install.stdout}\n${install.stderr}`;
  const added = Number(/added (\d+) package/.exec(output)?.[1] ?? NaN);
  const packages = JSON.parse(npm(['ls', '--all', '--json'], app).stdout);
  const names = new Set();
  const walk = (deps = {}) => { for (const [name, dep] of Object.entries(deps)) if (dep.version) { names.add(`${name}@${dep.version}`); walk(dep.dependencies); } };
  walk(packages.dependencies);
  const bytes = du(join(app, 'node_modules'));
  const engineWarnings = output.split('\n').filter((line) => /EBADENGINE/.test(line));
  const scriptWarnings = output.split('\n').filter((line) => /install-scripts\s+\S+@\S+ \(/.test(line));

  console.log(`tarball: ${packed.filename}, ${(packed.size / 1024).toFixed(0)} KB packed, ${files.length} files`);
  console.log(`fresh app: ${added} packages added in ${seconds.toFixed(1)} s, node_modules ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  console.log(`  ${[...names].sort().join(', ')}`);
  if (names.size > MAX_PACKAGES) problems.push(`${names.size} packages installed (at most ${MAX_PACKAGES})`);
  if (seconds > MAX_SECONDS) (checkTime ? problems : notes).push(`install took ${seconds.toFixed(1)} s (at most ${MAX_SECONDS})`);
  for (const line of engineWarnings) problems.push(`engine warning: ${line.trim()}`);
  for (const line of scriptWarnings) problems.push(`install script: ${line.trim()}`);
  for (const note of notes) console.log(`note: ${note}`);
  for (const problem of problems) console.log(`PROBLEM: ${problem}`);
  if (problems.length === 0) console.log('ok: no install script, no engine warning');
  if (check && problems.length > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

function du(path) {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += du(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}
