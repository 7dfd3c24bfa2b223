// @ts-check
// A Vue 3 app built with Vite (test/frameworks/vue-app) importing the package by its name, through
// its exports and dist (npm run build first): vue-tsc with strictTemplates accepts it with the
// package's typings (consult-widgets/vue) and rejects wrong ones; in Chromium a vote reaches the Vue
// handler, a changed prop reloads the card, and an unmounted card leaves nothing running.
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp, launchChromium, linkPackage, runBin, serve, typeErrors } from './vue-harness.mjs';

const APP = fileURLToPath(new URL('./vue-app/', import.meta.url));
const PROBE = fileURLToPath(new URL('./page-probe.js', import.meta.url));
const DIST_TYPES = fileURLToPath(new URL('../../dist/types/vue.d.ts', import.meta.url));

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
    assert.ok(existsSync(DIST_TYPES), 'dist/types/vue.d.ts is missing: run `npm run build` first');
    unlink = linkPackage(APP);
  });
  after(() => unlink());

  it('type-checks with the package typings, and they reject wrong props and payloads', async () => {
    const scratch = join(APP, 'src', 'Scratch.vue');
    writeFileSync(scratch, SCRATCH.map(([line]) => line).join('\n') + '\n');
    try {
      const { code, output } = await runBin('vue-tsc', ['--noEmit', '-p', join(APP, 'tsconfig.json')]);
      const errors = typeErrors(output);
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
    const outDir = await buildApp(APP, { mode: 'development' });
    const server = await serve(outDir);
    const browser = await launchChromium();
    try {
      for (const variant of ['bound', 'mounted']) {
        await drive(browser, `${server.url}?variant=${variant}`, variant);
      }
    } finally {
      await browser.close();
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
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
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || text.includes('[Vue warn]')) problems.push(`${message.type()}: ${text}`);
  });
  await page.addInitScript({ path: PROBE });
  try {
    await page.goto(url);
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

    // Unmount, mount, unmount: the second cycle must leave the page as it found it.
    await page.click('#toggle');
    await card.waitFor({ state: 'detached' });
    const beforeMount = await settledSnapshot(page);
    await page.click('#toggle');
    await card.getByText('We should open libraries on Sundays.').waitFor();
    // The probe sees what a mounted card holds: its `live` re-read timer at least.
    const mounted = await page.evaluate(() => /** @type {any} */ (window).__probe.snapshot());
    assert.ok(mounted.timeouts > beforeMount.timeouts, `${variant}: the live card's timer is not seen`);
    await page.click('#toggle');
    await card.waitFor({ state: 'detached' });
    assert.deepEqual(await settledSnapshot(page), beforeMount, `${variant}: what the unmounted card left behind`);

    const { announced, errorEvents } = await page.evaluate(() => /** @type {any} */ (window).__probe);
    assert.deepEqual(announced, [], `${variant}: errors announced in a live region`);
    assert.deepEqual(errorEvents, [], `${variant}: consult-error events`);
    assert.deepEqual(problems, [], `${variant}: console`);
  } finally {
    await page.close();
  }
}

/**
 * The probe's counts once the next frame has run and the pending timeouts have fired (waiting up
 * to 4 s: Vue's dev build keeps a 3 s timeout after start, and a timeout that fires soon after an
 * unmount holds nothing; one still pending then is counted).
 * @param {import('playwright-core').Page} page
 */
async function settledSnapshot(page) {
  return page.evaluate(async () => {
    const probe = /** @type {any} */ (window).__probe;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    for (let waited = 0; probe.snapshot().timeouts > 0 && waited < 4000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return probe.snapshot();
  });
}
