// @ts-check
// What the console's browser tests share: a partner site on another origin, the CSP violation
// collector, axe.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { extname, resolve, sep } from 'node:path';
import { DIST } from '../bundle/support/server.mjs';

/** @typedef {import('playwright-core').Page} Page */

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

/** Runs before the page's scripts (through the DevTools protocol, which the CSP does not govern). */
export function collectViolations() {
  const page = /** @type {any} */ (window);
  page.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => page.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`), true);
}

/** @param {Page} page */
export async function axe(page) {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(() => /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((/** @type {any} */ v) => `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`);
}
