// @ts-check
// The console's dashboard (issue 12) in Chromium on a real server: votes and a submission made
// through the public API show as the admin API counts them (totals, the chart's table, votes per
// theme, popular and divisive ideas); a new vote appears without reloading; the open-data links
// download this consultation; no CSP violation (uPlot's stylesheet adopted, not inline); axe finds
// nothing in light, dark, 320 px and forced colours (screenshots of each); in its own chunk.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { violations } from '../bundle/support/browser.mjs';
import { simulatedClock } from './attack.mjs';
import { axe, consoleServer, MODERATOR, signIn } from './console-browser.mjs';
import { startServer, vote } from './server.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContextOptions} ContextOptions */

/** @param {number} i */
const participant = (i) => `participant-d${String(i).padStart(4, '0')}`;

/**
 * Signs the moderator in on a consultation's dashboard.
 * @param {Browser} browser
 * @param {string} base
 * @param {string} consultationId
 * @param {ContextOptions} [options]
 * @param {{ clock?: boolean }} [init] see signIn
 */
async function openDashboard(browser, base, consultationId, options = {}, init = {}) {
  const signedIn = await signIn(browser, `${base}/admin/#/consultations/${consultationId}/dashboard`, MODERATOR, options, init);
  const { page } = signedIn;
  await page.getByRole('heading', { name: options.locale === 'fr-FR' ? 'Tableau de bord\u00A0: Getting around in 2030' : 'Dashboard: Getting around in 2030' }).waitFor();
  await page.locator('console-dashboard-chart canvas').first().waitFor();
  return signedIn;
}

/**
 * The totals as the page shows them: term → number.
 * @param {Page} page
 */
async function totals(page) {
  const terms = await page.locator('dl.counts dt').allTextContents();
  const values = await page.locator('dl.counts dd').allTextContents();
  return Object.fromEntries(terms.map((t, i) => [t, Number(values[i])]));
}

