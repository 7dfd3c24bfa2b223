// @ts-check
// The embed builder (issue 12): the server serves the widgets at /widgets/ (CORS, no traversal);
// the snippet, contrast and origin functions (unit); in Chromium a moderator builds a snippet for a
// chosen proposal and options, sees the origin and contrast warnings, and the real card live in the
// preview (votes there never reach the server), with no CSP violation; axe light and dark;
// screenshots at /tmp/embed-*.png; the snippet pasted into a page on another origin shows the card.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { launchBrowser, violations } from '../bundle/support/browser.mjs';
import { assertBuilt, DIST } from '../bundle/support/server.mjs';
import { axe, MODERATOR, partnerSite, signIn } from './console-browser.mjs';
import { FAST_SCRYPT, PASSWORD } from './accounts-helpers.mjs';
import { fixtureFile, PARTNER, startServer } from './server.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContextOptions} ContextOptions */

/**
 * A console module (TypeScript) compiled as the console's build does, imported here.
 * @param {string} name
 */
async function consoleModule(name) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../../server/console/${name}.ts`, import.meta.url))],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}

/**
 * Signs in through the form on the embed view of a consultation.
 * @param {Browser} browser
 * @param {string} base
 * @param {string} consultationId
 * @param {ContextOptions} [options]
 */
async function openEmbed(browser, base, consultationId, options = {}) {
  const opened = await signIn(browser, `${base}/admin/#/consultations/${consultationId}/embed`, MODERATOR, options);
  await opened.page.getByRole('heading', { name: options.locale?.startsWith('fr') ? /^Intégrer\s:/ : /^Embed:/ }).waitFor();
  return opened;
}

describe('the embed builder’s pure parts', () => {
  it('computes WCAG contrast ratios and AA pass/fail', async () => {
    const { contrastRatio, checkContrast, formatRatio, parseHex, paletteChecks } = await consoleModule('embed-contrast');
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#fff', '#ffffff'), 1);
    assert.deepEqual(parseHex('#1F4fbf'), [31, 79, 191]);
    assert.equal(parseHex('blue'), null);
    assert.equal(contrastRatio('red', '#ffffff'), null);
    // #767676 is the lightest grey that passes on white; #777777 just fails.
    assert.equal(checkContrast('#767676', '#ffffff').passes, true);
    assert.equal(checkContrast('#777777', '#ffffff').passes, false);
    assert.equal(formatRatio(contrastRatio('#777777', '#ffffff')), '4.47:1');
    assert.equal(formatRatio(contrastRatio('#767676', '#ffffff')), '4.54:1');
    // The widgets' light defaults all pass; a light text on the white surface fails, and only it.
    assert.ok(paletteChecks({}).every((/** @type {any} */ c) => c.check.passes));
    const failing = paletteChecks({ '--consult-text': '#cccccc' }).filter((/** @type {any} */ c) => !c.check.passes);
    assert.deepEqual(failing.map((/** @type {any} */ c) => c.name), ['--consult-text']);
    // A dark surface turns the defaults around.
    assert.ok(paletteChecks({ '--consult-surface': '#000000', '--consult-text': '#ffffff' }).some((/** @type {any} */ c) => !c.check.passes));
  });

  it('writes the snippet of the chosen widget, proposals and options', async () => {
    const { embedSnippet } = await consoleModule('embed-snippet');
    const { checkOrigin } = await consoleModule('embed-origin');
    const choice = { widget: 'card', consultationId: 'c-1', proposalIds: ['c-1-p2', 'c-1-p4'], lang: 'fr', loading: 'lazy', showResults: 'always', live: true };
    assert.equal(
      embedSnippet('module', 'https://consult.example/widgets', 'https://consult.example/api/v1', choice),
      [
        '<script type="module" src="https://consult.example/widgets/consult-widgets.min.js"></script>',
        '<consult-consultation adapter="rest" endpoint="https://consult.example/api/v1" consultation="c-1" lang="fr">',
        '  <consult-proposal proposal-id="c-1-p2" loading="lazy" show-results="always" live></consult-proposal>',
        '  <consult-proposal proposal-id="c-1-p4" loading="lazy" show-results="always" live></consult-proposal>',
        '</consult-consultation>',
      ].join('\n'),
    );
    // Defaults are left out; the classic script; tokens in the wrapper's style, escaped attributes.
    const classic = embedSnippet('classic', 'https://cdn.example/x"y/', 'https://consult.example/api/v1', {
      widget: 'results',
      consultationId: 'c-1',
      lang: 'en',
      live: false,
      tokens: { '--consult-accent': '#123456', '--consult-text': 'red;}</style>', 'color': '#000000' },
    });
    assert.equal(
      classic,
      [
        '<script src="https://cdn.example/x&quot;y/consult-widgets.iife.min.js"></script>',
        '<consult-consultation adapter="rest" endpoint="https://consult.example/api/v1" consultation="c-1" lang="en" style="--consult-accent: #123456">',
        '  <consult-results></consult-results>',
        '</consult-consultation>',
      ].join('\n'),
    );
    assert.match(embedSnippet('module', '/w/', '/api/v1', { widget: 'sequence', consultationId: 'c', lang: 'en', proposalIds: ['x'] }), /\n {2}<consult-sequence><\/consult-sequence>\n/);

    assert.deepEqual(checkOrigin('  ', [PARTNER]), { state: 'empty' });
    assert.deepEqual(checkOrigin('news.example.org', [PARTNER]), { state: 'invalid' });
    assert.deepEqual(checkOrigin('ftp://partner.example', [PARTNER]), { state: 'invalid' });
    assert.deepEqual(checkOrigin(`${PARTNER}/article/12?x=1`, [PARTNER]), { state: 'allowed', origin: PARTNER });
    assert.deepEqual(checkOrigin('https://other.example', [PARTNER]), { state: 'refused', origin: 'https://other.example' });
    assert.deepEqual(checkOrigin('https://other.example', ['*']), { state: 'allowed', origin: 'https://other.example' });
  });
});

