// @ts-check
/**
 * Issue 10, server-issued participants (docs/server.md, "Participants and tokens"), on SQLite and
 * PostgreSQL: `POST /participants` issues an id and a token (no cookie); the token alone opens
 * that id's votes (read, change, withdraw, qualify) until it expires, in every consultation that
 * takes issued participants; a bare client-chosen id still works and is counted untrusted; issuance is budgeted per
 * IPv4 address and IPv6 /64 (driven with `app.inject({ remoteAddress })`); every process on one
 * database signs and checks with the same key.
 *
 *   npm run build && node --test test/server/participants.test.mjs
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { ImportFile } from 'consult-widgets/protocol/admin';
import { createConsultServer, openStorage, signParticipant } from 'consult-server';
import { freshPostgres, postgresAvailable } from './pg.mjs';
import { assertAnswer, assertError, fixtureFile, forEachDatabase, OTHER, PARTICIPANT, PARTNER, SIGNING_SECRET, startServer, vote } from './server.mjs';

const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** Issues a participant for consultation `c` and answers `{ participantId, token, expiresAt }`. */
async function issue(ctx, consultationId, headers = {}) {
  const answer = await ctx.call('POST', '/participants', { body: { consultationId }, headers });
  return assertAnswer(answer, 'issueParticipant');
}

/** POST /participants from `remoteAddress`, without a socket: answers the status and Retry-After. */
async function issueFrom(ctx, consultationId, remoteAddress) {
  const answer = await ctx.server.app.inject({ method: 'POST', url: '/api/v1/participants', remoteAddress, payload: { consultationId } });
  return { status: answer.statusCode, retryAfter: answer.headers['retry-after'] };
}

