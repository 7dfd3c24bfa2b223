// @ts-check
// A React 19 app built with Vite (test/frameworks/react-app/) using the widgets both ways: the
// @lit/react wrappers of `consult-widgets/react` and the elements themselves with the JSX types of
// `consult-widgets/react-jsx`. It is type-checked with tsc, built, and driven in Chromium.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBuilt, assertCleanApp, assertReleased, buildApp, consultErrors, launchBrowser, linkPackage, liveRegionTexts, openApp, REPO_ROOT, resources, serveApp, typecheck } from './harness.mjs';

const APP = fileURLToPath(new URL('./react-app/', import.meta.url));

// Each line a mistake the types must catch, and the code tsc gives it.
const WRONG = [
  ['<consult-proposal adapter="summit" />', 'TS2322'], // React 19 sets the `adapter` PROPERTY: a name would not work
  ['<consult-proposal proposal-id={42} />', 'TS2322'],
  ['<consult-proposal onconsult-vote={(event) => event.detail.nope} />', 'TS2339'],
  ['<consult-propose consultation="city" />', 'TS2322'], // would set the form's internal state: consultationId
  ['<ConsultProposal adapter={adapter} onConsultVote={(event) => event.detail.nope} />', 'TS2339'],
  ['<ConsultProposal proposalId={7} />', 'TS2322'],
];

