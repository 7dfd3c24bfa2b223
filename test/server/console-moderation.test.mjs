// @ts-check
// The console's moderation view (issue 12) in Chromium on a real server: a moderator decides with
// the keyboard only, the moderation log names them, a second operator never gets the proposal the
// first holds, 100 proposals are accepted with A A A (timed), axe finds nothing, light and dark.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { FAST_SCRYPT, PASSWORD } from './accounts-helpers.mjs';
import { PARTICIPANT, startServer } from './server.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContextOptions} ContextOptions */

const MODERATOR = 'moderator@example.org';
const SECOND = 'second@example.org';

/**
 * @param {number} count
 * @param {string} id
 */
const pendingProposals = (id, count) =>
  Array.from({ length: count }, (_, i) => ({ id: `${id}-q${String(i).padStart(3, '0')}`, content: `We should try idea number ${i + 1} in town`, status: 'pending' }));

/**
 * Signs in through the form (typing and Enter only) on the moderation view of a consultation.
 * @param {Browser} browser
 * @param {string} base
 * @param {string} consultationId
 * @param {string} email
 * @param {ContextOptions} [options]
 * @param {{ clock?: boolean }} [init] `clock`: Playwright's clock installed before the page loads
 *   (time flows as usual; `page.clock.runFor` moves the view's poll on instead of waiting for it)
 */
async function openModeration(browser, base, consultationId, email, options = {}, { clock = false } = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  if (clock) await context.clock.install();
  const page = await context.newPage();
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${base}/admin/#/consultations/${consultationId}/moderation`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /^Moderation:/ }).waitFor();
  return { context, page, errors };
}

/**
 * The proposal shown, once the view is idle (no request running): its id, or null for an empty queue.
 * @param {Page} page
 * @param {string | null} [other] wait until the proposal shown is not this one
 * @returns {Promise<string | null>}
 */
async function shown(page, other = undefined) {
  const idle = page.locator(`article[data-proposal-id][aria-busy="false"]${other ? `:not([data-proposal-id="${other}"])` : ''}`);
  await idle.or(page.getByText('No pending proposal.')).first().waitFor();
  if (await idle.count()) return idle.getAttribute('data-proposal-id');
  return null;
}

