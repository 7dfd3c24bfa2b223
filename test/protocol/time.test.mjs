// @ts-check
/**
 * The protocol's pure rules added by issue 9, on the compiled module (npm run build first): click
 * times (src/protocol/time.ts and `ClickTime`), the moderation body, and which author fields the
 * open data publishes (src/protocol/admin.ts). The server and the memory adapter both use these.
 *
 *   npm run build && node --test test/protocol/time.test.mjs
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { ModerationRequest, publishedAuthor } from 'consult-widgets/protocol/admin';
import { CLOCK_SKEW_MS, ClickTime, clickInstant, countedClick, Timestamp, VoteRequest } from 'consult-widgets/protocol';
import { IMPOSSIBLE_DATES } from '../server/dates.mjs';

describe('clickInstant', () => {
  it('reads real instants, offsets and fractions included, as Date.parse does', () => {
    for (const text of ['2000-01-01T00:00:00Z', '2024-02-29T10:00:00Z', '2025-02-10T09:30+01:00', '2025-02-10T09:30:00.123456-05:30', '9999-12-31T23:59:59Z']) {
      assert.equal(clickInstant(text), Date.parse(text), text);
    }
  });

  it('refuses what Date.parse takes or rolls over: impossible dates and instants before 2000', () => {
    for (const [name, text] of IMPOSSIBLE_DATES) {
      assert.ok(z.safeParse(Timestamp, text).success, `${name}: the pattern alone lets it through`);
      assert.ok(Number.isNaN(clickInstant(text)), name);
    }
    // Date.parse rolls 30 February over into 2 March: the bug this rule closes.
    assert.equal(new Date(Date.parse('2026-02-30T10:00:00Z')).toISOString(), '2026-03-02T10:00:00.000Z');
    for (const text of ['yesterday', '', '2025-02-10', '2025-02-10T09:00', '+002025-02-10T09:00Z']) assert.ok(Number.isNaN(clickInstant(text)), text);
  });
});

describe('countedClick', () => {
  const now = Date.UTC(2026, 2, 2, 10, 0);
  it('keeps a click up to 5 minutes ahead, and any click in the past, as sent', () => {
    assert.equal(CLOCK_SKEW_MS, 5 * 60_000);
    for (const votedAt of [now - 86_400_000, now, now + CLOCK_SKEW_MS]) assert.equal(countedClick(votedAt, now), votedAt);
  });
  it('counts a click further ahead at the receive time', () => {
    for (const votedAt of [now + CLOCK_SKEW_MS + 1, clickInstant('9999-12-31T23:59:59Z')]) assert.equal(countedClick(votedAt, now), now);
  });
});

describe('schemas', () => {
  it('ClickTime is what votedAt takes in votes, withdrawals and qualifications', () => {
    assert.ok(z.safeParse(VoteRequest, { key: 'agree', votedAt: '2024-02-29T10:00:00Z' }).success);
    for (const [name, votedAt] of IMPOSSIBLE_DATES) {
      assert.equal(z.safeParse(ClickTime, votedAt).success, false, name);
      assert.equal(z.safeParse(VoteRequest, { key: 'agree', votedAt }).success, false, name);
    }
  });

  it('ModerationRequest: a refusal needs a reason, an acceptance takes none', () => {
    assert.ok(z.safeParse(ModerationRequest, { decision: 'accept' }).success);
    assert.ok(z.safeParse(ModerationRequest, { decision: 'refuse', reason: 'insulting' }).success);
    for (const body of [{ decision: 'accept', reason: 'insulting' }, { decision: 'accept', reason: null }, { decision: 'refuse' }, { decision: 'refuse', reason: 'boring' }]) {
      assert.equal(z.safeParse(ModerationRequest, body).success, false, JSON.stringify(body));
    }
  });

  it('publishedAuthor keeps what the consent line of the form that sends it names', () => {
    assert.deepEqual(publishedAuthor({ name: 'Ada', age: 36 }), { name: 'Ada', age: 36 });
    assert.deepEqual(publishedAuthor({ name: 'Ada', organisation: 'Lab', country: 'SN' }), { name: 'Ada', organisation: 'Lab', country: 'SN' });
    assert.deepEqual(publishedAuthor({ name: 'Ada', age: 36, country: 'SN' }), { name: 'Ada', country: 'SN' });
    assert.deepEqual(publishedAuthor({ age: 36, organisation: 'Lab' }), { organisation: 'Lab' });
    assert.equal(publishedAuthor({}), undefined);
    assert.equal(publishedAuthor(undefined), undefined);
  });
});
