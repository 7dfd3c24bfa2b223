// @ts-check
/**
 * The console's browser tests share these: operators signed in through the form (in English or
 * French), CSP violations collected from the first script on, axe injected (through the DevTools
 * protocol, which the page's CSP does not govern: open the context with `bypassCSP`), and a server
 * with an admin and a moderator, and a partner site on another origin. Used by console-poll.test.mjs,
 * console-settings.test.mjs and console-embed.test.mjs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { extname, resolve, sep } from 'node:path';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { DIST } from '../bundle/support/server.mjs';
import { FAST_SCRYPT, PASSWORD } from './accounts-helpers.mjs';
import { startServer } from './server.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContextOptions} ContextOptions */

export const ADMIN = 'admin@example.org';
export const MODERATOR = 'moderator@example.org';

/** A server with an admin and a moderator (password PASSWORD), and Chromium. */
export async function consoleServer() {
  const ctx = await startServer({ accounts: { scryptCost: FAST_SCRYPT } });
  for (const [email, role] of [[ADMIN, 'admin'], [MODERATOR, 'moderator']]) {
    const created = await ctx.admin('POST', '/operators', { body: { email, role, password: PASSWORD } });
    assert.equal(created.status, 201, created.text);
  }
  return { ctx, browser: await launchBrowser() };
}

/**
 * Signs in through the form on a view of the console.
 * @param {Browser} browser
 * @param {string} url
 * @param {string} email
 * @param {ContextOptions} [options]
 * @param {{ clock?: boolean }} [init] `clock`: Playwright's clock installed before the page loads (it
 *   flows as real time does; the test moves it on with `page.clock.runFor` instead of waiting).
 */
export async function signIn(browser, url, email, options = {}, { clock = false } = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  if (clock) await context.clock.install();
  await context.addInitScript(collectViolations);
  const page = await context.newPage();
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  const fr = options.locale?.startsWith('fr');
  await page.getByLabel(fr ? 'Adresse e-mail' : 'Email').fill(email);
  await page.getByLabel(fr ? 'Mot de passe' : 'Password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  return { context, page, errors };
}

/** Runs before the page's scripts (through the DevTools protocol, which the CSP does not govern). */
function collectViolations() {
  const page = /** @type {any} */ (window);
  page.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => page.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`), true);
}

/**
 * axe's violations on the page, one line each (id: targets).
 * @param {Page} page
 */
export async function axe(page) {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(() => /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((/** @type {any} */ v) => `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`);
}

/**
 * A partner site on its own origin: `/` is the page given (the pasted embed code), `/dist/…` the
 * widgets' built files (where the embed code says they are served from).
 */
export async function partnerSite() {
  let body = '';
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(body);
      return;
    }
    const file = resolve(DIST, `.${decodeURIComponent(path.replace(/^\/dist/, ''))}`);
    if (!path.startsWith('/dist/') || !file.startsWith(DIST + sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const bytes = readFileSync(file);
      response.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream' });
      response.end(bytes);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${address.port}`,
    /** @param {string} html */
    show: (html) => (body = html),
    close: () => new Promise((done) => server.close(done)),
  };
}