await forEachDatabase('server-issued participants', (database) => {
  describe('issuance', () => {
    it('answers a fresh id with the issued prefix, a token and its expiry; sets no cookie', async (t) => {
      const ctx = await startServer({ database: database.id });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const answer = await ctx.call('POST', '/participants', { body: { consultationId: c.id } });
      const first = assertAnswer(answer, 'issueParticipant');
      assert.equal(answer.headers.get('set-cookie'), null, 'no cookie, ever');
      assert.match(first.participantId, /^i_[A-Za-z0-9_-]{22}$/);
      const days = (Date.parse(first.expiresAt) - Date.now()) / 86_400_000;
      assert.ok(days > 364 && days <= 365, `a token lives a year by default (${days} days)`);
      const second = await issue(ctx, c.id);
      assert.notEqual(second.participantId, first.participantId);
      assert.notEqual(second.token, first.token);
    });

    it('refuses an unknown (404), closed (409) or host-signed-only (403) consultation, and a partner it does not list (403)', async (t) => {
      const ctx = await startServer({ database: database.id });
      t.after(() => ctx.close());
      assertError(await ctx.call('POST', '/participants', { body: { consultationId: 'no-such-consultation' } }), 404, 'not_found');
      const closed = await ctx.seed({ consultation: { status: 'closed' } });
      assertError(await ctx.call('POST', '/participants', { body: { consultationId: closed.id } }), 409, 'closed');
      const signed = await ctx.seed({ consultation: { requireSignedParticipants: true } });
      assertError(await ctx.call('POST', '/participants', { body: { consultationId: signed.id } }), 403, 'forbidden');
      const c = await ctx.seed();
      assertError(await ctx.call('POST', '/participants', { body: { consultationId: c.id }, headers: { origin: 'https://evil.example' } }), 403, 'forbidden');
      await issue(ctx, c.id, { origin: PARTNER });
    });

    it('is off with `issuance: false`: 404, and clients keep their own ids', async (t) => {
      const ctx = await startServer({ database: database.id, issuance: false });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      assertError(await ctx.call('POST', '/participants', { body: { consultationId: c.id } }), 404, 'not_found');
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('agree') }), 'castVote');
    });
  });

  describe('the budget per address', () => {
    const budgeted = () => startServer({ database: database.id, issuance: { perAddress: 3, windowMs: 3_600_000 } });

    it('an IPv4 address gets its budget, then 429 with Retry-After; another address has its own; unknown consultations cost nothing', async (t) => {
      const ctx = await budgeted();
      t.after(() => ctx.close());
      const c = await ctx.seed();
      assert.equal((await issueFrom(ctx, 'no-such-consultation', '203.0.113.7')).status, 404);
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await issueFrom(ctx, c.id, '203.0.113.7')).status);
      assert.deepEqual(statuses, [201, 201, 201, 429, 429, 429]);
      const refused = await issueFrom(ctx, c.id, '203.0.113.7');
      const retryAfter = Number(refused.retryAfter);
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 3600, `Retry-After ${refused.retryAfter}`);
      assert.equal((await issueFrom(ctx, c.id, '203.0.113.8')).status, 201);
      // The same address as a dual-stack socket reports it is the same client.
      assert.equal((await issueFrom(ctx, c.id, '::ffff:203.0.113.7')).status, 429);
    });

    it('rotating addresses inside one IPv6 /64 does not escape it; the next /64 has its own budget', async (t) => {
      const ctx = await budgeted();
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const statuses = [];
      for (let i = 1; i <= 40; i++) statuses.push((await issueFrom(ctx, c.id, `2001:db8:1:2::${i.toString(16)}`)).status);
      assert.equal(statuses.filter((s) => s === 201).length, 3, statuses.join(' '));
      assert.equal((await issueFrom(ctx, c.id, '2001:db8:1:2:ffff:ffff:ffff:ffff')).status, 429);
      assert.equal((await issueFrom(ctx, c.id, '2001:db8:1:3::1')).status, 201);
    });

    it('a class of 30 behind one school NAT all get an identity with the default budget', async (t) => {
      const ctx = await startServer({ database: database.id });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const statuses = [];
      for (let i = 0; i < 30; i++) statuses.push((await issueFrom(ctx, c.id, '198.51.100.20')).status);
      assert.deepEqual(new Set(statuses), new Set([201]));
    });
  });

  describe('the token opens its participant, and nothing else', () => {
    it('reading and changing an issued id needs its token: none, forged, another participant\u2019s, host-signed → 401; it serves every open consultation', async (t) => {
      const ctx = await startServer({ database: database.id });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const d = await ctx.seed();
      const me = await issue(ctx, c.id);
      const other = await issue(ctx, c.id);
      const elsewhere = await issue(ctx, d.id);
      const mine = bearer(me.token);
      const votePath = `/proposals/${c.p1}/votes/${me.participantId}`;
      assertAnswer(await ctx.call('PUT', votePath, { body: vote('agree'), headers: mine }), 'castVote');
      assertAnswer(await ctx.call('PUT', `${votePath}/qualifications/likeIt`, { body: { votedAt: new Date().toISOString() }, headers: mine }), 'addQualification');

      const [head, expiry] = me.token.split('.');
      const lastChar = me.token.at(-1) === 'A' ? 'B' : 'A';
      const bad = {
        'no token': {},
        'a forged token': bearer(`${me.token.slice(0, -1)}${lastChar}`),
        'a later expiry with the same MAC': bearer(`${head}.${Number(expiry) + 1}.${me.token.split('.')[2]}`),
        'another participant\u2019s token': bearer(other.token),
        'a token issued for another consultation, to someone else': bearer(elsewhere.token),
        'a host-signed token for the id': bearer(signParticipant(SIGNING_SECRET, c.id, me.participantId)),
      };
      for (const headers of Object.values(bad)) {
        const at = new Date(Date.now() + 1000).toISOString();
        assertError(await ctx.call('GET', `/participants/${me.participantId}/votes?consultationId=${c.id}`, { headers }), 401, 'unauthorized');
        assertError(await ctx.call('PUT', votePath, { body: vote('disagree', at), headers }), 401, 'unauthorized');
        assertError(await ctx.call('DELETE', `${votePath}?votedAt=${encodeURIComponent(at)}`, { headers }), 401, 'unauthorized');
        assertError(await ctx.call('DELETE', `${votePath}/qualifications/likeIt`, { headers }), 401, 'unauthorized');
        assertError(await ctx.call('GET', `/consultations/${c.id}/sequence?participantId=${me.participantId}`, { headers }), 401, 'unauthorized');
        const submission = { participantId: me.participantId, requestId: 'request-1', content: 'We should open a bike repair shop downtown' };
        assertError(await ctx.call('POST', `/consultations/${c.id}/proposals`, { body: submission, headers }), 401, 'unauthorized');
      }
      // Nothing of it changed the participant's vote.
      const votes = assertAnswer(await ctx.call('GET', `/participants/${me.participantId}/votes?consultationId=${c.id}`, { headers: mine }), 'getParticipantVotes');
      assert.deepEqual(votes.votes, [{ proposalId: c.p1, key: 'agree', qualifications: ['likeIt'] }]);
      // The other participant's token opens the other participant only.
      const theirs = await ctx.call('GET', `/participants/${other.participantId}/votes?consultationId=${c.id}`, { headers: bearer(other.token) });
      assert.deepEqual(assertAnswer(theirs, 'getParticipantVotes').votes, []);
      // One identity serves every consultation of the server, as a browser's own id does.
      assertAnswer(await ctx.call('PUT', `/proposals/${d.p1}/votes/${me.participantId}`, { body: vote('agree'), headers: mine }), 'castVote');
      const signed = await ctx.seed({ consultation: { requireSignedParticipants: true } });
      assertError(await ctx.call('PUT', `/proposals/${signed.p1}/votes/${me.participantId}`, { body: vote('agree'), headers: mine }), 401, 'unauthorized');
    });

    it('an expired token → 401', async (t) => {
      const ctx = await startServer({ database: database.id, issuance: { tokenDays: -1 } });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const me = await issue(ctx, c.id);
      assert.ok(Date.parse(me.expiresAt) < Date.now());
      const error = assertError(await ctx.call('PUT', `/proposals/${c.p1}/votes/${me.participantId}`, { body: vote('agree'), headers: bearer(me.token) }), 401, 'unauthorized');
      assert.match(error.message, /expired/);
    });

    it('a bare client-chosen id still votes (old clients); an id with the issued prefix but no issuance is refused', async (t) => {
      const ctx = await startServer({ database: database.id });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('agree') }), 'castVote');
      assertAnswer(await ctx.call('GET', `/participants/${PARTICIPANT}/votes?consultationId=${c.id}`), 'getParticipantVotes');
      assertError(await ctx.call('PUT', `/proposals/${c.p1}/votes/i_made-up-by-a-client`, { body: vote('agree') }), 401, 'unauthorized');
    });
  });

  describe('trust levels', () => {
    it('issued, host-signed and bare ids are counted apart in open data; the public tallies count them all', async (t) => {
      const ctx = await startServer({ database: database.id });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const issued = await issue(ctx, c.id);
      const put = (participant, key, headers) => ctx.call('PUT', `/proposals/${c.p1}/votes/${participant}`, { body: vote(key), headers });
      assertAnswer(await put(issued.participantId, 'agree', bearer(issued.token)), 'castVote');
      assertAnswer(await put(PARTICIPANT, 'agree', bearer(signParticipant(SIGNING_SECRET, c.id, PARTICIPANT))), 'castVote');
      assertAnswer(await put(OTHER, 'disagree'), 'castVote');
      const p1 = (await ctx.call('GET', `/consultations/${c.id}/export.json`)).json.proposals.find((p) => p.id === c.p1);
      assert.deepEqual(p1.votes, { agree: 2, disagree: 1, neutral: 0 });
      assert.deepEqual(p1.verifiedVotes, { agree: 1, disagree: 0, neutral: 0 });
      assert.deepEqual(p1.issuedVotes, { agree: 1, disagree: 0, neutral: 0 });
      assert.deepEqual(p1.untrustedVotes, { agree: 0, disagree: 1, neutral: 0 });
      const csv = (await ctx.call('GET', `/consultations/${c.id}/export.csv`)).text.split('\r\n');
      const header = csv[0].split(',');
      const row = (csv.find((line) => line.startsWith(`${c.p1},`)) ?? assert.fail(`no CSV row for ${c.p1}`)).split(',');
      const column = (name) => Number(row[header.indexOf(name)]);
      assert.deepEqual([column('issuedAgree'), column('untrustedDisagree'), column('verifiedAgree')], [1, 1, 1]);
      // Results are computed as before, from every vote (which votes they use is a later step).
      const results = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults');
      assert.deepEqual(results.proposals.find((p) => p.proposalId === c.p1).votes, { agree: 2, disagree: 1, neutral: 0 });
    });
  });
});

