// @ts-check
// The console's invitation page and "Operators" view (issue 12) in Chromium on a real server: an
// invited operator sets a password twice and is signed in, a used or malformed link says so; an
// admin adds operators (with a password, or an invitation whose link is shown), changes a role,
// removes one, and meets the server's 409 for the last admin; moderators see no "Operators";
// axe finds nothing, light and dark, 320 px (screenshots in /tmp/invite-*.png).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { FAST_SCRYPT, PASSWORD } from './accounts-helpers.mjs';
import { startServer } from './server.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContextOptions} ContextOptions */

const ADMIN = 'boss@example.org';
const MODERATOR = 'mod@example.org';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * @param {Page} page
 * @param {string} label
 */
async function assertAxeClean(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }));
  assert.deepEqual(
    result.violations.map((/** @type {any} */ v) => `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe (${label})`,
  );
}

/**
 * @param {Browser} browser
 * @param {ContextOptions} [options]
 */
async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

/**
 * Signs in through the form and opens the Operators view from the navigation.
 * @param {Browser} browser
 * @param {string} base
 * @param {ContextOptions} [options]
 */
async function openOperators(browser, base, options = {}) {
  const opened = await newPage(browser, options);
  const { page } = opened;
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation').getByRole('link', { name: 'Operators' }).click();
  await page.getByRole('heading', { name: 'Operators' }).waitFor();
  await page.getByRole('row', { name: new RegExp(ADMIN) }).waitFor();
  return opened;
}

