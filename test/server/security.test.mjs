// @ts-check
/**
 * The reference server's defences over real HTTP, on SQLite and PostgreSQL: per-consultation
 * CORS, rate limits, signed participants, what the logs and the open data may say, and CSV that a
 * spreadsheet cannot run. The CLI's environment switches are checked once, on SQLite.
 *
 *   npm run build && node --test test/server/security.test.mjs
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { OpenData } from 'consult-widgets/protocol/admin';
import { cleanProposalText } from 'consult-widgets/protocol';
import { signParticipant } from 'consult-server';
import {
  ADMIN_TOKEN,
  assertAnswer,
  assertError,
  fixtureFile,
  forEachDatabase,
  OTHER,
  PARTICIPANT,
  PARTNER,
  request,
  SIGNING_SECRET,
  startServer,
  vote,
} from './server.mjs';

const EVIL = 'https://evil.example';
const bearer = (token) => ({ authorization: `Bearer ${token}` });
const tokenFor = (consultationId, participantId, expiresAt) => signParticipant(SIGNING_SECRET, consultationId, participantId, expiresAt);

/** An RFC 4180 reader: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (quoted) {
      cell += ch;
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      assert.ok(ch !== '"' && ch !== '\n' && ch !== '\r', `unquoted ${JSON.stringify(ch)} in a cell at ${i}: not RFC 4180`);
      cell += ch;
    }
  }
  assert.equal(cell, '', 'the last row ends with CRLF');
  assert.deepEqual(row, []);
  return rows;
}

await forEachDatabase('security', (database) => {
  const start = (options) => startServer({ database: database.id, ...options });
  // One server for the tests that need no special option (each seeds its own consultation).
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await start();
  });
  after(() => ctx?.close());

  describe('CORS, per consultation', () => {
    const preflight = (path, origin, method = 'PUT') =>
      ctx.call('OPTIONS', path, {
        headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type,authorization' },
      });

    it('an allowed origin gets Access-Control-Allow-Origin and Max-Age on preflight, and its requests pass', async () => {
      const c = await ctx.seed();
      for (const [path, method] of [
        [`/proposals/${c.p1}/votes/${PARTICIPANT}`, 'PUT'],
        [`/proposals/${c.p1}/votes/${PARTICIPANT}/qualifications/likeIt`, 'DELETE'],
        [`/consultations/${c.id}/proposals`, 'POST'],
        [`/participants/${PARTICIPANT}/votes?consultationId=${c.id}`, 'GET'],
      ]) {
        const answer = await preflight(path, PARTNER, method);
        assert.ok(answer.status === 204 || answer.status === 200, `${path}: ${answer.status}`);
        assert.equal(answer.headers.get('access-control-allow-origin'), PARTNER, path);
        assert.equal(answer.headers.get('access-control-max-age'), '600', path);
        assert.match(answer.headers.get('access-control-allow-methods') ?? '', new RegExp(method));
        assert.match(answer.headers.get('access-control-allow-headers') ?? '', /authorization/);
        assert.match(answer.headers.get('vary') ?? '', /origin/i, 'answers differ by Origin: caches must know');
      }
      const voted = await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('agree'), headers: { origin: PARTNER } });
      assertAnswer(voted, 'castVote');
      assert.equal(voted.headers.get('access-control-allow-origin'), PARTNER);
      assert.match(voted.headers.get('access-control-expose-headers') ?? '', /etag/i);
      assert.match(voted.headers.get('access-control-expose-headers') ?? '', /retry-after/i);
    });

    it('other origins get no Access-Control-Allow-Origin on preflight and 403 on the real request, which changes nothing', async () => {
      const c = await ctx.seed();
      const other = await ctx.seed({ consultation: { allowedOrigins: [EVIL] } });
      const votePath = `/proposals/${c.p1}/votes/${PARTICIPANT}`;
      const lookalikes = [EVIL, 'null', 'https://partner.example.evil.example', 'https://partner.exampl', 'http://partner.example', 'https://partner.example:8443', 'https://PARTNER.example.'];
      for (const origin of lookalikes) {
        const answer = await preflight(votePath, origin);
        assert.equal(answer.headers.get('access-control-allow-origin'), null, origin);
        assert.equal(answer.headers.get('access-control-max-age'), null, origin);
        assertError(await ctx.call('PUT', votePath, { body: vote('agree'), headers: { origin } }), 403, 'forbidden');
      }
      assertError(await ctx.call('GET', `/consultations/${c.id}`, { headers: { origin: EVIL } }), 403, 'forbidden');
      assertError(await ctx.call('GET', `/participants/${PARTICIPANT}/votes?consultationId=${c.id}`, { headers: { origin: EVIL } }), 403, 'forbidden');
      // An unknown consultation has nothing to protect: any page may read its 404.
      assertError(await ctx.call('GET', '/consultations/no-such-consultation', { headers: { origin: EVIL } }), 404, 'not_found');
      // Allowed by one consultation is not allowed by another: EVIL may vote on `other`, not on `c`.
      assertAnswer(await ctx.call('PUT', `/proposals/${other.p1}/votes/${PARTICIPANT}`, { body: vote('agree'), headers: { origin: EVIL } }), 'castVote');
      assertError(await ctx.call('PUT', votePath, { body: vote('agree'), headers: { origin: EVIL } }), 403, 'forbidden');
      assertError(await ctx.call('PUT', `/proposals/${other.p2}/votes/${PARTICIPANT}`, { body: vote('agree'), headers: { origin: PARTNER } }), 403, 'forbidden');
      const results = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults');
      assert.equal(results.counts.votes, 0, 'a refused origin wrote nothing');
    });

    it(
      'the consultation a request is checked against is the one the server serves (no query-parser differential)',
      async () => {
        const c = await ctx.seed();
        await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('agree') });
        const answer = await ctx.raw('GET', `/api/v1/participants/${PARTICIPANT}/votes?x=#&consultationId=${c.id}`, { headers: { origin: EVIL } });
        assert.equal(answer.headers.get('access-control-allow-origin'), null);
        assertError(answer, 403, 'forbidden');
      },
    );

    it('same-origin pages and clients without Origin pass', async () => {
      const c = await ctx.seed({ consultation: { allowedOrigins: [] } });
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('agree'), headers: { origin: ctx.base } }), 'castVote');
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p1}/votes/${OTHER}`, { body: vote('agree') }), 'castVote');
      assertError(await ctx.call('PUT', `/proposals/${c.p2}/votes/${OTHER}`, { body: vote('agree'), headers: { origin: PARTNER } }), 403, 'forbidden');
    });

    it("'*' allows any origin", async () => {
      const c = await ctx.seed({ consultation: { allowedOrigins: ['*'] } });
      for (const origin of [EVIL, 'https://anyone.example:8443']) {
        const answer = await preflight(`/proposals/${c.p1}/votes/${PARTICIPANT}`, origin);
        assert.ok([origin, '*'].includes(answer.headers.get('access-control-allow-origin') ?? ''), origin);
        assertAnswer(await ctx.call('GET', `/consultations/${c.id}`, { headers: { origin } }), 'getConsultation');
      }
    });

    it('open data is public: export.json and export.csv answer any origin', async () => {
      const c = await ctx.seed();
      for (const format of ['json', 'csv']) {
        const answer = await ctx.call('GET', `/consultations/${c.id}/export.${format}`, { headers: { origin: EVIL } });
        assert.equal(answer.status, 200, answer.text);
        assert.ok([EVIL, '*'].includes(answer.headers.get('access-control-allow-origin') ?? ''), format);
      }
    });

    it('the admin API takes no cross-origin calls, even with the token', async () => {
      const answer = await ctx.admin('GET', '/consultations', { headers: { origin: PARTNER } });
      assertError(answer, 403, 'forbidden');
      const pre = await ctx.call('OPTIONS', '/admin/consultations', { headers: { origin: PARTNER, 'access-control-request-method': 'GET' } });
      assert.equal(pre.headers.get('access-control-allow-origin'), null);
    });

    it('a re-import that adds an origin allows it at once', async () => {
      const c = await ctx.seed();
      const path = `/proposals/${c.p1}/votes/${PARTICIPANT}`;
      assertError(await ctx.call('PUT', path, { body: vote('agree'), headers: { origin: EVIL } }), 403, 'forbidden');
      const file = fixtureFile(c.id, { consultation: { allowedOrigins: [PARTNER, EVIL] } });
      assert.equal((await ctx.admin('POST', '/consultations', { body: file })).status, 200);
      assertAnswer(await ctx.call('PUT', path, { body: vote('agree'), headers: { origin: EVIL } }), 'castVote');
    });
  });

  describe('rate limits', () => {
    // Three requests per participant; the tests use different participants.
    let perParticipant;
    before(async () => {
      perParticipant = await start({ rateLimit: { perParticipant: 3, perAddress: 10_000, windowMs: 60_000 } });
    });
    after(() => perParticipant?.close());

    it('per participant: over the limit → 429 with Retry-After, in path, query or body; other participants go on', async () => {
      const ctx = perParticipant;
      const c = await ctx.seed();
      for (const pid of [c.p1, c.p2, c.p3]) assertAnswer(await ctx.call('PUT', `/proposals/${pid}/votes/${PARTICIPANT}`, { body: vote('agree') }), 'castVote');
      const refused = await ctx.call('PUT', `/proposals/${c.p4}/votes/${PARTICIPANT}`, { body: vote('agree') });
      assertError(refused, 429, 'rate_limited');
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${refused.headers.get('retry-after')}`);
      assertError(await ctx.call('GET', `/consultations/${c.id}/sequence?participantId=${PARTICIPANT}`), 429, 'rate_limited');
      assertError(
        await ctx.call('POST', `/consultations/${c.id}/proposals`, { body: { participantId: PARTICIPANT, requestId: 'r1', content: 'We should slow down' } }),
        429,
        'rate_limited',
      );
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p4}/votes/${OTHER}`, { body: vote('disagree') }), 'castVote');
      const results = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults');
      assert.deepEqual(results.proposals.find((p) => p.proposalId === c.p4).votes, { agree: 0, disagree: 1, neutral: 0 }, 'the refused vote did not count');
    });

    it('per address: over the limit → 429 with Retry-After, whatever the participant or a spoofed X-Forwarded-For', async (t) => {
      const ctx = await start({ rateLimit: { perAddress: 4, perParticipant: 1000, windowMs: 60_000 } });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      for (let i = 0; i < 4; i++) assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation');
      const refused = await ctx.call('GET', `/consultations/${c.id}`);
      assertError(refused, 429, 'rate_limited');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assertError(await ctx.call('PUT', `/proposals/${c.p1}/votes/participant-new-1`, { body: vote('agree') }), 429, 'rate_limited');
      assertError(await ctx.call('GET', `/consultations/${c.id}`, { headers: { 'x-forwarded-for': '203.0.113.9' } }), 429, 'rate_limited');
    });

    it('behind a proxy (trustProxy), each client address has its own allowance', async (t) => {
      const ctx = await start({ trustProxy: 1, rateLimit: { perAddress: 2, perParticipant: 1000, windowMs: 60_000 } });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const from = (address) => ctx.call('GET', `/consultations/${c.id}`, { headers: { 'x-forwarded-for': address } });
      assertAnswer(await from('203.0.113.1'), 'getConsultation');
      assertAnswer(await from('203.0.113.1'), 'getConsultation');
      assertError(await from('203.0.113.1'), 429, 'rate_limited');
      assertAnswer(await from('203.0.113.2'), 'getConsultation');
    });

    it(
      'an absolute-form request target (GET http://host/api/v1/…) is limited like any other',
      async () => {
        const ctx = perParticipant;
        const c = await ctx.seed();
        const statuses = [];
        for (const pid of [c.p1, c.p2, c.p3, c.p4, c.p5]) {
          const answer = await ctx.raw('PUT', `${ctx.api}/proposals/${pid}/votes/participant-absolute-form`, {
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(vote('agree')),
          });
          statuses.push(answer.status);
        }
        assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      },
    );
  });

  describe('signed participants', () => {

    it('requireSignedParticipants: unsigned → 401, signed → 200; a token for someone else, elsewhere, expired or forged → 401', async () => {
      const c = await ctx.seed({ consultation: { requireSignedParticipants: true } });
      const elsewhere = await ctx.seed();
      const path = `/proposals/${c.p1}/votes/${PARTICIPANT}`;
      const put = (headers) => ctx.call('PUT', path, { body: vote('agree'), headers });
      assertError(await put({}), 401, 'unauthorized');
      assertAnswer(await put(bearer(tokenFor(c.id, PARTICIPANT))), 'castVote');
      assertError(await put(bearer(tokenFor(c.id, OTHER))), 401, 'unauthorized');
      assertError(await put(bearer(tokenFor(elsewhere.id, PARTICIPANT))), 401, 'unauthorized');
      const expired = assertError(await put(bearer(tokenFor(c.id, PARTICIPANT, new Date(Date.now() - 60_000)))), 401, 'unauthorized');
      assert.match(expired.message, /expired/);
      assertError(await put(bearer(signParticipant('another-secret', c.id, PARTICIPANT))), 401, 'unauthorized');
      assertError(await put(bearer('v1.9999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')), 401, 'unauthorized');
      assertError(await put(bearer('garbage')), 401, 'unauthorized');
      // A token of a later expiry is another token: the expiry is signed too.
      const [, expiry, mac] = tokenFor(c.id, PARTICIPANT).split('.');
      assertError(await put(bearer(`v1.${Number(expiry) + 1000}.${mac}`)), 401, 'unauthorized');

      const token = bearer(tokenFor(c.id, PARTICIPANT));
      for (const [method, p, body, op] of /** @type {Array<[string, string, object | undefined, keyof typeof import('consult-widgets/protocol').ENDPOINTS]>} */ ([
        ['GET', `/consultations/${c.id}/sequence?participantId=${PARTICIPANT}`, undefined, 'getSequence'],
        ['GET', `/participants/${PARTICIPANT}/votes?consultationId=${c.id}`, undefined, 'getParticipantVotes'],
        ['PUT', `${path}/qualifications/likeIt`, { votedAt: new Date().toISOString() }, 'addQualification'],
        ['DELETE', `${path}/qualifications/likeIt`, undefined, 'removeQualification'],
        ['POST', `/consultations/${c.id}/proposals`, { participantId: PARTICIPANT, requestId: 'signed-1', content: 'We should sign everything' }, 'submitProposal'],
        ['DELETE', `${path}?votedAt=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, undefined, 'withdrawVote'],
      ])) {
        assertError(await ctx.call(method, p, { body }), 401, 'unauthorized');
        assertAnswer(await ctx.call(method, p, { body, headers: token }), op);
      }
    });

    it('optional signing: unsigned votes count as unverified, signed ones as verified, and export.json tells them apart', async () => {
      const c = await ctx.seed();
      const put = (pid, participant, key, headers = {}, votedAt = new Date().toISOString()) =>
        ctx.call('PUT', `/proposals/${pid}/votes/${participant}`, { body: vote(key, votedAt), headers });
      assertAnswer(await put(c.p1, PARTICIPANT, 'agree'), 'castVote');
      assertAnswer(await put(c.p1, OTHER, 'agree', bearer(tokenFor(c.id, OTHER))), 'castVote');
      assertAnswer(await put(c.p1, 'participant-0003', 'disagree', bearer(tokenFor(c.id, 'participant-0003'))), 'castVote');
      // A bad token is refused even where signing is optional, and changes nothing.
      assertError(await put(c.p1, 'participant-0004', 'neutral', bearer(tokenFor(c.id, OTHER))), 401, 'unauthorized');
      // A verified voter who changes their vote unsigned leaves the verified tally.
      assertAnswer(await put(c.p2, 'participant-0005', 'agree', bearer(tokenFor(c.id, 'participant-0005')), '2025-02-10T09:00:00Z'), 'castVote');
      assertAnswer(await put(c.p2, 'participant-0005', 'neutral', {}, '2025-02-10T09:01:00Z'), 'castVote');
      const exported = (await ctx.call('GET', `/consultations/${c.id}/export.json`)).json;
      assert.ok(z.safeParse(OpenData, exported).success);
      const byId = Object.fromEntries(exported.proposals.map((p) => [p.id, p]));
      assert.deepEqual(byId[c.p1].votes, { agree: 2, disagree: 1, neutral: 0 });
      assert.deepEqual(byId[c.p1].verifiedVotes, { agree: 1, disagree: 1, neutral: 0 });
      assert.deepEqual(byId[c.p2].votes, { agree: 0, disagree: 0, neutral: 1 });
      assert.deepEqual(byId[c.p2].verifiedVotes, { agree: 0, disagree: 0, neutral: 0 });
    });

    it('without a signing secret, a consultation that requires signing refuses everyone', async (t) => {
      const unsigned = await start({ signingSecret: undefined });
      t.after(() => unsigned.close());
      const c = await unsigned.seed({ consultation: { requireSignedParticipants: true } });
      const open = await unsigned.seed();
      const path = (pid) => `/proposals/${pid}/votes/${PARTICIPANT}`;
      assertError(await unsigned.call('PUT', path(c.p1), { body: vote('agree') }), 401, 'unauthorized');
      assertError(await unsigned.call('PUT', path(c.p1), { body: vote('agree'), headers: bearer(tokenFor(c.id, PARTICIPANT)) }), 401, 'unauthorized');
      // Where signing is optional, a token the server cannot check counts as unverified.
      assertAnswer(await unsigned.call('PUT', path(open.p1), { body: vote('agree'), headers: bearer(tokenFor(open.id, PARTICIPANT)) }), 'castVote');
      const exported = (await unsigned.call('GET', `/consultations/${open.id}/export.json`)).json;
      assert.deepEqual(exported.proposals.find((p) => p.id === open.p1).verifiedVotes, { agree: 0, disagree: 0, neutral: 0 });
    });
  });

  describe('logs', () => {
    // A server whose pino output (info level) is kept in `logged`.
    let logging;
    let logged = '';
    before(async () => {
      const stream = new Writable({
        write(chunk, _encoding, done) {
          logged += chunk;
          done();
        },
      });
      logging = await start({ logger: { level: 'info', stream } });
    });
    after(() => logging?.close());
    const loggingServer = () => ({ ctx: logging, logs: () => logged });

    it(
      'participant ids never appear in info-level logs',
      async () => {
        const { ctx, logs } = loggingServer();
        const c = await ctx.seed();
        const signed = await ctx.seed({ consultation: { requireSignedParticipants: true } });
        const ids = ['participant-log-path', 'participant-log-query', 'participant-log-body', 'participant-log-refused', 'participant-log-bad'];
        const [inPath, inQuery, inBody, refused, bad] = ids;
        await ctx.call('PUT', `/proposals/${c.p1}/votes/${inPath}`, { body: vote('agree') });
        await ctx.call('PUT', `/proposals/${c.p1}/votes/${inPath}/qualifications/likeIt`, { body: { votedAt: new Date().toISOString() } });
        await ctx.call('DELETE', `/proposals/${c.p1}/votes/${inPath}?votedAt=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`);
        await ctx.call('GET', `/participants/${inPath}/votes?consultationId=${c.id}`);
        await ctx.call('GET', `/consultations/${c.id}/sequence?participantId=${inQuery}&size=3`);
        await ctx.call('POST', `/consultations/${c.id}/proposals`, { body: { participantId: inBody, requestId: 'log-1', content: 'We should keep logs clean' } });
        await ctx.call('PUT', `/proposals/${signed.p1}/votes/${refused}`, { body: vote('agree') });
        await ctx.call('PUT', `/proposals/no-such-proposal/votes/${bad}`, { body: '{"key":' });
        await ctx.call('GET', `/consultations/${c.id}/results`);
        const text = logs();
        assert.match(text, /request completed/, 'the logs were captured at info level');
        assert.match(text, new RegExp(`/consultations/${c.id}/results`), 'request URLs are logged');
        for (const id of ids) assert.ok(!text.includes(id), `${id} is in the logs:\n${text.split('\n').filter((l) => l.includes(id)).join('\n')}`);
      },
    );

    it(
      'a participant id sent under a percent-encoded query key stays out of the logs too',
      async () => {
        const { ctx, logs } = loggingServer();
        const c = await ctx.seed();
        assertAnswer(await ctx.call('GET', `/consultations/${c.id}/sequence?%70articipantId=participant-log-encoded`), 'getSequence');
        assert.match(logs(), /request completed/);
        assert.ok(!logs().includes('participant-log-encoded'), logs());
      },
    );
  });

  describe('open data', () => {

    it('export.json and export.csv hold no participant id, request id or partner settings', async () => {
      const c = await ctx.seed({ consultation: { allowedOrigins: ['https://secret-partner.example'], requireSignedParticipants: false } });
      const participants = ['participant-open-data-1', 'participant-open-data-2', 'participant-open-data-3'];
      for (const [i, participant] of participants.entries()) {
        await ctx.call('PUT', `/proposals/${c.p1}/votes/${participant}`, { body: vote(['agree', 'disagree', 'neutral'][i]) });
      }
      await ctx.call('PUT', `/proposals/${c.p1}/votes/${participants[0]}/qualifications/doable`, { body: { votedAt: new Date().toISOString() } });
      const submitted = await ctx.call('POST', `/consultations/${c.id}/proposals`, {
        body: { participantId: participants[2], requestId: 'request-open-data', content: 'We should publish open data' },
      });
      assert.equal(submitted.status, 201);
      const json = await ctx.call('GET', `/consultations/${c.id}/export.json`);
      const csv = await ctx.call('GET', `/consultations/${c.id}/export.csv`);
      assert.ok(z.safeParse(OpenData, json.json).success, json.text);
      assert.deepEqual(json.json.proposals.find((p) => p.id === c.p1).votes, { agree: 1, disagree: 1, neutral: 1 });
      assert.ok(!('allowedOrigins' in json.json.consultation) && !('requireSignedParticipants' in json.json.consultation));
      for (const text of [json.text, csv.text]) {
        for (const secret of [...participants, 'request-open-data', 'secret-partner']) assert.ok(!text.includes(secret), `${secret} in the export`);
      }
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(csv.headers.get('content-disposition') ?? '', new RegExp(`attachment; filename="${c.id}\\.csv"`));
    });

    it('CSV: cells a spreadsheet would run as a formula are neutralised, and quoting follows RFC 4180', async () => {
      const id = 'csv-hostile';
      const contents = [
        '=HYPERLINK("http://evil.example","click")',
        '+1+1 makes two',
        '-2+3 makes one',
        '@SUM(A1:A9)',
        '\tTabbed start',
        '\rCarriage start',
        'Plain, with a comma',
        'Say "hello" twice ""',
        'Line one\nline two\r\nline three',
        'We should keep this one as it is',
      ];
      const authors = { 0: { name: '=cmd|" /C calc"!A0', organisation: '@evil' }, 1: { name: '\tTabbed name', organisation: '\rCarriage org' } };
      const proposals = contents.map((content, i) => ({ id: `${id}-${i}`, content, author: authors[i] }));
      await ctx.importFile(fixtureFile(id, { consultation: { proposalPrefix: null }, proposals }));
      const answer = await ctx.call('GET', `/consultations/${id}/export.csv`);
      assert.equal(answer.status, 200);
      const rows = parseCsv(answer.text);
      const [header, ...body] = rows;
      assert.ok(rows.every((r) => r.length === header.length), 'every row has every column');
      const column = (name) => header.indexOf(name);
      assert.deepEqual(
        body.map((r) => r[column('content')]),
        // Imported texts are cleaned first (src/protocol/text.ts): a leading tab or CR is trimmed.
        contents.map(cleanProposalText).map((content) => (/^[=+\-@\t\r]/.test(content) ? `'${content}` : content)),
      );
      assert.equal(body[0][column('authorName')], `'=cmd|" /C calc"!A0`);
      assert.equal(body[0][column('authorOrganisation')], "'@evil");
      assert.deepEqual([body[1][column('authorName')], body[1][column('authorOrganisation')]], ["'\tTabbed name", "'\rCarriage org"]);
      for (const r of body) for (const cell of r) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a cell starts like a formula: ${JSON.stringify(cell)}`);
    });
  });
});

describe('consult-server CLI environment (SQLite)', () => {
  const cli = fileURLToPath(new URL('../../server/dist/cli.js', import.meta.url));
  const children = [];

  /** Starts `consult-server --port 0 --db :memory:` with `env`; resolves once it prints its URL. */
  async function startCli(env) {
    const child = spawn(process.execPath, [cli, '--port', '0', '--db', ':memory:'], {
      env: { ...process.env, CONSULT_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const api = await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /protocol v1 at (http:\/\/\S+\/api\/v1)/.exec(output);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`consult-server exited with ${code}:\n${output}`)));
    });
    const imported = await request(`${api}/admin/consultations`, 'POST', { body: fixtureFile('cli'), headers: bearer(ADMIN_TOKEN) });
    assert.equal(imported.status, 201, imported.text);
    return { api, output: () => output };
  }

  let limited;
  let unlimited;
  before(async () => {
    [limited, unlimited] = await Promise.all([
      startCli({ CONSULT_RATE_LIMIT_PARTICIPANT: '2' }),
      startCli({ CONSULT_RATE_LIMIT: 'off', CONSULT_RATE_LIMIT_PARTICIPANT: '2', CONSULT_RATE_LIMIT_ADDRESS: '2' }),
    ]);
  });
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  });

  const votes = async (api, participant, count) => {
    const statuses = [];
    for (let i = 1; i <= count; i++) {
      statuses.push((await request(`${api}/proposals/cli-p${i}/votes/${participant}`, 'PUT', { body: vote('agree') })).status);
    }
    return statuses;
  };

  it('CONSULT_RATE_LIMIT_PARTICIPANT sets the limit; CONSULT_RATE_LIMIT=off turns every limit off', async () => {
    assert.deepEqual(await votes(limited.api, PARTICIPANT, 4), [200, 200, 429, 429]);
    assert.deepEqual(await votes(unlimited.api, PARTICIPANT, 5), [200, 200, 200, 200, 200]);
  });

  it('CONSULT_TRUST_PROXY=1: a client rotating its own X-Forwarded-For entry stays one address', async () => {
    const behind = await startCli({ CONSULT_TRUST_PROXY: '1', CONSULT_RATE_LIMIT_ADDRESS: '5' });
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const headers = { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` };
      statuses.push((await request(`${behind.api}/consultations/cli`, 'GET', { headers })).status);
    }
    // nginx's form: the rightmost entry is the client it saw; the import in startCli came from 127.0.0.1 itself.
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
  });

  it('CONSULT_TRUST_PROXY=true (trust every hop) and malformed limits stop the server with a usage error', async () => {
    for (const env of [{ CONSULT_TRUST_PROXY: 'true' }, { CONSULT_TRUST_PROXY: '10.0.0.0/99' }, { CONSULT_REQUEST_TIMEOUT: '0' }, { CONSULT_RATE_LIMIT_IPV6_PREFIX: '8' }]) {
      const child = spawn(process.execPath, [cli, '--port', '0', '--db', ':memory:'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      assert.equal(code, 2, `${JSON.stringify(env)}: ${stderr}`);
      assert.match(stderr, new RegExp(Object.keys(env)[0]), stderr);
    }
  });

  it(
    'participant ids stay out of the logs at LOG_LEVEL=info',
    async () => {
      assert.deepEqual(await votes(unlimited.api, 'participant-cli-log', 2), [200, 200]);
      await request(`${unlimited.api}/consultations/cli/sequence?participantId=participant-cli-log`, 'GET');
      assert.match(unlimited.output(), /request completed/);
      assert.ok(!unlimited.output().includes('participant-cli-log'), unlimited.output());
    },
  );
});
