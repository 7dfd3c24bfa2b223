// @ts-check
// The IIFE bundle as the issue asks: loaded by a plain <script src> on a page whose CSP forbids
// inline script, inline style and eval. Every test checks the page stayed clean.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertCleanPage, barWidths, launchBrowser, openPage, violations, waitForCard } from './support/browser.mjs';
import { assertBuilt, startServer } from './support/server.mjs';

const LOCAL_KEY = 'consult-widgets:v1:default';

describe('IIFE bundle on a strict-CSP page', { timeout: 150_000 }, () => {
  let server;
  let browser;
  const opened = [];

  before(async () => {
    assertBuilt('consult-widgets.iife.min.js');
    server = await startServer();
    browser = await launchBrowser();
  }, { timeout: 40_000 });

  after(async () => {
    await Promise.all(opened.map((tab) => tab.context.close().catch(() => {})));
    await browser?.close();
    await server?.close();
  }, { timeout: 20_000 });

  async function open(path) {
    const tab = await openPage(browser, `${server.origin}${path}`);
    opened.push(tab);
    return tab;
  }

  // Partners put the tag in the head (elements upgrade while the parser is still adding their
  // text) or last in the body (elements upgrade once complete): both must work.
  for (const [where, path] of [
    ['in the head', '/iife-head.html'],
    ['at the end of the body', '/iife-body.html'],
  ]) {
    it(`script ${where}: registers the elements and renders inline cards without any CSP violation`, { timeout: 30_000 }, async () => {
      const tab = await open(path);
      const { page } = tab;
      assert.equal(await page.evaluate(() => typeof customElements.get('consult-proposal')), 'function');
      assert.equal(await page.evaluate(() => typeof customElements.get('consult-consultation')), 'function');

      // The card's own text content is its proposal.
      await waitForCard(page, 'text-card');
      assert.equal((await page.locator('#text-card p.content').textContent()).trim(), 'Plant fruit trees along every school street');
      // The content attribute (and the other inline attributes).
      await waitForCard(page, 'attr-card');
      assert.equal((await page.locator('#attr-card p.content').textContent()).trim(), 'Open the town hall on Saturday mornings');
      assert.equal((await page.locator('#attr-card p.author').textContent()).trim(), 'Alex, 29 years old');
      assert.equal((await page.locator('#attr-card p.theme').textContent()).trim(), 'Public services');
      // show-results="always" draws the share bar: its segment widths must not need a style attribute.
      assert.match(await page.locator('#attr-card p.legend').textContent(), /0 votes/);
      assert.deepEqual(await barWidths(page, 'attr-card'), ['0%', '0%', '0%']);
      await assertCleanPage(tab);
    });
  }

  it('exposes a working ConsultWidgets global (adapters, registerAdapter*)', { timeout: 30_000 }, async () => {
    const tab = await open('/iife-body.html');
    const api = await tab.page.evaluate(() => {
      const global = /** @type {any} */ (window).ConsultWidgets;
      if (!global) return null;
      return Object.fromEntries(
        ['MemoryAdapter', 'LocalAdapter', 'registerAdapter', 'registerAdapterInstance'].map((name) => [name, typeof global[name]]),
      );
    });
    assert.deepEqual(
      api,
      { MemoryAdapter: 'function', LocalAdapter: 'function', registerAdapter: 'function', registerAdapterInstance: 'function' },
      'window.ConsultWidgets',
    );
    // And the global works as documented: a site registers its adapter, then adds a card.
    await tab.page.evaluate(() => {
      const { MemoryAdapter, registerAdapterInstance } = /** @type {any} */ (window).ConsultWidgets;
      registerAdapterInstance(
        'global',
        new MemoryAdapter({
          consultations: [{ id: 'global' }],
          proposals: [{ id: 'global-1', consultationId: 'global', content: 'Registered through the global' }],
        }),
      );
      const card = document.createElement('consult-proposal');
      card.id = 'global-card';
      card.setAttribute('adapter', 'global');
      card.setAttribute('proposal-id', 'global-1');
      /** @type {HTMLElement} */ (document.querySelector('main')).append(card);
    });
    await waitForCard(tab.page, 'global-card');
    assert.equal((await tab.page.locator('#global-card p.content').textContent()).trim(), 'Registered through the global');
    await assertCleanPage(tab);
  });

  it('an Agree click is pressed and still pressed after a reload (localStorage)', { timeout: 30_000 }, async () => {
    const tab = await open('/iife-body.html');
    const { page } = tab;
    const agree = page.locator('#text-card button.agree');
    await waitForCard(page, 'text-card');
    assert.equal(await agree.getAttribute('aria-pressed'), 'false');

    await agree.click();
    await page.locator('#text-card button.agree[aria-pressed="true"]').waitFor();
    assert.equal(await page.locator('#text-card button.disagree').getAttribute('aria-pressed'), 'false');
    await page.locator('#text-card p.legend', { hasText: '1 vote' }).waitFor();
    assert.deepEqual(await barWidths(page, 'text-card'), ['100%', '0%', '0%']);
    // The default adapter wrote the vote to first-party storage.
    assert.match(await page.evaluate((key) => localStorage.getItem(key) ?? '', LOCAL_KEY), /"agree"/);
    assert.deepEqual(await violations(page), [], 'CSP violations before the reload');

    await page.reload({ waitUntil: 'load' });
    await waitForCard(page, 'text-card');
    assert.equal(await page.locator('#text-card button.agree').getAttribute('aria-pressed'), 'true');
    // The other card was not voted on.
    assert.equal(await page.locator('#attr-card button.agree').getAttribute('aria-pressed'), 'false');
    await assertCleanPage(tab);
  });

  it('control: the collector does report what this CSP blocks (a style attribute)', { timeout: 30_000 }, async () => {
    const tab = await open('/control.html');
    assert.deepEqual(await violations(tab.page), []);
    await tab.page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    const seen = await violations(tab.page);
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.match(seen[0].directive, /^style-src/);
    assert.equal(tab.log.console.filter((m) => m.type === 'error').length, 1, 'Chromium also logs it as a console error');
  });

  it('a card with no proposal-id and no content shows an accessible error, not an exception', { timeout: 30_000 }, async () => {
    const tab = await open('/error.html');
    const { page } = tab;
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /needs a proposal-id attribute or inline text/);
    assert.equal(await page.locator('#empty .card.error-state').count(), 1);
    assert.equal(await page.locator('#empty .actions button').count(), 0, 'no vote buttons on a broken card');
    // The card explains itself in the console too, once, as a warning.
    const warned = tab.log.console.filter((m) => m.type === 'warning' && m.text.includes('<consult-proposal>'));
    assert.equal(warned.length, 1, JSON.stringify(warned));
    await assertCleanPage(tab, { allowWarnings: ['<consult-proposal>: This card needs a proposal-id'] });
  });
});
