/**
 * Issue 10's attack (c): the real widgets in fresh Chromium contexts. A page served by the real
 * server (seed consultation loaded, default rate limits, an issuance budget of 20 an hour)
 * embeds the module bundle with the REST adapter and one <consult-proposal> for the most fragile
 * listed idea. 30 fresh browser contexts (each a fresh localStorage, so a new identity to ask for)
 * open it over 10 simulated minutes, all from 127.0.0.1, and vote the most damaging way.
 *
 * What the adapter does when issuance is refused (src/adapters/issued.ts, rest.ts): a 429 from
 * POST /participants is "cannot say now", not "this backend issues none", so it does not fall
 * back to a bare id; the card cannot read its participant's votes, shows its error state with a
 * retry button, and nothing is voted. Once the window has slid (the server clock here), the retry
 * gets an identity and the vote goes through as issued.
 *
 * Asserted: 20 identities issued, 10 refused; no published idea changes; every vote the widgets
 * sent is stored, issued, none untrusted; after the window, the 10 refused pages vote too.
 * On SQLite and PostgreSQL.
 *
 *   npm run build && node --test test/server/attack-widgets.test.mjs
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { generateSeedDataset } from '../../bench/seed-dataset.mjs';
import { loadSeedDataset } from '../../bench/seed-load.mjs';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { assertBuilt, DIST } from '../bundle/support/server.mjs';
import { forEachDatabase, startServer } from './server.mjs';
import { MINUTE, mostFragile, publishedIdeas, simulatedClock } from './attack.mjs';

const BUDGET = 20;
const CONTEXTS = 30;
/** Pages opened at once (two cores shared with the server). */
const AT_ONCE = 5;
const dataset = generateSeedDataset(1);
const ID = dataset.importFile.consultation.id;
const ISSUED_KEY_PREFIX = 'consult-widgets:issued:';

/** The server's `demoRoot`: test/server/pages as /demo/, the built bundles as /dist/. */
function pageRoot() {
  const root = mkdtempSync(join(tmpdir(), 'consult-attack-'));
  symlinkSync(fileURLToPath(new URL('./pages/', import.meta.url)), join(root, 'demo'));
  symlinkSync(DIST, join(root, 'dist'));
  return root;
}

