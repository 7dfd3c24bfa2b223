// @ts-check
// Headless Chromium through playwright-core, and a page wrapper that records everything a strict
// CSP or a broken bundle would show: violation events, console errors, uncaught exceptions.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { findChrome } from '../../../scripts/find-chrome.mjs';
import { CSP } from './server.mjs';

export async function launchBrowser() {
  const executablePath = findChrome();
  assert.ok(executablePath, 'No Chrome or Chromium found: install one or set CHROME_PATH.');
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 30_000,
    // --no-sandbox: Chromium refuses to start as root without it (CI containers run as root).
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/**
 * Runs in every document before any of its scripts (Playwright injects it through the DevTools
 * protocol, which the page's CSP does not govern). Capture phase on document: the event is
 * composed, so violations caused inside shadow roots arrive here too.
 */
function collectViolations() {
  /** @type {any} */ (window).__cspViolations = [];
  document.addEventListener(
    'securitypolicyviolation',
    (event) =>
      /** @type {any} */ (window).__cspViolations.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
        sample: event.sample,
      }),
    true,
  );
}

/**
 * A fresh browser context (own localStorage) with one page on `url`. `log` gathers console
 * messages and page errors for the page's whole life, reloads included. `initScripts` run in
 * every document before its own scripts, after the violations collector.
 * @param {any} browser
 * @param {string} url
 * @param {{ initScripts?: Array<() => void> }} [options]
 */
export async function openPage(browser, url, { initScripts = [] } = {}) {
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  for (const script of [collectViolations, ...initScripts]) await context.addInitScript(script);
  const page = await context.newPage();
  /** @type {{ console: Array<{ type: string, text: string }>, pageErrors: string[] }} */
  const log = { console: [], pageErrors: [] };
  page.on('console', (message) => log.console.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => log.pageErrors.push(String(error?.stack ?? error)));
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `GET ${url}`);
  // Without the header every "zero violations" assertion below would pass vacuously.
  assert.equal(response.headers()['content-security-policy'], CSP);
  return { context, page, log };
}

/**
 * Wait until the card `#id` has loaded, and fail at once (with the card's own message) if it shows
 * its error state instead: quicker and clearer than a locator timeout.
 */
export async function waitForCard(page, id) {
  const card = page.locator(`#${id}`).locator('article[aria-busy="false"], .error-state');
  await card.waitFor();
  const error = page.locator(`#${id} .error-state [role="alert"]`);
  if (await error.count()) assert.fail(`#${id} shows its error state: ${(await error.textContent()).trim()}`);
}

/**
 * The widths the card's share bar holds in its inline style, as agree/disagree/neutral. A style
 * attribute blocked by the CSP leaves these empty even though the attribute is in the DOM.
 */
export async function barWidths(page, id) {
  return page.locator(`#${id} .bar`).evaluate((bar) =>
    ['agree', 'disagree', 'neutral'].map((key) => bar.querySelector(`span.${key}`)?.style.width ?? null),
  );
}

/** Let queued violation reports and console messages arrive before reading them. */
export async function settle(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
}

/** The violations this document has seen so far (a reload starts a new list). */
export async function violations(page) {
  await settle(page);
  return page.evaluate(() => /** @type {any} */ (window).__cspViolations);
}

/**
 * No CSP violation, no uncaught exception, no console error, and no Lit dev-mode banner (the
 * bundles are built with the `production` export condition). Warnings listed in `allowWarnings`
 * (substrings) are expected; any other warning fails too.
 * @param {{ page: import('playwright-core').Page, log: { console: Array<{ type: string, text: string }>, pageErrors: string[] } }} tab
 * @param {{ allowWarnings?: string[] }} [options]
 */
export async function assertCleanPage({ page, log }, { allowWarnings = [] } = {}) {
  assert.deepEqual(await violations(page), [], 'CSP violations');
  assert.deepEqual(log.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(log.console.filter((m) => m.type === 'error').map((m) => m.text), [], 'console errors');
  assert.deepEqual(log.console.filter((m) => /dev mode/i.test(m.text)).map((m) => m.text), [], 'Lit dev-mode banner');
  const unexpected = log.console.filter(
    (m) => m.type === 'warning' && !allowWarnings.some((allowed) => m.text.includes(allowed)),
  );
  assert.deepEqual(unexpected.map((m) => m.text), [], 'console warnings');
}
