// @ts-check
// The console's screenshots for the README and docs/server.md (issue 12), taken by the suite in
// Chromium at 1024×700 on a real consult-server: sign-in, the consultations list, the New
// consultation form, moderation with a proposal, the refusal reasons open, operators, a
// consultation's dashboard, settings, embed, trust and audit tabs, and moderation in dark. Written to docs/images/console-<view>.png only with CONSULT_UPDATE_SCREENSHOTS=1
// (otherwise into a temporary folder, so a test run never changes the tree).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { FAST_SCRYPT, PASSWORD } from './accounts-helpers.mjs';
import { OTHER, PARTICIPANT, startServer, vote } from './server.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */

const UPDATE = process.env.CONSULT_UPDATE_SCREENSHOTS === '1';
const DOCS_IMAGES = new URL('../../docs/images/', import.meta.url).pathname;
/** What a README image may weigh. */
const MAX_BYTES = 200 * 1024;
const ADMIN = 'ana@example.org';
const VIEWPORT = { width: 1024, height: 700 };

describe('the console’s screenshots for the docs', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let ctx;
  /** @type {Browser} */
  let browser;
  /** @type {string} */
  let folder;
  /** @type {string} */
  let consultationId;
  before(async () => {
    folder = UPDATE ? DOCS_IMAGES : mkdtempSync(join(tmpdir(), 'console-screens-'));
    mkdirSync(folder, { recursive: true });
    ctx = await startServer({ accounts: { scryptCost: FAST_SCRYPT } });
    for (const [email, role] of [[ADMIN, 'admin'], ['mo@example.org', 'moderator']]) {
      const created = await ctx.admin('POST', '/operators', { body: { email, role, password: PASSWORD } });
      assert.equal(created.status, 201, created.text);
    }
    // Two consultations with some life in them: votes, and submissions waiting for moderation.
    const c = await ctx.seed({ consultation: { id: 'getting-around' } });
    consultationId = c.id;
    for (const [participant, key] of [[PARTICIPANT, 'agree'], [OTHER, 'disagree']]) {
      for (const p of [c.p1, c.p2, c.p3]) assert.equal((await ctx.call('PUT', `/proposals/${p}/votes/${participant}`, { body: vote(key) })).status, 200);
    }
    await ctx.seed({ consultation: { id: 'school-meals', title: 'School meals', question: 'What should our schools serve for lunch?', status: 'closed' } });
    const ideas = [
      ['We should turn the station car park into a covered bike park', { name: 'Camille', age: 34 }],
      ['We should run a night bus to the hospital', undefined],
    ];
    for (const [i, [content, author]] of ideas.entries()) {
      const answer = await ctx.call('POST', `/consultations/${c.id}/proposals`, { body: { participantId: `screens-${i}`, requestId: `screens-${i}`, content, themeId: 'mobility', author } });
      assert.equal(answer.status, 201, answer.text);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ctx?.close();
    if (!UPDATE) rmSync(folder, { recursive: true, force: true });
  });

  /**
   * Saves the viewport as console-<name>.png and checks what it weighs.
   * @param {Page} page
   * @param {string} name
   * @param {number} [scrollY] where the page is scrolled to (the focus may have scrolled it elsewhere)
   */
  async function shoot(page, name, scrollY = 0) {
    // The focus ring and the caret of whatever was typed last stay out of the picture.
    await page.evaluate((y) => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      if (element instanceof HTMLElement) element.blur();
      window.scrollTo(0, y);
    }, scrollY);
    const path = join(folder, `console-${name}.png`);
    await page.screenshot({ path, type: 'png', animations: 'disabled' });
    const bytes = statSync(path).size;
    assert.ok(bytes < MAX_BYTES, `console-${name}.png weighs ${bytes} bytes`);
    return path;
  }

  /**
   * Steps through the queue with J until the proposal whose text has `text` is on screen.
   * @param {Page} page
   * @param {string} text
   */
  async function showProposal(page, text) {
    const idle = page.locator('article[data-proposal-id][aria-busy="false"]');
    for (let i = 0; i < 5; i++) {
      await idle.waitFor();
      if (await idle.getByText(text).count()) return;
      const id = await idle.getAttribute('data-proposal-id');
      await page.keyboard.press('j');
      await page.locator(`article[data-proposal-id][aria-busy="false"]:not([data-proposal-id="${id}"])`).waitFor();
    }
    assert.fail(`the queue never showed "${text}"`);
  }

  /**
   * @param {'light' | 'dark'} colorScheme
   */
  async function signedIn(colorScheme) {
    const context = await browser.newContext({ viewport: VIEWPORT, colorScheme, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const errors = /** @type {string[]} */ ([]);
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${ctx.base}/admin/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(ADMIN);
    return { context, page, errors };
  }

  it('takes sign-in, consultations, new consultation, moderation, refusal reasons and operators in light', async () => {
    const { context, page, errors } = await signedIn('light');
    await shoot(page, 'sign-in');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: /School meals/ }).waitFor();
    await shoot(page, 'consultations');

    await page.getByRole('link', { name: 'New consultation' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Cycling in our town');
    await page.getByLabel('Question').fill('How do we make cycling safer?');
    await page.getByLabel(/^Proposal prefix/).fill('We should');
    await page.getByLabel(/^Themes, one per line/).fill('Safety\nParking\nRoutes to school');
    await page.getByLabel(/^Allowed origins, one per line/).fill('https://news.example.org');
    // Below the navigation: the form from its title to the allowed origins.
    await shoot(page, 'new-consultation', 110);

    await page.goto(`${ctx.base}/admin/#/consultations/${consultationId}/moderation`);
    await showProposal(page, 'covered bike park');
    await shoot(page, 'moderation');
    await page.keyboard.press('r');
    await page.getByRole('group', { name: /Why refuse it/ }).waitFor();
    await shoot(page, 'refusal-reasons');
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Operators' }).click();
    await page.getByRole('row', { name: /mo@example\.org/ }).waitFor();
    await page.getByLabel('A password I give them').check();
    await page.getByRole('textbox', { name: 'Email' }).fill('new.moderator@example.org');
    await shoot(page, 'operators');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("takes a consultation's tabs: dashboard, settings, embed, trust and audit", async () => {
    const { context, page, errors } = await signedIn('light');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Consultations' }).waitFor();
    const tab = async (/** @type {string} */ name, /** @type {RegExp} */ heading) => {
      await page.goto(`${ctx.base}/admin/#/consultations/${consultationId}/${name}`);
      await page.getByRole('heading', { name: heading }).first().waitFor();
    };
    await tab('dashboard', /^Dashboard:/);
    await page.getByRole('img', { name: /^Chart of new participants/ }).waitFor();
    await shoot(page, 'dashboard', 110);
    await tab('settings', /^Settings:/);
    await shoot(page, 'settings', 110);
    await tab('embed', /^Embed:/);
    await page.getByLabel('The page’s origin').fill('https://news.example.org');
    await page.locator('[data-snippet]').waitFor();
    await shoot(page, 'embed', 110);
    await tab('trust', /^Trust:/);
    await page.getByText('No suspicious cohort in this consultation now.').waitFor();
    await shoot(page, 'trust', 110);
    // A decision in the log: the moderation screenshots above decided nothing.
    const decided = [];
    for (const [i, content] of ['We should add a tram line along the ring road', 'We should all shop at my brother’s garage, best prices'].entries()) {
      const answer = await ctx.call('POST', `/consultations/${consultationId}/proposals`, { body: { participantId: `audit-participant-${i}`, requestId: `audit-request-${i}`, content } });
      assert.equal(answer.status, 201, answer.text);
      decided.push(/** @type {any} */ (answer.json));
    }
    for (const [i, p] of decided.entries()) {
      const body = i === 0 ? { decision: 'accept' } : { decision: 'refuse', reason: 'advertising' };
      const status = await page.evaluate(
        async ([id, json]) => (await fetch(`/api/v1/admin/proposals/${id}/moderation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json })).status,
        [p.id, JSON.stringify(body)],
      );
      assert.equal(status, 200);
    }
    await tab('audit', /^Audit/);
    await shoot(page, 'audit', 110);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('takes moderation in dark', async () => {
    const { context, page, errors } = await signedIn('dark');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Consultations' }).waitFor();
    await page.goto(`${ctx.base}/admin/#/consultations/${consultationId}/moderation`);
    await showProposal(page, 'covered bike park');
    await shoot(page, 'moderation-dark');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
