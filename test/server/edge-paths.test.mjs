// @ts-check
/**
 * Issue 9, item 1: every spelling of a path meets the same guards. fastify decodes and routes
 * `/%61pi/v1/…`, percent-encoded segments and ids and absolute-form targets; a guard that read the
 * raw path let them past CORS and the rate limits (50 of 50 votes from a forbidden origin in
 * Chromium). Each spelling here is sent raw (node:http, bytes as written), on SQLite and PostgreSQL:
 * - a spelling that routes (checked: the allowed origin's vote counts) is refused for a forbidden
 *   origin with 403 and no Access-Control-Allow-Origin, and its preflight is not granted;
 * - a spelling that does not route (double slash, dot segments, %2F, case, …) is a JSON 404;
 * - every spelling counts against the same per-address and per-participant allowance.
 *
 *   npm run build && node --test test/server/edge-paths.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ADMIN_TOKEN, assertAnswer, assertError, forEachDatabase, PARTNER, startServer, vote } from './server.mjs';

const EVIL = 'https://evil.example';
const encodeAll = (text) => [...text].map((ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');

/**
 * [name, path of `/api/v1${rest}` as spelled, routes?]: `rest` starts with `/`.
 * @param {string} base
 * @param {string} rest
 * @returns {Array<[name: string, spelled: string, routes: boolean]>}
 */
export function spellings(base, rest) {
  const { host } = new URL(base);
  const [, first, ...others] = rest.split('/');
  const tail = others.join('/');
  return [
    ['as written', `/api/v1${rest}`, true],
    ['an encoded letter in the prefix', `/%61pi/v1${rest}`, true],
    ['an encoded version', `/api/%76%31${rest}`, true],
    ['an encoded collection name', `/api/v1/${encodeAll(first)}/${tail}`, true],
    ['encoded ids', `/api/v1/${first}/${others.map((segment) => (segment.includes('?') ? segment : encodeAll(segment))).join('/')}`, true],
    ['absolute-form, this host', `http://${host}/api/v1${rest}`, true],
    ['absolute-form, another host', `http://evil.example/api/v1${rest}`, true],
    ['absolute-form, https', `https://evil.example:443/%61pi/v1${rest}`, true],
    ['a fragment', `/api/v1${rest}#x`, true],
    ['an upper-case encoded letter', `/%41pi/v1${rest}`, false],
    ['a leading double slash', `//api/v1${rest}`, false],
    ['a double slash inside', `/api/v1//${first}/${tail}`, false],
    ['a dot segment', `/api/v1/./${first}/${tail}`, false],
    ['a dot-dot segment', `/api/v1/x/../${first}/${tail}`, false],
    ['an encoded dot-dot segment', `/api/v1/x/%2e%2e/${first}/${tail}`, false],
    ['an encoded slash after the collection', `/api/v1/${first}%2F${tail}`, false],
    ['an encoded slash in the prefix', `/api%2Fv1${rest}`, false],
    ['an upper-case prefix', `/API/v1${rest}`, false],
    ['an upper-case version', `/api/V1${rest}`, false],
    ['backslashes', `/api/v1\\${first}\\${tail}`, false],
  ];
}