describe('a React 19 app built with Vite', { timeout: 300_000 }, () => {
  /** @type {() => void} */
  let unlink = () => {};
  /** @type {Promise<{ dir: string, remove: () => void }>} */
  let built;
  let server;
  let browser;

  before(() => {
    assertBuilt(['dist/index.js', 'dist/react/index.js', 'dist/react-jsx.d.ts', 'custom-elements.json']);
    unlink = linkPackage(APP);
    // Built while tsc checks the app: the two keep both cores busy.
    built = buildApp(APP);
    built.catch(() => {}); // reported by the test that awaits it
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    (await built.catch(() => undefined))?.remove();
    unlink(); // the scratch project too
  });

  it('the wrappers listen to every event the manifest documents, and React stays out of the bundles', async () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'custom-elements.json'), 'utf8'));
    const { eventsByTag } = await import(join(REPO_ROOT, 'dist/react/events.js'));
    for (const element of manifest.modules.flatMap((mod) => mod.declarations ?? []).filter((d) => d.tagName)) {
      const documented = (element.events ?? []).map((event) => event.name).filter((name) => name.startsWith('consult-'));
      assert.ok(documented.length > 0 || element.tagName === 'consult-consultation', `<${element.tagName}> documents its events`);
      const mapped = Object.values(eventsByTag[element.tagName] ?? {});
      assert.deepEqual(documented.filter((name) => !mapped.includes(name)), [], `<${element.tagName}>'s events without a React prop`);
    }
    // The wrapper leaves react and @lit/react to the app's bundler; no embed carries them.
    const wrapper = readFileSync(join(REPO_ROOT, 'dist/react/index.js'), 'utf8');
    assert.match(wrapper, /from '@lit\/react'/);
    assert.match(wrapper, /from 'react'/);
    const bundles = [
      ...readdirSync(join(REPO_ROOT, 'dist')).filter((name) => name.endsWith('.min.js')),
      ...readdirSync(join(REPO_ROOT, 'dist/chunks')).map((name) => `chunks/${name}`),
    ];
    assert.ok(bundles.length >= 3, bundles.join());
    for (const name of bundles) {
      assert.doesNotMatch(readFileSync(join(REPO_ROOT, 'dist', name), 'utf8'), /createComponent|forwardRef|useLayoutEffect|@lit\/react/, name);
    }
  });

  it('type-checks with tsc, and the elements\' types are what it reads: wrong props fail', { timeout: 180_000 }, async () => {
    // A scratch project beside the link (node_modules: ignored by git and eslint), on the same settings.
    const scratch = join(APP, 'node_modules/.scratch');
    mkdirSync(scratch, { recursive: true });
    // skipLibCheck here only: the app's own check (without it) already covers the declarations.
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { skipLibCheck: true }, include: ['wrong.tsx'] }));
    writeFileSync(
      join(scratch, 'wrong.tsx'),
      [
        "import { MemoryAdapter } from 'consult-widgets';",
        "import { ConsultProposal } from 'consult-widgets/react';",
        "import type {} from 'consult-widgets/react-jsx';",
        'const adapter = new MemoryAdapter();',
        'export const right = <consult-proposal adapter={adapter} adapterName="summit" proposal-id="p1" no-qualifications liveInterval={20} onconsult-ready={(event) => event.detail.proposalId} />;',
        ...WRONG.map(([line], index) => `export const wrong${index} = ${line};`),
      ].join('\n'),
    );
    const [app, wrong] = await Promise.all([typecheck(APP), typecheck(scratch)]);
    assert.equal(app.code, 0, `tsc on the app:\n${app.output}`);
    /** @type {Array<[number, string]>} */
    const errors = wrong.errors.filter((error) => error.file.endsWith('wrong.tsx')).map((error) => [error.line, error.code]);
    // Lines 6… hold the mistakes, one each; the imports and the right use (line 5) have none.
    assert.deepEqual(
      [...new Map(errors).entries()],
      WRONG.map(([, code], index) => [6 + index, code]),
      wrong.output,
    );
  });

  it('votes through the wrapper and the element, React state gets the details, a new id reloads the card', { timeout: 120_000 }, async () => {
    const { dir } = await built;
    server = await serveApp(dir);
    browser = await launchBrowser();
    const tab = await openApp(browser, `${server.origin}/`);
    const { page, context } = tab;
    const text = (selector) => page.locator(selector).textContent().then((value) => value?.trim());

    await page.locator('#ready', { hasText: 'p1' }).waitFor();
    await page.locator('#ready', { hasText: 'n1' }).waitFor();
    assert.equal(await text('#wrapped p.content'), 'Close school streets to cars at drop-off time');
    assert.equal(await text('#native p.content'), 'Paint protected bike lanes on every main road');

    await page.locator('#wrapped button.agree').click();
    await page.locator('#wrapped-vote', { hasText: 'p1: agree (acknowledged)' }).waitFor();
    await page.locator('#native button.disagree').click();
    await page.locator('#native-vote', { hasText: 'n1: disagree (acknowledged)' }).waitFor();
    assert.equal(await page.locator('#wrapped button.agree').getAttribute('aria-pressed'), 'true');

    // A new prop: the wrapper sets `proposalId`, React the element's `proposal-id` attribute.
    await page.locator('#switch').click();
    await page.locator('#wrapped p.content', { hasText: 'Add benches in the shade of every park' }).waitFor();
    await page.locator('#native p.content', { hasText: 'Light every pedestrian crossing at night' }).waitFor();
    assert.equal(await page.locator('#wrapped button.agree').getAttribute('aria-pressed'), 'false');
    await page.locator('#wrapped button.neutral').click();
    await page.locator('#wrapped-vote', { hasText: 'p2: neutral (acknowledged)' }).waitFor();
    assert.deepEqual((await text('#ready'))?.split(' ').sort(), ['n1', 'n2', 'p1', 'p2'], 'each card was ready once per proposal');

    // The adapter property was there before the first load: the default adapter never read
    // (it would have said "No proposal has the id …" in the live region and warned).
    const said = await liveRegionTexts(page);
    assert.ok(said.some((entry) => entry.text.startsWith('Vote recorded')), `the live regions were recorded: ${JSON.stringify(said)}`);
    assert.deepEqual(said.filter((entry) => /error|no proposal/i.test(entry.text)), [], 'a live region said an error');
    assert.deepEqual(await consultErrors(page), [], 'consult-error events');
    await assertCleanApp(tab); // no CSP violation, exception, console error or warning, no Lit dev mode
    await context.close();
  });

  it('unmounting the widgets leaves no timer, listener or observer behind', { timeout: 120_000 }, async () => {
    const { dir } = await built;
    server ??= await serveApp(dir);
    browser ??= await launchBrowser();
    const tab = await openApp(browser, `${server.origin}/?mounted=0`);
    const { page, context } = tab;
    await page.locator('#mount').waitFor();
    const before = await resources(page);

    await page.locator('#mount').click();
    await page.locator('#ready', { hasText: 'n1' }).waitFor();
    await page.locator('#ready', { hasText: 'p1' }).waitFor();
    const mounted = await resources(page);
    await page.locator('#wrapped button.agree').click();
    await page.locator('#wrapped-vote', { hasText: 'p1: agree' }).waitFor();
    await page.locator('#native button.agree').click();
    await page.locator('#native-vote', { hasText: 'n1: agree' }).waitFor();
    await page.locator('#mount').click();
    await page.locator('#mount', { hasText: 'Show the widgets' }).waitFor();
    assert.equal(await page.locator('consult-proposal').count(), 0);
    const afterUnmount = await resources(page);

    // The instrumentation sees the widgets while they are there (else equal counts prove nothing).
    assert.ok(mounted.mutations.length > before.mutations.length, 'the cards\' text observers were counted');
    assert.ok(mounted.listeners.length > before.listeners.length, 'the cards\' listeners were counted');
    assertReleased(before, afterUnmount);
    await assertCleanApp(tab); // no CSP violation, exception, console error or warning, no Lit dev mode
    await context.close();
  });
});
