// @ts-check
// The console's settings tab (issue 12) in Chromium on a real server (SQLite): an admin edits a
// consultation (title, themes, an allowed origin, dates in their own time zone) and the API gives
// back what they saved; the phase the server computes follows a closing date in the past and
// "Close now"; a refused edit (422, 409) or a lost update says why and keeps what was typed; a
// moderator has no settings tab and meets the server's 403; bulk proposals are checked (refused
// lines by number, nothing added) then added without the refused ones; axe finds nothing, light
// and dark; screenshots at /tmp/settings-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { violations } from '../bundle/support/browser.mjs';
import { ADMIN, axe, consoleServer, MODERATOR, signIn as signInAs } from './console-browser.mjs';

/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContextOptions} ContextOptions */

/**
 * Signs in, in Paris time: the dates typed are Paris times.
 * @param {Browser} browser
 * @param {string} url
 * @param {string} email
 * @param {ContextOptions} [options]
 */
const signIn = (browser, url, email, options = {}) => signInAs(browser, url, email, { timezoneId: 'Europe/Paris', ...options });

describe('the settings tab in Chromium', () => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  /** @type {Browser} */
  let browser;
  /** @param {string} id */
  const consultation = async (id) => /** @type {any} */ ((await ctx.admin('GET', `/consultations/${id}`)).json);
  /** @param {string} id */
  const accepted = async (id) =>
    /** @type {any[]} */ ((await ctx.admin('GET', `/consultations/${id}/proposals?status=accepted&limit=100`)).json.items).map((p) => p.content).sort();
  /** @param {string} id */
  const settingsOf = (id) => `${ctx.base}/admin/#/consultations/${id}/settings`;

  before(async () => {
    ({ ctx, browser } = await consoleServer());
  });
  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('saves title, themes, an allowed origin and dates; the phase follows a past closing date and "Close now"', async () => {
    const c = await ctx.seed();
    const { context, page, errors } = await signIn(browser, settingsOf(c.id), ADMIN);
    await page.getByRole('heading', { name: 'Settings: Getting around in 2030' }).waitFor();
    const phase = page.locator('#phase');
    assert.equal(await phase.textContent(), 'Phase now: Open');
    // The tab bar shows the admin's tabs, this one current.
    assert.equal(await page.getByRole('link', { name: 'Settings' }).getAttribute('aria-current'), 'page');

    await page.getByLabel('Title', { exact: true }).fill('Getting around in 2031');
    await page.getByLabel('Theme label (id mobility)').fill('Transport');
    await page.getByLabel('New theme').fill('Housing');
    await page.keyboard.press('Enter'); // adds the theme, does not submit
    await page.getByLabel('Theme label (id housing)').waitFor();
    await page.getByLabel(/^Allowed partner origins/).fill('https://partner.example\nhttps://news.example.org/');
    await page.getByLabel('Closes on').fill('2031-03-01T18:30');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: title, themes, allowed origins, closing date.' }).waitFor();

    let saved = await consultation(c.id);
    assert.equal(saved.title, 'Getting around in 2031');
    assert.deepEqual(saved.themes, [
      { id: 'mobility', label: 'Transport' },
      { id: 'energy', label: 'Energy' },
      { id: 'housing', label: 'Housing' },
    ]);
    assert.deepEqual(saved.allowedOrigins, ['https://partner.example', 'https://news.example.org']);
    assert.equal(new Date(saved.closesAt).toISOString(), '2031-03-01T17:30:00.000Z', 'Paris time, sent as an instant');
    assert.equal(saved.phase, 'open');
    const changes = /** @type {any} */ ((await ctx.admin('GET', `/consultations/${c.id}/changes`)).json).changes.filter((/** @type {any} */ x) => x.action === 'edit');
    assert.deepEqual(Object.keys(changes[0].detail).sort(), ['allowedOrigins', 'closesAt', 'themes', 'title'], 'only what changed is sent');
    assert.equal(await page.getByRole('heading', { name: 'Settings: Getting around in 2031' }).count(), 1);

    // A theme proposals use: the server refuses its removal (409), the form keeps it to be removed.
    await page.getByRole('button', { name: 'Remove the theme: Energy' }).click();
    await page.getByText('To be removed on save: Energy').waitFor();
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByRole('alert').filter({ hasText: /^Not saved: Proposals use the themes left out: energy \(1 proposals\)/ }).waitFor();
    assert.equal((await consultation(c.id)).themes.length, 3);
    await page.getByRole('button', { name: 'Keep the theme: Energy' }).click();
    assert.equal(await page.getByText('To be removed on save').count(), 0);

    // A closing date in the past: the server says the consultation has ended.
    await page.getByLabel('Closes on').fill('2024-01-15T09:00');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: closing date.' }).waitFor();
    assert.equal(await phase.textContent(), 'Phase now: Ended');
    saved = await consultation(c.id);
    assert.equal(saved.phase, 'ended');
    assert.equal((await ctx.call('GET', `/consultations/${c.id}`)).json.status, 'closed', 'the public status says closed');

    // Cleared: no closing date, open again. Then closed by hand, and opened.
    await page.getByRole('button', { name: 'Clear the closing date' }).click();
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: closing date.' }).waitFor();
    await page.getByText('Phase now: Open').waitFor();
    assert.equal((await consultation(c.id)).closesAt ?? null, null);
    await page.getByRole('button', { name: 'Close now' }).click();
    await page.getByText('Phase now: Closed').waitFor();
    assert.equal((await consultation(c.id)).status, 'closed');
    await page.getByRole('button', { name: 'Open now' }).click();
    await page.getByText('Phase now: Open').waitFor();
    assert.equal((await consultation(c.id)).phase, 'open');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a refused edit says why and keeps what was typed; another admin’s change meanwhile is not overwritten unasked', async () => {
    const c = await ctx.seed();
    const { context, page } = await signIn(browser, settingsOf(c.id), ADMIN);
    await page.getByRole('heading', { name: /^Settings:/ }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('A new title');
    await page.getByLabel('Minimum length of a proposal').fill('50');
    await page.getByLabel('Maximum length of a proposal').fill('20');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /^Not saved: / });
    await alert.waitFor();
    assert.match(await alert.textContent() ?? '', /min|max|length/i);
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'A new title');
    assert.equal(await page.getByLabel('Minimum length of a proposal').inputValue(), '50');
    assert.equal(await page.getByLabel('Maximum length of a proposal').inputValue(), '20');
    const unchanged = await consultation(c.id);
    assert.deepEqual([unchanged.title, unchanged.proposalMinLength, unchanged.proposalMaxLength], ['Getting around in 2030', 12, 140]);

    // Another admin renames it meanwhile: saving stops, names the field, keeps this admin's values.
    assert.equal((await ctx.admin('PATCH', `/consultations/${c.id}`, { body: { title: 'Their title', question: 'Their question?' } })).status, 200);
    await page.getByLabel('Maximum length of a proposal').fill('200');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'someone else changed: title.' }).waitFor();
    assert.equal((await consultation(c.id)).title, 'Their title', 'not overwritten');
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'A new title');
    assert.equal(await page.getByLabel('Question').inputValue(), 'Their question?', 'a field left alone takes their value');
    await page.getByRole('button', { name: 'Take their values' }).click();
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Their title');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: minimum length, maximum length.' }).waitFor();
    const saved = await consultation(c.id);
    assert.deepEqual([saved.title, saved.question, saved.proposalMinLength, saved.proposalMaxLength], ['Their title', 'Their question?', 50, 200]);
    await context.close();
  });

  it('gives a moderator no settings tab; opened by its address, the server’s 403 shows', async () => {
    const c = await ctx.seed();
    const { context, page } = await signIn(browser, `${ctx.base}/admin/#/consultations/${c.id}/moderation`, MODERATOR);
    await page.getByRole('heading', { name: /^Moderation:/ }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Settings' }).count(), 0);
    await page.goto(settingsOf(c.id));
    await page.getByRole('heading', { name: /^Settings:/ }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('Moderated title');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved: Only an admin may do this.' }).waitFor();
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Moderated title');
    await page.getByRole('button', { name: 'Close now' }).click();
    await page.getByRole('alert').filter({ hasText: 'Only an admin may do this.' }).waitFor();
    const after = await consultation(c.id);
    assert.deepEqual([after.title, after.status], ['Getting around in 2030', 'open']);
    await context.close();
  });

  it('checks pasted lines (refused ones by number, nothing added), then adds exactly the others', async () => {
    const c = await ctx.seed();
    const before = await accepted(c.id);
    const { context, page, errors } = await signIn(browser, settingsOf(c.id), ADMIN);
    await page.getByRole('heading', { name: /^Settings:/ }).waitFor();
    const lines = [
      'We should plant trees along every street', // 1
      'We should light the park paths at night,Mobility', // 2: a theme by its label
      '"We should add benches, fountains and shade",energy', // 3: a comma inside quotes
      'Too short', // 4: refused (prefix)
      'We should open a repair café,nosuchtheme', // 5: refused (theme)
      '"We should cover the market', // 6–7: one record on two lines, refused (theme)
      'with a glass roof",nosuchtheme',
      'We should plant trees along every street', // 8: refused (the same as line 1)
      '"We should run a bike bus',
      'to every school",mobility', // 9–10: one record on two lines, accepted
    ];
    await page.getByLabel('Proposals, one per line').fill(lines.join('\n'));
    await page.getByRole('button', { name: 'Check the lines' }).click();
    const bulk = page.locator('console-settings-bulk');
    await bulk.getByText('4 lines can be added; 4 refused (left out):').waitFor();
    const rows = await page.getByRole('table', { name: 'Refused lines' }).locator('tbody tr').allTextContents();
    assert.deepEqual(
      rows.map((r) => Number(/^\d+/.exec(r)?.[0])),
      [4, 5, 6, 8],
    );
    assert.match(rows[1] ?? '', /no theme "nosuchtheme"/);
    assert.match(rows[3] ?? '', /same text as line 1/);
    assert.deepEqual(await accepted(c.id), before, 'a dry run adds nothing');

    await page.getByRole('button', { name: 'Add 4 proposals' }).click();
    await bulk.getByText('4 proposals added.').waitFor();
    const now = await accepted(c.id);
    assert.deepEqual(
      now,
      [
        ...before,
        'We should plant trees along every street',
        'We should light the park paths at night',
        'We should add benches, fountains and shade',
        'We should run a bike bus\nto every school',
      ].sort(),
    );
    // What was refused stays in the box, to correct.
    assert.equal(await page.getByLabel('Proposals, one per line').inputValue(), [lines[3], lines[4], lines[5], lines[6], lines[7]].join('\n') + '\n');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('reads a 5,000-line file without freezing the page, and refuses a file that is not UTF-8', async () => {
    const c = await ctx.seed();
    const { context, page } = await signIn(browser, settingsOf(c.id), ADMIN);
    await page.getByRole('heading', { name: /^Settings:/ }).waitFor();
    const file = page.getByLabel('Or read a file (.csv or .txt, UTF-8)');
    await file.setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: Buffer.from('We should open a café\n', 'latin1') });
    await page.getByRole('alert').filter({ hasText: 'latin1.csv is not UTF-8' }).waitFor();

    const big = Array.from({ length: 5000 }, (_, i) => `We should try idea number ${i + 1} in town,${i % 2 ? 'energy' : 'Mobility'}`).join('\r\n');
    await file.setInputFiles({ name: 'ideas.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFFcontent,theme\r\n${big}\r\n`, 'utf8') });
    const bulk = page.locator('console-settings-bulk');
    await bulk.getByText('ideas.csv read: 5,001 lines.').waitFor();
    await page.getByRole('button', { name: 'Check the lines' }).click();
    // The page answers while the server checks (a frame is drawn within a second).
    const frame = await page.evaluate(() => new Promise((done) => requestAnimationFrame((t) => done(t))));
    assert.ok(typeof frame === 'number');
    await bulk.getByText('All 5,000 lines can be added.').waitFor();
    await page.getByRole('button', { name: 'Add 5,000 proposals' }).click();
    await bulk.getByText('5,000 proposals added.').waitFor();
    assert.equal((await consultation(c.id)).counts.proposals, 5000 + 5, 'the seed’s five accepted and the 5,000');
    await context.close();
  });

  it('goes from "New consultation" to its settings', async () => {
    const { context, page } = await signIn(browser, `${ctx.base}/admin/#/consultations/new`, ADMIN);
    await page.getByLabel('Title', { exact: true }).fill('Parks in Nantes');
    await page.getByLabel('Question').fill('What should our parks offer?');
    await page.getByRole('button', { name: 'Create the consultation' }).click();
    await page.getByRole('heading', { name: 'Settings: Parks in Nantes' }).waitFor();
    assert.match(await page.evaluate(() => location.hash), /^#\/consultations\/c[\w-]+\/settings$/);
    // In French too.
    await page.getByRole('combobox', { name: /^Language/ }).selectOption('fr');
    await page.getByRole('heading', { name: 'Réglages\u00A0: Parks in Nantes' }).waitFor();
    await page.getByText('Phase actuelle\u00A0: Ouverte').waitFor();
    await page.getByRole('button', { name: 'Vérifier les lignes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Collez ou lisez d’abord des lignes.' }).waitFor();
    await context.close();
  });

  it('has no axe violation, light, dark and 320 px (screenshots of each)', async () => {
    const c = await ctx.seed();
    await ctx.admin('PATCH', `/consultations/${c.id}`, { body: { opensAt: '2030-05-01T08:00:00Z' } });
    for (const [name, colorScheme, width] of /** @type {const} */ ([['light', 'light', 1100], ['dark', 'dark', 1100], ['320', 'light', 320]])) {
      const { context, page } = await signIn(browser, settingsOf(c.id), ADMIN, { colorScheme, bypassCSP: true, viewport: { width, height: 900 } });
      await page.getByText('Phase now: Upcoming').waitFor();
      await page.getByLabel('Proposals, one per line').fill('We should plant trees along every street\nToo short\nWe should open a repair café,nosuchtheme');
      await page.getByRole('button', { name: 'Check the lines' }).click();
      await page.getByRole('table', { name: 'Refused lines' }).waitFor();
      await page.getByLabel('Maximum length of a proposal').fill('5');
      await page.getByRole('button', { name: 'Save the changes' }).click();
      await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
      assert.deepEqual(await axe(page), [], `axe, settings (${name})`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scroll at ${width} px (${overflow})`);
      const outside = await page.locator('console-settings').evaluate((view) =>
        [...(view.shadowRoot?.querySelectorAll('input, textarea, button') ?? [])]
          .filter((field) => field.getBoundingClientRect().right > (field.closest('form, section')?.getBoundingClientRect().right ?? 0))
          .map((field) => field.outerHTML.slice(0, 60)),
      );
      assert.deepEqual(outside, [], `every field inside its box at ${width} px`);
      if (width === 320) await page.locator('console-settings').locator('fieldset').nth(1).screenshot({ path: '/tmp/settings-320-dates.png' });
      await page.screenshot({ path: `/tmp/settings-${name}.png`, fullPage: true });
      await context.close();
    }
  });
});
