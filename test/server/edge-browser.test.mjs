// @ts-check
/**
 * Issue 9, item 1, as Chromium sees it: a page on a forbidden origin (served by a real server on
 * another 127.0.0.1 port) tries to vote through every spelling of the path that routes; before,
 * 50 of 50 of its `/%61pi/v1/…` votes counted. The same page on an allowed origin votes, so the
 * page and the browser work and the refusal is the guard's. On SQLite and PostgreSQL.
 *
 *   npm run build && node --test test/server/edge-browser.test.mjs
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, it } from 'node:test';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { assertAnswer, forEachDatabase, startServer } from './server.mjs';

/** A blank page at http://127.0.0.1:<port>/ : the foreign origin. */
async function startPageServer() {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>a page on another site</title>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Votes from the page: `urls` one by one, each with a fresh participant; resolves to what fetch saw. */
function voteFromPage(page, urls) {
  return page.evaluate(async (urls) => {
    const seen = [];
    for (const [i, url] of urls.entries()) {
      try {
        const response = await fetch(url.replace('VOTER', `participant-page-${i}`), {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ key: 'agree', votedAt: new Date().toISOString() }),
        });
        seen.push(response.status);
      } catch (error) {
        seen.push(/** @type {Error} */ (error).name); // CORS refusal: a TypeError, the answer unreadable
      }
    }
    return seen;
  }, urls);
}

let browser;
let pageServer;
let page;
before(async () => {
  browser = await launchBrowser();
  pageServer = await startPageServer();
  page = await browser.newPage();
  await page.goto(`${pageServer.origin}/`);
});
after(async () => {
  await browser?.close();
  await pageServer?.close();
});

await forEachDatabase('edge: a foreign page in Chromium', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await startServer({ database: database.id });
  });
  after(() => ctx?.close());

  const spelled = (pid) => {
    const rest = `/proposals/${pid}/votes/VOTER`;
    return [`/api/v1${rest}`, `/%61pi/v1${rest}`, `/api/%76%31${rest}`, `/%61%70%69/v1${rest}`, `/api/v1/%70roposals/${pid}/votes/VOTER`].map((p) => `${ctx.base}${p}`);
  };

  it('from a forbidden origin, 0 of 50 votes count whatever the spelling; from an allowed one, all do', async () => {
    const forbidden = await ctx.seed();
    const allowed = await ctx.seed({ consultation: { allowedOrigins: [pageServer.origin] } });
    const urls = (pid) => Array.from({ length: 10 }, () => spelled(pid)).flat();

    const refused = await voteFromPage(page, urls(forbidden.p1));
    assert.equal(refused.length, 50);
    assert.deepEqual([...new Set(refused)], ['TypeError'], `what the forbidden page saw: ${refused.join(' ')}`);
    const none = assertAnswer(await ctx.call('GET', `/consultations/${forbidden.id}/results`), 'getResults');
    assert.equal(none.counts.votes, 0, 'no vote from the forbidden origin counted');

    const accepted = await voteFromPage(page, urls(allowed.p1));
    assert.deepEqual([...new Set(accepted)], [200], `what the allowed page saw: ${accepted.join(' ')}`);
    const all = assertAnswer(await ctx.call('GET', `/consultations/${allowed.id}/results`), 'getResults');
    assert.equal(all.counts.votes, 50, 'every vote from the allowed origin counted');
  });
});
