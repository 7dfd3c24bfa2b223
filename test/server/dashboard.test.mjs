// @ts-check
/**
 * Issue 12: the dashboard's data (`GET /admin/consultations/{id}/dashboard`), on SQLite and
 * PostgreSQL, with the server clock simulated so activity falls into known hours: participants,
 * votes and proposals over time, proposals by status, votes per theme, the popular and divisive
 * ideas as the results rank them, and the answer cached until something changes.
 *
 *   npm run build && node --test test/server/dashboard.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import * as z from 'zod/mini';
import { Dashboard } from 'consult-widgets/protocol/admin';
import { assertAnswer, assertError, fixtureFile, forEachDatabase, startServer } from './server.mjs';
import { MINUTE, simulatedClock } from './attack.mjs';

const HOUR = 60 * MINUTE;
/** 09:10 UTC: the first hour's bucket starts at 09:00. */
const START = Date.UTC(2026, 2, 2, 9, 10);

await forEachDatabase('the dashboard', (database) => {
  let ctx;
  const clock = simulatedClock(START);
  before(async () => void (ctx = await startServer({ database: database.id, now: clock.now })));
  after(() => ctx?.close());

  const dashboard = async (id, query = '') => {
    const answer = await ctx.admin('GET', `/consultations/${id}/dashboard${query}`);
    assert.equal(answer.status, 200, answer.text);
    assert.ok(z.safeParse(Dashboard, answer.json).success, answer.text);
    return answer;
  };
  const vote = async (proposalId, participant, key) =>
    assertAnswer(await ctx.call('PUT', `/proposals/${proposalId}/votes/${participant}`, { body: { key, votedAt: clock.iso() } }), 'castVote');

  it('counts participants, votes and proposals per hour and per day, proposals by status, votes per theme', async () => {
    const id = 'dash-activity';
    // Imported through the admin API: its proposals are created at the server's time.
    assert.equal((await ctx.admin('POST', '/consultations', { body: fixtureFile(id) })).status, 201);
    await vote(`${id}-p1`, 'participant-a0001', 'agree');
    await vote(`${id}-p3`, 'participant-a0001', 'disagree');
    clock.advance(HOUR);
    await vote(`${id}-p1`, 'participant-b0001', 'agree');
    await vote(`${id}-p2`, 'participant-a0001', 'neutral'); // not a new participant
    // A vote changed keeps one vote; a withdrawn vote is no vote.
    await vote(`${id}-p5`, 'participant-b0001', 'agree');
    await vote(`${id}-p5`, 'participant-b0001', 'disagree');
    await vote(`${id}-p4`, 'participant-c0001', 'agree');
    const withdrawn = await ctx.call('DELETE', `/proposals/${id}-p4/votes/participant-c0001?votedAt=${encodeURIComponent(clock.iso())}`);
    assertAnswer(withdrawn, 'withdrawVote');
    const submitted = { participantId: 'participant-b0001', requestId: 'dash-1', content: 'We should paint the bridges', themeId: 'energy' };
    assertAnswer(await ctx.call('POST', `/consultations/${id}/proposals`, { body: submitted }), 'submitProposal');

    const hourly = (await dashboard(id)).json;
    assert.equal(hourly.bucket, 'hour');
    assert.deepEqual(hourly.timeline, [
      { at: '2026-03-02T09:00:00.000Z', participants: 1, votes: 2, proposals: 7 },
      { at: '2026-03-02T10:00:00.000Z', participants: 2, votes: 3, proposals: 1 },
    ]);
    assert.deepEqual(hourly.proposals, { pending: 2, accepted: 5, refused: 1 });
    assert.deepEqual(hourly.counts, { participants: 3, proposals: 5, votes: 5 });
    const theme = (themeId) => hourly.themes.find((t) => t.themeId === themeId);
    assert.deepEqual(theme('mobility'), { themeId: 'mobility', label: 'Mobility', proposals: 3, votes: { agree: 2, disagree: 0, neutral: 1 } });
    assert.deepEqual(theme('energy'), { themeId: 'energy', label: 'Energy', proposals: 1, votes: { agree: 0, disagree: 1, neutral: 0 } });
    assert.deepEqual(theme(null), { themeId: null, label: null, proposals: 1, votes: { agree: 0, disagree: 1, neutral: 0 } });

    const daily = (await dashboard(id, '?bucket=day')).json;
    assert.deepEqual(daily.timeline, [{ at: '2026-03-02T00:00:00.000Z', participants: 3, votes: 5, proposals: 8 }]);
  });

  it('lists the popular and divisive ideas as the results rank them', async () => {
    const id = 'dash-ideas';
    await ctx.admin('POST', '/consultations', { body: fixtureFile(id) });
    // 20 votes is the results' minimum: p1 all agree (popular), p2 split (divisive).
    for (let i = 0; i < 20; i++) {
      const participant = `participant-i${String(i).padStart(4, '0')}`;
      await vote(`${id}-p1`, participant, 'agree');
      await vote(`${id}-p2`, participant, i % 2 ? 'agree' : 'disagree');
    }
    const { popular, divisive } = (await dashboard(id)).json;
    assert.deepEqual(popular.map((p) => [p.proposalId, p.rank, p.content]), [[`${id}-p1`, 1, 'We should build safe bike lanes everywhere']]);
    assert.deepEqual(divisive.map((p) => [p.proposalId, p.rank]), [[`${id}-p2`, 1]]);
    const results = assertAnswer(await ctx.call('GET', `/consultations/${id}/results`), 'getResults');
    assert.deepEqual(
      [popular, divisive],
      [results.popular.flatMap((g) => g.proposalIds), results.divisive].map((ids) => ids.map((pid) => results.proposals.find((p) => p.proposalId === pid))),
    );
  });

  it('answers the same bytes until something changes, then moves with the next vote', async () => {
    const id = 'dash-cache';
    await ctx.admin('POST', '/consultations', { body: fixtureFile(id) });
    const first = await dashboard(id);
    const etag = first.headers.get('etag');
    assert.ok(etag);
    clock.advance(1000); // younger than the answers' maximum age: the same answer
    const again = await dashboard(id);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.json.generatedAt, first.json.generatedAt);
    await vote(`${id}-p1`, 'participant-z0001', 'agree');
    const moved = await dashboard(id);
    assert.notEqual(moved.headers.get('etag'), etag);
    assert.equal(moved.json.counts.votes, 1);
    assert.equal(moved.json.timeline.reduce((n, p) => n + p.votes, 0), 1);
  });

  it('refuses an unknown bucket, an unknown consultation and a request without the token', async () => {
    await ctx.admin('POST', '/consultations', { body: fixtureFile('dash-refusals') });
    assertError(await ctx.admin('GET', '/consultations/dash-refusals/dashboard?bucket=week'), 400, 'invalid_request');
    assertError(await ctx.admin('GET', '/consultations/no-such-one/dashboard'), 404, 'not_found');
    assertError(await ctx.call('GET', '/admin/consultations/dash-refusals/dashboard'), 401, 'unauthorized');
  });
});
