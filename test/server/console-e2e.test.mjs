// @ts-check
/**
 * Issue 12 end to end, in Chromium on a real consult-server (SQLite): the console sets up a
 * consultation and its embed code, a partner page on ANOTHER origin runs it, and the console sees and
 * moderates what happens there.
 *
 * An admin creates a consultation with themes and the partner's origin (New consultation), adds its
 * first proposals in bulk (Settings), takes the sequence's and the propose form's snippets (Embed)
 * and pastes them into the partner's page; a participant there votes and submits two ideas; the
 * admin's dashboard counts move without a reload; a moderator in a second browser context refuses
 * one with R 3 and accepts one with A, keyboard only; the accepted idea comes to the participant in
 * a new sequence on the partner page; the audit log names the moderator. The widgets' scripts come
 * from consult-server's own /widgets/ (cross-origin, CORS), as the snippet says.
 *
 *   npm run build && node --test test/server/console-e2e.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { assertBuilt } from '../bundle/support/server.mjs';
import { ADMIN, MODERATOR, consoleServer, partnerSite, signIn } from './console-browser.mjs';

/** @typedef {import('playwright-core').Page} Page */

const TITLE = 'Our river, our town';
const FIRST_PROPOSALS = ['We should plant trees along the river banks', 'We should open a swimming spot in summer', 'We should light the riverside path at night'];
const SPAM = 'We should all buy the miracle pills from my online shop';
const IDEA = 'We should build a footbridge to the island park';

/**
 * The proposal the moderation view shows once it is idle, or null for an empty queue.
 * @param {Page} page
 * @param {string | null} [other] wait until the proposal shown is not this one
 */
async function shown(page, other = undefined) {
  const idle = page.locator(`article[data-proposal-id][aria-busy="false"]${other ? `:not([data-proposal-id="${other}"])` : ''}`);
  await idle.or(page.getByText('No pending proposal.')).first().waitFor();
  return (await idle.count()) ? idle.getAttribute('data-proposal-id') : null;
}

/**
 * The dashboard's totals, as the operator reads them (term → number).
 * @param {Page} page
 */
const totals = (page) =>
  page.locator('dl.counts').evaluate((dl) => {
    const out = /** @type {Record<string, string>} */ ({});
    for (const dt of dl.querySelectorAll('dt')) out[dt.textContent?.trim() ?? ''] = dt.nextElementSibling?.textContent?.trim() ?? '';
    return out;
  });

/** @type {Awaited<ReturnType<typeof consoleServer>>['ctx']} */
let ctx;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof partnerSite>>} */
let partner;

before(async () => {
  assertBuilt('consult-widgets.min.js');
  ({ ctx, browser } = await consoleServer());
  partner = await partnerSite();
});
after(async () => {
  await browser?.close();
  await partner?.close();
  await ctx?.close();
});

