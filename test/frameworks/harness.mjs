// @ts-check
// What the framework app tests share (react.test.mjs, vue.test.mjs): the app resolves
// 'consult-widgets' to this repository's build through the package's own exports (as a user's app
// does once it is installed), is type-checked with tsc or vue-tsc, built with Vite's build() API,
// served on 127.0.0.1 and driven in headless Chromium with its timers, listeners and observers
// counted and its widgets' live regions recorded.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/static-server.mjs';
import { assertCleanPage, launchBrowser, openPage } from '../bundle/support/browser.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export { assertCleanPage, launchBrowser };

/** Fail early, with the fix, when the package has not been built. */
export function assertBuilt() {
  for (const file of ['dist/index.js', 'dist/react/index.js', 'dist/react-jsx.d.ts', 'custom-elements.json']) {
    assert.ok(existsSync(join(REPO_ROOT, file)), `${file} is missing: run npm run build first.`);
  }
}

/**
 * `<appDir>/node_modules/consult-widgets` → the repository: the app imports the package by its name
 * and gets what its `exports` give (dist/), as after `npm install consult-widgets`. Its own imports
 * (react, lit…) resolve from the repository's node_modules, so there is one copy of each.
 * Returns what removes the link again.
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
 * Resolves to its exit code and output; never rejects on type errors.
 * @returns {Promise<{ code: number, output: string }>}
 */
