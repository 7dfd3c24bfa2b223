// @ts-check
// The operator console at /admin/ (issue 12) as an operator's browser and an attacker meet it:
// static files under a strict CSP, never framed, no cookie before sign-in, nothing served from
// outside its folder; in Chromium it loads without a violation and offers the sign-in form.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { translationFiles as consoleTranslations } from '../../scripts/console-locales.mjs';
import { REPO_ROOT } from '../../scripts/static-server.mjs';
import { launchBrowser, violations } from '../bundle/support/browser.mjs';
import { FAST_SCRYPT, PASSWORD } from './accounts-helpers.mjs';
import { axe } from './console-browser.mjs';
import { startServer } from './server.mjs';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

describe('the console over HTTP', () => {
  let ctx;
  before(async () => (ctx = await startServer()));
  after(() => ctx.close());

  it('serves its page with a strict CSP, no framing, no cookie', async () => {
    const page = await ctx.raw('GET', '/admin/');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assert.equal(page.headers.get('content-security-policy'), CSP);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(page.headers.get('set-cookie'), null);
    assert.match(page.text, /<script type="module" src="\.\/console\.js"><\/script>/);
    assert.doesNotMatch(page.text, /<script>|style=/, 'nothing inline for the CSP to block');

    const script = await ctx.raw('GET', '/admin/console.js');
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type'), /javascript/);
    assert.equal(script.headers.get('content-security-policy'), CSP);
  });

  it('sends /admin to /admin/ and nothing outside its folder', async () => {
    const bare = await ctx.raw('GET', '/admin');
    assert.equal(bare.status, 302);
    assert.equal(bare.headers.get('location'), '/admin/');
    for (const path of ['/admin/../package.json', '/admin/%2e%2e/package.json', '/admin/..%2fcli.js', '/admin/%2e%2e%2findex.js', '/admin/console.js.map', '/admin/.env']) {
      const answer = await ctx.raw('GET', path);
      assert.ok(answer.status >= 400 && answer.status < 500, `${path}: ${answer.status}`);
      assert.doesNotMatch(answer.text, /"name":\s*"consult-server"|createConsultServer/, `${path} leaks a file`);
    }
  });

  it('is not served when the embedder turns it off', async () => {
    const off = await startServer({ console: false });
    try {
      assert.equal((await off.raw('GET', '/admin/')).status, 404);
    } finally {
      await off.close();
    }
  });
});

