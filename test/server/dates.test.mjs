// @ts-check
/**
 * Click times over real HTTP, on SQLite and PostgreSQL (issue 9, item 4). Before: a `votedAt` of
 * 9999-12-31T23:59:59Z was accepted and locked the vote for good (the owner's later PUT and DELETE
 * lost, since the newest votedAt wins), and 2026-02-30T10:00:00Z and 0000-01-01… were accepted.
 * Now impossible dates and years before 2000 are 400, and a votedAt more than 5 minutes ahead of
 * the server counts at its receive time (src/protocol/time.ts; docs/decisions.md says why).
 *
 *   npm run build && node --test test/server/dates.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IMPOSSIBLE_DATES } from './dates.mjs';
import { assertAnswer, assertError, forEachDatabase, OTHER, PARTICIPANT, startServer } from './server.mjs';

const MINUTE = 60_000;
const fromNow = (ms) => new Date(Date.now() + ms).toISOString();

await forEachDatabase('click times (votedAt)', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await startServer({ database: database.id });
  });
  after(() => ctx?.close());

  const votePath = (c, pid = c.p1, participant = PARTICIPANT) => `/proposals/${pid}/votes/${participant}`;
  const put = (c, key, votedAt, participant) => ctx.call('PUT', votePath(c, c.p1, participant), { body: { key, votedAt } });
  const withdraw = (c, votedAt, participant) => ctx.call('DELETE', `${votePath(c, c.p1, participant)}?votedAt=${encodeURIComponent(votedAt)}`);

  it("a votedAt of 9999-12-31T23:59:59Z no longer locks the vote: the owner's later PUT and DELETE win", async () => {
    const c = await ctx.seed();
    const locked = assertAnswer(await put(c, 'agree', '9999-12-31T23:59:59Z'), 'castVote');
    assert.equal(locked.key, 'agree', 'accepted (a clock that far off still clicked), at the receive time');
    const changed = assertAnswer(await put(c, 'disagree', fromNow(1000)), 'castVote');
    assert.equal(changed.key, 'disagree', 'the PUT one second later wins (before issue 9 it lost)');
    assert.deepEqual(changed.votes, { agree: 0, disagree: 1, neutral: 0 });
    const withdrawn = assertAnswer(await withdraw(c, fromNow(2000)), 'withdrawVote');
    assert.equal(withdrawn.key, null, 'and so does the DELETE');
    assert.deepEqual(withdrawn.votes, { agree: 0, disagree: 0, neutral: 0 });
    const mine = assertAnswer(await ctx.call('GET', `/participants/${PARTICIPANT}/votes?consultationId=${c.id}`), 'getParticipantVotes');
    assert.deepEqual(mine.votes, []);
  });

  it('a phone a few minutes fast keeps its votedAt: its clicks keep their order however they arrive', async () => {
    const c = await ctx.seed();
    // Clicked agree, then disagree 10 s later, on a clock 4 minutes fast; the agree arrives last.
    assertAnswer(await put(c, 'disagree', fromNow(4 * MINUTE + 10_000), OTHER), 'castVote');
    const late = assertAnswer(await put(c, 'agree', fromNow(4 * MINUTE), OTHER), 'castVote');
    assert.equal(late.key, 'disagree', 'the older click loses, although it arrived last');
    assert.deepEqual(late.votes, { agree: 0, disagree: 1, neutral: 0 });
  });

  it('a votedAt more than 5 minutes ahead counts at its receive time: a real click right after wins', async () => {
    const c = await ctx.seed();
    assertAnswer(await put(c, 'agree', fromNow(6 * MINUTE)), 'castVote');
    assert.equal(assertAnswer(await put(c, 'neutral', fromNow(1000)), 'castVote').key, 'neutral');
  });

  it(`refuses ${IMPOSSIBLE_DATES.length} impossible or pre-2000 votedAt values with 400 in votes, withdrawals and qualifications, and counts none`, async () => {
    const c = await ctx.seed();
    assertAnswer(await put(c, 'agree', fromNow(0), OTHER), 'castVote');
    const qualificationPath = `${votePath(c, c.p1, OTHER)}/qualifications/likeIt`;
    for (const [name, votedAt] of IMPOSSIBLE_DATES) {
      const error = assertError(await put(c, 'agree', votedAt), 400, 'invalid_request');
      assert.match(error.message, /votedAt/, name);
      assertError(await withdraw(c, votedAt, OTHER), 400, 'invalid_request');
      assertError(await ctx.call('PUT', qualificationPath, { body: { votedAt } }), 400, 'invalid_request');
    }
    const proposal = assertAnswer(await ctx.call('GET', `/proposals/${c.p1}`), 'getProposal');
    assert.deepEqual(proposal.votes, { agree: 1, disagree: 0, neutral: 0 }, 'only the valid vote counts; no withdrawal went through');
    assert.deepEqual(proposal.qualifications, {});
  });

  it('accepts the real dates next to them: 29 February 2024, 2000-01-01T00:00Z, offsets', async () => {
    const c = await ctx.seed();
    for (const [i, votedAt] of ['2000-01-01T00:00:00Z', '2000-01-01T01:30:00+01:00', '2024-02-29T10:00:00Z', '2024-12-31T23:59:59.999-05:00'].entries()) {
      const answer = assertAnswer(await put(c, i % 2 ? 'agree' : 'disagree', votedAt), 'castVote');
      assert.equal(answer.key, i % 2 ? 'agree' : 'disagree', votedAt);
    }
    const qualified = await ctx.call('PUT', `${votePath(c)}/qualifications/likeIt`, { body: { votedAt: '2024-02-29T10:00:00Z' } });
    assert.deepEqual(assertAnswer(qualified, 'addQualification').qualifications, { likeIt: 1 });
  });
});

describe('the memory adapter applies the same rules', () => {
  it('refuses impossible dates and counts a far-future votedAt at its own clock', async () => {
    const { MemoryAdapter } = /** @type {typeof import('../../src/adapters/memory.js')} */ (
      await import(new URL('../../dist/adapters/memory.js', import.meta.url).href)
    );
    const adapter = new MemoryAdapter({ consultations: [{ id: 'c1' }], proposals: [{ id: 'p1', content: 'We should test dates' }] });
    const cast = (key, votedAt) => adapter.castVote({ proposalId: 'p1', participantId: PARTICIPANT, key, votedAt });
    for (const [name, votedAt] of IMPOSSIBLE_DATES) {
      await assert.rejects(cast('agree', votedAt), (/** @type {any} */ error) => error.code === 'invalid_request', name);
    }
    assert.equal((await cast('agree', '9999-12-31T23:59:59Z')).key, 'agree');
    assert.equal((await cast('disagree', fromNow(1000))).key, 'disagree', 'the later click wins');
    assert.equal((await cast(null, fromNow(2000))).key, null);
  });
});