export function typecheck(project, { bin = 'tsc' } = {}) {
  return new Promise((done) => {
    execFile(join(REPO_ROOT, 'node_modules/.bin', bin), ['--noEmit', '-p', project], { cwd: REPO_ROOT, maxBuffer: 8 << 20 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/**
 * Build the Vite app in `appDir` (its vite.config.* applies) into a new temporary folder, Vite's
 * cache too (Vite still writes its bundled config to `<appDir>/node_modules/.vite-temp`, which
 * linkPackage's remover clears). Resolves to the built folder and what removes it.
 */
export async function buildApp(appDir) {
  const { build } = await import('vite');
  const out = mkdtempSync(join(tmpdir(), 'consult-app-'));
  await build({
    root: appDir,
    logLevel: 'warn',
    cacheDir: join(out, '.vite'),
    build: { outDir: join(out, 'dist'), emptyOutDir: true },
  });
  return { dir: join(out, 'dist'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

/** Serve a built app on 127.0.0.1 (with the strict CSP of scripts/static-server.mjs). */
export function serveApp(dir) {
  return serve({ mounts: { '/': dir } });
}

/**
 * Runs in the page before any of its scripts. Counts what a widget could leave behind once it is
 * gone — pending timeouts and animation frames, intervals, event listeners on nodes still in the
 * document (or on window, document, media queries…), IntersectionObserver targets and active
 * MutationObservers — and records every text a widget's live region (`role="status"` or
 * `role="alert"`, in a shadow root) holds, the old text of each change included.
 */
export function trackResources() {
  const w = /** @type {any} */ (window);
  const stack = () => (new Error().stack ?? '').split('\n').slice(3, 6).join(' | ');
  const timeouts = new Map();
  const intervals = new Map();
  const frames = new Map();
  const listeners = new Set();
  const observed = new Map();
  const mutations = new Map();
  const said = [];
  const { setTimeout: setT, clearTimeout: clearT, setInterval: setI, clearInterval: clearI } = w;
  const { requestAnimationFrame: raf, cancelAnimationFrame: caf } = window;
  const OriginalMutationObserver = window.MutationObserver;

  w.setTimeout = function (handler, delay, ...args) {
    const id = setT.call(window, (...a) => {
      timeouts.delete(id);
      if (typeof handler === 'function') handler(...a);
    }, delay, ...args);
    timeouts.set(id, `${delay ?? 0} ms ${stack()}`);
    return id;
  };
  w.clearTimeout = (id) => (timeouts.delete(id), clearT.call(window, id));
  w.setInterval = function (handler, delay, ...args) {
    const id = setI.call(window, handler, delay, ...args);
    intervals.set(id, `${delay ?? 0} ms ${stack()}`);
    return id;
  };
  w.clearInterval = (id) => (intervals.delete(id), clearI.call(window, id));
  w.requestAnimationFrame = (callback) => {
    const id = raf.call(window, (time) => (frames.delete(id), callback(time)));
    frames.set(id, stack());
    return id;
  };
  w.cancelAnimationFrame = (id) => (frames.delete(id), caf.call(window, id));

  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const captures = (options) => (typeof options === 'boolean' ? options : Boolean(options?.capture));
  const find = (target, type, listener, capture) => {
    for (const entry of listeners) {
      if (entry.target === target && entry.type === type && entry.listener === listener && entry.capture === capture) return entry;
    }
    return undefined;
  };
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    add.call(this, type, listener, options);
    const capture = captures(options);
    if (!listener || find(this, type, listener, capture) || options?.signal?.aborted) return;
    const entry = { target: this, type, listener, capture, at: stack() };
    listeners.add(entry);
    // Listeners that go by themselves: `once` after their event, `signal` on abort.
    if (options?.once) add.call(this, type, () => listeners.delete(entry), { once: true, capture });
    if (options?.signal) add.call(options.signal, 'abort', () => listeners.delete(entry), { once: true });
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    remove.call(this, type, listener, options);
    const entry = find(this, type, listener, captures(options));
    if (entry) listeners.delete(entry);
  };

  const io = IntersectionObserver.prototype;
  const { observe: ioObserve, unobserve: ioUnobserve, disconnect: ioDisconnect } = io;
  const targetsOf = (observer) => observed.get(observer) ?? observed.set(observer, new Set()).get(observer);
  io.observe = function (target) {
    targetsOf(this).add(target);
    return ioObserve.call(this, target);
  };
  io.unobserve = function (target) {
    targetsOf(this).delete(target);
    return ioUnobserve.call(this, target);
  };
  io.disconnect = function () {
    observed.delete(this);
    return ioDisconnect.call(this);
  };
  const mo = OriginalMutationObserver.prototype;
  const { observe: moObserve, disconnect: moDisconnect } = mo;
  mo.observe = function (target, options) {
    mutations.set(this, stack());
    return moObserve.call(this, target, options);
  };
  mo.disconnect = function () {
    mutations.delete(this);
    return moDisconnect.call(this);
  };

  // Every shadow root's live regions, through an observer that the counts above leave out.
  const liveText = (node) => node?.parentElement?.closest?.('[role="status"], [role="alert"], [aria-live]');
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    const host = this.localName + (this.id ? `#${this.id}` : '');
    const watcher = new OriginalMutationObserver((records) => {
      for (const record of records) {
        const nodes = record.type === 'characterData' ? [record.target] : [...record.addedNodes];
        for (const node of /** @type {any[]} */ (nodes)) {
          const region = node.nodeType === Node.TEXT_NODE ? liveText(node) : node.matches?.('[role="status"], [role="alert"], [aria-live]') ? node : node.querySelector?.('[role="status"], [role="alert"], [aria-live]');
          if (!region) continue;
          for (const text of [record.oldValue, region.textContent]) {
            if (text?.trim()) said.push({ host, role: region.getAttribute('role'), text: text.trim() });
          }
        }
      }
    });
    moObserve.call(watcher, root, { childList: true, subtree: true, characterData: true, characterDataOldValue: true });
    return root;
  };

  const liveTarget = (target) => !(target instanceof Node) || target.isConnected;
  w.__resources = () => ({
    timeouts: [...timeouts.values()],
    intervals: [...intervals.values()],
    frames: [...frames.values()],
    listeners: [...listeners]
      .filter((entry) => liveTarget(entry.target))
      .map((entry) => `${entry.type} on ${entry.target.nodeName ?? entry.target.constructor?.name} ${entry.at}`),
    intersections: [...observed.values()].reduce((sum, targets) => sum + targets.size, 0),
    mutations: [...mutations.values()],
  });
  w.__liveSaid = said;
}

/**
 * A fresh browser context (own storage) on `url` (served with the strict CSP), with
 * `trackResources`, the CSP violations and a log of console messages and uncaught exceptions
 * (test/bundle/support/browser.mjs; `assertCleanPage` there judges them).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 */
export function openApp(browser, url) {
  return openPage(browser, url, { initScripts: [trackResources] });
}

/**
 * What the page holds now (see trackResources), after letting zero-delay timers and pending
 * frames run. Counts first, then the lists the assertion messages show.
 * @param {import('playwright-core').Page} page
 */
export async function resources(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
  return page.evaluate(() => /** @type {any} */ (window).__resources());
}

/** Every text the widgets' live regions held so far. */
export function liveRegionTexts(page) {
  return page.evaluate(() => /** @type {any} */ (window).__liveSaid);
}