describe('invitations and the Operators view in Chromium', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let ctx;
  /** @type {Browser} */
  let browser;
  /** @param {string} email */
  const invite = async (email, role = 'moderator') => {
    const created = await ctx.admin('POST', '/operators', { body: { email, role } });
    assert.equal(created.status, 201, created.text);
    return /** @type {string} */ (/** @type {any} */ (created.json).invitation.url);
  };
  before(async () => {
    ctx = await startServer({ accounts: { scryptCost: FAST_SCRYPT } });
    await ctx.seed();
    for (const [email, role] of [[ADMIN, 'admin'], [MODERATOR, 'moderator']]) {
      const created = await ctx.admin('POST', '/operators', { body: { email, role, password: PASSWORD } });
      assert.equal(created.status, 201, created.text);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('opens an invitation link: two passwords that differ are refused, then the operator is signed in; the link works once', async () => {
    const url = await invite('invited@example.org');
    assert.match(url, new RegExp(`^${ctx.base}/admin/#invite=[A-Za-z0-9_-]{43}$`));
    const { context, page, errors } = await newPage(browser);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await page.getByLabel('New password').fill('short');
    await page.getByLabel('The same password again').fill('short');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '12 characters or more' }).waitFor();
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(`${PASSWORD}!`);
    await page.getByRole('button', { name: 'Set the password and sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The two passwords differ' }).waitFor();
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Consultations' }).waitFor();
    assert.ok(await page.getByRole('banner').getByText('invited@example.org (moderator)').isVisible());
    assert.equal(new URL(page.url()).hash, '#/consultations', 'the token leaves the address bar');
    assert.equal(await page.getByRole('link', { name: 'Operators' }).count(), 0, 'no Operators link for a moderator');
    const [cookie] = await context.cookies();
    assert.equal(cookie?.name, 'consult_session');
    assert.deepEqual(errors, []);
    await context.close();

    // The same link again, and a malformed one: a clear message and the way to the sign-in form.
    for (const link of [url, `${ctx.base}/admin/#invite=nope`]) {
      const again = await newPage(browser);
      await again.page.goto(link);
      if (link === url) {
        await again.page.getByLabel('New password').fill(PASSWORD);
        await again.page.getByLabel('The same password again').fill(PASSWORD);
        await again.page.keyboard.press('Enter');
      }
      await again.page.getByRole('alert').filter({ hasText: 'This invitation link is unknown, used or expired' }).waitFor();
      await again.page.getByRole('link', { name: 'Go to the sign-in form' }).click();
      await again.page.getByRole('button', { name: 'Sign in' }).waitFor();
      await again.context.close();
    }
  });

  it('speaks French on the invitation page and in the Operators view', async () => {
    const url = await invite('invite-fr@example.org');
    const { context, page } = await newPage(browser, { locale: 'fr-FR' });
    await page.goto(url);
    await page.getByRole('heading', { name: 'Accepter votre invitation' }).waitFor();
    await page.getByLabel('Nouveau mot de passe').fill(PASSWORD);
    await page.getByLabel('Le même mot de passe, à nouveau').fill('autre chose encore');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Les deux mots de passe diffèrent' }).waitFor();

    // And the Operators view, for an admin.
    await page.goto(`${ctx.base}/admin/`);
    await page.getByLabel('Adresse e-mail').fill(ADMIN);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation').getByRole('link', { name: 'Opérateurs' }).click();
    await page.getByRole('heading', { name: 'Opérateurs' }).waitFor();
    await page.getByRole('button', { name: `Rendre modérateur\u00A0: ${ADMIN}` }).waitFor();
    assert.match(await page.getByRole('row', { name: new RegExp(MODERATOR) }).innerText(), /Modérateur\s+Actif/);
    await page.getByRole('group', { name: 'Comment il ou elle entre' }).waitFor();
    await context.close();
  });

  it('lets an admin add operators (password or invitation), change a role, remove one; the last admin stays', async () => {
    const { context, page, errors } = await openOperators(browser, ctx.base);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.base });
    const row = (/** @type {string} */ email) => page.getByRole('row', { name: new RegExp(email.replace('.', '\\.')) });
    assert.deepEqual(await row(ADMIN).getByRole('cell').allTextContents().then((cells) => cells.slice(0, 2)), ['Admin', 'Active']);
    assert.deepEqual(await row(MODERATOR).getByRole('cell').allTextContents().then((cells) => cells.slice(0, 2)), ['Moderator', 'Active']);

    // With a password: ready at once.
    await page.getByLabel('Email', { exact: true }).fill('helper@example.org');
    await page.getByLabel('A password I give them').check();
    await page.getByLabel('Password (12 characters or more)').fill(PASSWORD);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'helper@example.org added.' }).waitFor();
    await row('helper@example.org').filter({ hasText: 'Active' }).waitFor();

    // The same email again: the server's 409, as it words it.
    await page.getByLabel('Email', { exact: true }).fill('helper@example.org');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'An operator has the email helper@example.org already' }).waitFor();

    // Change a role, then remove (asked twice).
    await page.getByRole('button', { name: 'Make admin: helper@example.org' }).click();
    await page.getByRole('status').filter({ hasText: 'helper@example.org is now admin.' }).waitFor();
    assert.match(await row('helper@example.org').innerText(), /Admin\s+Active/);
    await page.getByRole('button', { name: 'Remove: helper@example.org' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Remove: helper@example.org' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByRole('status').filter({ hasText: 'helper@example.org removed.' }).waitFor();
    await row('helper@example.org').filter({ hasText: 'Removed' }).waitFor();
    assert.equal(await row('helper@example.org').getByRole('button').count(), 0, 'a removed operator has no actions');

    // The admin is the last active one now: 409 on removal and on demotion.
    await page.getByRole('button', { name: `Remove: ${ADMIN}` }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByRole('alert').filter({ hasText: 'Refused: This is the last admin' }).waitFor();
    const [demotion] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/role')), page.getByRole('button', { name: `Make moderator: ${ADMIN}` }).click()]);
    assert.equal(demotion.status(), 409);
    await page.getByRole('alert').filter({ hasText: 'Refused: This is the last admin' }).waitFor();
    assert.match(await row(ADMIN).innerText(), /\(you\)\s+Admin\s+Active/);

    // With an invitation: its link is shown, to copy, and it works.
    await page.getByLabel('Email', { exact: true }).fill('Guest@Example.org');
    await page.getByRole('combobox', { name: /^Role/ }).selectOption('admin');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const link = page.getByLabel('Invitation link (works once)');
    await link.waitFor();
    const url = await link.inputValue();
    assert.match(url, new RegExp(`^${ctx.base}/admin/#invite=[A-Za-z0-9_-]{43}$`));
    await page.getByRole('heading', { name: 'Invitation for guest@example.org' }).waitFor();
    assert.match(await row('guest@example.org').innerText(), /Admin\s+Invited, link valid until/);
    await page.getByRole('button', { name: 'Copy the link' }).click();
    await page.getByText(/Link copied\.|Copying is not allowed here/).first().waitFor();

    // The invitation made in the console signs its guest in as an admin.
    const guest = await newPage(browser);
    await guest.page.goto(url);
    await guest.page.getByLabel('New password').fill(PASSWORD);
    await guest.page.getByLabel('The same password again').fill(PASSWORD);
    await guest.page.keyboard.press('Enter');
    await guest.page.getByRole('link', { name: 'Operators' }).waitFor();
    assert.ok(await guest.page.getByRole('banner').getByText('guest@example.org (admin)').isVisible());
    await guest.context.close();
    await page.reload();
    await row('guest@example.org').filter({ hasText: 'Active' }).waitFor();
    assert.deepEqual([...errors, ...guest.errors], []);
    await context.close();
  });

  it('has no axe violation, light, dark and 320 px (screenshots of each)', async () => {
    const url = await invite('looks@example.org');
    for (const [name, colorScheme, width] of /** @type {const} */ ([['light', 'light', 1100], ['dark', 'dark', 1100], ['320', 'light', 320]])) {
      const options = { colorScheme, bypassCSP: true, viewport: { width, height: 900 } };
      const { context, page } = await openOperators(browser, ctx.base, options);
      await page.getByLabel('Email', { exact: true }).fill(`looks-${name}@example.org`);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByLabel('Invitation link (works once)').waitFor();
      await page.getByRole('button', { name: `Remove: ${MODERATOR}` }).click();
      await assertAxeClean(page, `operators, ${name}`);
      await page.screenshot({ path: `/tmp/invite-operators-${name}.png`, fullPage: true });
      await context.close();

      const invited = await newPage(browser, options);
      await invited.page.goto(url);
      await invited.page.getByLabel('New password').fill('short');
      await invited.page.keyboard.press('Enter');
      await invited.page.getByRole('alert').filter({ hasText: '12 characters' }).waitFor();
      await assertAxeClean(invited.page, `invitation, ${name}`);
      await invited.page.screenshot({ path: `/tmp/invite-page-${name}.png`, fullPage: true });
      await invited.context.close();
    }
  });
});
