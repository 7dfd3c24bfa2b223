// @ts-check
// What a framework app test needs, framework-free: link the package into the app, type-check it,
// build it with Vite, serve the build on 127.0.0.1, drive it in Chromium, and count the timers,
// listeners and observers a page holds. Small generic signatures, to be folded into harness.mjs.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChrome } from '../../scripts/find-chrome.mjs';
import { serve as serveFiles, REPO_ROOT } from '../../scripts/static-server.mjs';

/**
 * `<dir>/node_modules/consult-widgets` → this repository, so the app imports the package by its
 * name, through package.json "exports" and the built dist, as an integrator's app does. Returns
 * the function that removes the link again (the link must not outlive the test: tools that walk
 * the repository would meet the repository inside itself).
 */
export function linkPackage(dir) {
  const modules = join(dir, 'node_modules');
  const link = join(modules, 'consult-widgets');
  mkdirSync(modules, { recursive: true });
  rmSync(link, { recursive: false, force: true });
  symlinkSync(REPO_ROOT, link, 'dir');
  return () => rmSync(modules, { recursive: true, force: true });
}

/** Run a tool of node_modules/.bin; resolves to its exit code and output (never rejects). */
export function runBin(name, args, cwd = REPO_ROOT) {
  const bin = join(REPO_ROOT, 'node_modules', '.bin', name);
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** `file(line,col): error TSxxxx: …` lines of tsc / vue-tsc output. */
export function typeErrors(output) {
  return [...output.matchAll(/^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/gm)].map((m) => ({
    file: m[1],
    line: Number(m[2]),
    code: m[4],
    message: m[5],
  }));
}

/**
 * Build the Vite app in `dir` (its own vite.config) into a fresh temporary folder; resolves to that
 * folder. `mode: 'development'` keeps the frameworks' dev warnings (Vue's "Failed to resolve
 * component" exists only there). Vite takes that from NODE_ENV, not from `mode`.
 */
export async function buildApp(dir, { mode = 'production' } = {}) {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'consult-app-'));
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = mode;
  try {
    await build({ root: dir, mode, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
  return outDir;
}

/** Serve a folder on 127.0.0.1 (the repository's static server, with its strict CSP). */
export async function serve(dir) {
  const server = await serveFiles({ mounts: { '/': dir } });
  return { url: `${server.origin}/`, close: server.close };
}

/** Headless Chromium through playwright-core and scripts/find-chrome.mjs (no browser download). */
export async function launchChromium() {
  const executablePath = findChrome();
  if (!executablePath || !existsSync(executablePath)) {
    throw new Error('No Chrome or Chromium found: run `node scripts/ensure-chrome.mjs` or set CHROME_PATH.');
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
}
