// @ts-check
/**
 * The server's clock (`createConsultServer({ now })`, simulated here) drives what reads time: the
 * daily key of the logs' address hashes, issued tokens' expiry, the issuance budget's window and
 * the receive time that clamps a client's clock. On SQLite and PostgreSQL.
 *
 *   npm run build && node --test test/server/clock.test.mjs
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { assertAnswer, assertError, forEachDatabase, startServer } from './server.mjs';
import { MINUTE, simulatedClock } from './attack.mjs';

const HOUR = 60 * MINUTE;
/** 23:59:58 UTC, two seconds before midnight. */
const BEFORE_MIDNIGHT = Date.UTC(2026, 2, 10, 23, 59, 58);

await forEachDatabase('the server clock', (database) => {
  it('logs: one address hashes the same all day and differently after UTC midnight; nothing raw is written', async (t) => {
    const lines = [];
    const clock = simulatedClock(Date.UTC(2026, 2, 10, 0, 0, 1));
    const ctx = await startServer({ database: database.id, now: clock.now, logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const participant = 'participant-who-must-not-be-logged';
    /** The `client` of the request's log line; each request also votes, naming the participant. */
    const from = async (remoteAddress) => {
      const url = `/api/v1/proposals/${c.p1}/votes/${participant}`;
      const answer = await ctx.server.app.inject({ method: 'PUT', url, remoteAddress, payload: { key: 'agree', votedAt: clock.iso() } });
      assert.equal(answer.statusCode, 200, answer.body);
      return JSON.parse(lines.findLast((l) => l.includes('"req"'))).req.client;
    };
    const v4 = '203.0.113.7';
    const v6 = '2001:db8:5:6::1';
    const morning = { v4: await from(v4), v6: await from(v6), other: await from('203.0.113.8') };
    clock.until(BEFORE_MIDNIGHT);
    const night = { v4: await from(v4), v6: await from('2001:db8:5:6:ffff::2') };
    clock.advance(3000); // 00:00:01 the next day
    const next = { v4: await from(v4), v6: await from(v6) };

    for (const hash of [...Object.values(morning), ...Object.values(night), ...Object.values(next)]) assert.match(hash, /^addr:[0-9a-f]{16}$/);
    assert.equal(night.v4, morning.v4, 'the same IPv4 address, the same day');
    assert.equal(night.v6, morning.v6, 'the same IPv6 /64, the same day');
    assert.notEqual(morning.other, morning.v4, 'another address');
    assert.notEqual(next.v4, morning.v4, 'the key changed at midnight');
    assert.notEqual(next.v6, morning.v6);
    assert.equal(await from(v4), next.v4, 'and holds for the new day');
    const text = lines.join('');
    assert.ok(!/203\.0\.113|2001:db8|remoteAddress/.test(text), 'no raw address in any line');
    assert.ok(!text.includes(participant), 'no participant id in any line');
  });

  it('issued tokens expire on the server clock; the issuance budget frees on it', async (t) => {
    const clock = simulatedClock();
    const ctx = await startServer({ database: database.id, now: clock.now, issuance: { perAddress: 2, tokenDays: 1 } });
    t.after(() => ctx.close());
    const c = await ctx.seed({ consultation: { countUntrusted: false } });
    const issue = () => ctx.server.app.inject({ method: 'POST', url: '/api/v1/participants', remoteAddress: '198.51.100.9', payload: { consultationId: c.id } });
    const [first, second, third] = [await issue(), await issue(), await issue()];
    assert.deepEqual([first.statusCode, second.statusCode, third.statusCode], [201, 201, 429]);
    const { participantId, token, expiresAt } = first.json();
    assert.equal(Date.parse(expiresAt), clock.now() + 24 * HOUR, 'a day from the server clock');
    const castAt = () =>
      ctx.call('PUT', `/proposals/${c.p1}/votes/${participantId}`, { body: { key: 'agree', votedAt: clock.iso() }, headers: { authorization: `Bearer ${token}` } });

    clock.advance(HOUR - MINUTE);
    assert.equal((await issue()).statusCode, 429, 'still within the hour');
    clock.advance(2 * MINUTE);
    assert.equal((await issue()).statusCode, 201, 'the window slid past the first two');

    clock.advance(22 * HOUR);
    assertAnswer(await castAt(), 'castVote');
    clock.advance(2 * HOUR);
    assertError(await castAt(), 401, 'unauthorized');
  });

  it('a vote counts at its receive time on the server clock when the client claims a later time', async (t) => {
    const clock = simulatedClock();
    const ctx = await startServer({ database: database.id, now: clock.now });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const put = (key, votedAt) => ctx.call('PUT', `/proposals/${c.p1}/votes/participant-clock`, { body: { key, votedAt } });
    // A phone a day fast: its click counts at the server's time; a click ten minutes later then follows it.
    assertAnswer(await put('agree', new Date(clock.now() + 24 * HOUR).toISOString()), 'castVote');
    clock.advance(10 * MINUTE);
    const later = assertAnswer(await put('disagree', clock.iso()), 'castVote');
    assert.deepEqual(later.votes, { agree: 0, disagree: 1, neutral: 0 }, 'the later click wins: the first one was clamped to its receive time');
  });
});
