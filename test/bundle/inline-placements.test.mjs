// @ts-check
// Inline text with a proposal-id, wherever a partner puts the script: the README's static-site
// promise. A card whose proposal the adapter does not know yet shows its inline text with no votes;
// read before its text arrived, it would say "No proposal has the id …" instead. The HTML is
// streamed with a pause inside the card (a slow network), so a script in <head> really upgrades the
// card before the parser reaches its text.
import assert from 'node:assert/strict';
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertCleanPage, launchBrowser, openPage, waitForCard } from './support/browser.mjs';
import { assertBuilt, CSP, DIST } from './support/server.mjs';

const TEXT = 'We should limit the environmental impact of AI';
const IIFE = '<script src="/dist/consult-widgets.iife.min.js"%s></script>';
const MODULE = '<script type="module" src="/dist/consult-widgets.min.js"%s></script>';
const CARD_OPEN = '<consult-proposal id="card" proposal-id="acc-3">';
const PAUSE = '<!--pause-->';

/** A page: `head` scripts, then a card whose text arrives after a pause, then `tail` (end of body). */
function page({ head = '', tail = '', card = true }) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Inline text</title>${head}</head>
<body><main>${card ? `${CARD_OPEN}${PAUSE}${TEXT}</consult-proposal>` : ''}</main>${tail}</body></html>`;
}

// Pages that build the card from script: innerHTML; createElement with its text set just after it
// connected (as integrators write it); and its text set only once its first load has failed.
const created = (setText) => `const card = document.createElement('consult-proposal');
card.id = 'card';
card.setAttribute('proposal-id', 'acc-3');
document.querySelector('main').append(card);
${setText}`;
const SCRIPTS = {
  'inner-html.js': `document.querySelector('main').innerHTML = '${CARD_OPEN}${TEXT}</consult-proposal>';`,
  'created.js': created(`card.textContent = ${JSON.stringify(TEXT)};`),
  'late-text.js': created(`setTimeout(() => { card.textContent = ${JSON.stringify(TEXT)}; }, 300);`),
};
/** The late-text card fails its first load (no text, unknown id), says so once, then recovers. */
const LATE_WARNING = 'No proposal has the id "acc-3"';

const PLACEMENTS = [
  ['classic script in <head>', page({ head: IIFE.replace('%s', '') })],
  ['classic script in <head>, defer', page({ head: IIFE.replace('%s', ' defer') })],
  ['classic script in <head>, async', page({ head: IIFE.replace('%s', ' async') })],
  ['classic script at the end of <body>', page({ tail: IIFE.replace('%s', '') })],
  ['classic script, card by innerHTML', page({ card: false, tail: `${IIFE.replace('%s', '')}<script src="/inner-html.js"></script>` })],
  ['classic script, card by createElement + textContent', page({ card: false, tail: `${IIFE.replace('%s', '')}<script src="/created.js"></script>` })],
  ['classic script, card whose text is set after a failed load', page({ card: false, tail: `${IIFE.replace('%s', '')}<script src="/late-text.js"></script>` })],
  ['module script in <head>', page({ head: MODULE.replace('%s', '') })],
  ['module script in <head>, async', page({ head: MODULE.replace('%s', ' async') })],
  ['module script, card by createElement + textContent', page({ card: false, head: MODULE.replace('%s', ''), tail: '<script type="module" src="/created.js"></script>' })],
  ['module script, card whose text is set after a failed load', page({ card: false, head: MODULE.replace('%s', ''), tail: '<script type="module" src="/late-text.js"></script>' })],
];

/** dist/ as files; the pages streamed in two parts, the second after a pause. */
function startServer() {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/dist/') && existsSync(join(DIST, path.slice(6)))) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      createReadStream(join(DIST, path.slice(6))).pipe(res);
    } else if (SCRIPTS[path.slice(1)]) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(SCRIPTS[path.slice(1)]);
    } else if (/^\/page-\d+\.html$/.test(path)) {
      const [first, second] = PLACEMENTS[Number(path.slice(6, -5))][1].split(PAUSE);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
      res.write(first);
      setTimeout(() => res.end(second ?? ''), 400);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('inline text with a proposal-id, wherever the script sits', { timeout: 180_000 }, () => {
  let server;
  let origin;
  let browser;

  before(async () => {
    assertBuilt('consult-widgets.iife.min.js', 'consult-widgets.min.js');
    server = await startServer();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launchBrowser();
  }, { timeout: 40_000 });

  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });

  PLACEMENTS.forEach(([where], index) => {
    it(`${where}: shows the inline text and takes a vote`, { timeout: 30_000 }, async () => {
      const tab = await openPage(browser, `${origin}/page-${index}.html`);
      try {
        const { page } = tab;
        // The card may show nothing (or, for a text set later, an error) for a moment: wait for the text.
        const shown = (text) => document.querySelector('#card')?.shadowRoot?.querySelector('p.content')?.textContent.trim() === text;
        await page.waitForFunction(shown, TEXT, { timeout: 8_000 }).catch(async () => {
          const error = await page.locator('#card .error-state').textContent({ timeout: 500 }).catch(() => 'no error state');
          assert.fail(`the card does not show its inline text; it shows: ${error.trim()}`);
        });
        await waitForCard(page, 'card');
        // Nothing in the card, its hidden status region included, speaks of a failed load.
        const said = await page.locator('#card').evaluate((card) => card.shadowRoot.textContent);
        assert.doesNotMatch(said, /could not be loaded|No proposal has the id/);
        const agree = page.getByRole('button', { name: /^Agree/ });
        await agree.click();
        await page.locator('#card button[aria-pressed="true"]').waitFor();
        assert.equal(await agree.getAttribute('aria-pressed'), 'true');
        await assertCleanPage(tab, { allowWarnings: where.includes('failed load') ? [LATE_WARNING] : [] });
      } finally {
        await tab.context.close();
      }
    });
  });
});
