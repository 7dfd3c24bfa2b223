// @ts-check
// The console's trust view (issue 12) in Chromium on a real server: a cohort made through the
// public API (fourteen ids from one address voting alike, as test/server/cohorts.test.mjs makes
// one) shows with the numbers and the effect the admin API gives; an admin excludes it and
// restores it with a reason, asked twice, and the API records the admin as who; an empty reason is
// never sent; a moderator has no trust tab and meets the server's 403; axe, light and dark.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { FAST_SCRYPT, PASSWORD } from './accounts-helpers.mjs';
import { startServer, vote } from './server.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContextOptions} ContextOptions */

const ADMIN = 'trust-admin@example.org';
const MODERATOR = 'trust-moderator@example.org';
const KEYS = /** @type {const} */ ([null, 'agree', 'disagree', 'neutral']);

/**
 * Votes over HTTP from 127.0.0.1 (one origin): twenty honest ids, each with votes of its own, and a
 * cohort of fourteen that votes alike within seconds: agree on p1, disagree on p2 and p3. With its
 * votes p1 is popular and p2, p3 divisive; without them p3 (twenty agrees) is popular.
 * @param {Awaited<ReturnType<typeof startServer>>} ctx
 * @param {Awaited<ReturnType<Awaited<ReturnType<typeof startServer>>['seed']>>} c
 */
async function makeCohort(ctx, c) {
  /** @type {(participant: string, proposal: string, key: string) => Promise<void>} */
  const cast = async (participant, proposal, key) => {
    const answer = await ctx.call('PUT', `/proposals/${proposal}/votes/${participant}`, { body: vote(key) });
    assert.equal(answer.status, 200, answer.text);
  };
  for (let i = 0; i < 20; i++) {
    const id = `honest-${c.id}-${i}`;
    await cast(id, c.p3, 'agree');
    if (i < 10) await cast(id, c.p1, 'agree');
    if (i < 12) await cast(id, c.p2, 'agree');
    const p4 = KEYS[i % 4];
    const p5 = KEYS[Math.floor(i / 4) % 4];
    if (p4) await cast(id, c.p4, p4);
    if (p5) await cast(id, c.p5, p5);
  }
  for (let j = 0; j < 14; j++) {
    const id = `cohort-${c.id}-${j}`;
    await cast(id, c.p1, 'agree');
    await cast(id, c.p2, 'disagree');
    await cast(id, c.p3, 'disagree');
  }
}

/**
 * Signs in through the form on the trust view of a consultation (or another tab).
 * @param {Browser} browser
 * @param {string} base
 * @param {string} email
 * @param {string} hash
 * @param {ContextOptions} [options]
 */
async function signIn(browser, base, email, hash, options = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${base}/admin/${hash}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { context, page, errors };
}