let browser;
let root;
before(async () => {
  assertBuilt('consult-widgets.min.js');
  root = pageRoot();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

await forEachDatabase('the real widgets in fresh Chromium contexts against the issuance budget', (database) => {
  let ctx;
  let clock;
  let original;
  before(async () => {
    // The browsers' clocks are real: the simulated one starts now, so their clicks are not "from the future".
    clock = simulatedClock(Date.now());
    ctx = await startServer({ database: database.id, now: clock.now, rateLimit: {}, issuance: { perAddress: BUDGET }, demoRoot: root });
    await loadSeedDataset(ctx.storage, dataset);
    original = await results();
  });
  after(() => ctx?.close());

  async function results() {
    const answer = await ctx.call('GET', `/consultations/${ID}/results`);
    assert.equal(answer.status, 200);
    return answer.json;
  }

  /** A fresh context on the page; resolves once its card is ready or shows its error state. */
  async function open(proposalId) {
    const context = await browser.newContext();
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const warnings = [];
    page.on('pageerror', (e) => warnings.push(String(e)));
    // Every answer the page got that is not a success, but the budget's refusals.
    page.on('response', (r) => {
      if (r.status() >= 400 && !(r.status() === 429 && r.url().endsWith('/api/v1/participants'))) warnings.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    const response = await page.goto(`${ctx.base}/demo/attack.html?proposal=${proposalId}`);
    assert.equal(response.status(), 200);
    await page.locator('#card article[aria-busy="false"], #card .error-state').waitFor();
    const refused = (await page.locator('#card .error-state').count()) > 0;
    return { context, page, refused, warnings };
  }

  /** Vote `key` with `qualifications` on the card and wait until the backend has taken all of it. */
  async function vote(page, { key, qualifications }) {
    await page.locator(`#card [part~="button-${key}"]`).click();
    await page.locator(`#card [part~="button-${key}"][aria-pressed="true"]`).waitFor();
    for (const q of qualifications) {
      await page.locator(`#card [part~="qualification"][data-qualification="${q}"]`).click();
      await page.locator(`#card [part~="qualification"][data-qualification="${q}"][aria-pressed="true"]`).waitFor();
    }
    // Delivered: no pending vote, no qualification waiting for its acknowledgement.
    await page.locator('#card .card:not(.pending)').waitFor();
    await page.locator('#card .qualification.waiting').waitFor({ state: 'detached' });
  }

  const issuedIdentity = (page) =>
    page.evaluate((prefix) => {
      const key = Object.keys(localStorage).find((k) => k.startsWith(prefix));
      return key ? JSON.parse(localStorage.getItem(key)).participantId : null;
    }, ISSUED_KEY_PREFIX);

  it(`${CONTEXTS} fresh contexts over 10 simulated minutes, budget ${BUDGET}: ${BUDGET} vote as issued, the rest are refused; no list changes, nothing lost`, { timeout: 420_000 }, async (t) => {
    const [target] = mostFragile(original, 1);
    const was = original.proposals.find((p) => p.proposalId === target.proposalId);
    const start = clock.now();
    const tabs = [];
    for (let from = 0; from < CONTEXTS; from += AT_ONCE) {
      const batch = await Promise.all(Array.from({ length: Math.min(AT_ONCE, CONTEXTS - from) }, () => open(target.proposalId)));
      await Promise.all(batch.filter((tab) => !tab.refused).map((tab) => vote(tab.page, target)));
      tabs.push(...batch);
      clock.advance((10 * MINUTE * AT_ONCE) / CONTEXTS); // the attacker spreads them over ten minutes
    }
    t.after(() => Promise.all(tabs.map((tab) => tab.context.close().catch(() => {}))));
    const voted = tabs.filter((tab) => !tab.refused);
    const refused = tabs.filter((tab) => tab.refused);
    t.diagnostic(`${voted.length} contexts voted, ${refused.length} refused, over ${(clock.now() - start) / 1000} simulated s; target ${target.proposalId} (robustness ${target.robustness})`);
    assert.equal(voted.length, BUDGET, 'the budget is the bound');
    assert.equal(refused.length, CONTEXTS - BUDGET);
    t.diagnostic(`a refused card says: ${(await refused[0].page.locator('#card .error-state [role="alert"]').textContent()).trim()}`);
    for (const tab of refused) {
      assert.match(await tab.page.locator('#card .error-state [role="alert"]').textContent(), /\S/);
      assert.equal(await tab.page.locator('#card [part~="button-agree"]').count(), 0, 'a refused card offers no vote');
      assert.equal(await issuedIdentity(tab.page), null, 'and holds no identity');
    }
    const ids = await Promise.all(voted.map((tab) => issuedIdentity(tab.page)));
    assert.equal(new Set(ids).size, BUDGET, 'each context its own issued identity');
    assert.ok(ids.every((id) => id.startsWith('i_')));

    const attacked = await results();
    const now = attacked.proposals.find((p) => p.proposalId === target.proposalId);
    assert.deepEqual(publishedIdeas(attacked), publishedIdeas(original), 'no published idea changed');
    assert.equal(now.votes[target.key] - was.votes[target.key], BUDGET, 'every vote the widgets sent is stored and counts');
    for (const q of target.qualifications) assert.equal(now.qualifications[q] - was.qualifications[q], BUDGET, q);
    assert.deepEqual(attacked.untrusted, original.untrusted, 'none untrusted');

    // An hour after the last identity (the whole window slid), the refused pages' retry gets an identity and votes.
    clock.advance(61 * MINUTE);
    await Promise.all(
      refused.map(async ({ page }) => {
        await page.locator('#card [part~="retry"]').click();
        await page.locator('#card article[aria-busy="false"]').waitFor();
        await vote(page, target);
      }),
    );
    const later = await results();
    const after = later.proposals.find((p) => p.proposalId === target.proposalId);
    assert.equal(after.votes[target.key] - was.votes[target.key], CONTEXTS, 'the refused pages voted once the window slid');
    assert.deepEqual(later.untrusted, original.untrusted, 'as issued identities');
    assert.deepEqual(publishedIdeas(later), publishedIdeas(original));
    assert.deepEqual(tabs.flatMap((tab) => tab.warnings), [], 'no page error, no failed request but the refusals');
  });
});
