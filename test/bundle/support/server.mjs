// @ts-check
// The smoke tests' server: the repo's dist/ at /dist/, test/bundle/pages/ everywhere else, every
// HTML page with the strict CSP (scripts/static-server.mjs).
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP, REPO_ROOT, serve } from '../../../scripts/static-server.mjs';

export { CSP };
export const DIST = resolve(REPO_ROOT, 'dist');
const PAGES = fileURLToPath(new URL('../pages/', import.meta.url));

/** The smoke tests test what `npm run build` wrote; say so plainly when it has not run. */
export function assertBuilt(...bundles) {
  const missing = bundles.filter((name) => !existsSync(resolve(DIST, name)));
  if (missing.length) throw new Error(`Missing dist/${missing.join(', dist/')}: run \`npm run build\` first.`);
}

export function startServer() {
  // static-server.mjs's options are typed by its defaults, which mount only '/'.
  return serve(/** @type {{ mounts: any }} */ ({ mounts: { '/dist/': DIST, '/': PAGES } }));
}

/**
 * The pages' server and a browser for the enclosing `describe` (started before its tests, closed
 * after them, with every tab opened through `open`): `open(path)` answers what `openPage` does.
 * @param {string[]} bundles the dist/ files the tests need
 */
export function pagesSession(...bundles) {
  /** @type {any} */
  let server;
  /** @type {any} */
  let browser;
  /** @type {Array<{ context: any }>} */
  const opened = [];
  before(async () => {
    assertBuilt(...bundles);
    server = await startServer();
    const { launchBrowser } = await import('./browser.mjs');
    browser = await launchBrowser();
  }, { timeout: 40_000 });
  after(async () => {
    await Promise.all(opened.map((tab) => tab.context.close().catch(() => {})));
    await browser?.close();
    await server?.close();
  }, { timeout: 20_000 });
  return {
    /** @param {string} path @param {Parameters<typeof import('./browser.mjs').openPage>[2]} [options] */
    async open(path, options) {
      const { openPage } = await import('./browser.mjs');
      const tab = await openPage(browser, `${server.origin}${path}`, options);
      opened.push(tab);
      return tab;
    },
  };
}
