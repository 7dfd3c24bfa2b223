// @ts-check
// The console's audit view (issue 12) in Chromium on a real server: sixty decisions made through
// the API by two moderators with their own sessions show with the right operator and reason; a
// filter narrows the rows to those the API gives for it; "Load more" pages with the cursor; the
// CSV link downloads text/csv equal to the API's for the same filters; axe, light and dark.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { adminClient, FAST_SCRYPT, PASSWORD, sessionOf } from './accounts-helpers.mjs';
import { startServer } from './server.mjs';

/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContextOptions} ContextOptions */

const FIRST = 'audit-first@example.org';
const SECOND = 'audit-second@example.org';
/** The view's page size (audit-view.ts AUDIT_PAGE). */
const PAGE = 50;
const DECISION = { accept: 'Accepted', refuse: 'Refused' };
const REASON = { offTopic: 'Off topic', advertising: 'Advertising' };

/**
 * Signs in through the form on the audit view of a consultation.
 * @param {Browser} browser
 * @param {string} base
 * @param {string} consultationId
 * @param {ContextOptions} [options]
 */
async function openAudit(browser, base, consultationId, options = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${base}/admin/#/consultations/${consultationId}/audit`);
  await page.getByLabel('Email').fill(FIRST);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /^Audit log:/ }).waitFor();
  return { context, page, errors };
}

/**
 * The rows of the log's table as text, and those the API gives, in the same shape.
 * @param {import('playwright-core').Page} page
 */
const rowsShown = (page) =>
  page.locator('table tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cell = (/** @type {string} */ col) => row.querySelector(`td[data-col="${col}"]`)?.textContent?.trim() ?? '';
      return { id: row.getAttribute('data-proposal-id'), at: row.querySelector('time')?.getAttribute('datetime'), decision: cell('decision'), reason: cell('reason'), operator: cell('operator') };
    }),
  );
/** @param {any[]} decisions */
const rowsOf = (decisions) =>
  decisions.map((d) => ({ id: d.proposalId, at: d.decidedAt, decision: DECISION[/** @type {'accept'} */ (d.decision)], reason: d.reason ? REASON[/** @type {'offTopic'} */ (d.reason)] : '', operator: d.operator?.name ?? '' }));

