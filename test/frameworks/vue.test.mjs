// @ts-check
// A Vue 3 app built with Vite (test/frameworks/vue-app) importing the package by its name, through
// its exports and dist (npm run build first): vue-tsc with strictTemplates accepts it with the
// package's typings (consult-widgets/vue) and rejects wrong ones; in Chromium a vote reaches the Vue
// handler, a changed prop reloads the card, and an unmounted card leaves nothing running.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBuilt, assertCleanApp, assertReleased, buildApp, consultErrors, launchBrowser, linkPackage, liveRegionTexts, openApp, resources, serveApp, typecheck } from './harness.mjs';

const APP = fileURLToPath(new URL('./vue-app/', import.meta.url));
// A development build: Vue's "Failed to resolve component" warning exists only there.
const MODE = 'development';

/** Lines of a scratch component: `true` marks a line vue-tsc must reject. */
const SCRATCH = [
  ['<script setup lang="ts">', false],
  ["import { MemoryAdapter, type ConsultErrorDetail } from 'consult-widgets';", false],
  ['const onError = (detail: ConsultErrorDetail) => detail.code;', false],
  ['const adapter = new MemoryAdapter();', false],
  ['</script>', false],
  ['<template>', false],
  // The attribute `adapter` would set the adapter property to a string in Vue: a type error.
  ['  <consult-proposal proposal-id="p1" adapter="summit" />', true],
  ['  <consult-proposal proposal-id="p1" adapterName="summit" />', false],
  // `.prop` forces a property even before the element is defined (a lazily loaded widget).
  ['  <consult-proposal proposal-id="p1" :adapter.prop="adapter" />', false],
  ['  <consult-proposal proposal-id="p1" :adapter.prop="\'summit\'" />', true],
  ['  <consult-proposal :proposal-id="1" />', true],
  ['  <consult-proposal proposal-id="p1" show-results="sometimes" />', true],
  ['  <consult-proposal proposal-id="p1" live :live-interval="20" no-qualifications />', false],
  ['  <consult-proposal proposal-id="p1" @consult-vote="(event) => onError(event.detail)" />', true],
  ['  <consult-proposal proposal-id="p1" @consult-error="(event) => onError(event.detail)" />', false],
  ['  <consult-propose consultation="c1" />', true],
  ['  <consult-propose consultation-id="c1" />', false],
  ['</template>', false],
];

describe('a Vue 3 app (Vite, vue-tsc strictTemplates)', { timeout: 240_000 }, () => {
  /** @type {() => void} */
  let unlink = () => {};
  before(() => {
    assertBuilt(['dist/index.js', 'dist/types/vue.d.ts']);
    unlink = linkPackage(APP);
  });
  after(() => unlink());

  it('type-checks with the package typings, and they reject wrong props and payloads', async () => {
    const scratch = join(APP, 'src', 'Scratch.vue');
    writeFileSync(scratch, SCRATCH.map(([line]) => line).join('\n') + '\n');
    try {
      const { code, output, errors } = await typecheck(join(APP, 'tsconfig.json'), { bin: 'vue-tsc' });
      assert.notEqual(code, 0, 'vue-tsc accepted the scratch component');
      // The app itself: no error at all; every error is in the scratch component.
      assert.deepEqual(errors.filter((e) => !e.file.endsWith('Scratch.vue')), [], output);
      const expected = SCRATCH.flatMap(([, wrong], index) => (wrong ? [index + 1] : []));
      assert.deepEqual([...new Set(errors.map((e) => e.line))].sort((a, b) => a - b), expected, output);
    } finally {
      rmSync(scratch, { force: true });
    }
  });

  it('votes, updates and unmounts cleanly in Chromium', async () => {
    const built = await buildApp(APP, { mode: MODE });
    const server = await serveApp(built.dir);
    const browser = await launchBrowser();
    try {
      for (const variant of ['bound', 'mounted']) {
        await drive(browser, `${server.origin}/?variant=${variant}`, variant);
      }
    } finally {
      await browser.close();
      await server.close();
      built.remove();
    }
  });
});

/**
 * One variant: `bound` (`:adapter` in the template) or `mounted` (the adapter set in onMounted).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {string} variant
 */
async function drive(browser, url, variant) {
  const tab = await openApp(browser, url);
  const { page, context } = tab;
  try {
    const card = page.locator('consult-proposal');
    await card.getByText('We should plant trees on every street.').waitFor();

    // A vote: the Vue handler gets the event's detail, rendered by the template.
    await card.locator('[part~="button-agree"]').click();
    await page.locator('#votes', { hasText: 'p1:agree:acknowledged' }).waitFor();

    // A changed prop: the same element reloads with the other proposal.
    const element = await card.elementHandle();
    await page.click('#next');
    await card.getByText('We should open libraries on Sundays.').waitFor();
    assert.ok(await element?.evaluate((el) => el.isConnected), `${variant}: the card was replaced, not updated`);

    // Unmount, mount, unmount: the second cycle must leave the page as it found it. Pending
    // timeouts are drained up to 4 s: Vue's dev build keeps a 3 s one after start.
    await page.click('#toggle');
    await card.waitFor({ state: 'detached' });
    const beforeMount = await resources(page, { drain: 4000 });
    await page.click('#toggle');
    await card.getByText('We should open libraries on Sundays.').waitFor();
    // The probe sees what a mounted card holds: its `live` re-read timer at least.
    const mounted = await resources(page);
    assert.ok(mounted.timeouts.length > beforeMount.timeouts.length, `${variant}: the live card's timer is not seen`);
    await page.click('#toggle');
    await card.waitFor({ state: 'detached' });
    assertReleased(beforeMount, await resources(page, { drain: 4000 }), `${variant}: `);

    // What the card said: its vote (the live regions are recorded), and no error (an adapter set
    // too late would have the default one fail with "No proposal has the id …").
    const said = await liveRegionTexts(page);
    assert.ok(said.some((entry) => entry.text.startsWith('Vote recorded')), `${variant}: the live regions were recorded: ${JSON.stringify(said)}`);
    assert.deepEqual(said.filter((entry) => /error|no proposal/i.test(entry.text)), [], `${variant}: errors announced in a live region`);
    assert.deepEqual(await consultErrors(page), [], `${variant}: consult-error events`);
    await assertCleanApp(tab, { mode: MODE }); // no CSP violation, exception, console error or warning ([Vue warn] included)
  } finally {
    await context.close();
  }
}
