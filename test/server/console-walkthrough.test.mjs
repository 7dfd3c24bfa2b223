// @ts-check
// The README's walkthrough (issue 12), in Chromium on a real consult-server, on SQLite and on
// PostgreSQL: an admin signs in, creates a consultation with the "New consultation" form (themes, an
// allowed origin) and a moderator with the Operators view; participants submit ideas through the
// public API; the moderator, keyboard only after sign-in (Tab, Enter, R 3, A), refuses one and
// accepts one while the admin holds a third on the same tab; the API then shows the statuses, the
// Make.org reason, the moderator in the log, and the accepted idea in a participant's next sequence.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { REFUSAL_REASONS } from 'consult-widgets/protocol/admin';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { FAST_SCRYPT, PASSWORD } from './accounts-helpers.mjs';
import { assertAnswer, forEachDatabase, startServer } from './server.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */

const ADMIN = 'admin@example.org';
const MODERATOR = 'moderator@example.org';
const MODERATOR_PASSWORD = 'a moderator’s own password';
const NEWSROOM = 'https://news.example.org';
const TITLE = 'Cycling in our town';
/** How many pending proposals the timed run accepts with the keyboard. */
const TIMED = 100;
const IDEAS = ['We should paint bike lanes red at crossings', 'We should all vote for my party and nobody else', 'We should add covered bike parking at the station'];

/**
 * A new browser context signed in through the form (typing, then Enter).
 * @param {Browser} browser
 * @param {string} base
 * @param {string} email
 * @param {string} password
 */
async function signIn(browser, base, email, password) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Consultations' }).waitFor();
  return { context, page, errors };
}

/**
 * The focused element, through the shadow roots: its accessible name as the test reads it.
 * @param {Page} page
 */
const focused = (page) =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element ? element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '' : '';
  });

/**
 * Presses Tab until the focus is on the element named `name` (at most 30 presses).
 * @param {Page} page
 * @param {string} name
 */
async function tabTo(page, name) {
  // The list loads after the heading: the link must be there before the first Tab.
  await page.getByRole('link', { name }).waitFor();
  const seen = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now === name) return;
    seen.push(now);
  }
  assert.fail(`Tab never reached "${name}"; it went through: ${seen.join(' | ')}`);
}