it('from the console to a partner page on another origin and back: set up, embed, vote, propose, moderate, audit', async () => {
  // 1. The admin: New consultation with themes and the partner's origin; it opens on its settings.
  const admin = await signIn(browser, `${ctx.base}/admin/`, ADMIN);
  await admin.page.getByRole('link', { name: 'New consultation' }).click();
  await admin.page.getByLabel('Title', { exact: true }).fill(TITLE);
  await admin.page.getByLabel('Question').fill('What should our town do with its river?');
  await admin.page.getByLabel(/^Proposal prefix/).fill('We should');
  await admin.page.getByLabel(/^Themes, one per line/).fill('Nature\nLeisure');
  await admin.page.getByLabel(/^Allowed origins, one per line/).fill(partner.origin);
  await admin.page.getByRole('button', { name: 'Create the consultation' }).click();
  await admin.page.getByRole('heading', { name: `Settings: ${TITLE}` }).waitFor();
  const id = decodeURIComponent(/#\/consultations\/([^/]+)\/settings$/.exec(admin.page.url())?.[1] ?? '');
  assert.ok(id, admin.page.url());

  // 2. Its first proposals, pasted and checked, then added (Settings, bulk).
  await admin.page.getByLabel('Proposals, one per line').fill(FIRST_PROPOSALS.map((p, i) => `${p},${i === 1 ? 'leisure' : 'nature'}`).join('\n'));
  await admin.page.getByRole('button', { name: 'Check the lines' }).click();
  await admin.page.getByRole('status').filter({ hasText: 'All 3 lines can be added.' }).waitFor();
  await admin.page.getByRole('button', { name: 'Add 3 proposals' }).click();
  await admin.page.getByRole('status').filter({ hasText: '3 proposals added.' }).waitFor();

  // 3. The embed code (Embed): the sequence, then the propose form; the partner's origin is allowed.
  await admin.page.getByRole('link', { name: 'Embed' }).click();
  await admin.page.getByRole('heading', { name: `Embed: ${TITLE}` }).waitFor();
  await admin.page.getByLabel('The page’s origin').fill(partner.origin);
  await admin.page.getByText(`${partner.origin} is allowed.`).waitFor();
  const snippet = admin.page.locator('[data-snippet]');
  await admin.page.getByLabel('Sequence: the whole consultation, one proposal at a time').check();
  await snippet.filter({ hasText: '<consult-sequence' }).waitFor();
  const sequenceCode = (await snippet.textContent()) ?? '';
  await admin.page.getByLabel('Propose form: visitors submit ideas').check();
  await snippet.filter({ hasText: '<consult-propose' }).waitFor();
  const proposeCode = (await snippet.textContent()) ?? '';
  for (const code of [sequenceCode, proposeCode]) {
    assert.ok(code.includes(`src="${ctx.base}/widgets/consult-widgets.min.js"`), `the widgets come from this server: ${code}`);
    assert.ok(code.includes(`endpoint="${ctx.base}/api/v1"`) && code.includes(`consultation="${id}"`), code);
  }

  // 4. The partner's article, on its own origin, with both snippets pasted as they are.
  partner.show(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>River</title></head><body><main><h1>Our river</h1>\n${sequenceCode}\n<h2>Your idea</h2>\n${proposeCode}\n</main></body></html>`);
  const visitor = await browser.newContext();
  visitor.setDefaultTimeout(15_000);
  const article = await visitor.newPage();
  const pageErrors = /** @type {string[]} */ ([]);
  article.on('pageerror', (error) => pageErrors.push(String(error)));
  await article.goto(`${partner.origin}/`);
  assert.notEqual(new URL(ctx.base).origin, partner.origin, 'two origins');

  // The admin's dashboard, open before anything happens on the partner page.
  await admin.page.getByRole('link', { name: 'Dashboard' }).click();
  await admin.page.getByRole('heading', { name: `Dashboard: ${TITLE}` }).waitFor();
  assert.deepEqual(await totals(admin.page), { Participants: '0', Votes: '0', 'Accepted proposals': '3', 'Waiting for moderation': '0' });

  // 5. The participant votes in the sequence and proposes two ideas.
  await article.getByRole('button', { name: 'Start' }).click();
  const agree = article.locator('consult-sequence').getByRole('button', { name: 'Agree', exact: true });
  await agree.and(article.locator(':not([disabled])')).waitFor();
  await agree.click();
  await agree.and(article.locator('[aria-pressed="true"]')).waitFor();
  const form = article.locator('consult-propose').last();
  for (const idea of [SPAM, IDEA]) {
    const field = form.getByRole('textbox', { name: /^Your idea/ });
    if (await form.getByRole('button', { name: 'Propose another idea' }).isVisible()) await form.getByRole('button', { name: 'Propose another idea' }).click();
    await field.fill(idea.replace(/^We should /, ''));
    await form.getByRole('button', { name: 'Propose my idea' }).click();
    await form.getByText('Thank you! Your idea has been received.').waitFor();
  }

  // 6. The dashboard's counts move by themselves (it refreshes every 10 s, no reload).
  await admin.page.waitForFunction(
    () => {
      const dl = document.querySelector('consult-console')?.shadowRoot?.querySelector('console-dashboard')?.shadowRoot?.querySelector('dl.counts');
      return dl && /Votes\s*1\b/.test(dl.textContent ?? '') && /Waiting for moderation\s*2\b/.test(dl.textContent ?? '');
    },
    undefined,
    { timeout: 30_000 },
  );
  assert.deepEqual(await totals(admin.page), { Participants: '1', Votes: '1', 'Accepted proposals': '3', 'Waiting for moderation': '2' });

  // 7. The moderator, in a second browser, keyboard only once signed in: R 3 on the spam, A on the idea.
  const mod = await signIn(browser, `${ctx.base}/admin/#/consultations/${encodeURIComponent(id)}/moderation`, MODERATOR);
  await mod.page.getByRole('heading', { name: `Moderation: ${TITLE}` }).waitFor();
  const first = await shown(mod.page);
  assert.ok(first);
  await mod.page.locator(`article[data-proposal-id="${first}"]`).getByText(SPAM).waitFor();
  await mod.page.keyboard.press('r');
  await mod.page.getByRole('group', { name: /Why refuse it/ }).waitFor();
  await mod.page.keyboard.press('3');
  await mod.page.getByRole('status').filter({ hasText: 'Refused: Discriminatory' }).waitFor();
  const second = await shown(mod.page, first);
  assert.ok(second);
  await mod.page.locator(`article[data-proposal-id="${second}"]`).getByText(IDEA).waitFor();
  await mod.page.keyboard.press('a');
  await mod.page.getByRole('status').filter({ hasText: 'Accepted' }).waitFor();
  assert.equal(await shown(mod.page, second), null, 'nothing pending is left');

  // 8. The accepted idea reaches the participant: a new visit (a new tab) starts a new sequence.
  const again = await visitor.newPage();
  again.on('pageerror', (error) => pageErrors.push(String(error)));
  await again.goto(`${partner.origin}/`);
  await again.getByRole('button', { name: 'Start' }).click();
  const sequence = again.locator('consult-sequence');
  const seen = /** @type {string[]} */ ([]);
  for (let step = 0; step < FIRST_PROPOSALS.length + 1 && !seen.includes(IDEA); step++) {
    const card = sequence.locator('consult-proposal');
    await card.getByRole('button', { name: 'Agree', exact: true }).waitFor();
    const text = await card.evaluate((el) => el.shadowRoot?.textContent ?? '');
    seen.push([IDEA, SPAM, ...FIRST_PROPOSALS].find((p) => text.includes(p)) ?? text);
    if (!seen.includes(IDEA)) await sequence.getByRole('button', { name: 'Skip' }).click();
  }
  assert.ok(seen.includes(IDEA), `the accepted idea is in the participant's new sequence (cards: ${seen.join(' | ')})`);
  assert.ok(!seen.includes(SPAM), 'the refused one is not');
  assert.ok(seen.every((p) => p === IDEA || FIRST_PROPOSALS.includes(p)), `only published proposals: ${seen.join(' | ')}`);

  // 9. The audit log names the moderator, the reason and the decision.
  await admin.page.getByRole('link', { name: 'Audit log' }).click();
  const row = (/** @type {string} */ text) => admin.page.getByRole('row').filter({ hasText: text });
  await row('miracle pills').waitFor();
  for (const [text, decision] of /** @type {[string, RegExp][]} */ ([['miracle pills', /Refused[\s\S]*Discriminatory|Discriminatory[\s\S]*Refused/i], ['footbridge', /Accepted/i]])) {
    const cells = (await row(text).textContent()) ?? '';
    assert.ok(cells.includes(MODERATOR), `the log names the moderator: ${cells}`);
    assert.match(cells, decision);
  }

  assert.deepEqual([...admin.errors, ...mod.errors, ...pageErrors], []);
  await visitor.close();
  await mod.context.close();
  await admin.context.close();
});