describe('every process on one PostgreSQL signs and checks with the same key, without configuration', { skip: !(await postgresAvailable()) && 'PostgreSQL unreachable' }, () => {
  it('a token issued by one process opens its participant on another; a process with another signing secret refuses it', async (t) => {
    const db = await freshPostgres();
    assert.ok(db, 'PostgreSQL is reachable');
    t.after(() => db.drop());
    const start = async (signingSecret) => {
      const storage = await openStorage(db.url, { schema: db.schema });
      const server = await createConsultServer({ storage, signingSecret, rateLimit: false, logger: false });
      t.after(() => server.close());
      return server;
    };
    const [one, two] = await Promise.all([start(SIGNING_SECRET), start(SIGNING_SECRET)]);
    const third = await start('another-signing-secret');
    await one.storage.importConsultation(z.parse(ImportFile, fixtureFile('shared')), new Date().toISOString());
    const issued = await one.app.inject({ method: 'POST', url: '/api/v1/participants', payload: { consultationId: 'shared' } });
    assert.equal(issued.statusCode, 201, issued.body);
    const { participantId, token } = issued.json();
    const put = (server) =>
      server.app.inject({
        method: 'PUT',
        url: `/api/v1/proposals/shared-p1/votes/${participantId}`,
        headers: bearer(token),
        payload: vote('agree'),
      });
    assert.equal((await put(two)).statusCode, 200);
    assert.equal((await put(third)).statusCode, 401, 'CONSULT_SIGNING_SECRET keys the issuing key: another secret forges nothing');
  });
});