describe('the dashboard over HTTP, as the view polls it', () => {
  it('answers If-None-Match with 304 while nothing changed, even once recomputed; a vote changes the ETag', async () => {
    const clock = simulatedClock(Date.UTC(2026, 11, 5, 9));
    const ctx = await startServer({ now: clock.now });
    try {
      const c = await ctx.seed();
      const first = await ctx.admin('GET', `/consultations/${c.id}/dashboard`);
      const etag = first.headers.get('etag') ?? '';
      assert.match(etag, /^W\/"/);
      // Older than the answers' maximum age (2 s): computed again, with a new generatedAt, same ETag.
      clock.advance(10_000);
      const again = await ctx.admin('GET', `/consultations/${c.id}/dashboard`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
      assert.equal(again.headers.get('etag'), etag);
      assert.equal(again.text, '');
      const full = await ctx.admin('GET', `/consultations/${c.id}/dashboard`);
      assert.equal(full.headers.get('etag'), etag);
      assert.notEqual(full.json.generatedAt, first.json.generatedAt, 'recomputed');
      assert.equal((await ctx.call('PUT', `/proposals/${c.p1}/votes/${participant(1)}`, { body: vote('agree', clock.iso()) })).status, 200);
      const moved = await ctx.admin('GET', `/consultations/${c.id}/dashboard`, { headers: { 'if-none-match': etag } });
      assert.equal(moved.status, 200);
      assert.notEqual(moved.headers.get('etag'), etag);
      assert.equal(moved.json.counts.votes, 1);
    } finally {
      await ctx.close();
    }
  });
});

describe('the dashboard view in Chromium', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let ctx;
  /** @type {Browser} */
  let browser;
  /** @type {Awaited<ReturnType<Awaited<ReturnType<typeof startServer>>['seed']>>} */
  let c;

  before(async () => {
    ({ ctx, browser } = await consoleServer());
    // 20 participants (the results' minimum): p1 agreed by all (popular), p2 split (divisive),
    // a few on p3 (energy) and p5 (no theme); one submission waits for moderation.
    c = await ctx.seed();
    for (let i = 0; i < 20; i++) {
      const votes = [
        [c.p1, 'agree'],
        [c.p2, i % 2 ? 'agree' : 'disagree'],
        ...(i < 3 ? [[c.p3, 'neutral']] : []),
        ...(i < 2 ? [[c.p5, 'disagree']] : []),
      ];
      for (const [proposal, key] of votes) {
        const answer = await ctx.call('PUT', `/proposals/${proposal}/votes/${participant(i)}`, { body: vote(key) });
        assert.equal(answer.status, 200, answer.text);
      }
    }
    const submitted = await ctx.call('POST', `/consultations/${c.id}/proposals`, { body: { participantId: participant(0), requestId: 'dash-view-1', content: 'We should light the cycle paths at night' } });
    assert.equal(submitted.status, 201, submitted.text);
  });
  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('shows the numbers the API gives: totals, the chart and its table, votes per theme, popular and divisive ideas', async () => {
    const api = (await ctx.admin('GET', `/consultations/${c.id}/dashboard`)).json;
    const { context, page, errors } = await openDashboard(browser, ctx.base, c.id);
    assert.deepEqual(await totals(page), {
      Participants: api.counts.participants,
      Votes: api.counts.votes,
      'Accepted proposals': api.counts.proposals,
      'Waiting for moderation': api.proposals.pending,
    });
    assert.equal(api.counts.votes, 20 * 2 + 3 + 2, 'the votes the test cast');
    assert.equal(api.proposals.pending, 2, "the seed's pending proposal and the submission");

    // The chart: a canvas with a name, and a table of the same buckets.
    const plot = page.getByRole('img', { name: /^Chart of new participants, votes and proposals per hour/ });
    assert.match((await plot.getAttribute('aria-label')) ?? '', new RegExp(`${api.counts.participants} participants, ${api.counts.votes} votes`));
    assert.ok((await plot.locator('canvas').boundingBox())?.width, 'the chart is drawn');
    await page.getByText("The chart's numbers, hour by hour").click();
    const table = page.getByRole('table', { name: /Activity per hour/ });
    const rows = table.locator('tbody tr');
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-at'))), api.timeline.map((/** @type {any} */ p) => p.at));
    assert.deepEqual(
      await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent)))),
      api.timeline.map((/** @type {any} */ p) => [p.participants, p.votes, p.proposals]),
    );

    // Votes per theme: one row per theme, as the API counts them.
    const themes = await page.locator('tr[data-theme]').evaluateAll((trs) =>
      trs.map((tr) => ({ theme: tr.getAttribute('data-theme'), cells: [...tr.querySelectorAll('td')].map((td) => Number(td.textContent)) })),
    );
    assert.deepEqual(
      themes,
      api.themes
        .filter((/** @type {any} */ t) => t.themeId !== null || t.proposals > 0)
        .map((/** @type {any} */ t) => ({ theme: t.themeId ?? '', cells: [t.proposals, t.votes.agree, t.votes.disagree, t.votes.neutral, t.votes.agree + t.votes.disagree + t.votes.neutral] })),
    );
    assert.equal(themes.find((t) => t.theme === 'energy')?.cells[3], 3, 'the three neutral votes on p3');

    // Popular and divisive ideas: the API's, in its order.
    const ideas = (/** @type {string} */ name) => page.getByRole('region', { name }).locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-proposal-id')));
    assert.deepEqual(await ideas('Popular ideas'), api.popular.map((/** @type {any} */ p) => p.proposalId));
    assert.deepEqual(await ideas('Divisive ideas'), api.divisive.map((/** @type {any} */ p) => p.proposalId));
    assert.deepEqual([api.popular[0]?.proposalId, api.divisive[0]?.proposalId], [c.p1, c.p2]);
    await page.getByRole('region', { name: 'Popular ideas' }).getByText('We should build safe bike lanes everywhere').waitFor();

    // Per day: the API's day buckets.
    const daily = (await ctx.admin('GET', `/consultations/${c.id}/dashboard?bucket=day`)).json;
    await page.getByRole('radio', { name: 'Day' }).check();
    const days = page.getByRole('table', { name: /Activity per day/ }).locator('tbody tr');
    await days.first().waitFor();
    assert.deepEqual(await days.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-at'))), daily.timeline.map((/** @type {any} */ p) => p.at));
    assert.ok(await page.getByRole('img', { name: /per day/ }).isVisible());

    assert.deepEqual(await violations(page), [], 'no CSP violation (uPlot and its stylesheet included)');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('refreshes by itself: a 304 while nothing changed, a new vote without reloading; stops when the view is left', async () => {
    // The page's timers run on Playwright's clock: each 10 s wait for the view's refresh is a runFor.
    const { context, page, errors } = await openDashboard(browser, ctx.base, c.id, {}, { clock: true });
    const before = (await totals(page)).Votes;
    // A mark on this document: a reload would drop it (the clock's fake `performance` lists no navigation).
    await page.evaluate(() => void (/** @type {any} */ (window).__sameDocument = true));
    const dashboardAsked = () => page.waitForResponse((r) => r.url().includes(`/consultations/${c.id}/dashboard`));
    // Nothing changed: the next refresh (10 s) asks with the ETag and gets a 304.
    const [unchanged] = await Promise.all([dashboardAsked(), page.clock.runFor(10_000)]);
    assert.equal(unchanged.status(), 304);
    assert.ok(unchanged.request().headers()['if-none-match']);

    const cast = await ctx.call('PUT', `/proposals/${c.p4}/votes/${participant(30)}`, { body: vote('agree') });
    assert.equal(cast.status, 200, cast.text);
    const [changed] = await Promise.all([dashboardAsked(), page.clock.runFor(10_000)]);
    assert.equal(changed.status(), 200);
    await page.locator('dl.counts dd').nth(1).filter({ hasText: new RegExp(`^${before + 1}$`) }).waitFor();
    assert.equal((await totals(page)).Participants, (await ctx.admin('GET', `/consultations/${c.id}/dashboard`)).json.counts.participants);
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).__sameDocument), true, 'no reload');

    // On to the moderation tab: no dashboard request any more, however long the clock runs.
    let asked = 0;
    page.on('request', (r) => void (r.url().includes('/dashboard?') && asked++));
    await page.getByRole('link', { name: 'Moderation' }).click();
    await page.getByRole('heading', { name: /^Moderation:/ }).waitFor();
    await page.clock.runFor(31_000);
    // A request the page sends after the clock ran: its event comes after any refresh's would have.
    const marker = `${ctx.base}/admin/?after-the-clock`;
    await Promise.all([page.waitForRequest(marker), page.evaluate((url) => void fetch(url), marker)]);
    assert.equal(asked, 0, 'the refresh stopped with the view');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows a failed refresh as an alert and keeps the numbers; the next one clears it', async () => {
    const { context, page } = await openDashboard(browser, ctx.base, c.id);
    const shown = await totals(page);
    await page.route('**/dashboard?*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'Storage unavailable' } }) }));
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('alert').filter({ hasText: 'Storage unavailable' }).waitFor();
    assert.deepEqual(await totals(page), shown, 'the numbers stay');
    assert.ok(await page.getByRole('img', { name: /^Chart of/ }).isVisible(), 'the chart stays');
    await page.unroute('**/dashboard?*');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('status').filter({ hasText: 'Dashboard refreshed.' }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
    await context.close();
  });

  it('offers the open data of this consultation as JSON and CSV', async () => {
    const { context, page } = await openDashboard(browser, ctx.base, c.id);
    for (const [name, format, type] of /** @type {const} */ ([
      ['Download JSON', 'json', /^application\/json/],
      ['Download CSV', 'csv', /^text\/csv/],
    ])) {
      const link = page.getByRole('link', { name });
      const href = await link.getAttribute('href');
      assert.equal(href, `/api/v1/consultations/${c.id}/export.${format}`);
      assert.ok(await link.getAttribute('download'));
      const got = await page.evaluate((url) => fetch(url).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: await r.text() })), href);
      assert.equal(got.status, 200);
      assert.match(got.type ?? '', type);
      assert.ok(got.body.includes(c.p1), `${name} names the consultation's proposals`);
    }
    await context.close();
  });

  it('is in its own chunk, and speaks French to a French browser', async () => {
    const chunks = readdirSync(new URL('../../server/dist/console/chunks/', import.meta.url));
    const chunk = chunks.find((f) => f.startsWith('dashboard-view-'));
    assert.ok(chunk, chunks.join(', '));
    const shell = readFileSync(new URL('../../server/dist/console/console.js', import.meta.url), 'utf8');
    assert.doesNotMatch(shell, /u-over|console-dashboard-chart/, 'uPlot and the dashboard are not in console.js');
    const { context, page, errors } = await openDashboard(browser, ctx.base, c.id, { locale: 'fr-FR' });
    const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(requested.some((url) => url.endsWith(`/admin/chunks/${chunk}`)), 'the chunk loaded on demand');
    await page.getByRole('radio', { name: 'Jour' }).waitFor();
    await page.getByRole('link', { name: 'Télécharger en CSV' }).waitFor();
    await page.getByRole('img', { name: /^Graphique des nouveaux participants/ }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('has no axe violation, light, dark, 320 px and forced colours (screenshots of each)', async () => {
    for (const [name, colorScheme, width] of /** @type {const} */ ([['light', 'light', 1100], ['dark', 'dark', 1100], ['320', 'light', 320], ['forced', 'dark', 1100]])) {
      // axe is injected through the DevTools protocol, which the page's CSP does not govern.
      const forcedColors = name === 'forced' ? 'active' : 'none';
      const { context, page } = await openDashboard(browser, ctx.base, c.id, { colorScheme, forcedColors, bypassCSP: true, viewport: { width, height: 900 } });
      await page.getByText("The chart's numbers, hour by hour").click();
      await page.getByRole('table', { name: /Activity per hour/ }).waitFor();
      const canvas = await page.locator('console-dashboard-chart canvas').first().boundingBox();
      assert.ok(canvas && canvas.width <= width, `the chart fits ${width} px (${canvas?.width})`);
      assert.deepEqual(await axe(page), [], `axe (${name})`);
      await page.screenshot({ path: `/tmp/dashboard-${name}.png`, fullPage: true });
      await context.close();
    }
  });
});
