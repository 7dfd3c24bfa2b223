// @ts-check
// What the framework tests share (react.test.mjs, vue.test.mjs, svelte-types.test.mjs): the app
// resolves 'consult-widgets' to this repository's build through the package's own exports (as a
// user's app does once it is installed), is type-checked with tsc or vue-tsc, built with Vite's
// build() API, served on 127.0.0.1 with the strict CSP and driven in headless Chromium, where
// page-probe.mjs counts its timers, listeners and observers and records what its widgets said.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/static-server.mjs';
import { assertCleanPage, launchBrowser, openPage } from '../bundle/support/browser.mjs';
import { trackResources } from './page-probe.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export { launchBrowser };
export { assertReleased, consultErrors, liveRegionTexts, resources } from './page-probe.mjs';

/** Fail early, with the fix, when what the tests read from the build is missing. */
export function assertBuilt(files = ['dist/index.js', 'custom-elements.json']) {
  for (const file of files) assert.ok(existsSync(join(REPO_ROOT, file)), `${file} is missing: run npm run build first.`);
}

/**
 * `<appDir>/node_modules/consult-widgets` → the repository: the app imports the package by its name
 * and gets what its `exports` give (dist/), as after `npm install consult-widgets`. Its own imports
 * (react, vue, lit…) resolve from the repository's node_modules, so there is one copy of each.
 * Returns what removes the link again: it must not outlive the test (tools that walk the
 * repository would meet the repository inside itself).
 */
export function linkPackage(appDir) {
  const modules = join(appDir, 'node_modules');
  const link = join(modules, 'consult-widgets');
  mkdirSync(modules, { recursive: true });
  if (isLink(link)) unlinkSync(link);
  symlinkSync(relative(modules, REPO_ROOT) || '.', link, 'dir');
  return () => {
    // The link first, on its own (it points at the repository); then what else the run left
    // there (Vite's bundled config in .vite-temp, a test's scratch project).
    if (isLink(link)) unlinkSync(link);
    rmSync(modules, { recursive: true, force: true });
  };
}

const isLink = (path) => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

/**
 * `<bin> --noEmit -p <project>` (bin: `tsc`, `vue-tsc`, from the repository's node_modules).
 * Resolves to its exit code, its output and the errors parsed from it; never rejects on type errors.
 * @returns {Promise<{ code: number, output: string, errors: Array<{ file: string, line: number, code: string, message: string }> }>}
 */
export function typecheck(project, { bin = 'tsc' } = {}) {
  return new Promise((done) => {
    execFile(join(REPO_ROOT, 'node_modules/.bin', bin), ['--noEmit', '-p', project], { cwd: REPO_ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output, errors: typeErrors(output) });
    });
  });
}

/** The `file(line,col): error TSxxxx: …` lines of tsc / vue-tsc output. */
function typeErrors(output) {
  return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map(([, file, line, code, message]) => ({
    file,
    line: Number(line),
    code,
    message,
  }));
}

/**
 * Build the Vite app in `appDir` (its vite.config.* applies) into a new temporary folder, Vite's
 * cache too (Vite still writes its bundled config to `<appDir>/node_modules/.vite-temp`, which
 * linkPackage's remover clears). `mode: 'development'` keeps the frameworks' dev warnings (Vue's
 * "Failed to resolve component" exists only there); Vite takes that from NODE_ENV, not from `mode`.
 * Resolves to the built folder and what removes it.
 */
export async function buildApp(appDir, { mode = 'production' } = {}) {
  const { build } = await import('vite');
  const out = mkdtempSync(join(tmpdir(), 'consult-app-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = mode;
  try {
    await build({
      root: appDir,
      mode,
      logLevel: 'warn',
      cacheDir: join(out, '.vite'),
      build: { outDir: join(out, 'dist'), emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return { dir: join(out, 'dist'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

/** Serve a built app on 127.0.0.1 (with the strict CSP of scripts/static-server.mjs). */
export function serveApp(dir) {
  return serve({ mounts: { '/': dir } });
}

/**
 * A fresh browser context (own storage) on `url` (served with the strict CSP), with the page probe,
 * the CSP violations and a log of console messages and uncaught exceptions
 * (test/bundle/support/browser.mjs).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 */
export function openApp(browser, url) {
  return openPage(browser, url, { initScripts: [trackResources] });
}

const LIT_DEV_BANNER = /^Lit is in dev mode\./;

/**
 * No CSP violation, uncaught exception, console error or warning (a framework's own warnings
 * included: Vue's "[Vue warn]" is one). A production build must not carry Lit's dev mode; a
 * development build (buildApp's `mode`) is allowed Lit's dev-mode banner, and only that.
 * @param {{ page: import('playwright-core').Page, log: { console: Array<{ type: string, text: string }>, pageErrors: string[] } }} tab
 * @param {{ mode?: string }} [options]
 */
export function assertCleanApp({ page, log }, { mode = 'production' } = {}) {
  const console = mode === 'development' ? log.console.filter((m) => !(m.type === 'warning' && LIT_DEV_BANNER.test(m.text))) : log.console;
  return assertCleanPage({ page, log: { ...log, console } });
}
