// @ts-check
// The two packages of the repository as their users meet them: the widgets' tarball (what a site
// installs) holds the widgets and nothing of the server, installs without running anything, and
// `consult-server` is a command of its own that carries the protocol it was built with.
// (bench/install.mjs installs the tarball into a fresh app from the registry; .ci/run checks it.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const widgets = JSON.parse(readFileSync(new URL('package.json', `file://${root}`), 'utf8'));
const server = JSON.parse(readFileSync(new URL('server/package.json', `file://${root}`), 'utf8'));
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

test('the widgets tarball holds the built widgets, their types and manifest, and no server or source', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
  const files = packed.files.map((f) => f.path);
  for (const path of ['README.md', 'custom-elements.json', 'dist/index.js', 'dist/index.d.ts', 'dist/consult-widgets.min.js', 'dist/consult-widgets.iife.min.js', 'dist/protocol/index.d.ts',
    // Issue 14: each language beside the bundles and beside the npm loader, and the translation files.
    'dist/locales/ar/card.js', 'dist/i18n/locales/ar/results.js', 'dist/i18n/locales/en.json', 'dist/i18n/locales/zh-Hans.json']) {
    assert.ok(files.includes(path), `the tarball holds ${path}`);
  }
  assert.deepEqual(files.filter((path) => /^(server|src|test|bench|demo|scripts|node_modules)\//.test(path)), []);
  assert.ok(!files.some((path) => path.startsWith('dist/server')), 'no server build inside the widgets');
});

test('the widgets depend on what a browser runs, and run nothing when installed', () => {
  assert.deepEqual(Object.keys(widgets.dependencies).sort(), ['@lit/context', 'altcha-lib', 'lit', 'zod']);
  assert.equal(widgets.optionalDependencies, undefined);
  assert.equal(widgets.bin, undefined, 'the command belongs to consult-server');
  assert.deepEqual(INSTALL_SCRIPTS.filter((name) => widgets.scripts[name]), []);
  for (const name of Object.keys(widgets.dependencies)) {
    const dep = JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, `file://${root}`), 'utf8'));
    assert.deepEqual(INSTALL_SCRIPTS.filter((script) => dep.scripts?.[script] && script !== 'prepare'), [], `${name} runs no install script`);
  }
});

test('consult-server is its own package with the server dependencies', () => {
  assert.equal(server.name, 'consult-server');
  assert.ok(server.dependencies.fastify && server.optionalDependencies['better-sqlite3'] && server.optionalDependencies.pg);
  for (const name of ['fastify', 'better-sqlite3', 'pg']) assert.ok(!(name in widgets.dependencies), `${name} is not a widgets dependency`);
});

test('npx consult-server works from the root after install, through the workspace link', () => {
  const usage = execFileSync(`${root}node_modules/.bin/consult-server`, ['--help'], { encoding: 'utf8' });
  assert.match(usage, /consult-server import <file\.json>/);
});

test('the built server carries the protocol it was built with: no runtime import of consult-widgets', () => {
  const dist = new URL('server/dist/', `file://${root}`);
  const code = readdirSync(dist).filter((name) => name.endsWith('.js')).map((name) => readFileSync(new URL(name, dist), 'utf8')).join('\n');
  assert.doesNotMatch(code, /from\s*["']consult-widgets/);
  assert.doesNotMatch(code, /import\(\s*["']consult-widgets/);
  // The protocol's own constants are inside (the open-data format, the refusal reasons).
  assert.match(code, /consult-widgets\/open-data@2/);
  assert.match(code, /REFUSAL_REASONS/);
});