describe('the trust view in Chromium', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let ctx;
  /** @type {Browser} */
  let browser;
  /** @type {Awaited<ReturnType<Awaited<ReturnType<typeof startServer>>['seed']>>} */
  let c;
  const cohorts = async () => {
    const answer = await ctx.admin('GET', `/consultations/${c.id}/cohorts`);
    assert.equal(answer.status, 200, answer.text);
    return /** @type {any} */ (answer.json);
  };
  before(async () => {
    ctx = await startServer({ accounts: { scryptCost: FAST_SCRYPT } });
    for (const [email, role] of [[ADMIN, 'admin'], [MODERATOR, 'moderator']]) {
      const created = await ctx.admin('POST', '/operators', { body: { email, role, password: PASSWORD } });
      assert.equal(created.status, 201, created.text);
    }
    c = await ctx.seed();
    await makeCohort(ctx, c);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('says so when a consultation has no suspicious cohort', async () => {
    const empty = await ctx.seed();
    assert.deepEqual((await ctx.admin('GET', `/consultations/${empty.id}/cohorts`)).json?.cohorts, []);
    const { context, page, errors } = await signIn(browser, ctx.base, ADMIN, `#/consultations/${empty.id}/trust`);
    await page.getByText('No suspicious cohort in this consultation now.').waitFor();
    await page.getByText('No cohort was ever excluded in this consultation.').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows the detected cohort with the numbers, times and effect the API gives', async () => {
    const { cohorts: [cohort, ...others] } = await cohorts();
    assert.equal(others.length, 0);
    // What the votes were made to do: the effect is real, so the view has something to show.
    assert.deepEqual(cohort.effect, { popular: { leave: [c.p1], enter: [c.p3] }, divisive: { leave: [c.p2, c.p3], enter: [] } });

    const { context, page, errors } = await signIn(browser, ctx.base, ADMIN, `#/consultations/${c.id}/trust`);
    await page.getByRole('heading', { name: 'Trust: Getting around in 2030' }).waitFor();
    const card = page.locator(`article[data-cohort-id="${cohort.id}"]`);
    await card.getByRole('heading', { name: `Cohort ${cohort.id}` }).waitFor();
    const field = (/** @type {string} */ name) => card.locator(`dd[data-field="${name}"]`);
    assert.equal(await field('members').textContent(), String(cohort.members));
    assert.equal(await field('votes').textContent(), String(cohort.votes));
    assert.equal(await field('kind').textContent(), 'One origin within minutes, the same votes');
    assert.equal(await field('state').textContent(), 'Counted in the results');
    assert.equal(await field('firstAt').locator('time').getAttribute('datetime'), cohort.firstAt);
    assert.equal(await field('lastAt').locator('time').getAttribute('datetime'), cohort.lastAt);
    for (const list of ['popular', 'divisive']) {
      for (const change of ['leave', 'enter']) {
        const shown = await card.locator(`tr[data-list="${list}"] td[data-change="${change}"] li`).evaluateAll((items) => items.map((li) => li.getAttribute('data-proposal-id')));
        assert.deepEqual(shown, cohort.effect[list][change], `${list} ${change}`);
      }
    }
    // Ideas are named by their text.
    const row = card.getByRole('row', { name: /^Popular ideas/ });
    assert.match(await row.textContent() ?? '', /We should build safe bike lanes everywhere[\s\S]*We should put solar panels on every school/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('excludes and restores the cohort with a reason, asked twice; an empty reason is never sent', async () => {
    const { cohorts: [cohort] } = await cohorts();
    const { context, page, errors } = await signIn(browser, ctx.base, ADMIN, `#/consultations/${c.id}/trust`);
    const sent = /** @type {string[]} */ ([]);
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/cohorts\//.test(request.url())) sent.push(request.url());
    });
    const card = page.locator(`article[data-cohort-id="${cohort.id}"]`);
    await card.getByRole('button', { name: 'Exclude its votes…' }).click();
    const reason = card.getByLabel(/^Reason/);
    assert.equal(await reason.evaluate((el) => el === /** @type {ShadowRoot} */ (el.getRootNode()).activeElement), true, 'the reason has the focus');
    await card.getByRole('button', { name: 'Continue' }).click();
    await card.getByRole('alert').filter({ hasText: 'Give a reason of at least 3 characters.' }).waitFor();
    await reason.fill('  ');
    await page.keyboard.press('Enter');
    assert.equal(await card.getByRole('group').count(), 0, 'no confirmation for a blank reason');
    assert.deepEqual(sent, [], 'nothing sent');

    const why = 'Fourteen new ids from one address within a minute, voting alike';
    await reason.fill(why);
    await card.getByRole('button', { name: 'Continue' }).click();
    const confirm = card.getByRole('group', { name: `Exclude the ${cohort.votes} votes of cohort ${cohort.id} from the results?` });
    await confirm.getByText(why).waitFor();
    assert.deepEqual(sent, [], 'nothing sent before the confirmation');
    await confirm.getByRole('button', { name: 'Yes, exclude' }).click();
    await page.getByRole('status').filter({ hasText: `Cohort ${cohort.id} excluded.` }).waitFor();
    await card.locator('dd[data-field="state"]', { hasText: 'Excluded from the results' }).waitFor();

    let answer = await cohorts();
    assert.equal(answer.cohorts[0].excluded, true);
    assert.equal(answer.exclusions.length, 1);
    assert.deepEqual([answer.exclusions[0].excludedBy, answer.exclusions[0].reason, answer.exclusions[0].restoredAt], [ADMIN, why, null]);
    const logged = page.locator(`table.exclusions tr[data-cohort-id="${cohort.id}"]`);
    assert.match(await logged.locator('td[data-part="excluded"]').textContent() ?? '', new RegExp(`by ${ADMIN.replace('.', '\\.')},[\\s\\S]*${why}`));
    assert.equal((await logged.locator('td[data-part="restored"]').textContent())?.trim(), 'In force');
    assert.equal(await logged.locator('td[data-part="excluded"] time').getAttribute('datetime'), answer.exclusions[0].excludedAt);

    const back = 'A school class behind one address, checked with the teacher';
    await card.getByRole('button', { name: 'Restore its votes…' }).click();
    await card.getByLabel(/^Reason/).fill(back);
    await page.keyboard.press('Enter');
    await card.getByRole('group', { name: /^Count the .* votes of cohort .* in the results again\?$/ }).getByRole('button', { name: 'Yes, restore' }).click();
    await page.getByRole('status').filter({ hasText: `Cohort ${cohort.id} restored.` }).waitFor();
    await card.locator('dd[data-field="state"]', { hasText: 'Restored: counted again' }).waitFor();
    answer = await cohorts();
    assert.equal(answer.cohorts[0].excluded, false);
    assert.deepEqual([answer.exclusions[0].restoredBy, answer.exclusions[0].restoreReason], [ADMIN, back]);
    await logged.locator('td[data-part="restored"]', { hasText: back }).waitFor();
    assert.equal(await logged.locator('td[data-part="restored"] time').getAttribute('datetime'), answer.exclusions[0].restoredAt);
    assert.equal(sent.length, 2, 'one exclusion, one restoration');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('has no trust tab for a moderator; the forced address shows the server’s 403 and keeps the reason', async () => {
    const { context, page, errors } = await signIn(browser, ctx.base, MODERATOR, `#/consultations/${c.id}/moderation`);
    const tabs = page.getByRole('navigation', { name: `${c.id}: views` });
    await tabs.getByRole('link', { name: 'Audit log' }).waitFor();
    assert.equal(await tabs.getByRole('link', { name: 'Trust' }).count(), 0);

    await page.evaluate((id) => (location.hash = `#/consultations/${id}/trust`), c.id);
    const before = await cohorts();
    const card = page.locator(`article[data-cohort-id="${before.cohorts[0].id}"]`);
    const action = before.cohorts[0].excluded ? 'Restore its votes…' : 'Exclude its votes…';
    await card.getByRole('button', { name: action }).click();
    await card.getByLabel(/^Reason/).fill('A moderator tries to exclude it');
    await page.keyboard.press('Enter');
    await card.getByRole('button', { name: /^Yes, / }).click();
    await page.getByRole('alert').filter({ hasText: 'Refused: Only an admin may do this.' }).waitFor();
    await card.getByRole('group').getByText('A moderator tries to exclude it').waitFor();
    assert.deepEqual((await cohorts()).exclusions, before.exclusions, 'nothing changed');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('speaks French to a French browser', async () => {
    const { cohorts: [cohort] } = await cohorts();
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${ctx.base}/admin/#/consultations/${c.id}/trust`);
    await page.getByLabel('Adresse e-mail').fill(ADMIN);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Confiance : Getting around in 2030' }).waitFor();
    const card = page.locator(`article[data-cohort-id="${cohort.id}"]`);
    await card.getByRole('row', { name: /^Idées populaires/ }).waitFor();
    await card.getByRole('button', { name: cohort.excluded ? 'Rétablir ses votes…' : 'Exclure ses votes…' }).click();
    await card.getByRole('button', { name: 'Continuer' }).click();
    await card.getByRole('alert').filter({ hasText: 'Donnez un motif d’au moins 3 caractères.' }).waitFor();
    await context.close();
  });

  it('has no axe violation, light and dark, asking for a reason (screenshots, and at 320 px)', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    for (const [name, colorScheme, width] of /** @type {const} */ ([['light', 'light', 1100], ['dark', 'dark', 1100], ['320', 'light', 320]])) {
      // axe is injected through the DevTools protocol, which the page's CSP does not govern.
      const { context, page } = await signIn(browser, ctx.base, ADMIN, `#/consultations/${c.id}/trust`, { colorScheme, bypassCSP: true, viewport: { width, height: 900 } });
      await page.locator('article[data-cohort-id]').first().waitFor();
      await page.locator('table.exclusions').waitFor();
      for (const asking of [false, true]) {
        if (asking) {
          await page.getByRole('button', { name: /its votes…$/ }).first().click();
          await page.getByRole('button', { name: 'Continue' }).click();
          await page.getByRole('alert').first().waitFor();
        }
        await page.evaluate(axeSource);
        const result = await page.evaluate(() => /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }));
        assert.deepEqual(
          result.violations.map((/** @type {any} */ v) => `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`),
          [],
          `axe (${colorScheme}, ${width} px, asking: ${asking})`,
        );
      }
      await page.screenshot({ path: `/tmp/trust-${name}.png`, fullPage: true });
      await context.close();
    }
  });
});