describe('the embed builder on a real server', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let ctx;
  /** @type {Browser} */
  let browser;
  /** @type {Awaited<ReturnType<typeof partnerSite>>} */
  let partner;
  /** @type {string} */
  let id;
  before(async () => {
    assertBuilt('consult-widgets.min.js', 'consult-widgets.iife.min.js');
    ctx = await startServer({ accounts: { scryptCost: FAST_SCRYPT } });
    const created = await ctx.admin('POST', '/operators', { body: { email: MODERATOR, role: 'moderator', password: PASSWORD } });
    assert.equal(created.status, 201, created.text);
    partner = await partnerSite();
    id = 'embed-1';
    // The partner site's origin is allowed beside the fixture's; another consultation is not.
    await ctx.importFile(fixtureFile(id, { consultation: { allowedOrigins: [PARTNER, partner.origin] } }));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await partner?.close();
    await ctx?.close();
  });

  it('serves the widgets at /widgets/ to any origin, GET and HEAD only, nothing outside', async () => {
    const entry = await fetch(`${ctx.base}/widgets/consult-widgets.min.js`, { headers: { origin: 'https://elsewhere.example' } });
    assert.equal(entry.status, 200);
    assert.equal(entry.headers.get('access-control-allow-origin'), '*');
    assert.equal(entry.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(entry.headers.get('x-content-type-options'), 'nosniff');
    assert.match(entry.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(entry.headers.get('cache-control') ?? '', /max-age=\d+/);
    const text = await entry.text();
    assert.equal(text, readFileSync(`${DIST}/consult-widgets.min.js`, 'utf8'), 'the built bundle, byte for byte');
    // Every chunk the module embed imports is there, cached for good (hashed names).
    const chunks = [...text.matchAll(/import\("\.\/(chunks\/[^"]+)"\)/g)].map((m) => m[1]);
    assert.ok(chunks.length >= 4, `chunks: ${chunks.join(', ')}`);
    for (const chunk of chunks) {
      const answer = await fetch(`${ctx.base}/widgets/${chunk}`);
      assert.equal(answer.status, 200, chunk);
      assert.match(answer.headers.get('cache-control') ?? '', /immutable/);
      assert.equal(await answer.text(), readFileSync(`${DIST}/${chunk}`, 'utf8'));
    }
    // Each language's strings, which the widgets import from beside the bundle: every shipped part.
    for (const tag of readdirSync(`${DIST}/locales`)) {
      for (const part of ['card', 'sequence', 'propose', 'results']) {
        const answer = await fetch(`${ctx.base}/widgets/locales/${tag}/${part}.js`, { headers: { origin: 'https://elsewhere.example' } });
        assert.equal(answer.status, 200, `${tag}/${part}`);
        assert.equal(answer.headers.get('access-control-allow-origin'), '*');
        assert.equal(await answer.text(), readFileSync(`${DIST}/locales/${tag}/${part}.js`, 'utf8'));
      }
    }
    const classic = await fetch(`${ctx.base}/widgets/consult-widgets.iife.min.js`, { method: 'HEAD' });
    assert.equal(classic.status, 200);
    assert.equal(classic.headers.get('access-control-allow-origin'), '*');
    // Revalidation costs no body.
    const again = await fetch(`${ctx.base}/widgets/consult-widgets.min.js`, { headers: { 'if-none-match': entry.headers.get('etag') ?? '' } });
    assert.equal(again.status, 304);

    for (const path of [
      '/widgets/../package.json',
      '/widgets/%2e%2e/package.json',
      '/widgets/%2E%2E%2Fpackage.json',
      '/widgets/chunks/../../index.js',
      '/widgets/..%5cindex.js',
      '/widgets/',
      '/widgets/chunks/',
      '/widgets/chunks',
      '/widgets/consult-widgets.min.js.map',
      '/widgets//etc/passwd',
    ]) {
      const answer = await ctx.raw('GET', path);
      assert.equal(answer.status, 404, `${path}: ${answer.status}`);
      assert.doesNotMatch(answer.text, /"name"|consult-server|import\s/, path);
    }
    const post = await ctx.raw('POST', '/widgets/consult-widgets.min.js', { headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(post.status, 404);

  });

  it('on a server without the widgets (widgets: false), asks where they are and shows no preview', async () => {
    const without = await startServer({ widgets: false, accounts: { scryptCost: FAST_SCRYPT } });
    try {
      assert.equal((await fetch(`${without.base}/widgets/consult-widgets.min.js`)).status, 404);
      assert.equal((await without.admin('POST', '/operators', { body: { email: MODERATOR, role: 'moderator', password: PASSWORD } })).status, 201);
      await without.importFile(fixtureFile(id));
      const { context, page, errors } = await openEmbed(browser, without.base, id);
      await page.getByText('No preview: This server was built without the widgets').waitFor();
      assert.equal(await page.getByLabel('Widgets served from').inputValue(), '');
      await page.getByLabel('Widgets served from').fill('https://cdn.example/consult-widgets/dist');
      assert.ok((await page.locator('[data-snippet]').textContent())?.startsWith('<script type="module" src="https://cdn.example/consult-widgets/dist/consult-widgets.min.js">'));
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await without.close();
    }
  });

  it('builds the snippet of a chosen proposal and options, warns about origins and contrast, and previews the real card without counting its votes', async () => {
    const { context, page, errors } = await openEmbed(browser, ctx.base, id, { permissions: ['clipboard-read', 'clipboard-write'] });
    const snippet = page.locator('[data-snippet]');
    // The first accepted proposal by default, on this server's /widgets/ and API.
    await snippet.filter({ hasText: `proposal-id="${id}-p1"` }).waitFor();
    assert.ok((await snippet.textContent())?.startsWith(`<script type="module" src="${ctx.base}/widgets/consult-widgets.min.js"></script>`));

    await page.getByLabel('Proposals', { exact: true }).selectOption([`${id}-p2`, `${id}-p4`]);
    await page.getByLabel('Loading', { exact: true }).selectOption('lazy');
    await page.getByLabel('Show the results').selectOption('always');
    await page.getByLabel(/^Live:/).check();
    await page.getByLabel('Language of the widgets').selectOption('fr');
    const code = (await snippet.textContent()) ?? '';
    assert.ok(code.includes(`<consult-consultation adapter="rest" endpoint="${ctx.base}/api/v1" consultation="${id}" lang="fr">`), code);
    for (const p of ['p2', 'p4']) assert.ok(code.includes(`<consult-proposal proposal-id="${id}-${p}" loading="lazy" show-results="always" live></consult-proposal>`), code);
    assert.ok(!code.includes(`${id}-p1`), code);
    // The classic script variant.
    await page.getByLabel('Classic script (static sites)').check();
    assert.match((await snippet.textContent()) ?? '', /^<script src="[^"]+\/widgets\/consult-widgets\.iife\.min\.js"><\/script>\n/);
    await page.getByLabel('Module script (recommended)').check();

    // The preview: the real card (shadow roots pierced) with the proposal's text, in French.
    const preview = page.locator('#preview-box');
    const card = preview.locator('consult-proposal').first();
    await card.getByText('We should run night buses at weekends').waitFor();
    const agree = card.getByRole('button', { name: 'D’accord', exact: true });
    await card.getByRole('button', { name: 'D’accord', exact: true, disabled: false }).waitFor();
    await agree.click();
    await agree.and(page.locator('[aria-pressed="true"]')).waitFor();
    await new Promise((done) => setTimeout(done, 300));
    const p2 = /** @type {any} */ ((await ctx.call('GET', `/proposals/${id}-p2`)).json);
    assert.deepEqual(p2.votes, { agree: 0, disagree: 0, neutral: 0 }, 'the preview’s vote never reached the server');

    // The origin: a foreign one is warned about, an allowed one is not.
    const origin = page.getByLabel('The page’s origin');
    await origin.fill('https://elsewhere.example/article');
    const warning = page.getByText('https://elsewhere.example is not in this consultation’s allowed origins');
    await warning.waitFor();
    await origin.fill(`${PARTNER}/news/1`);
    await page.getByText(`${PARTNER} is allowed.`).waitFor();
    assert.equal(await warning.count(), 0);

    // A failing contrast pair shows the warning; the tokens reach the snippet and the preview.
    const contrastWarning = page.locator('[data-contrast-warning]');
    assert.equal(await contrastWarning.count(), 0, 'the defaults pass');
    await page.getByLabel('--consult-text', { exact: true }).fill('#cccccc');
    await contrastWarning.filter({ hasText: 'One colour does not contrast enough' }).waitFor();
    await page.getByText(/1\.6\d:1 on the background: fails AA/).waitFor();
    assert.match((await snippet.textContent()) ?? '', /style="--consult-surface: #ffffff; --consult-text: #cccccc;/);
    const colour = await card.evaluate((el) => getComputedStyle(/** @type {Element} */ (el.shadowRoot?.querySelector('.content'))).color);
    assert.equal(colour, 'rgb(204, 204, 204)', 'the preview shows the chosen text colour');
    await page.getByRole('button', { name: 'Reset the colours' }).click();
    assert.equal(await contrastWarning.count(), 0);

    // Copy puts the snippet on the clipboard.
    await page.getByRole('button', { name: 'Copy the snippet' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await snippet.textContent());

    assert.deepEqual(await violations(page), [], 'no CSP violation (the widgets and zod under the console’s CSP)');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows the snippet selected with a visible message when the browser refuses the clipboard', async () => {
    const { context, page } = await openEmbed(browser, ctx.base, id);
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    });
    await page.reload();
    await page.getByRole('heading', { name: /^Embed:/ }).waitFor();
    await page.getByLabel('Sequence: the whole consultation, one proposal at a time').check();
    await page.getByRole('button', { name: 'Copy the snippet' }).click();
    await page.getByRole('alert').filter({ hasText: 'press Ctrl+C' }).waitFor();
    const field = page.getByLabel('The snippet, selected');
    assert.equal(await field.inputValue(), await page.locator('[data-snippet]').textContent());
    assert.ok((await field.inputValue()).includes('<consult-sequence></consult-sequence>'));
    const selection = await field.evaluate((/** @type {HTMLTextAreaElement} */ t) => [t.selectionStart, t.selectionEnd, t.value.length]);
    assert.deepEqual(selection, [0, selection[2], selection[2]], 'the whole snippet is selected');
    await context.close();
  });

  it('the snippet pasted into a page on another origin shows the card, and its vote counts', async () => {
    const { context, page } = await openEmbed(browser, ctx.base, id);
    await page.getByLabel('Proposals', { exact: true }).selectOption(`${id}-p3`);
    const code = (await page.locator('[data-snippet]').textContent()) ?? '';
    await context.close();
    partner.show(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article</title></head><body><main><h1>Schools</h1>\n${code}\n</main></body></html>`);
    const visitor = await browser.newContext();
    const article = await visitor.newPage();
    const errors = /** @type {string[]} */ ([]);
    article.on('pageerror', (error) => errors.push(String(error)));
    await article.goto(`${partner.origin}/`);
    await article.getByText('We should put solar panels on every school').waitFor();
    const agree = article.getByRole('button', { name: 'Agree', exact: true });
    await article.waitForFunction(() => {
      const button = document.querySelector('consult-proposal')?.shadowRoot?.querySelector('button');
      return button && !button.disabled;
    });
    await agree.click();
    for (let i = 0; i < 50; i++) {
      if (/** @type {any} */ ((await ctx.call('GET', `/proposals/${id}-p3`)).json).votes.agree === 1) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    assert.equal(/** @type {any} */ ((await ctx.call('GET', `/proposals/${id}-p3`)).json).votes.agree, 1, 'the partner page’s vote reached the server');
    assert.deepEqual(errors, []);
    await visitor.close();
  });

  it('speaks French; the results widget previews in the page too', async () => {
    const { context, page, errors } = await openEmbed(browser, ctx.base, id, { locale: 'fr-FR' });
    await page.getByLabel('Résultats\u00A0: idées plébiscitées et controversées').check();
    await page.locator('[data-snippet]').filter({ hasText: '<consult-results></consult-results>' }).waitFor();
    // The results widget (its chunk loaded on demand) renders from the in-page adapter.
    await page.locator('#preview-box consult-results').getByText('How should our town get around in 2030?').waitFor();
    await page.getByLabel('Origine de la page').fill('https://ailleurs.example');
    await page.getByText('https://ailleurs.example ne figure pas parmi les origines autorisées').waitFor();
    await page.screenshot({ path: '/tmp/embed-fr.png', fullPage: true });
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('has no axe violation, light, dark and 320 px (screenshots of each)', async () => {
    for (const [name, colorScheme, width] of /** @type {const} */ ([['light', 'light', 1200], ['dark', 'dark', 1200], ['320', 'light', 320]])) {
      // axe is injected through the DevTools protocol, which the page's CSP does not govern.
      const { context, page } = await openEmbed(browser, ctx.base, id, { colorScheme, bypassCSP: true, viewport: { width, height: 900 } });
      await page.locator('#preview-box consult-proposal').first().getByText('We should build safe bike lanes everywhere').waitFor();
      await page.getByLabel('The page’s origin').fill('https://elsewhere.example');
      await page.getByText('https://elsewhere.example is not in').waitFor();
      assert.deepEqual(await axe(page), [], `axe, embed builder (${name})`);
      // A failing colour (the preview then fails contrast on purpose: no axe after it).
      await page.getByLabel('--consult-muted', { exact: true }).fill('#aaaaaa');
      await page.locator('[data-contrast-warning]').waitFor();
      await page.screenshot({ path: `/tmp/embed-${name}.png`, fullPage: true });
      if (width === 320) {
        await page.evaluate(() => scrollTo(0, 0));
        await page.screenshot({ path: '/tmp/embed-320-top.png' });
        await page.locator('[data-snippet]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: '/tmp/embed-320-snippet.png' });
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scroll at ${width} px (${overflow})`);
      await context.close();
    }
  });
});