describe('the moderation view in Chromium', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let ctx;
  /** @type {Browser} */
  let browser;
  /** @type {Record<string, string>} */
  const operators = {};
  before(async () => {
    ctx = await startServer({ accounts: { scryptCost: FAST_SCRYPT } });
    for (const email of [MODERATOR, SECOND]) {
      const created = await ctx.admin('POST', '/operators', { body: { email, role: 'moderator', password: PASSWORD } });
      assert.equal(created.status, 201, created.text);
      operators[email] = /** @type {any} */ (created.json).operator.id;
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('refuses with R 3 and accepts with A, keyboard only; the log names the moderator; a second operator never gets the held proposal', async () => {
    const c = await ctx.seed();
    // p6 (pending in the seed) and three submissions.
    for (let i = 1; i <= 3; i++) {
      const submitted = await ctx.call('POST', `/consultations/${c.id}/proposals`, {
        body: { participantId: PARTICIPANT, requestId: `modview-${c.id}-${i}`, content: `We should open a new market number ${i}`, author: { name: `Author ${i}` } },
      });
      assert.equal(submitted.status, 201, submitted.text);
    }
    const first = await openModeration(browser, ctx.base, c.id, MODERATOR);
    const second = await openModeration(browser, ctx.base, c.id, SECOND);
    const refused = await shown(first.page);
    const other = await shown(second.page);
    assert.ok(refused && other);
    assert.notEqual(refused, other, 'the second operator gets another proposal');

    await first.page.keyboard.press('r');
    await first.page.getByRole('group', { name: /Why refuse it/ }).waitFor();
    await first.page.keyboard.press('3');
    await first.page.getByRole('status').filter({ hasText: 'Refused: Discriminatory' }).waitFor();
    const accepted = await shown(first.page, refused);
    assert.ok(accepted);
    assert.notEqual(accepted, other, 'the next one skips the proposal the second operator holds');
    await first.page.keyboard.press('a');
    await first.page.getByRole('status').filter({ hasText: 'Accepted' }).waitFor();
    const third = await shown(first.page, accepted);
    assert.notEqual(third, other);

    // The second operator steps on: never onto what the first holds now.
    // The second operator steps on: the only other pending proposal is the first's, so the queue
    // comes back to the second's own.
    await Promise.all([second.page.waitForResponse((r) => r.url().endsWith('/queue/next')), second.page.keyboard.press('j')]);
    assert.equal(await shown(second.page), other, 'two operators never hold one proposal');

    // K shows the proposal decided last, to change the decision; J goes back to the queue.
    await first.page.keyboard.press('k');
    assert.equal(await shown(first.page, third), accepted);
    await first.page.getByText(`Decided before: Accepted by ${MODERATOR}`).waitFor();
    await first.page.keyboard.press('j');
    assert.notEqual(await shown(first.page, accepted), other);

    const log = await ctx.admin('GET', `/consultations/${c.id}/moderation`);
    assert.equal(log.status, 200, log.text);
    const decisions = /** @type {any} */ (log.json).decisions.map((/** @type {any} */ d) => ({ id: d.proposalId, decision: d.decision, reason: d.reason, operator: d.operator?.id }));
    assert.deepEqual(decisions, [
      { id: refused, decision: 'refuse', reason: 'discriminatory', operator: operators[MODERATOR] },
      { id: accepted, decision: 'accept', reason: null, operator: operators[MODERATOR] },
    ]);
    assert.deepEqual([...first.errors, ...second.errors], []);
    await first.context.close();
    await second.context.close();
  });

  it('accepts 100 pending proposals with A A A …, then shows a new submission without reload', async (t) => {
    const c = await ctx.seed({ proposals: pendingProposals('hundred', 100), consultation: { id: 'hundred' } });
    const { context, page, errors } = await openModeration(browser, ctx.base, c.id, MODERATOR, {}, { clock: true });
    let current = await shown(page);
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      assert.ok(current, `a proposal at step ${i}`);
      await page.keyboard.press('a');
      current = await shown(page, current);
    }
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`100 pending proposals accepted with the keyboard in ${seconds.toFixed(1)} s (${((seconds * 1000) / 100).toFixed(0)} ms each)`);
    assert.equal(current, null, 'the queue is empty');
    const counts = await ctx.admin('GET', `/consultations/${c.id}/queue/counts`);
    assert.deepEqual([/** @type {any} */ (counts.json).pending, /** @type {any} */ (counts.json).accepted], [0, 100]);

    const submitted = await ctx.call('POST', `/consultations/${c.id}/proposals`, {
      body: { participantId: PARTICIPANT, requestId: 'hundred-new', content: 'We should keep the library open late' },
    });
    assert.equal(submitted.status, 201, submitted.text);
    // The view's next poll (every 4 s) finds it: the clock runs to it instead of the test waiting.
    await page.clock.runFor(4_000);
    await page.getByText('We should keep the library open late').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('refuses a selection in bulk with one reason; the proposal another operator holds is skipped', async () => {
    const c = await ctx.seed({ proposals: pendingProposals('bulk', 4), consultation: { id: 'bulk' } });
    const other = await openModeration(browser, ctx.base, c.id, SECOND);
    const held = await shown(other.page);
    const { context, page, errors } = await openModeration(browser, ctx.base, c.id, MODERATOR);
    const mine = await shown(page);
    assert.notEqual(mine, held);
    await page.getByText('Bulk decisions').click();
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await page.getByLabel('Reason for a bulk refusal').selectOption('advertising');
    await page.getByRole('button', { name: 'Refuse selected (4)' }).click();
    await page.getByRole('status').filter({ hasText: '3 decided, 1 skipped' }).waitFor();
    // The one on screen was refused with the others: the view moved on to what is left (nothing it may take).
    assert.equal(await shown(page, mine), null);
    const log = await ctx.admin('GET', `/consultations/${c.id}/moderation`);
    const decisions = /** @type {any} */ (log.json).decisions;
    assert.deepEqual(new Set(decisions.map((/** @type {any} */ d) => d.proposalId)), new Set(pendingProposals('bulk', 4).map((p) => p.id).filter((id) => id !== held)));
    assert.ok(decisions.every((/** @type {any} */ d) => d.reason === 'advertising' && d.operator.id === operators[MODERATOR]));
    assert.deepEqual([...errors, ...other.errors], []);
    await context.close();
    await other.context.close();
  });

  it('says so when another operator took the proposal (409), and goes back to sign-in when the session ended (401)', async () => {
    const c = await ctx.seed();
    const { context, page } = await openModeration(browser, ctx.base, c.id, MODERATOR);
    const held = await shown(page);
    assert.equal(held, c.p6);
    // T: the theme list, changed with the arrow keys; Escape gives the keys back.
    await page.keyboard.press('t');
    assert.equal(await page.getByLabel('Theme').evaluate((select) => select.matches(':focus')), true);
    await page.keyboard.press('ArrowDown');
    await page.getByRole('status').filter({ hasText: 'Theme: Mobility' }).waitFor();
    await page.keyboard.press('Escape');
    assert.equal(/** @type {any} */ ((await ctx.admin('GET', `/proposals/${held}/history`)).json).themeChanges[0]?.toThemeId, 'mobility');
    // K before the first one keeps the proposal, claimed.
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/claim')), page.keyboard.press('k')]);
    assert.equal(await shown(page), held);
    assert.equal(/** @type {any} */ ((await ctx.admin('GET', `/proposals/${held}/history`)).json).claim?.operator.id, operators[MODERATOR]);
    // The page's claim given up behind its back, then taken by the token's operator.
    assert.equal(await page.evaluate((id) => fetch(`/api/v1/admin/proposals/${id}/claim`, { method: 'DELETE' }).then((r) => r.status), held), 200);
    assert.equal((await ctx.admin('POST', `/proposals/${held}/claim`)).status, 200);
    await page.keyboard.press('a');
    await page.getByRole('alert').filter({ hasText: 'Another operator has this proposal' }).waitFor();

    assert.equal(await page.evaluate(() => fetch('/api/v1/admin/session', { method: 'DELETE' }).then((r) => r.status)), 204);
    await page.keyboard.press('j');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('speaks French to a French browser', async () => {
    const c = await ctx.seed();
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${ctx.base}/admin/#/consultations/${c.id}/moderation`);
    await page.getByLabel('Adresse e-mail').fill(MODERATOR);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Modération\s:/ }).waitFor();
    await page.getByRole('button', { name: /^Accepter/ }).waitFor();
    await page.keyboard.press('r');
    await page.getByRole('group', { name: /Pourquoi la refuser/ }).waitFor();
    await page.keyboard.press('2');
    await page.getByRole('status').filter({ hasText: 'Refusée\u00A0: Hors sujet' }).waitFor();
    await context.close();
  });

  it('has no axe violation, light, dark, 320 px and forced colours (screenshots of each)', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const c = await ctx.seed({ proposals: [...pendingProposals('looks', 3), { id: 'looks-dup', content: 'We should try idea number 1 in town', status: 'pending', author: { name: 'Camille', age: 34 } }], consultation: { id: 'looks' } });
    for (const [name, colorScheme, width] of /** @type {const} */ ([['light', 'light', 1100], ['dark', 'dark', 1100], ['320', 'light', 320], ['forced', 'light', 1100]])) {
      // axe is injected through the DevTools protocol, which the page's CSP does not govern.
      const forcedColors = name === 'forced' ? 'active' : 'none';
      const { context, page } = await openModeration(browser, ctx.base, c.id, MODERATOR, { colorScheme, forcedColors, bypassCSP: true, viewport: { width, height: 900 } });
      // On to the near-duplicate with its author (the fourth): every field of the card shows.
      let on = await shown(page);
      for (let i = 0; i < 3; i++) {
        await page.keyboard.press('j');
        on = await shown(page, on);
      }
      assert.equal(on, 'looks-dup');
      await page.getByText('Nearly repeats proposal looks-q000').waitFor();
      for (const refusing of [false, true]) {
        if (refusing) {
          await page.keyboard.press('r');
          await page.getByRole('group', { name: /Why refuse it/ }).waitFor();
        }
        await page.evaluate(axeSource);
        const result = await page.evaluate(() => /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }));
        assert.deepEqual(
          result.violations.map((/** @type {any} */ v) => `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`),
          [],
          `axe (${colorScheme}, ${width} px, refusing: ${refusing})`,
        );
      }
      // Bulk decisions open too: axe again, and in the screenshot.
      await page.getByText('Bulk decisions').click();
      await page.getByRole('checkbox', { name: 'Select all' }).waitFor();
      await page.evaluate(axeSource);
      const bulk = await page.evaluate(() => /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }));
      assert.deepEqual(bulk.violations.map((/** @type {any} */ v) => `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`), [], `axe, bulk (${colorScheme}, ${width} px)`);
      await page.screenshot({ path: `/tmp/modview-${name}.png`, fullPage: true });
      await context.close();
    }
  });
});
