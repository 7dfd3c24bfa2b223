// @ts-check
// The ESM bundles as a partner's own module would use them, on pages with the same strict CSP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertCleanPage, barWidths, launchBrowser, openPage, waitForCard } from './support/browser.mjs';
import { assertBuilt, startServer } from './support/server.mjs';

const HOSTILE = '<img src=x onerror="window.__xss=1">';

describe('ESM bundles on strict-CSP pages', { timeout: 150_000 }, () => {
  let server;
  let browser;
  const opened = [];

  before(async () => {
    assertBuilt('consult-widgets.min.js', 'consult-proposal.min.js');
    server = await startServer();
    browser = await launchBrowser();
  }, { timeout: 40_000 });

  after(async () => {
    await Promise.all(opened.map((tab) => tab.context.close().catch(() => {})));
    await browser?.close();
    await server?.close();
  }, { timeout: 20_000 });

  async function open(path) {
    const tab = await openPage(browser, `${server.origin}${path}`);
    opened.push(tab);
    return tab;
  }

  it('cards read from an adapter registered with registerAdapterInstance, and vote', { timeout: 30_000 }, async () => {
    const tab = await open('/esm.html');
    const { page } = tab;
    await waitForCard(page, 'first');
    await waitForCard(page, 'second');
    // Every line below comes from the adapter seeded in esm-page.js, none from the page.
    assert.equal((await page.locator('#first p.content').textContent()).trim(), 'Close school streets to cars at drop-off time');
    assert.equal((await page.locator('#first p.author').textContent()).trim(), 'Inès, 41 years old');
    assert.equal((await page.locator('#first p.theme').textContent()).trim(), 'Safer streets');
    assert.equal((await page.locator('#second p.content').textContent()).trim(), 'Add benches in the shade of every park');
    assert.match(await page.locator('#second p.legend').textContent(), /\b1 vote\b/);
    assert.deepEqual(await barWidths(page, 'second'), ['0%', '0%', '100%'], 'bar drawn on first render');

    await page.locator('#first button.agree').click();
    await page.locator('#first button.agree[aria-pressed="true"]').waitFor();
    // Seeded 2 + 1 + 0, plus ours.
    await page.locator('#first p.legend', { hasText: '4 votes' }).waitFor();
    assert.match(await page.locator('#first p.legend').textContent(), /75% agree/);
    assert.deepEqual(await barWidths(page, 'first'), ['75%', '25%', '0%'], 'bar drawn once the vote shows it');
    assert.equal(await page.locator('#second button.agree').getAttribute('aria-pressed'), 'false');
    await assertCleanPage(tab);
  });

  it('hostile proposal text renders as text, from an adapter, an attribute or text content', { timeout: 30_000 }, async () => {
    const tab = await open('/hostile.html');
    const { page } = tab;
    for (const id of ['from-adapter', 'from-attribute', 'from-text']) {
      await waitForCard(page, id);
      assert.equal((await page.locator(`#${id} p.content`).textContent()).trim(), HOSTILE, id);
    }
    const images = await page.evaluate(() =>
      [document, ...[...document.querySelectorAll('consult-proposal')].map((el) => el.shadowRoot)].reduce(
        (count, root) => count + (root?.querySelectorAll('img').length ?? 0),
        0,
      ),
    );
    assert.equal(images, 0, 'an <img> was created from proposal text');
    // Under this CSP an injected handler could not run anyway; had one been created, its blocked
    // run would show up as a script-src-attr violation, which assertCleanPage rejects.
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).__xss), undefined);
    await assertCleanPage(tab);
  });

  /** The lazy widgets' and the REST adapter's chunks this page has fetched (by file name without its hash; shared chunks left out). */
  const chunksOf = async (page) =>
    (
      await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname)
          .filter((path) => path.startsWith('/dist/chunks/'))
          .map((path) => path.slice('/dist/chunks/'.length).replace(/-[\w-]+\.js$/, '')),
      )
    )
      .filter((name) => ['sequence', 'propose', 'results', 'rest'].includes(name))
      .sort();

  it('a page with cards only fetches none of the other widgets', { timeout: 30_000 }, async () => {
    const tab = await open('/esm.html');
    await waitForCard(tab.page, 'first');
    assert.deepEqual(await chunksOf(tab.page), []);
    assert.equal(await tab.page.evaluate(() => typeof customElements.get('consult-results')), 'undefined');
  });

  it('loads a widget the first time the page shows it: in the HTML, or added later by a script', { timeout: 30_000 }, async () => {
    const tab = await open('/lazy.html');
    const { page } = tab;
    // Seeded 3 + 1 votes on two proposals: the counters come from the adapter through the lazy chunk.
    await page.locator('#results [part~="counters"]', { hasText: '2' }).waitFor();
    assert.deepEqual(await chunksOf(page), ['results']);
    await page.evaluate(() => {
      const form = document.createElement('consult-propose');
      form.id = 'form';
      form.setAttribute('consultation', 'smoke');
      form.setAttribute('adapter', 'smoke');
      /** @type {HTMLElement} */ (document.querySelector('main')).append(form);
    });
    await page.locator('#form textarea, #form input[type="text"]').first().waitFor();
    assert.deepEqual(await chunksOf(page), ['propose', 'results']);
    // The REST adapter's code arrives only when the page makes one, and then works as the class does.
    const tries = await page.evaluate(async () => {
      const { RestAdapter } = await import(/** @type {string} */ ('/dist/consult-widgets.min.js'));
      const adapter = new RestAdapter({ endpoint: '/no-backend-here/' });
      const failure = await adapter.getConsultation('smoke').then(() => 'answered', (error) => error.code);
      return { failure, pending: adapter.pendingWrites() };
    });
    assert.deepEqual(tries, { failure: 'bad_response', pending: 0 }); // the static server's 404 is not protocol JSON
    assert.deepEqual(await chunksOf(page), ['propose', 'rest', 'results']);
    // The one 404 asked for above; anything else still fails the page.
    tab.log.console = tab.log.console.filter((m) => !(m.type === 'error' && m.text.includes('404')));
    await assertCleanPage(tab);
  });

  it('the proposal-only bundle works alone, <consult-consultation> included (its participant-id reaches the cards)', { timeout: 30_000 }, async () => {
    const tab = await open('/proposal-only.html');
    const { page } = tab;
    await waitForCard(page, 'card');
    assert.equal((await page.locator('#card p.content').textContent()).trim(), 'Light the cycle path along the river');
    await page.locator('#card button.neutral').click();
    await page.locator('#card button.neutral[aria-pressed="true"]').waitFor();
    await page.locator('#card p.legend', { hasText: '1 vote' }).waitFor();
    // The wrapper is registered by the card's entry: the card inside reads and votes as its participant.
    assert.equal(await page.evaluate(() => typeof customElements.get('consult-consultation')), 'function');
    await waitForCard(page, 'wrapped');
    await page.locator('#wrapped button.agree').click();
    await page.locator('#wrapped button.agree[aria-pressed="true"]').waitFor();
    // The same idea again, in the wrapper and outside it: only the wrapper's participant has voted.
    await page.evaluate(() => {
      const text = 'Open the library on Sundays';
      const inside = Object.assign(document.createElement('consult-proposal'), { id: 'inside', textContent: text });
      const outside = Object.assign(document.createElement('consult-proposal'), { id: 'outside', textContent: text });
      outside.setAttribute('adapter', 'memory');
      /** @type {Element} */ (document.querySelector('consult-consultation')).append(inside);
      /** @type {Element} */ (document.querySelector('main')).append(outside);
    });
    await waitForCard(page, 'inside');
    await waitForCard(page, 'outside');
    assert.equal(await page.locator('#inside button.agree').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#outside button.agree').getAttribute('aria-pressed'), 'false');
    await assertCleanPage(tab);
  });

  it('every embed on one page (card entry, module embed, classic embed): nothing throws, the cards work', { timeout: 30_000 }, async () => {
    const tab = await open('/two-embeds.html');
    const { page } = tab;
    await page.locator('html[data-classic="loaded"]').waitFor();
    await waitForCard(page, 'card');
    await page.locator('#card button.disagree').click();
    await page.locator('#card button.disagree[aria-pressed="true"]').waitFor();
    const defined = await page.evaluate(() =>
      ['consult-consultation', 'consult-proposal', 'consult-sequence', 'consult-propose', 'consult-results'].map((tag) => typeof customElements.get(tag)),
    );
    assert.deepEqual(defined, ['function', 'function', 'function', 'function', 'function']);
    await assertCleanPage(tab); // a second define of a name would be an uncaught "name already used"
  });
});
