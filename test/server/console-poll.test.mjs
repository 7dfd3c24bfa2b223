// @ts-check
// The console's "New poll" and "New consultation" views (issue 12) in Chromium on a real server: an
// admin creates a poll, copies its embed code (Clipboard API, and the visible fallback when the
// browser refuses), pastes it into a partner page on another origin where a visitor votes; an
// admin creates a consultation with themes and allowed origins; a moderator sees neither link;
// axe finds nothing, light and dark; screenshots at /tmp/poll-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { violations } from '../bundle/support/browser.mjs';
import { assertBuilt, DIST } from '../bundle/support/server.mjs';
import { ADMIN, axe, consoleServer, MODERATOR, signIn } from './console-browser.mjs';

/** @typedef {import('playwright-core').Browser} Browser */

/**
 * A partner site on its own origin: `/` is the page given (the pasted embed code), `/dist/…` the
 * widgets' built files (where the embed code says they are served from).
 */
async function partnerSite() {
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

describe('new poll and new consultation in Chromium', () => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  /** @type {Browser} */
  let browser;
  /** @type {Awaited<ReturnType<typeof partnerSite>>} */
  let partner;
  before(async () => {
    assertBuilt('consult-widgets.min.js', 'consult-widgets.iife.min.js');
    ({ ctx, browser } = await consoleServer());
    partner = await partnerSite();
  });
  after(async () => {
    await browser?.close();
    await partner?.close();
    await ctx?.close();
  });

  it('creates a poll, copies its embed code, and a visitor on the partner site votes with it', async () => {
    const { context, page, errors } = await signIn(browser, `${ctx.base}/admin/`, ADMIN, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.getByRole('link', { name: 'New poll' }).click();
    await page.getByRole('heading', { name: 'New poll' }).waitFor();
    await page.getByLabel('Question').fill('Should the city centre be car-free on Sundays?');
    await page.getByLabel('Statement 1').fill('Sundays without cars would make the centre nicer');
    await page.getByLabel('Statement 2').fill('Shops in the centre would lose their Sunday customers');
    await page.getByLabel('Partner site (optional)').fill(`${partner.origin}/`);
    await page.getByRole('button', { name: 'Create the poll' }).click();

    const heading = page.getByRole('heading', { name: /^Embed code: Should the city centre/ });
    await heading.waitFor();
    assert.ok(await heading.evaluate((h) => h === /** @type {any} */ (h.getRootNode()).activeElement), 'focus on the embed code heading');
    await page.getByRole('status').filter({ hasText: 'Poll created' }).waitFor();
    await page.getByText(`Allowed origins now: ${partner.origin}`).waitFor();

    const list = /** @type {any} */ ((await ctx.admin('GET', '/consultations')).json).consultations;
    const poll = list.find((/** @type {any} */ c) => c.id.startsWith('poll-'));
    assert.ok(poll, 'the poll is a consultation');
    assert.deepEqual(poll.allowedOrigins, [partner.origin], 'the trailing slash is dropped');
    const proposals = /** @type {any} */ ((await ctx.call('GET', `/consultations/${poll.id}/proposals`)).json).items;
    assert.equal(proposals.length, 2, 'both statements are published');

    // Both snippets: the REST adapter on this server, one card per statement.
    const moduleCode = await page.getByLabel('Module script (recommended)').inputValue();
    const classicCode = await page.getByLabel('Classic script (static sites)').inputValue();
    assert.match(moduleCode, /^<script type="module" src="https:\/\/cdn\.jsdelivr\.net\/npm\/consult-widgets@0\.1\/dist\/consult-widgets\.min\.js"><\/script>\n/);
    assert.match(classicCode, /^<script src="[^"]+\/consult-widgets\.iife\.min\.js"><\/script>\n/);
    for (const code of [moduleCode, classicCode]) {
      assert.ok(code.includes(`<consult-consultation adapter="rest" endpoint="${ctx.base}/api/v1" consultation="${poll.id}" lang="en">`), code);
      for (const p of proposals) assert.ok(code.includes(`<consult-proposal proposal-id="${p.id}"></consult-proposal>`), code);
    }

    // The partner serves the widgets itself: the snippet follows, then Copy puts it on the clipboard.
    await page.getByLabel('Widgets served from').fill(`${partner.origin}/dist`);
    await page.getByRole('button', { name: /^Copy.*Module script/ }).click();
    await page.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await page.getByLabel('Module script (recommended)').inputValue());
    assert.ok(copied.startsWith(`<script type="module" src="${partner.origin}/dist/consult-widgets.min.js"></script>`), copied);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: '/tmp/poll-embed-light.png', fullPage: true });

    // Pasted into the partner's article, on another origin: a visitor votes, the server counts it.
    partner.show(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article</title></head><body><main><h1>Sunday cars</h1>\n${copied}\n</main></body></html>`);
    const visitor = await browser.newContext();
    const article = await visitor.newPage();
    await article.goto(`${partner.origin}/`);
    const agree = article.getByRole('button', { name: 'Agree' }).first();
    await agree.waitFor();
    await article.waitForFunction(() => {
      const card = document.querySelector('consult-proposal');
      const button = card?.shadowRoot?.querySelector('button');
      return button && !button.disabled;
    });
    await agree.click();
    await agree.and(article.locator('[aria-pressed="true"]')).waitFor();
    for (let i = 0; i < 50; i++) {
      const counts = /** @type {any} */ ((await ctx.admin('GET', `/consultations/${poll.id}`)).json).counts;
      if (counts.votes === 1) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    assert.equal(/** @type {any} */ ((await ctx.admin('GET', `/consultations/${poll.id}`)).json).counts.votes, 1, 'the partner page’s vote reached the server');
    await visitor.close();
    await context.close();
  });

  it('shows the code selected with a visible message when the browser refuses the clipboard', async () => {
    const { context, page } = await signIn(browser, `${ctx.base}/admin/#/polls/new`, ADMIN);
    await page.getByRole('heading', { name: 'New poll' }).waitFor();
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    });
    await page.reload();
    await page.getByLabel('Question').fill('Should the library open on Sundays?');
    await page.getByLabel('Statement 1').fill('The library should open on Sunday afternoons');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Embed code:/ }).waitFor();
    await page.getByText('No allowed origin yet').waitFor();
    await page.getByRole('button', { name: /^Copy.*Classic script/ }).click();
    await page.getByRole('alert').filter({ hasText: 'press Ctrl+C' }).waitFor();
    const selection = await page.getByLabel('Classic script (static sites)').evaluate((/** @type {HTMLTextAreaElement} */ t) => [t.selectionStart, t.selectionEnd, t.value.length]);
    assert.deepEqual(selection, [0, selection[2], selection[2]], 'the whole code is selected');
    await context.close();
  });

  it('creates a consultation with themes and allowed origins, then lists it; a refused form says why', async () => {
    const { context, page, errors } = await signIn(browser, `${ctx.base}/admin/`, ADMIN);
    await page.getByRole('link', { name: 'New consultation' }).click();
    await page.getByRole('heading', { name: 'New consultation' }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('Cycling in Lyon');
    await page.getByLabel('Question').fill('How do we make cycling safer?');
    await page.getByLabel(/^Language of the consultation/).fill('fr');
    await page.getByLabel(/^Proposal prefix/).fill('Il faut');
    await page.getByLabel('Minimum length of a proposal').fill('20');
    await page.getByLabel('Maximum length of a proposal').fill('10');
    await page.getByLabel(/^Themes, one per line/).fill('Sécurité\n\nInfrastructures\nSécurité routière');
    await page.getByLabel(/^Allowed origins, one per line/).fill('https://news.example.org/\nhttps://blog.example.org');
    await page.getByRole('button', { name: 'Create the consultation' }).click();
    // 20 > 10: the server refuses (422) and the form says so, keeping what was typed.
    await page.getByRole('alert').filter({ hasText: 'Not created' }).waitFor();
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Cycling in Lyon');

    await page.getByLabel('Maximum length of a proposal').fill('200');
    await page.getByRole('button', { name: 'Create the consultation' }).click();
    // It opens on its settings tab (test/server/console-settings.test.mjs); the list has it.
    await page.getByRole('heading', { name: 'Settings: Cycling in Lyon' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Consultation created: Cycling in Lyon' }).waitFor();
    await page.getByRole('link', { name: 'Consultations' }).click();
    await page.getByRole('link', { name: 'Cycling in Lyon: moderation' }).waitFor();

    const list = /** @type {any} */ ((await ctx.admin('GET', '/consultations')).json).consultations;
    const created = list.find((/** @type {any} */ c) => c.title === 'Cycling in Lyon');
    assert.ok(created);
    assert.equal(created.question, 'How do we make cycling safer?');
    assert.equal(created.locale, 'fr');
    assert.equal(created.proposalPrefix, 'Il faut');
    assert.deepEqual([created.proposalMinLength, created.proposalMaxLength], [20, 200]);
    assert.deepEqual(created.themes, [
      { id: 'securite', label: 'Sécurité' },
      { id: 'infrastructures', label: 'Infrastructures' },
      { id: 'securite-routiere', label: 'Sécurité routière' },
    ]);
    assert.deepEqual(created.allowedOrigins, ['https://news.example.org', 'https://blog.example.org']);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('offers neither form to a moderator; the forms speak French', async () => {
    const moderator = await signIn(browser, `${ctx.base}/admin/`, MODERATOR);
    await moderator.page.getByRole('heading', { name: 'Consultations' }).waitFor();
    await moderator.page.getByRole('button', { name: 'Refresh' }).waitFor();
    assert.equal(await moderator.page.getByRole('link', { name: 'New poll' }).count(), 0);
    assert.equal(await moderator.page.getByRole('link', { name: 'New consultation' }).count(), 0);
    // Typed in by hand, the form shows; the server refuses (403) and the view says why.
    await moderator.page.goto(`${ctx.base}/admin/#/polls/new`);
    await moderator.page.getByLabel('Question').fill('Should we?');
    await moderator.page.getByLabel('Statement 1').fill('We should do it right now');
    await moderator.page.keyboard.press('Enter');
    await moderator.page.getByRole('alert').filter({ hasText: 'Only an admin can create polls' }).waitFor();
    await moderator.context.close();

    const { context, page } = await signIn(browser, `${ctx.base}/admin/#/polls/new`, ADMIN, { locale: 'fr-FR' });
    await page.getByRole('heading', { name: 'Nouveau sondage' }).waitFor();
    await page.getByLabel('Affirmation 5').waitFor();
    await page.getByRole('link', { name: 'Toutes les consultations' }).first().click();
    await page.getByRole('link', { name: 'Nouvelle consultation' }).click();
    await page.getByRole('button', { name: 'Créer la consultation' }).waitFor();
    await context.close();
  });

  it('has no axe violation, light, dark and 320 px (screenshots of each)', async () => {
    for (const [name, colorScheme, width] of /** @type {const} */ ([['light', 'light', 1100], ['dark', 'dark', 1100], ['320', 'light', 320]])) {
      // axe is injected through the DevTools protocol, which the page's CSP does not govern.
      const { context, page } = await signIn(browser, `${ctx.base}/admin/#/polls/new`, ADMIN, { colorScheme, bypassCSP: true, viewport: { width, height: 900 } });
      await page.getByRole('heading', { name: 'New poll' }).waitFor();
      assert.deepEqual(await axe(page), [], `axe, new poll (${name})`);
      await page.screenshot({ path: `/tmp/poll-form-${name}.png`, fullPage: true });
      await page.getByLabel('Question').fill('Should the market move to the river bank?');
      await page.getByLabel('Statement 1').fill('The market would be nicer by the river');
      await page.getByLabel('Partner site (optional)').fill('https://news.example.org');
      await page.getByRole('button', { name: 'Create the poll' }).click();
      await page.getByRole('heading', { name: /^Embed code:/ }).waitFor();
      assert.deepEqual(await axe(page), [], `axe, embed code (${name})`);
      await page.screenshot({ path: `/tmp/poll-embed-${name}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scroll at ${width} px (${overflow})`);
      await page.goto(`${ctx.base}/admin/#/consultations/new`);
      await page.getByRole('heading', { name: 'New consultation' }).waitFor();
      assert.deepEqual(await axe(page), [], `axe, new consultation (${name})`);
      await page.screenshot({ path: `/tmp/poll-consultation-${name}.png`, fullPage: true });
      // The list with the admin's two links, the new polls in it.
      await page.getByRole('link', { name: 'All consultations' }).first().click();
      await page.getByRole('link', { name: 'New poll' }).waitFor();
      await page.getByRole('table').waitFor();
      assert.deepEqual(await axe(page), [], `axe, consultations with the admin's links (${name})`);
      await page.screenshot({ path: `/tmp/poll-list-${name}.png`, fullPage: true });
      await context.close();
    }
  });
});
