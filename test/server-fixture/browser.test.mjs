// @ts-check
// The protocol server as Chromium sees it, served the way web-test-runner will serve it: the
// middleware inside @web/dev-server (same origin as the page), plus a standalone server on another
// port for cross-origin requests. Checks what fetch in a real browser gets for each fault.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { launchBrowser } from '../bundle/support/browser.mjs';
import { startProtocolServer } from '../support/protocol-server.mjs';
import { testBackend } from '../support/protocol-client.mjs';
import { startDevServerWithProtocol } from './dev-server.mjs';

let devServer;
let crossServer;
let browser;
let page;
let backend;

before(async () => {
  devServer = await startDevServerWithProtocol();
  crossServer = await startProtocolServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  const response = await page.goto(`${devServer.origin}/`); // not under /api/v1: the middleware lets it through
  assert.equal(response?.status(), 200);
  backend = testBackend({ origin: devServer.origin, scope: 'browser' });
});
after(async () => {
  await browser?.close();
  await crossServer?.close();
  await devServer?.stop();
});
beforeEach(() => backend.reset());

/**
 * Runs one fetch in the page: `{ ok, status, headers, text }` or `{ error: name }` when it
 * rejects. `timeoutMs` aborts it with AbortSignal.timeout.
 * @param {string} url
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, keepalive?: boolean, timeoutMs?: number }} [init]
 */
function fetchInPage(url, { method = 'GET', body, headers = {}, keepalive = false, timeoutMs } = {}) {
  return page.evaluate(
    async ({ url, method, body, headers, keepalive, timeoutMs }) => {
      try {
        const response = await fetch(url, {
          method,
          headers,
          keepalive,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
        });
        /** @type {Record<string, string | null>} */
        const picked = {};
        for (const name of ['content-type', 'retry-after', 'etag']) picked[name] = response.headers.get(name);
        return { ok: response.ok, status: response.status, headers: picked, text: await response.text() };
      } catch (error) {
        return { error: /** @type {Error} */ (error).name };
      }
    },
    { url, method, body, headers, keepalive, timeoutMs },
  );
}

const voteBody = () => ({ key: 'agree', votedAt: new Date().toISOString() });
const putVote = (endpoint, options = {}) =>
  fetchInPage(`${endpoint}/proposals/p1/votes/participant-0001`, {
    method: 'PUT',
    body: voteBody(),
    headers: { 'content-type': 'application/json' },
    ...options,
  });

describe('same origin, through the web-test-runner middleware', () => {
  it('answers protocol requests from the page', async () => {
    const answer = await putVote(backend.endpoint);
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.text).votes.agree, 1);
  });

  it('a drop (dropStyle reject) makes fetch reject with a TypeError, once, even on a reused connection', async () => {
    for (const keepalive of [false, true]) {
      await backend.reset();
      await fetchInPage(`${backend.endpoint}/proposals/p1`); // leaves an idle keep-alive connection
      await backend.setFaults({ dropRate: 1, maxFaults: 1, methods: ['PUT'] });
      assert.deepEqual(await putVote(backend.endpoint, { keepalive }), { error: 'TypeError' });
      const puts = (await backend.log()).filter((e) => e.method === 'PUT');
      assert.deepEqual(puts.map((e) => e.fault), ['drop'], 'the browser did not send it again');
    }
  });

  it('a drop with dropStyle close: whenever fetch does not reject, Chromium has re-sent the request', async () => {
    await fetchInPage(`${backend.endpoint}/proposals/p1`);
    await backend.setFaults({ dropRate: 1, maxFaults: 1, dropStyle: 'close', methods: ['PUT'] });
    const answer = await putVote(backend.endpoint);
    const puts = (await backend.log()).filter((e) => e.method === 'PUT');
    if (answer.error) assert.equal(answer.error, 'TypeError');
    else assert.deepEqual(puts.map((e) => e.fault), ['drop', null]);
  });

  it('a hang runs into the client’s timeout', async () => {
    await backend.setFaults({ hangMs: 2000 });
    assert.deepEqual(await fetchInPage(`${backend.endpoint}/proposals/p1`, { timeoutMs: 100 }), { error: 'TimeoutError' });
  });

  it('429 and 500 reach the page with their headers and protocol error bodies', async () => {
    await backend.setFaults({ status429: { count: 1, retryAfter: 2 } });
    const limited = await putVote(backend.endpoint);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '2');
    await backend.setFaults({ errorRate: 1 });
    const failed = await putVote(backend.endpoint);
    assert.equal(failed.status, 500);
    assert.equal(JSON.parse(failed.text).error.code, 'server');
  });

  it('If-None-Match set by the page gets the 304 itself', async () => {
    const first = await fetchInPage(`${backend.endpoint}/proposals/p1`);
    const again = await fetchInPage(`${backend.endpoint}/proposals/p1`, { headers: { 'if-none-match': first.headers.etag } });
    assert.equal(again.status, 304);
  });

  it('malformed html and notfound answers reach the page as they are', async () => {
    await backend.malformed({ mode: 'html' });
    const html = await putVote(backend.endpoint);
    assert.equal(html.status, 502);
    assert.match(html.headers['content-type'], /text\/html/);
    await backend.malformed({ mode: 'notfound' });
    const notFound = await fetchInPage(`${backend.endpoint}/proposals/p1`);
    assert.deepEqual([notFound.status, notFound.text], [404, 'Not Found']);
  });
});

describe('cross origin, standalone server', () => {
  let cross;
  beforeEach(async () => {
    cross = testBackend({ origin: crossServer.origin, scope: 'browser-cross' });
    await cross.reset();
  });

  it('a PUT with a bearer token passes the preflight; the token and JSON body are logged', async () => {
    const answer = await putVote(cross.endpoint, { headers: { 'content-type': 'application/json', authorization: 'Bearer abc' } });
    assert.equal(answer.status, 200);
    const [preflight, put] = await cross.log();
    assert.equal(preflight.method, 'OPTIONS');
    assert.deepEqual([put.method, put.headers.authorization, put.headers.contentType], ['PUT', 'Bearer abc', 'application/json']);
    assert.equal(put.body.key, 'agree');
  });

  it('Retry-After is readable cross-origin, and a drop is a TypeError there too', async () => {
    await cross.setFaults({ status429: { count: 1, retryAfter: 5 } });
    assert.equal((await fetchInPage(`${cross.endpoint}/proposals/p1`)).headers['retry-after'], '5');
    await cross.setFaults({ dropRate: 1 });
    assert.deepEqual(await fetchInPage(`${cross.endpoint}/proposals/p1`), { error: 'TypeError' });
  });
});