/**
 * The proposal the moderation view shows once it is idle, or null for an empty queue.
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

await forEachDatabase('the console walkthrough', (database) => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let ctx;
  /** @type {Browser} */
  let browser;
  before(async () => {
    ctx = await startServer({ database: database.id, accounts: { scryptCost: FAST_SCRYPT } });
    // The first admin: what `consult-server user add … --role admin` makes on the server.
    const created = await ctx.admin('POST', '/operators', { body: { email: ADMIN, role: 'admin', password: PASSWORD } });
    assert.equal(created.status, 201, created.text);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('an admin sets up a consultation and a moderator; the moderator refuses with R 3 and accepts with A, keyboard only; the accepted idea reaches a participant', async () => {
    // 1. The admin: New consultation (themes, an allowed origin), then a moderator in Operators.
    const admin = await signIn(browser, ctx.base, ADMIN, PASSWORD);
    await admin.page.getByRole('link', { name: 'New consultation' }).click();
    await admin.page.getByLabel('Title', { exact: true }).fill(TITLE);
    await admin.page.getByLabel('Question').fill('How do we make cycling safer?');
    await admin.page.getByLabel(/^Proposal prefix/).fill('We should');
    await admin.page.getByLabel(/^Themes, one per line/).fill('Safety\nParking');
    await admin.page.getByLabel(/^Allowed origins, one per line/).fill(`${NEWSROOM}/`);
    await admin.page.getByRole('button', { name: 'Create the consultation' }).click();
    await admin.page.getByRole('status').filter({ hasText: `Consultation created: ${TITLE}` }).waitFor();
    const consultations = /** @type {any} */ ((await ctx.admin('GET', '/consultations')).json).consultations;
    const consultation = consultations.find((/** @type {any} */ c) => c.title === TITLE);
    assert.ok(consultation, 'the form made the consultation');
    assert.deepEqual(consultation.themes, [{ id: 'safety', label: 'Safety' }, { id: 'parking', label: 'Parking' }]);
    assert.deepEqual(consultation.allowedOrigins, [NEWSROOM]);
    const id = consultation.id;

    await admin.page.getByRole('link', { name: 'Operators' }).click();
    await admin.page.getByRole('heading', { name: 'Add an operator' }).waitFor();
    await admin.page.getByRole('textbox', { name: 'Email' }).fill(MODERATOR);
    await admin.page.getByLabel('Role').selectOption('moderator');
    await admin.page.getByLabel('A password I give them').check();
    await admin.page.getByLabel(/^Password/).fill(MODERATOR_PASSWORD);
    await admin.page.getByRole('button', { name: 'Add', exact: true }).click();
    await admin.page.getByRole('status').filter({ hasText: `${MODERATOR} added.` }).waitFor();
    await admin.page.getByRole('row', { name: new RegExp(MODERATOR) }).getByText('Active').waitFor();
    const operators = /** @type {any} */ ((await ctx.admin('GET', '/operators')).json).operators;
    const moderator = operators.find((/** @type {any} */ o) => o.email === MODERATOR);
    assert.equal(moderator?.role, 'moderator');

    // 2. Participants submit ideas from the partner's page (public API, the allowed origin).
    const participant = (/** @type {number} */ n) => `walk-${database.id}-participant-${n}`;
    const submitted = [];
    for (const [i, content] of IDEAS.entries()) {
      const answer = await ctx.call('POST', `/consultations/${id}/proposals`, {
        headers: { origin: NEWSROOM },
        body: { participantId: participant(i + 1), requestId: `walk-${database.id}-${i}`, content, themeId: i === 1 ? null : 'safety' },
      });
      assert.equal(answer.headers.get('access-control-allow-origin'), NEWSROOM, 'the origin typed in the form is allowed');
      submitted.push(assertAnswer(answer, 'submitProposal').id);
    }
    assert.equal(new Set(submitted).size, IDEAS.length, `three proposal ids: ${submitted.join(', ')}`);
    const reader = 'walk-reader';
    const sequence = async () => /** @type {any} */ ((await ctx.call('GET', `/consultations/${id}/sequence?participantId=${reader}&size=100`)).json).items.map((/** @type {any} */ p) => p.id);
    assert.deepEqual(await sequence(), [], 'nothing is public before moderation');

    // 3. The admin opens the moderation tab and holds the first pending proposal.
    await admin.page.getByRole('link', { name: 'Consultations' }).click();
    await admin.page.getByRole('link', { name: `${TITLE}: moderation` }).click();
    const heldByAdmin = await shown(admin.page);
    assert.equal(heldByAdmin, submitted[0]);

    // 4. The moderator: keyboard only once signed in.
    const mod = await signIn(browser, ctx.base, MODERATOR, MODERATOR_PASSWORD);
    await tabTo(mod.page, `${TITLE}: moderation`);
    await mod.page.keyboard.press('Enter');
    await mod.page.getByRole('heading', { name: `Moderation: ${TITLE}` }).waitFor();
    const refused = await shown(mod.page);
    assert.ok(refused);
    assert.notEqual(refused, heldByAdmin, 'two operators on the tab at once see different proposals');
    await mod.page.keyboard.press('r');
    await mod.page.getByRole('group', { name: /Why refuse it/ }).waitFor();
    await mod.page.keyboard.press('3');
    await mod.page.getByRole('status').filter({ hasText: 'Refused: Discriminatory' }).waitFor();
    const accepted = await shown(mod.page, refused);
    assert.ok(accepted);
    assert.notEqual(accepted, heldByAdmin, 'the next one skips what the admin holds');
    await mod.page.keyboard.press('a');
    await mod.page.getByRole('status').filter({ hasText: 'Accepted' }).waitFor();
    assert.equal(await shown(mod.page, accepted), null, 'the only pending one left is the admin’s: never shown to the moderator');
    assert.equal(await admin.page.locator('article[data-proposal-id]').getAttribute('data-proposal-id'), heldByAdmin, 'the admin still has theirs');
    assert.deepEqual([...admin.errors, ...mod.errors], []);
    await mod.context.close();
    await admin.context.close();

    // 5. What the API says now.
    const history = async (/** @type {string | null} */ p) => /** @type {any} */ ((await ctx.admin('GET', `/proposals/${p}/history`)).json);
    assert.equal((await history(refused)).status, 'refused');
    assert.equal((await history(accepted)).status, 'accepted');
    assert.equal((await history(heldByAdmin)).status, 'pending');
    const log = await ctx.admin('GET', `/consultations/${id}/moderation`);
    assert.equal(log.status, 200, log.text);
    assert.deepEqual(
      /** @type {any} */ (log.json).decisions.map((/** @type {any} */ d) => ({ proposalId: d.proposalId, decision: d.decision, reason: d.reason, operator: d.operator })),
      [
        { proposalId: refused, decision: 'refuse', reason: REFUSAL_REASONS[2], operator: { id: moderator.id, name: MODERATOR } },
        { proposalId: accepted, decision: 'accept', reason: null, operator: { id: moderator.id, name: MODERATOR } },
      ],
      'Make.org’s reason 3, and the moderator named',
    );
    const next = await sequence();
    assert.ok(next.includes(accepted), 'the accepted idea is in the participant’s next sequence');
    assert.ok(!next.includes(refused), 'the refused one never is');
    for (let n = 1; n <= 3; n++) {
      const items = /** @type {any} */ ((await ctx.call('GET', `/consultations/${id}/sequence?participantId=${participant(n)}&size=100`)).json).items;
      assert.ok(!items.some((/** @type {any} */ p) => p.id === refused || p.id === heldByAdmin), 'no participant sees the refused or the pending one');
    }
  });

  it(`accepts ${TIMED} pending proposals with A A A … (timed)`, async (t) => {
    const proposals = Array.from({ length: TIMED }, (_, i) => ({ id: `timed-q${String(i).padStart(3, '0')}`, content: `We should try idea number ${i + 1} in town`, status: 'pending' }));
    const c = await ctx.seed({ proposals, consultation: { id: 'timed' } });
    const { context, page, errors } = await signIn(browser, ctx.base, ADMIN, PASSWORD);
    await tabTo(page, 'Getting around in 2030: moderation');
    await page.keyboard.press('Enter');
    let current = await shown(page);
    const started = performance.now();
    for (let i = 0; i < TIMED; i++) {
      assert.equal(current, proposals[i]?.id, `the queue in submission order, step ${i}`);
      await page.keyboard.press('a');
      current = await shown(page, current);
    }
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`${database.name}: ${TIMED} pending proposals accepted with the keyboard in ${seconds.toFixed(1)} s (${((seconds * 1000) / TIMED).toFixed(0)} ms each)`);
    assert.equal(current, null, 'the queue is empty');
    const counts = /** @type {any} */ ((await ctx.admin('GET', `/consultations/${c.id}/queue/counts`)).json);
    assert.deepEqual([counts.pending, counts.accepted], [0, TIMED]);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
