// @ts-check
/**
 * Issue 10's attack (c): the real widgets in fresh Chromium contexts. A page served by the real
 * server (seed consultation loaded, default rate limits, an issuance budget of 20 an hour)
 * embeds the module bundle with the REST adapter and one <consult-proposal> for the most fragile
 * listed idea. 30 fresh browser contexts (each a fresh localStorage, so a new identity to ask for)
 * open it over 10 simulated minutes, all from 127.0.0.1, and vote the most damaging way.
 *
 * What the adapter does when issuance is refused (src/adapters/rest.ts `asParticipant`): a 429
 * from POST /participants is "cannot say now", not "this backend issues none", so it never falls
 * back to a bare id for a write. The card reads as the browser's own id (which has nothing stored),
 * shows and takes the vote; the vote waits in the outbox, pending, until the budget allows an
 * identity (the 429's Retry-After), then goes out as issued. The pages' clocks are Playwright's,
 * set to the server's simulated time, so waiting an hour is a fast-forward.
 *
 * Asserted: 20 identities issued, 10 refused; no published idea changes; every vote the widgets
 * sent is stored, issued, none untrusted; the 10 refused pages' votes wait, then arrive once the
 * window has slid. On SQLite and PostgreSQL.
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
  /** @type {import('./server.mjs').TestServer} */
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

  /** A fresh context on the page; resolves once its card is ready, saying whether it got an identity. */
  async function open(proposalId) {
    const context = await browser.newContext();
    context.setDefaultTimeout(30_000);
    await context.clock.install({ time: clock.now() });
    const page = await context.newPage();
    const warnings = [];
    page.on('pageerror', (e) => warnings.push(String(e)));
    // Every answer the page got that is not a success, but the budget's refusals.
    page.on('response', (r) => {
      if (r.status() >= 400 && !(r.status() === 429 && r.url().endsWith('/api/v1/participants'))) warnings.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    const response = await page.goto(`${ctx.base}/demo/attack.html?proposal=${proposalId}`);
    assert.equal(response.status(), 200);
    await page.locator('#card article[aria-busy="false"]').waitFor();
    const refused = (await issuedIdentity(page)) === null;
    return { context, page, refused, warnings };
  }

  /** Vote `key` with `qualifications` on the card (as a participant sees it: pressed at once). */
  async function vote(page, { key, qualifications }) {
    await page.locator(`#card [part~="button-${key}"]`).click();
    await page.locator(`#card [part~="button-${key}"][aria-pressed="true"]`).waitFor();
    for (const q of qualifications) {
      await page.locator(`#card [part~="qualification"][data-qualification="${q}"]`).click();
      await page.locator(`#card [part~="qualification"][data-qualification="${q}"][aria-pressed="true"]`).waitFor();
    }
  }

  /** Delivered: no pending vote, no qualification waiting for its acknowledgement. */
  async function delivered(page) {
    await page.locator('#card .card:not(.pending)').waitFor();
    const waiting = page.locator('#card .qualification.waiting');
    for (const until = Date.now() + 30_000; (await waiting.count()) > 0; ) {
      assert.ok(Date.now() < until, 'qualifications still waiting for their acknowledgement after 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const issuedIdentity = (page) =>
    page.evaluate((prefix) => {
      const key = Object.keys(localStorage).find((k) => k.startsWith(prefix));
      return key ? JSON.parse(localStorage.getItem(key) ?? 'null').participantId : null;
    }, ISSUED_KEY_PREFIX);

  it(`${CONTEXTS} fresh contexts over 10 simulated minutes, budget ${BUDGET}: ${BUDGET} vote as issued, the rest wait for an identity; no list changes, nothing lost`, { timeout: 420_000 }, async (t) => {
    const [target] = mostFragile(original, 1);
    const was = original.proposals.find((p) => p.proposalId === target.proposalId);
    const start = clock.now();
    const tabs = [];
    for (let from = 0; from < CONTEXTS; from += AT_ONCE) {
      const batch = await Promise.all(Array.from({ length: Math.min(AT_ONCE, CONTEXTS - from) }, () => open(target.proposalId)));
      await Promise.all(batch.map((tab) => vote(tab.page, target)));
      await Promise.all(batch.filter((tab) => !tab.refused).map((tab) => delivered(tab.page)));
      tabs.push(...batch);
      clock.advance((10 * MINUTE * AT_ONCE) / CONTEXTS); // the attacker spreads them over ten minutes
    }
    t.after(() => Promise.all(tabs.map((tab) => tab.context.close().catch(() => {}))));
    const voted = tabs.filter((tab) => !tab.refused);
    const refused = tabs.filter((tab) => tab.refused);
    t.diagnostic(`${voted.length} contexts voted, ${refused.length} refused, over ${(clock.now() - start) / 1000} simulated s; target ${target.proposalId} (robustness ${target.robustness})`);
    assert.equal(voted.length, BUDGET, 'the budget is the bound');
    assert.equal(refused.length, CONTEXTS - BUDGET);
    for (const tab of refused) {
      assert.equal(await tab.page.locator('#card .card.pending').count(), 1, 'a refused page holds its vote, pending');
      assert.equal(await tab.page.locator('#card .error-state').count(), 0, 'and shows no error');
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

    // An hour after the last identity (the whole window slid), the waiting votes get an identity and go out.
    clock.advance(61 * MINUTE);
    await Promise.all(
      refused.map(async ({ context, page }) => {
        await context.clock.fastForward('01:01:00');
        await delivered(page);
      }),
    );
    const later = await results();
    const after = later.proposals.find((p) => p.proposalId === target.proposalId);
    assert.equal(after.votes[target.key] - was.votes[target.key], CONTEXTS, 'the refused pages\' votes arrived once the window slid');
    assert.deepEqual(later.untrusted, original.untrusted, 'as issued identities');
    assert.deepEqual(publishedIdeas(later), publishedIdeas(original));
    assert.deepEqual(tabs.flatMap((tab) => tab.warnings), [], 'no page error, no failed request but the refusals');
  });
});
