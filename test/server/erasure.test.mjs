// @ts-check
/**
 * Issue 10, erasure (docs/server.md "Erasure"), on SQLite and PostgreSQL: a participant erases
 * their participation in a consultation with their token (`DELETE /participants/{id}`); an
 * operator erases an id everywhere (`DELETE /admin/participants/{id}`). Afterwards no row of any
 * table names the participant, and every counter equals a recount from the vote rows left.
 *
 *   npm run build && node --test test/server/erasure.test.mjs
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QUALIFICATION_KEYS, VOTE_KEYS } from 'consult-widgets/protocol';
import { signParticipant } from 'consult-server';
import { assertAnswer, assertError, forEachDatabase, OTHER, PARTICIPANT, SIGNING_SECRET, startServer, vote } from './server.mjs';

// The counter columns of the proposals table (migrations 1 and 3), written out: the recount must not borrow the server's own mapping.
const VERIFIED_COLUMNS = { agree: 'v_agree', disagree: 'v_disagree', neutral: 'v_neutral' };
const ISSUED_COLUMNS = { agree: 'i_agree', disagree: 'i_disagree', neutral: 'i_neutral' };
const QUALIFICATION_COLUMNS = Object.fromEntries(QUALIFICATION_KEYS.map((q) => [q, `q_${q.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`]));

const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** Every row of every table, whatever the database. */
async function allRows(ctx) {
  if (ctx.database === 'sqlite') {
    const db = ctx.storage.db;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
  }
  const pool = ctx.storage.pool;
  const { rows: tables } = await pool.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  const out = {};
  for (const { table_name: name } of tables) out[name] = (await pool.query(`SELECT * FROM "${name}"`)).rows;
  return out;
}

/** Tables holding a row that mentions `id` anywhere (any column, as text). */
async function tablesNaming(ctx, id) {
  const rows = await allRows(ctx);
  return Object.entries(rows)
    .filter(([, list]) => list.some((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).includes(id)))
    .map(([name]) => name);
}

/** Every proposal whose stored counters differ from a recount of the vote rows: [] when exact. */
async function countersOffRecount(ctx) {
  const { proposals, votes } = await allRows(ctx);
  const expected = new Map(proposals.map((p) => [String(p.seq), {}]));
  const add = (seq, column) => {
    const counts = expected.get(String(seq));
    counts[column] = (counts[column] ?? 0) + 1;
  };
  for (const v of votes) {
    if (!v.key) continue;
    add(v.proposal_seq, v.key);
    if (v.trust === 'host') add(v.proposal_seq, VERIFIED_COLUMNS[v.key]);
    if (v.trust === 'issued') add(v.proposal_seq, ISSUED_COLUMNS[v.key]);
    QUALIFICATION_KEYS.forEach((q, i) => {
      if (v.qualifications & (1 << i)) add(v.proposal_seq, QUALIFICATION_COLUMNS[q]);
    });
  }
  const columns = [
    ...VOTE_KEYS,
    ...VOTE_KEYS.map((k) => VERIFIED_COLUMNS[k]),
    ...VOTE_KEYS.map((k) => ISSUED_COLUMNS[k]),
    ...QUALIFICATION_KEYS.map((q) => QUALIFICATION_COLUMNS[q]),
  ];
  return proposals.flatMap((p) => {
    const counts = expected.get(String(p.seq));
    const off = columns.filter((c) => Number(p[c]) !== (counts[c] ?? 0));
    return off.length ? [`${p.id}: ${off.map((c) => `${c} ${p[c]} ≠ ${counts[c] ?? 0}`).join(', ')}`] : [];
  });
}