describe('the audit view in Chromium', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let ctx;
  /** @type {Browser} */
  let browser;
  /** @type {string} */
  let consultationId;
  /** @type {Record<string, string>} */
  const ids = {};
  /** The API's log for a query string (every decision: one page of 500 at most). */
  const log = async (query = '') => {
    const answer = await ctx.admin('GET', `/consultations/${consultationId}/moderation${query}`);
    assert.equal(answer.status, 200, answer.text);
    return /** @type {any} */ (answer.json);
  };

  before(async () => {
    ctx = await startServer({ accounts: { scryptCost: FAST_SCRYPT } });
    const admin = adminClient(ctx);
    const sessions = /** @type {Record<string, string>} */ ({});
    for (const email of [FIRST, SECOND]) {
      const created = await ctx.admin('POST', '/operators', { body: { email, role: 'moderator', password: PASSWORD } });
      assert.equal(created.status, 201, created.text);
      ids[email] = /** @type {any} */ (created.json).operator.id;
      sessions[email] = sessionOf(await admin('POST', '/session', { body: { email, password: PASSWORD } })).cookie;
      assert.ok(sessions[email], `a session for ${email}`);
    }
    const proposals = Array.from({ length: 60 }, (_, i) => ({ id: `audit-q${String(i).padStart(2, '0')}`, content: `We should try audited idea number ${i + 1}`, status: 'pending' }));
    consultationId = (await ctx.seed({ proposals, consultation: { id: 'audit' } })).id;
    // The first accepts 30 in bulk; the second refuses 25 in bulk (off topic), then 5 one by one (advertising).
    const bulk = async (/** @type {string} */ email, /** @type {object} */ body) => {
      const answer = await admin('POST', `/consultations/${consultationId}/moderation/bulk`, { cookie: sessions[email], body });
      assert.equal(answer.status, 200, answer.text);
      assert.ok(answer.json.outcomes.every((/** @type {any} */ o) => o.outcome === 'decided'), answer.text);
    };
    await bulk(FIRST, { decision: 'accept', proposalIds: proposals.slice(0, 30).map((p) => p.id) });
    await bulk(SECOND, { decision: 'refuse', reason: 'offTopic', proposalIds: proposals.slice(30, 55).map((p) => p.id) });
    for (const p of proposals.slice(55)) {
      const answer = await admin('POST', `/proposals/${p.id}/moderation`, { cookie: sessions[SECOND], body: { decision: 'refuse', reason: 'advertising' } });
      assert.equal(answer.status, 200, answer.text);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('shows each decision with its operator and reason, a page at a time; "Load more" brings the rest', async () => {
    const all = (await log()).decisions;
    assert.equal(all.length, 60);
    assert.deepEqual(new Set(all.map((/** @type {any} */ d) => d.operator.id)), new Set([ids[FIRST], ids[SECOND]]));
    const { context, page, errors } = await openAudit(browser, ctx.base, consultationId);
    await page.getByRole('table', { name: `${PAGE} decisions shown, more to load` }).waitFor();
    assert.deepEqual(await rowsShown(page), rowsOf((await log(`?limit=${PAGE}`)).decisions));
    // Each row names the proposal by its text.
    assert.match(await page.locator('tr[data-proposal-id="audit-q00"] td[data-col="proposal"]').textContent() ?? '', /We should try audited idea number 1\b/);

    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByRole('table', { name: '60 decisions shown' }).waitFor();
    await page.getByRole('status').filter({ hasText: '60 decisions shown.' }).waitFor();
    assert.deepEqual(await rowsShown(page), rowsOf(all));
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0, 'no more pages');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('narrows the rows to those the API gives for a filter, and downloads them as CSV', async () => {
    const { context, page, errors } = await openAudit(browser, ctx.base, consultationId, { acceptDownloads: true });
    await page.getByRole('table').waitFor();
    await page.getByRole('combobox', { name: 'Operator' }).selectOption({ label: SECOND });
    await page.getByRole('combobox', { name: 'Decision' }).selectOption({ label: 'Refused' });
    await page.getByRole('button', { name: 'Apply' }).click();
    const second = (await log(`?operator=${ids[SECOND]}&decision=refuse`)).decisions;
    assert.equal(second.length, 30);
    await page.getByRole('table', { name: '30 decisions shown' }).waitFor();
    assert.deepEqual(await rowsShown(page), rowsOf(second));

    await page.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Advertising' });
    await page.getByRole('combobox', { name: 'Order' }).selectOption({ label: 'Newest first' });
    await page.getByRole('button', { name: 'Apply' }).click();
    const query = `?operator=${ids[SECOND]}&decision=refuse&reason=advertising&order=newest`;
    const advertising = (await log(query)).decisions;
    assert.equal(advertising.length, 5);
    await page.getByRole('table', { name: '5 decisions shown' }).waitFor();
    assert.deepEqual(await rowsShown(page), rowsOf(advertising));

    // The CSV link: same origin, `download`, the filters applied; the session cookie goes with it.
    const link = page.getByRole('link', { name: 'Download CSV (these filters)' });
    assert.equal(await link.getAttribute('download'), '');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(new URL(download.url()).origin, ctx.base);
    const expected = await ctx.admin('GET', `/consultations/${consultationId}/moderation.csv${query}`);
    assert.equal(expected.status, 200);
    const file = readFileSync(/** @type {string} */ (await download.path()), 'utf8');
    assert.equal(file, expected.text);
    const lines = file.trim().split('\r\n');
    assert.equal(lines.length, 1 + advertising.length);
    assert.deepEqual(lines.slice(1).map((line) => line.split(',')[1]), advertising.map((/** @type {any} */ d) => d.proposalId));
    const again = await context.request.get(download.url());
    assert.match(again.headers()['content-type'], /^text\/csv/);
    assert.equal(await again.text(), file);

    // Clear: every decision again.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('table', { name: `${PAGE} decisions shown, more to load` }).waitFor();
    // A range that ends before it starts is said, and not sent.
    await page.getByLabel('From (day)').fill('2026-03-10');
    await page.getByLabel('To (day, included)').fill('2026-03-01');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('alert').filter({ hasText: 'The first day must come before the last one.' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('has no axe violation, light and dark (screenshots, and at 320 px)', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    for (const [name, colorScheme, width] of /** @type {const} */ ([['light', 'light', 1100], ['dark', 'dark', 1100], ['320', 'light', 320]])) {
      // axe is injected through the DevTools protocol, which the page's CSP does not govern.
      const { context, page } = await openAudit(browser, ctx.base, consultationId, { colorScheme, bypassCSP: true, viewport: { width, height: 900 } });
      await page.getByRole('table').waitFor();
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }));
      assert.deepEqual(
        result.violations.map((/** @type {any} */ v) => `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`),
        [],
        `axe (${colorScheme}, ${width} px)`,
      );
      // At 320 px the sixty stacked rows make a very tall page: its first 1,400 px show the form and the first rows.
      await page.screenshot({ path: `/tmp/audit-${name}.png`, fullPage: true, ...(width === 320 ? { clip: { x: 0, y: 0, width, height: 1400 } } : {}) });
      await context.close();
    }
  });
});