/** Runs before the page's scripts (through the DevTools protocol, which the CSP does not govern). */
function collectViolations() {
  const page = /** @type {any} */ (window);
  page.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => page.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`), true);
}

describe('the console in Chromium', () => {
  let ctx;
  let browser;
  let consultation;
  before(async () => {
    ctx = await startServer({ accounts: { scryptCost: FAST_SCRYPT } });
    consultation = await ctx.seed();
    const created = await ctx.admin('POST', '/operators', { body: { email: 'editor@example.org', role: 'moderator', password: PASSWORD } });
    assert.equal(created.status, 201, created.text);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('waits for its language before showing anything: no flash of English (issue 14)', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const asked = [];
    // French comes from beside console.js (locales/fr.js), late on purpose: nothing shows meanwhile.
    await page.route('**/admin/locales/*.js', async (route) => {
      asked.push(new URL(route.request().url()).pathname);
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await page.goto(`${ctx.base}/admin/`);
    await page.waitForTimeout(400);
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).count(), 0, 'no English while French loads');
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    assert.deepEqual(asked, ['/admin/locales/fr.js']);
    // Back to English from the menu: no file to fetch, English at once.
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(asked, ['/admin/locales/fr.js']);
    await context.close();
  });

  it('speaks each of its 32 languages, right to left for Arabic, Persian and Hebrew (issue 14)', async () => {
    const files = consoleTranslations();
    const context = await browser.newContext();
    await context.addInitScript(collectViolations);
    const page = await context.newPage();
    for (const { tag, file } of files) {
      await page.goto(`${ctx.base}/admin/?lang=${tag}`);
      await page.getByRole('button', { name: file.console.login.submit, exact: true }).waitFor();
      assert.equal(await page.title(), file.console.appName, tag);
      assert.deepEqual(
        await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
        [tag, ['ar', 'fa', 'he'].includes(tag) ? 'rtl' : 'ltr'],
      );
      // The language menu names every language in itself, whatever the console speaks.
      assert.equal(await page.getByRole('combobox', { name: file.console.language }).locator('option').count(), files.length);
      assert.deepEqual(await violations(page), [], tag);
    }
    await page.goto(`${ctx.base}/admin/?lang=ar`);
    await page.getByRole('button', { name: files.find((f) => f.tag === 'ar')?.file.console.login.submit, exact: true }).waitFor();
    assert.deepEqual(await axe(page), [], 'axe, Arabic');
    const artifacts = join(REPO_ROOT, 'test-artifacts', 'languages');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'console-sign-in-ar.png'), fullPage: true });
    await context.close();
  });

  it('loads under its CSP and asks a visitor without a session to sign in, in their language', async () => {
    for (const [locale, title, button] of [
      ['en-GB', 'Consultation console', 'Sign in'],
      ['fr-FR', 'Console de consultation', 'Se connecter'],
    ]) {
      const context = await browser.newContext({ locale });
      await context.addInitScript(collectViolations);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`${ctx.base}/admin/`);
      await page.getByRole('button', { name: button }).waitFor();
      assert.equal(await page.title(), title);
      assert.equal(await page.evaluate(() => document.documentElement.lang), locale.slice(0, 2));
      assert.ok(await page.getByLabel(locale === 'fr-FR' ? 'Mot de passe' : 'Password').isVisible());
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(errors, []);
      assert.deepEqual(await context.cookies(), [], 'no cookie before sign-in');
      await context.close();
    }
  });

  it('signs an operator in with the keyboard, lists the consultations with their counts, signs out', async () => {
    const context = await browser.newContext();
    await context.addInitScript(collectViolations);
    const page = await context.newPage();
    await page.goto(`${ctx.base}/admin/`);
    await page.getByLabel('Email').fill('editor@example.org');
    await page.getByLabel('Password').fill('not the password at all');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
    assert.equal(await page.getByLabel('Password').evaluate((input) => input.value), '', 'the wrong password is cleared');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Consultations' }).waitFor();
    assert.ok(await page.getByRole('banner').getByText('editor@example.org (moderator)').isVisible());
    const row = page.getByRole('row', { name: new RegExp(consultation.id) });
    await row.waitFor();
    // The seeded consultation: five accepted proposals, no votes yet.
    assert.deepEqual(await row.getByRole('cell').allTextContents(), ['Open', '5', '0', '0']);
    const [cookie] = await context.cookies();
    assert.equal(cookie.name, 'consult_session');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(await context.cookies(), [], 'signing out clears the cookie');
    assert.equal((await page.evaluate(() => fetch('/api/v1/admin/consultations').then((r) => r.status))), 401);
    assert.deepEqual(await violations(page), []);
    await context.close();
  });

  it("follows the operator's appearance, not only the system's, in every view", async () => {
    // The system is light; the operator picks Dark (and then Light on a dark system): the list's
    // heading, inside a view's own shadow root, must take the chosen colours, not the system's.
    for (const [colorScheme, choice, expected] of [
      ['light', 'Dark', 'rgb(232, 235, 239)'],
      ['dark', 'Light', 'rgb(27, 31, 36)'],
    ]) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(`${ctx.base}/admin/`);
      await page.getByLabel('Email').fill('editor@example.org');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.keyboard.press('Enter');
      const heading = page.getByRole('heading', { name: 'Consultations' });
      await heading.waitFor();
      await page.getByLabel('Appearance').selectOption({ label: choice });
      await page.waitForFunction(([color]) => {
        const list = document.querySelector('consult-console')?.shadowRoot?.querySelector('console-consultations');
        const h1 = list?.shadowRoot?.querySelector('h1');
        return h1 && getComputedStyle(h1).color === color;
      }, [expected]);
      await context.close();
    }
  });

  it('has no axe violation on the sign-in view, light and dark', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    for (const colorScheme of ['light', 'dark']) {
      // axe is injected through the DevTools protocol, which the page's CSP does not govern.
      const context = await browser.newContext({ colorScheme, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${ctx.base}/admin/`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }));
      assert.deepEqual(
        result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
        `axe (${colorScheme})`,
      );
      await context.close();
    }
  });
});
