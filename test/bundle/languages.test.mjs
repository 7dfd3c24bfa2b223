// @ts-check
// Issue 14: a page in one of the 32 languages shows the widgets in it, from both bundles: the
// language's strings are fetched from beside the bundle, and no English shows before them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertCleanPage, waitForCard } from './support/browser.mjs';
import { pagesSession } from './support/server.mjs';

/** What the card's vote buttons say in each language checked, from the translation files. */
const labels = async (tag) => {
  const { default: file } = await import(`../../src/i18n/locales/${tag}.json`, { with: { type: 'json' } });
  return Object.values(file.card.voteLabel);
};
const ENGLISH = ['Agree', 'Disagree', 'Neutral'];

describe('the page language, from both bundles', { timeout: 120_000 }, () => {
  const session = pagesSession('consult-widgets.min.js', 'consult-widgets.iife.min.js');

  async function open(kind, lang) {
    const tab = await session.open(`/languages-${kind}.html?lang=${lang}`);
    await waitForCard(tab.page, 'card');
    const requests = await tab.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    return { ...tab, requests };
  }

  const buttons = (page) => page.locator('#card button[data-key]').allTextContents().then((texts) => texts.map((t) => t.trim()));
  const shown = (page) => page.evaluate(() => /** @type {any} */ (window).__shownTexts);

  for (const kind of ['iife', 'esm']) {
    for (const [lang, file] of [
      ['ar', 'ar'],
      ['ja', 'ja'],
      ['de-CH', 'de'],
      ['pt-BR', 'pt-BR'],
    ]) {
      it(`${kind}: <html lang="${lang}"> shows the card in ${file}, never English first`, async () => {
        const tab = await open(kind, lang);
        assert.deepEqual(await buttons(tab.page), await labels(file));
        // Only the card's part of the language, from beside the bundle.
        assert.deepEqual(tab.requests.filter((path) => path.includes('/locales/')), [`/dist/locales/${file}/card.js`]);
        const texts = await shown(tab.page);
        assert.ok(texts.length > 0, 'the probe saw the card render');
        // The English buttons side by side ("Neutral" alone is German too).
        const english = texts.filter((text) => /Agree\s*Disagree/.test(text));
        assert.deepEqual(english, [], 'English was shown before the language arrived');
        await assertCleanPage(tab);
      });
    }

    it(`${kind}: English needs no download, and a language not shipped falls back to English at once`, async () => {
      for (const lang of ['en-GB', 'xx']) {
        const tab = await open(kind, lang);
        assert.deepEqual(await buttons(tab.page), ENGLISH);
        assert.deepEqual(tab.requests.filter((path) => path.includes('/locales/')), []);
        await assertCleanPage(tab);
      }
    });
  }
});
