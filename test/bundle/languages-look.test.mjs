// @ts-check
// Issue 14: every widget in every shipped language, in Chromium, on a 320 px phone: no English left
// among the widgets' own words, no text cut or overflowing its box, axe clean; screenshots (320 and
// 1280 px, in test-artifacts/languages/) for Arabic, German, French and Japanese.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { translationFiles } from '../../scripts/locales.mjs';
import { axe } from '../server/console-browser.mjs';
import { REPO_ROOT } from '../../scripts/static-server.mjs';
import { pagesSession } from './support/server.mjs';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'languages');
const LOOKED_AT = ['ar', 'de', 'fr', 'ja'];
const files = translationFiles();
const english = files.find((f) => f.tag === 'en')?.file;

/** Leaves of a file as [path, text]. */
const leaves = (node, path = '') =>
  Object.entries(node).flatMap(([key, value]) => (typeof value === 'string' ? [[`${path}${key}`, value]] : leaves(value, `${path}${key}.`)));

/** English fragments of two words or more whose key the language translated differently: must not show. */
function englishLeft(file) {
  const mine = new Map(leaves(file));
  return leaves(english)
    .filter(([path, text]) => !path.startsWith('$meta') && mine.get(path) !== text)
    .flatMap(([, text]) => text.split(/\{\{\w+\}\}/))
    .map((fragment) => fragment.trim())
    .filter((fragment) => /[A-Za-z]{2,} [A-Za-z]{2,}/.test(fragment));
}

/** Every text the widgets show or say (text, aria-label, placeholder), and every box whose content is wider than it. */
function inspect() {
  const texts = [];
  const overflowing = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      for (const name of ['aria-label', 'placeholder', 'title']) if (el.getAttribute(name)) texts.push(el.getAttribute(name));
      const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim());
      texts.push(...own);
      const box = el.getBoundingClientRect(); // (a visually hidden text is 1 px wide on purpose)
      const measured = own.length > 0 || ['SELECT', 'BUTTON', 'INPUT', 'TEXTAREA', 'LABEL'].includes(el.tagName);
      if (measured && box.width > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') {
        overflowing.push(`${el.localName}.${[...el.classList].join('.')} (${el.scrollWidth} > ${el.clientWidth}): ${el.textContent.trim().slice(0, 40)}`);
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  for (const widget of document.querySelectorAll('main > *')) if (widget.shadowRoot) visit(widget.shadowRoot);
  return { texts, overflowing };
}

describe('every widget in every language', { timeout: 300_000 }, () => {
  const session = pagesSession('consult-widgets.min.js', 'consult-widgets.iife.min.js');
  mkdirSync(ARTIFACTS, { recursive: true });

  async function show(tag, width, page = 'languages-all.html') {
    const tab = await session.open(`/${page}?lang=${tag}`);
    await tab.page.setViewportSize({ width, height: 900 });
    // Every widget loaded (no busy region left), then a vote so the card shows its qualifications.
    await tab.page.waitForFunction(() =>
      [...document.querySelectorAll('main > [id]')].every((w) => w.shadowRoot?.querySelector('*') && !w.shadowRoot.querySelector('[aria-busy="true"]')),
    );
    await tab.page.locator('#card button[data-key="agree"]').click();
    await tab.page.locator('#card [part~="qualification"]').first().waitFor();
    await tab.page.evaluate(() => document.fonts.ready);
    return tab;
  }

  for (const { tag, file } of files) {
    it(`${tag}: the widgets' words are ${tag === 'en' ? 'English' : 'translated'}, nothing overflows at 320 px`, async () => {
      const tab = await show(tag, 320);
      try {
        const { texts, overflowing } = await tab.page.evaluate(inspect);
        const shown = texts.join('\n');
        const left = tag === 'en' ? [] : [...new Set(englishLeft(file))].filter((fragment) => shown.includes(fragment));
        assert.deepEqual(left, [], `English left in ${tag}`);
        assert.deepEqual(overflowing, [], `text wider than its box in ${tag} at 320 px`);
        const lang = await tab.page.locator('#card').evaluate((card) => card.shadowRoot?.querySelector('[lang]')?.getAttribute('lang') ?? null);
        if (lang !== null && tag !== 'en') assert.equal(lang.toLowerCase().split('-')[0], tag.toLowerCase().split('-')[0]);
        assert.deepEqual(await axe(tab.page), [], `axe in ${tag}`);
        if (LOOKED_AT.includes(tag)) {
          await tab.page.screenshot({ path: join(ARTIFACTS, `${tag}-320.png`), fullPage: true, animations: 'disabled' });
          await tab.page.setViewportSize({ width: 1280, height: 900 });
          await tab.page.screenshot({ path: join(ARTIFACTS, `${tag}-1280.png`), fullPage: true, animations: 'disabled' });
        }
      } finally {
        await tab.context.close();
      }
    });
  }

  for (const tag of ['ar', 'he']) {
    it(`classic script, ${tag}: every widget in ${tag}, right to left, read in order`, async () => {
      const tab = await show(tag, 1280, 'languages-all-iife.html');
      try {
        const { texts } = await tab.page.evaluate(inspect);
        const file = files.find((f) => f.tag === tag)?.file;
        assert.deepEqual([...new Set(englishLeft(file))].filter((fragment) => texts.join('\n').includes(fragment)), []);
        // Each widget's root says the language and direction it shows.
        const roots = await tab.page.evaluate(() =>
          [...document.querySelectorAll('main > [id]')].map((w) => {
            const root = w.shadowRoot?.querySelector('[lang][dir]');
            return `${w.id} ${root?.getAttribute('lang')} ${root?.getAttribute('dir')}`;
          }),
        );
        assert.deepEqual(roots, ['card', 'sequence', 'propose', 'results'].map((id) => `${id} ${tag} rtl`));
        // Mirrored: the first vote button (agree) sits right of the second.
        const [agree, disagree] = await Promise.all(
          ['agree', 'disagree'].map((key) => tab.page.locator(`#card button[data-key="${key}"]`).boundingBox()),
        );
        assert.ok(agree && disagree && agree.x > disagree.x, 'agree is on the right in a right-to-left page');
      } finally {
        await tab.context.close();
      }
    });
  }
});