const json = (body) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const withOrigin = (origin, init = {}) => ({ ...init, headers: { ...init.headers, origin } });
const preflightOf = (origin, method) => ({ headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' } });

await forEachDatabase('edge: every path spelling meets CORS', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await startServer({ database: database.id });
  });
  after(() => ctx?.close());

  it('a vote: routed spellings → 403 and no CORS grant for a forbidden origin, 200 for the partner; others 404; nothing written by the forbidden origin', async () => {
    const c = await ctx.seed();
    const rows = spellings(ctx.base, `/proposals/${c.p1}/votes/VOTER`);
    let routed = 0;
    for (const [i, [name, spelled, routes]] of rows.entries()) {
      const path = (who) => spelled.replace('VOTER', who).replace(encodeAll('VOTER'), encodeAll(who));
      const evil = await ctx.raw('PUT', path(`participant-evil-${i}`), withOrigin(EVIL, json(vote('disagree'))));
      assert.equal(evil.headers.get('access-control-allow-origin'), null, `${name}: ${evil.status}`);
      assertError(evil, routes ? 403 : 404, routes ? 'forbidden' : 'not_found');
      const pre = await ctx.raw('OPTIONS', path(`participant-evil-${i}`), preflightOf(EVIL, 'PUT'));
      assert.equal(pre.headers.get('access-control-allow-origin'), null, `${name}: preflight ${pre.status}`);
      const partner = await ctx.raw('PUT', path(`participant-partner-${i}`), withOrigin(PARTNER, json(vote('agree'))));
      if (routes) {
        // The spelling reaches the handler: without the guard, the forbidden origin's vote would count.
        assertAnswer(partner, 'castVote');
        assert.equal(partner.headers.get('access-control-allow-origin'), PARTNER, name);
        const granted = await ctx.raw('OPTIONS', path(`participant-partner-${i}`), preflightOf(PARTNER, 'PUT'));
        assert.equal(granted.headers.get('access-control-allow-origin'), PARTNER, `${name}: the partner's preflight`);
        routed++;
      } else {
        assertError(partner, 404, 'not_found');
      }
    }
    assert.equal(routed, rows.filter((r) => r[2]).length);
    const results = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults');
    assert.deepEqual(results.proposals.find((p) => p.proposalId === c.p1).votes, { agree: routed, disagree: 0, neutral: 0 }, 'only the partner voted');
  });

  it('a submission and the participant votes (consultation in the query, key spelled %63onsultationId) are guarded in every routed spelling', async () => {
    const c = await ctx.seed();
    for (const [name, path, routes] of spellings(ctx.base, `/consultations/${c.id}/proposals`)) {
      const body = { participantId: 'participant-evil', requestId: `evil-${name}`, content: 'We should let any site write here' };
      assertError(await ctx.raw('POST', path, withOrigin(EVIL, json(body))), routes ? 403 : 404, routes ? 'forbidden' : 'not_found');
    }
    for (const query of [`consultationId=${c.id}`, `%63onsultationId=${c.id}`, `consultation%49d=${c.id}`]) {
      for (const [name, path, routes] of spellings(ctx.base, `/participants/participant-0001/votes?${query}`)) {
        if (name === 'a fragment') continue; // the query would end up in the fragment
        const answer = await ctx.raw('GET', path, withOrigin(EVIL));
        assert.equal(answer.headers.get('access-control-allow-origin'), null, `${name} ${query}`);
        assertError(answer, routes ? 403 : 404, routes ? 'forbidden' : 'not_found');
      }
    }
    const pending = await ctx.storage.listProposals(c.id, { status: 'pending', limit: 50 });
    assert.ok(!pending.items.some((p) => p.content.includes('any site')), 'no submission from the forbidden origin');
  });

  it('the admin API takes no cross-origin call in any spelling, even with the token; open data stays public', async () => {
    const c = await ctx.seed();
    const token = { authorization: `Bearer ${ADMIN_TOKEN}` };
    for (const [name, path, routes] of spellings(ctx.base, '/admin/consultations')) {
      const answer = await ctx.raw('GET', path, { headers: { ...token, origin: PARTNER } });
      assert.equal(answer.headers.get('access-control-allow-origin'), null, name);
      assertError(answer, routes ? 403 : 404, routes ? 'forbidden' : 'not_found');
      const pre = await ctx.raw('OPTIONS', path, preflightOf(PARTNER, 'GET'));
      assert.equal(pre.headers.get('access-control-allow-origin'), null, `${name}: preflight`);
    }
    for (const [name, path, routes] of spellings(ctx.base, `/consultations/${c.id}/export.json`)) {
      if (!routes) continue;
      const answer = await ctx.raw('GET', path, withOrigin(EVIL));
      assert.equal(answer.status, 200, `${name}: ${answer.text.slice(0, 200)}`);
      assert.ok([EVIL, '*'].includes(answer.headers.get('access-control-allow-origin') ?? ''), name);
    }
  });
});

await forEachDatabase('edge: every path spelling counts against the same limits', (database) => {
  it('per address: the allowance is shared by every spelling, routed or not', async (t) => {
    const ctx = await startServer({ database: database.id, rateLimit: { perAddress: 6, perParticipant: 10_000, windowMs: 60_000 } });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const rows = spellings(ctx.base, `/consultations/${c.id}`);
    const statuses = [];
    for (const [, path] of [...rows, ...rows]) statuses.push((await ctx.raw('GET', path)).status);
    assert.equal(statuses.filter((s) => s !== 429).length, 6, statuses.join(' '));
    assert.deepEqual(statuses.slice(6), statuses.slice(6).map(() => 429));
  });

  it('per participant: one participant id gets one allowance, however the path is spelled', async (t) => {
    const ctx = await startServer({ database: database.id, rateLimit: { perAddress: 10_000, perParticipant: 4, windowMs: 60_000 } });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const routed = spellings(ctx.base, `/proposals/${c.p1}/votes/participant-0009`).filter((r) => r[2]);
    const statuses = [];
    for (const [, path] of routed) statuses.push((await ctx.raw('PUT', path, json(vote('agree')))).status);
    assert.deepEqual(statuses, routed.map((_, i) => (i < 4 ? 200 : 429)));
    const results = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults');
    assert.equal(results.counts.votes, 1, 'one participant, one vote');
  });
});