await forEachDatabase('erasure', (database) => {
  /** A server, a consultation, an issued participant with votes, qualifications and two submissions, and others' votes. */
  async function scene(t) {
    const ctx = await startServer({ database: database.id });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const me = assertAnswer(await ctx.call('POST', '/participants', { body: { consultationId: c.id } }), 'issueParticipant');
    const mine = bearer(me.token);
    const cast = (who, proposal, key, headers = {}) =>
      ctx.call('PUT', `/proposals/${proposal}/votes/${who}`, { body: vote(key), headers }).then((a) => assertAnswer(a, 'castVote'));
    const qualify = (who, proposal, q, headers = {}) =>
      ctx.call('PUT', `/proposals/${proposal}/votes/${who}/qualifications/${q}`, { body: { votedAt: new Date().toISOString() }, headers }).then((a) => assertAnswer(a, 'addQualification'));
    await cast(me.participantId, c.p1, 'agree', mine);
    await qualify(me.participantId, c.p1, 'likeIt', mine);
    await qualify(me.participantId, c.p1, 'doable', mine);
    await cast(me.participantId, c.p2, 'disagree', mine);
    await qualify(me.participantId, c.p2, 'noWay', mine);
    await cast(me.participantId, c.p3, 'neutral', mine);
    await cast(me.participantId, c.p4, 'agree', mine);
    // A withdrawn vote leaves a row too: it must go as well.
    assertAnswer(await ctx.call('DELETE', `/proposals/${c.p4}/votes/${me.participantId}?votedAt=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`, { headers: mine }), 'withdrawVote');
    const submit = (requestId, content) =>
      ctx.call('POST', `/consultations/${c.id}/proposals`, { body: { participantId: me.participantId, requestId, content }, headers: mine });
    const pending = assertAnswer(await submit('req-1', 'We should open the library on Sundays'), 'submitProposal');
    const accepted = assertAnswer(await submit('req-2', 'We should light the bridge at night'), 'submitProposal');
    assert.equal((await ctx.admin('POST', `/proposals/${accepted.id}/moderation`, { body: { decision: 'accept' } })).status, 200);
    // Others, trusted and not, on the same proposals.
    await cast(OTHER, c.p1, 'agree');
    await qualify(OTHER, c.p1, 'likeIt');
    await cast(PARTICIPANT, c.p1, 'disagree', bearer(signParticipant(SIGNING_SECRET, c.id, PARTICIPANT)));
    await cast(OTHER, accepted.id, 'agree');
    return { ctx, c, me, mine, cast, pending: pending.id, accepted: accepted.id };
  }

  describe('by the participant, with their token', () => {
    it('removes every row naming them, their pending proposal, and leaves the tallies exact', async (t) => {
      const { ctx, c, me, mine, pending, accepted } = await scene(t);
      assert.deepEqual((await tablesNaming(ctx, me.participantId)).sort(), ['participants', 'submissions', 'votes']);
      const results = await ctx.call('GET', `/consultations/${c.id}/results`); // cached before the erasure
      assert.equal(results.json.counts.participants, 3);
      const erased = assertAnswer(await ctx.call('DELETE', `/participants/${me.participantId}?consultationId=${c.id}`, { headers: mine }), 'eraseParticipation');
      assert.deepEqual(erased, { votes: 3, qualifications: 3, submissions: 2, pendingProposals: 1 });
      assert.deepEqual(await tablesNaming(ctx, me.participantId), [], 'no row names the participant');
      assert.deepEqual(await countersOffRecount(ctx), [], 'counters equal a recount of the vote rows');
      const p1 = (await ctx.call('GET', `/proposals/${c.p1}`)).json;
      assert.deepEqual(p1.votes, { agree: 1, disagree: 1, neutral: 0 });
      assert.equal(p1.qualifications.likeIt, 1);
      assert.equal(p1.qualifications.doable ?? 0, 0);
      // The pending proposal is gone; the accepted one stays, its link to the author gone.
      const queue = (await ctx.admin('GET', `/consultations/${c.id}/proposals?status=pending`)).json.items.map((p) => p.id);
      assert.ok(!queue.includes(pending), 'the pending proposal went with its author');
      assert.equal((await ctx.call('GET', `/proposals/${accepted}`)).json.votes.agree, 1, 'an accepted proposal stays, with the votes of others');
      // The answer cache heard of it: results right after the erasure already count without them.
      const after = await ctx.call('GET', `/consultations/${c.id}/results`);
      assert.equal(after.json.counts.participants, 2);
      assert.notEqual(after.headers.get('etag'), results.headers.get('etag'));
      assert.deepEqual(assertAnswer(await ctx.call('GET', `/participants/${me.participantId}/votes?consultationId=${c.id}`, { headers: mine }), 'getParticipantVotes').votes, []);
    });

    it('erasing twice is fine: the second answers zeros', async (t) => {
      const { ctx, c, me, mine } = await scene(t);
      const path = `/participants/${me.participantId}?consultationId=${c.id}`;
      assertAnswer(await ctx.call('DELETE', path, { headers: mine }), 'eraseParticipation');
      const again = assertAnswer(await ctx.call('DELETE', path, { headers: mine }), 'eraseParticipation');
      assert.deepEqual(again, { votes: 0, qualifications: 0, submissions: 0, pendingProposals: 0 });
      assert.deepEqual(await countersOffRecount(ctx), []);
    });

    it('a host-signed id erases with the host token; its host counters follow', async (t) => {
      const { ctx, c } = await scene(t);
      const host = bearer(signParticipant(SIGNING_SECRET, c.id, PARTICIPANT));
      assertError(await ctx.call('DELETE', `/participants/${PARTICIPANT}?consultationId=${c.id}`), 401, 'unauthorized');
      const erased = assertAnswer(await ctx.call('DELETE', `/participants/${PARTICIPANT}?consultationId=${c.id}`, { headers: host }), 'eraseParticipation');
      assert.equal(erased.votes, 1);
      assert.deepEqual(await tablesNaming(ctx, PARTICIPANT), []);
      assert.deepEqual(await countersOffRecount(ctx), []);
    });

    it('refuses without a token, with another participant\u2019s token or a forged one (401), and changes nothing', async (t) => {
      const { ctx, c, me } = await scene(t);
      const other = assertAnswer(await ctx.call('POST', '/participants', { body: { consultationId: c.id } }), 'issueParticipant');
      const path = `/participants/${me.participantId}?consultationId=${c.id}`;
      const before = await allRows(ctx);
      assertError(await ctx.call('DELETE', path), 401, 'unauthorized');
      assertError(await ctx.call('DELETE', path, { headers: bearer(other.token) }), 401, 'unauthorized');
      assertError(await ctx.call('DELETE', path, { headers: bearer(`${other.token.slice(0, -4)}AAAA`) }), 401, 'unauthorized');
      assertError(await ctx.call('DELETE', path, { headers: bearer(signParticipant(SIGNING_SECRET, c.id, OTHER)) }), 401, 'unauthorized');
      // A bare client-chosen id has no token: it cannot erase itself (an operator can).
      assertError(await ctx.call('DELETE', `/participants/${OTHER}?consultationId=${c.id}`), 401, 'unauthorized');
      assert.deepEqual(await allRows(ctx), before, 'nothing changed');
    });

    it('erases only the consultation named; 404 for an unknown one, 400 without one', async (t) => {
      const { ctx, c, me, mine } = await scene(t);
      const d = await ctx.seed();
      assertAnswer(await ctx.call('PUT', `/proposals/${d.p1}/votes/${me.participantId}`, { body: vote('agree'), headers: mine }), 'castVote');
      assertError(await ctx.call('DELETE', `/participants/${me.participantId}?consultationId=no-such-consultation`, { headers: mine }), 404, 'not_found');
      assertError(await ctx.call('DELETE', `/participants/${me.participantId}`, { headers: mine }), 400, 'invalid_request');
      assertAnswer(await ctx.call('DELETE', `/participants/${me.participantId}?consultationId=${c.id}`, { headers: mine }), 'eraseParticipation');
      const left = assertAnswer(await ctx.call('GET', `/participants/${me.participantId}/votes?consultationId=${d.id}`, { headers: mine }), 'getParticipantVotes');
      assert.deepEqual(left.votes.map((v) => v.proposalId), [d.p1]);
    });
  });

  describe('by an operator', () => {
    it('erases an id in every consultation, logs it with a keyed hash and never the id', async (t) => {
      const lines = [];
      const stream = { write: (line) => lines.push(line) };
      const ctx = await startServer({ database: database.id, logger: { level: 'info', stream } });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const d = await ctx.seed();
      for (const p of [c.p1, c.p2, d.p3]) assertAnswer(await ctx.call('PUT', `/proposals/${p}/votes/${OTHER}`, { body: vote('agree') }), 'castVote');
      await ctx.call('PUT', `/proposals/${c.p1}/votes/${OTHER}/qualifications/likeIt`, { body: { votedAt: new Date().toISOString() } });
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('agree') }), 'castVote');
      assertError(await ctx.call('DELETE', `/admin/participants/${OTHER}`), 401, 'unauthorized');
      assertError(await ctx.admin('DELETE', `/participants/${encodeURIComponent('bad id!')}`), 400, 'invalid_request');
      const erased = await ctx.admin('DELETE', `/participants/${OTHER}`);
      assert.equal(erased.status, 200, erased.text);
      assert.deepEqual(erased.json, { votes: 3, qualifications: 1, submissions: 0, pendingProposals: 0, consultations: [c.id, d.id].sort() });
      assert.deepEqual(await tablesNaming(ctx, OTHER), []);
      assert.deepEqual(await countersOffRecount(ctx), []);
      assert.equal((await ctx.call('GET', `/proposals/${c.p1}`)).json.votes.agree, 1, 'the other participant\u2019s vote stays');
      const again = await ctx.admin('DELETE', `/participants/${OTHER}`);
      assert.deepEqual(again.json, { votes: 0, qualifications: 0, submissions: 0, pendingProposals: 0, consultations: [] });
      const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.erasure);
      assert.equal(logged.length, 2);
      assert.equal(logged[0].erasure.by, 'admin-token');
      assert.match(logged[0].erasure.participant, /^[A-Za-z0-9_-]{22}$/);
      assert.equal(logged[0].erasure.participant, logged[1].erasure.participant, 'the same id hashes the same: an operator can confirm it');
      assert.ok(!lines.some((l) => l.includes(OTHER)), 'no log line holds the erased id');
    });
  });

  describe('logs', () => {
    it('name no raw address: a keyed hash of the address key (one per IPv4 address, one per IPv6 /64)', async (t) => {
      const lines = [];
      const ctx = await startServer({ database: database.id, logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const from = async (remoteAddress) => {
        const answer = await ctx.server.app.inject({ method: 'GET', url: `/api/v1/consultations/${c.id}`, remoteAddress });
        assert.equal(answer.statusCode, 200);
        return JSON.parse(lines.findLast((l) => l.includes('"req"'))).req.client;
      };
      const v4 = await from('198.51.100.23');
      const v4again = await from('198.51.100.23');
      const v4other = await from('198.51.100.24');
      const v6 = await from('2001:db8:5:6::1');
      const v6sameHost = await from('2001:db8:5:6:aaaa:bbbb:cccc:dddd');
      for (const hash of [v4, v4other, v6]) assert.match(hash, /^addr:[0-9a-f]{16}$/);
      assert.equal(v4, v4again);
      assert.notEqual(v4, v4other);
      assert.equal(v6, v6sameHost, 'an IPv6 /64 is one client');
      assert.notEqual(v4, v6);
      const text = lines.join('');
      assert.ok(!/198\.51\.100|2001:db8|remoteAddress/.test(text), 'no raw address in any line');
    });
  });

  describe('concurrency', () => {
    it('votes racing an erasure leave counters equal to a recount', async (t) => {
      const ctx = await startServer({ database: database.id });
      t.after(() => ctx.close());
      const c = await ctx.seed();
      const me = assertAnswer(await ctx.call('POST', '/participants', { body: { consultationId: c.id } }), 'issueParticipant');
      const mine = bearer(me.token);
      const proposals = [c.p1, c.p2, c.p3, c.p4, c.p5];
      for (let round = 0; round < 4; round++) {
        const keys = ['agree', 'disagree', 'neutral'];
        const writes = proposals.flatMap((p, i) => [
          ctx.call('PUT', `/proposals/${p}/votes/${me.participantId}`, { body: vote(keys[(i + round) % 3]), headers: mine }),
          ctx.call('PUT', `/proposals/${p}/votes/${OTHER}-${round}`, { body: vote(keys[i % 3]) }),
        ]);
        const erasure = ctx.call('DELETE', `/participants/${me.participantId}?consultationId=${c.id}`, { headers: mine });
        const answers = await Promise.all([...writes, erasure]);
        for (const a of answers) assert.equal(a.status, 200, a.text);
        assert.deepEqual(await countersOffRecount(ctx), [], `round ${round}`);
      }
    });
  });
});
