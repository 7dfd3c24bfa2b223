// @ts-check
/**
 * The moderation queue (issue 12; docs/server.md "Moderation queue"), in a real server on SQLite
 * and PostgreSQL: who decided, counts and their ETag, claims (next / previous, expiry, release,
 * what another operator's claim refuses), bulk decisions, theme changes, a proposal's history, the
 * moderation log filtered, paged and as formula-safe CSV; and many operators asking at once,
 * from two processes on PostgreSQL, never handed one proposal twice.
 *
 * Until operator accounts exist (accounts scope), HTTP calls act as the bearer token's operator
 * `admin-token`; other operators act through the storage, as the routes do for them.
 *
 *   npm run build && node --test test/server/moderation-queue.test.mjs
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import {
  BulkModerationAnswer,
  ImportFile,
  CLAIM_SECONDS,
  ModerationCounts,
  ModerationLogPage,
  ProposalHistory,
  QueueAnswer,
  ThemeChangeAnswer,
} from 'consult-widgets/protocol/admin';
import { openStorage } from 'consult-server';
import { freshPostgres } from './pg.mjs';
import { assertError, fixtureFile, forEachDatabase, PARTICIPANT, startServer } from './server.mjs';

const TOKEN = { id: 'admin-token', name: 'admin-token' };
const BOB = { id: 'op-bob', name: 'bob@example.org' };

const check = (schema, answer) => {
  assert.ok(answer.status >= 200 && answer.status < 300, `${answer.status} ${answer.text}`);
  const parsed = z.safeParse(schema, answer.json);
  assert.ok(parsed.success, `answer does not match the schema: ${JSON.stringify(parsed.error?.issues)}`);
  return parsed.data;
};

/** A consultation with `pending` pending proposals (q1, q2 …, oldest first) besides the fixture's p1–p7 (p6 pending). */
function queueFile(id, pending, consultation = {}) {
  const file = fixtureFile(id, { consultation });
  file.proposals.push(
    ...Array.from({ length: pending }, (_, i) => ({ id: `${id}-q${i + 1}`, content: `We should try queued idea number ${i + 1}`, status: 'pending' })),
  );
  return file;
}

await forEachDatabase('moderation queue', (database) => {
  let ctx;
  let clock = Date.now();
  let seeds = 0;
  before(async () => {
    ctx = await startServer({ database: database.id, now: () => clock });
  });
  after(() => ctx?.close());

  /** A consultation of its own: `{ id, p(n), q(n) }`. */
  async function seed(pending = 3, consultation = {}) {
    const id = `mq${++seeds}`;
    await ctx.importFile(queueFile(id, pending, { id, ...consultation }));
    return { id, p: (n) => `${id}-p${n}`, q: (n) => `${id}-q${n}` };
  }
  const step = (c, direction, from) => ctx.admin('POST', `/consultations/${c.id}/queue/${direction}`, { body: from ? { from } : {} });
  const landed = async (c, direction, from) => check(QueueAnswer, await step(c, direction, from));
  const moderate = (id, body) => ctx.admin('POST', `/proposals/${id}/moderation`, { body });
  const bobClaims = (id) => ctx.storage.claimProposal(id, BOB, clock, clock + CLAIM_SECONDS * 1000);
  const history = async (id) => check(ProposalHistory, await ctx.admin('GET', `/proposals/${id}/history`));

  it('each decision names its operator, in its answer, the log and the history', async () => {
    const c = await seed(2);
    const answer = await moderate(c.q(1), { decision: 'refuse', reason: 'offTopic' });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json.operator, TOKEN);
    // Another operator, through the storage as the routes call it.
    const bob = await ctx.storage.moderate(c.q(2), 'accept', null, new Date(clock).toISOString(), { operator: BOB });
    assert.deepEqual(bob.operator, BOB);
    const log = check(ModerationLogPage, await ctx.admin('GET', `/consultations/${c.id}/moderation`));
    assert.deepEqual(log.decisions.map((d) => [d.proposalId, d.operator]), [[c.q(1), TOKEN], [c.q(2), BOB]]);
    assert.equal(log.texts[c.q(1)], 'We should try queued idea number 1');
    assert.deepEqual((await history(c.q(2))).decisions.map((d) => d.operator), [BOB]);
  });

  it('counts per status with a weak ETag: 304 while nothing changes, new values once a proposal arrives or is decided', async () => {
    const c = await seed(3);
    const first = await ctx.admin('GET', `/consultations/${c.id}/queue/counts`);
    assert.deepEqual({ ...check(ModerationCounts, first), newestPendingAt: null }, { pending: 4, accepted: 5, refused: 1, claimed: 0, newestPendingAt: null });
    const tag = first.headers.get('etag');
    assert.match(tag, /^W\//);
    const again = await ctx.admin('GET', `/consultations/${c.id}/queue/counts`, { headers: { 'if-none-match': tag } });
    assert.equal(again.status, 304);

    const submitted = await ctx.call('POST', `/consultations/${c.id}/proposals`, {
      body: { participantId: PARTICIPANT, requestId: `mq-count-${c.id}`, content: 'We should count this new idea too' },
    });
    assert.equal(submitted.status, 201, submitted.text);
    const moved = await ctx.admin('GET', `/consultations/${c.id}/queue/counts`, { headers: { 'if-none-match': tag } });
    assert.equal(check(ModerationCounts, moved).pending, 5, 'a new submission shows without reload');
    assert.notEqual(moved.headers.get('etag'), tag);

    await landed(c, 'next');
    assert.equal(check(ModerationCounts, await ctx.admin('GET', `/consultations/${c.id}/queue/counts`)).claimed, 1);
    assert.equal((await moderate(c.p(6), { decision: 'accept' })).status, 200);
    const after = check(ModerationCounts, await ctx.admin('GET', `/consultations/${c.id}/queue/counts`));
    assert.deepEqual([after.pending, after.accepted, after.claimed], [4, 6, 0], 'the decision released the claim');
    assertError(await ctx.admin('GET', '/consultations/no-such-one/queue/counts'), 404, 'not_found');
  });

  it('next claims the oldest pending proposal for the operator, skips what another holds, and comes back round; previous shows decided ones', async () => {
    const c = await seed(3);
    const first = await landed(c, 'next');
    assert.equal(first.item.proposal.id, c.p(6));
    assert.equal(first.item.proposal.content, 'We should ban cars from the old town');
    assert.deepEqual(first.item.claim.operator, TOKEN);
    assert.equal(Date.parse(first.item.claim.expiresAt), clock + CLAIM_SECONDS * 1000);
    assert.equal(first.counts.claimed, 1);

    assert.deepEqual(await bobClaims(c.q(1)), { operator: BOB, expiresAt: new Date(clock + CLAIM_SECONDS * 1000).toISOString() });
    const second = await landed(c, 'next', c.p(6));
    assert.equal(second.item.proposal.id, c.q(2), "q1 is Bob's: skipped");
    assert.equal((await ctx.storage.claimOf(c.p(6), clock)), null, 'moving on released p6');
    assert.equal((await landed(c, 'next', c.q(2))).item.proposal.id, c.q(3));
    assert.equal((await landed(c, 'next', c.q(3))).item.proposal.id, c.p(6), 'past the last one: back to the first one skipped');

    // Accept-and-next, then K: the accepted one again, with its decision and no claim.
    assert.equal((await moderate(c.p(6), { decision: 'accept' })).status, 200);
    const next = await landed(c, 'next', c.p(6));
    assert.equal(next.item.proposal.id, c.q(2));
    const back = await landed(c, 'previous', c.q(2));
    assert.equal(back.item.proposal.id, c.p(6));
    assert.equal(back.item.proposal.status, 'accepted');
    assert.equal(back.item.claim, null);
    assert.deepEqual(back.item.decisions.map((d) => [d.decision, d.operator.id]), [['accept', 'admin-token']]);
    assert.equal((await landed(c, 'previous', c.p(6))).item, null, "the import's own proposals are not in the queue");

    assertError(await step(c, 'next', 'no-such-proposal'), 404, 'not_found');
    const other = await seed(1);
    assertError(await step(c, 'next', other.q(1)), 404, 'not_found');
    assertError(await step(c, 'next', 'bad id!'), 400, 'invalid_request');
    assertError(await ctx.admin('POST', `/consultations/${c.id}/queue/next`, { body: { from: c.q(2), extra: 1 } }), 400, 'invalid_request');
  });

  it("the queue flags a near-duplicate, and answers nothing once all is decided or held", async () => {
    const c = await seed(0);
    await ctx.importFile(queueFile(c.id, 0, { id: c.id })); // unchanged
    const copy = `${c.id}-copy`;
    const file = queueFile(c.id, 0, { id: c.id });
    file.proposals.push({ id: copy, content: 'We should ban cars from the old town!', status: 'pending' });
    await ctx.importFile(file);
    await bobClaims(c.p(6));
    const item = (await landed(c, 'next')).item;
    assert.equal(item.proposal.id, copy);
    assert.equal(item.proposal.duplicateOf, c.p(6));
    assert.equal((await moderate(copy, { decision: 'refuse', reason: 'multipleSubjects' })).status, 200);
    const none = await landed(c, 'next', copy);
    assert.equal(none.item, null, "the only pending one left is Bob's");
    assert.equal(none.counts.pending, 1);
  });

  it('a claim lasts CLAIM_SECONDS unless renewed; while it lasts another operator can neither decide nor re-theme it', async () => {
    const c = await seed(1);
    await bobClaims(c.q(1));
    const refused = await moderate(c.q(1), { decision: 'accept' });
    assertError(refused, 409, 'conflict');
    assert.match(refused.json.error.message, /bob@example\.org/);
    assertError(await ctx.admin('PUT', `/proposals/${c.q(1)}/theme`, { body: { themeId: 'energy' } }), 409, 'conflict');
    assertError(await ctx.admin('POST', `/proposals/${c.q(1)}/claim`), 409, 'conflict');
    assert.equal((await history(c.q(1))).claim.operator.id, BOB.id);

    clock += (CLAIM_SECONDS - 1) * 1000;
    await bobClaims(c.q(1)); // Bob stays on it: renewed
    clock += 2000;
    assertError(await moderate(c.q(1), { decision: 'accept' }), 409, 'conflict');
    clock += CLAIM_SECONDS * 1000;
    const mine = await ctx.admin('POST', `/proposals/${c.q(1)}/claim`);
    assert.equal(mine.status, 200, 'expired: anyone may take it');
    assert.deepEqual(mine.json.claim.operator, TOKEN);
    assert.deepEqual(await bobClaims(c.q(1)), { refused: 'conflict', message: `admin-token is on this proposal until ${mine.json.claim.expiresAt}.` });

    assert.deepEqual((await ctx.admin('DELETE', `/proposals/${c.q(1)}/claim`)).json, { released: true });
    assert.deepEqual((await ctx.admin('DELETE', `/proposals/${c.q(1)}/claim`)).json, { released: false });
    assert.equal((await history(c.q(1))).claim, null);
    assertError(await ctx.admin('POST', `/proposals/${c.p(1)}/claim`), 409, 'conflict'); // accepted: nothing to claim
    assertError(await ctx.admin('POST', '/proposals/no-such-one/claim'), 404, 'not_found');

    // Logout (accounts) releases every claim of the operator, and only theirs.
    const carol = { id: 'op-carol', name: 'carol@example.org' };
    await ctx.storage.claimProposal(c.q(1), carol, clock, clock + 60_000);
    await ctx.storage.claimProposal(c.p(6), carol, clock, clock + 60_000);
    const elsewhere = await seed(1);
    await ctx.storage.claimProposal(elsewhere.q(1), carol, clock, clock + 60_000);
    await bobClaims(elsewhere.p(6));
    assert.equal(await ctx.storage.releaseClaimsOf(carol.id), 3);
    assert.equal(await ctx.storage.releaseClaimsOf(carol.id), 0);
    assert.equal((await ctx.storage.claimOf(elsewhere.p(6), clock)).operator.id, BOB.id, "Bob's claim stays");
    assert.equal(check(ModerationCounts, await ctx.admin('GET', `/consultations/${c.id}/queue/counts`)).claimed, 0);
  });

  it('bulk decisions: one outcome per id, claimed and foreign ids untouched, at most 100 ids', async () => {
    const c = await seed(4);
    const other = await seed(1);
    await bobClaims(c.q(2));
    const body = { decision: 'refuse', reason: 'advertising', proposalIds: [c.q(1), c.q(2), c.q(3), other.q(1), 'nothing-here'] };
    const answer = check(BulkModerationAnswer, await ctx.admin('POST', `/consultations/${c.id}/moderation/bulk`, { body }));
    assert.deepEqual(
      answer.outcomes.map((o) => [o.proposalId, o.outcome]),
      [[c.q(1), 'decided'], [c.q(2), 'claimed'], [c.q(3), 'decided'], [other.q(1), 'not_found'], ['nothing-here', 'not_found']],
    );
    assert.deepEqual(answer.outcomes[0].decision.operator, TOKEN);
    assert.equal(answer.outcomes[0].decision.reason, 'advertising');
    assert.deepEqual([answer.counts.pending, answer.counts.refused], [3, 3]);
    assert.equal((await ctx.storage.getProposal(other.q(1))).status, 'pending', "another consultation's proposal is untouched");

    const bulk = (b) => ctx.admin('POST', `/consultations/${c.id}/moderation/bulk`, { body: b });
    const ids = Array.from({ length: 101 }, (_, i) => `id-${i}`);
    assertError(await bulk({ decision: 'accept', proposalIds: ids }), 400, 'invalid_request');
    assert.equal((await bulk({ decision: 'accept', proposalIds: ids.slice(0, 100) })).status, 200);
    assertError(await bulk({ decision: 'accept', proposalIds: [] }), 400, 'invalid_request');
    assertError(await bulk({ decision: 'accept', proposalIds: [c.q(4), c.q(4)] }), 400, 'invalid_request');
    assertError(await bulk({ decision: 'refuse', proposalIds: [c.q(4)] }), 400, 'invalid_request');
    assertError(await bulk({ decision: 'accept', reason: 'offTopic', proposalIds: [c.q(4)] }), 400, 'invalid_request');
    assert.equal((await ctx.storage.getProposal(c.q(4))).status, 'pending');
  });

  it('theme changes: pending and accepted proposals, to a theme of the consultation, logged with the operator', async () => {
    const c = await seed(1);
    const theme = (id, themeId) => ctx.admin('PUT', `/proposals/${id}/theme`, { body: { themeId } });
    const changed = check(ThemeChangeAnswer, await theme(c.q(1), 'energy'));
    assert.equal(changed.changed, true);
    assert.deepEqual({ ...changed.change, changedAt: undefined }, { proposalId: c.q(1), fromThemeId: null, toThemeId: 'energy', operator: TOKEN, changedAt: undefined });
    assert.equal(changed.proposal.themeId, 'energy');
    assert.equal(check(ThemeChangeAnswer, await theme(c.q(1), 'energy')).changed, false);

    // An accepted proposal's theme is public: the public answer follows at once.
    assert.equal((await ctx.call('GET', `/proposals/${c.p(1)}`)).json.themeId, 'mobility');
    assert.equal(check(ThemeChangeAnswer, await theme(c.p(1), null)).changed, true);
    assert.equal((await ctx.call('GET', `/proposals/${c.p(1)}`)).json.themeId, null);

    assertError(await theme(c.q(1), 'weather'), 422, 'unprocessable');
    assertError(await theme(c.p(7), 'energy'), 409, 'conflict'); // refused
    assertError(await theme('no-such-proposal', 'energy'), 404, 'not_found');
    assertError(await ctx.admin('PUT', `/proposals/${c.q(1)}/theme`, { body: {} }), 400, 'invalid_request');

    assert.equal((await moderate(c.q(1), { decision: 'accept' })).status, 200);
    const h = await history(c.q(1));
    assert.equal(h.status, 'accepted');
    assert.deepEqual(h.decisions.map((d) => d.decision), ['accept']);
    assert.deepEqual(h.themeChanges.map((t) => [t.fromThemeId, t.toThemeId, t.operator.id]), [[null, 'energy', 'admin-token']]);
    assertError(await ctx.admin('GET', '/proposals/no-such-proposal/history'), 404, 'not_found');
  });

  it('the log filters by operator, decision, reason and time, pages both ways, and downloads as formula-safe CSV', async () => {
    const c = await seed(0, { proposalPrefix: null });
    const texts = ['=HYPERLINK("http://evil.example","click")', '+cmd|calc more buses', '-2+3 cheaper tickets', '@SUM(A1) trams'];
    const file = queueFile(c.id, 0, { id: c.id, proposalPrefix: null });
    file.proposals.push(...texts.map((content, i) => ({ id: `${c.id}-x${i}`, content, status: 'pending' })));
    await ctx.importFile(file);
    const start = clock;
    const at = (i) => new Date(start + i * 60_000).toISOString();
    const decide = (id, decision, reason, i, operator) => ctx.storage.moderate(id, decision, reason, at(i), { operator });
    await decide(`${c.id}-x0`, 'refuse', 'advertising', 1, TOKEN);
    await decide(`${c.id}-x1`, 'refuse', 'insulting', 2, BOB);
    await decide(`${c.id}-x2`, 'accept', null, 3, BOB);
    await decide(`${c.id}-x3`, 'refuse', 'advertising', 4, { id: 'op-eve', name: '=cmd|"/c calc"!A1' });

    const log = async (query) => check(ModerationLogPage, await ctx.admin('GET', `/consultations/${c.id}/moderation?${new URLSearchParams(query)}`));
    const ids = (page) => page.decisions.map((d) => d.proposalId.slice(c.id.length + 1));
    assert.deepEqual(ids(await log({})), ['x0', 'x1', 'x2', 'x3']);
    assert.deepEqual(ids(await log({ operator: BOB.id })), ['x1', 'x2']);
    assert.deepEqual(ids(await log({ decision: 'refuse' })), ['x0', 'x1', 'x3']);
    assert.deepEqual(ids(await log({ reason: 'advertising' })), ['x0', 'x3']);
    // An offset that names the same instants: compared as instants, not as text.
    const plusOne = (i) => new Date(start + i * 60_000 + 3_600_000).toISOString().replace('Z', '+01:00').replace('.000', '');
    assert.deepEqual(ids(await log({ from: plusOne(2), to: plusOne(4) })), ['x1', 'x2']);
    assert.deepEqual(ids(await log({ order: 'newest', operator: BOB.id })), ['x2', 'x1']);

    const page1 = await log({ limit: '3' });
    assert.deepEqual(ids(page1), ['x0', 'x1', 'x2']);
    const page2 = await log({ limit: '3', cursor: page1.nextCursor });
    assert.deepEqual(ids(page2), ['x3']);
    assert.equal(page2.nextCursor, null);
    const newest = await log({ limit: '2', order: 'newest' });
    assert.deepEqual(ids(newest), ['x3', 'x2']);
    assert.deepEqual(ids(await log({ limit: '2', order: 'newest', cursor: newest.nextCursor })), ['x1', 'x0']);
    for (const query of /** @type {Record<string, string>[]} */ ([{ limit: '0' }, { limit: '501' }, { limit: '1e2' }, { decision: 'theme' }, { reason: 'rude' }, { from: 'yesterday' }, { cursor: 'abc' }, { order: 'random' }])) {
      assertError(await ctx.admin('GET', `/consultations/${c.id}/moderation?${new URLSearchParams(query)}`), 400, 'invalid_request');
    }

    const csv = await ctx.admin('GET', `/consultations/${c.id}/moderation.csv?reason=advertising`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition'), /^attachment; filename="moderation-mq\d+\.csv"$/);
    const lines = csv.text.split('\r\n');
    assert.equal(lines[0], 'decidedAt,proposalId,decision,reason,operatorId,operatorName,content');
    assert.equal(lines.length, 4, 'header, two decisions, final newline');
    assert.equal(lines[1], `${at(1)},${c.id}-x0,refuse,advertising,admin-token,admin-token,"'=HYPERLINK(""http://evil.example"",""click"")"`);
    assert.equal(lines[2], `${at(4)},${c.id}-x3,refuse,advertising,op-eve,"'=cmd|""/c calc""!A1",'@SUM(A1) trams`);
    const all = (await ctx.admin('GET', `/consultations/${c.id}/moderation.csv`)).text;
    assert.ok(all.includes(",'+cmd|calc more buses") && all.includes(",'-2+3 cheaper tickets"), 'every cell that starts a formula is defused');
    assertError(await ctx.admin('GET', `/consultations/no-such-one/moderation.csv`), 404, 'not_found');
  });

  it("an author's erasure takes their claimed and re-themed pending proposal with it", async () => {
    const c = await seed(0);
    const submitted = await ctx.call('POST', `/consultations/${c.id}/proposals`, {
      body: { participantId: 'participant-erased-1', requestId: 'erase-me', content: 'We should forget this idea entirely' },
    });
    const id = submitted.json.id;
    assert.equal((await ctx.admin('PUT', `/proposals/${id}/theme`, { body: { themeId: 'energy' } })).status, 200);
    assert.equal((await ctx.admin('POST', `/proposals/${id}/claim`)).status, 200);
    const erased = await ctx.admin('DELETE', '/participants/participant-erased-1');
    assert.equal(erased.status, 200, erased.text);
    assert.equal(erased.json.pendingProposals, 1);
    assertError(await ctx.admin('GET', `/proposals/${id}/history`), 404, 'not_found');
    assert.equal(check(ModerationCounts, await ctx.admin('GET', `/consultations/${c.id}/queue/counts`)).claimed, 0);
  });

  it('many operators asking at once never get one proposal twice', async () => {
    const c = await seed(25);
    const now = clock;
    const ask = (i) => ctx.storage.stepQueue({ consultationId: c.id, operator: { id: `op-${i}`, name: `op ${i}` }, direction: 'next', fromId: null, now, expiresAt: now + 180_000 });
    const got = (await Promise.all(Array.from({ length: 40 }, (_, i) => ask(i)))).map((l) => l?.proposalId ?? null);
    const handed = got.filter(Boolean);
    assert.equal(handed.length, 26, 'every pending proposal handed out once');
    assert.equal(new Set(handed).size, handed.length, 'none twice');
    assert.equal(got.filter((g) => g === null).length, 14);
  });
});

describe('moderation queue: two processes on one PostgreSQL database', () => {
  it('operators of two processes asking at once never get one proposal twice', async (t) => {
    const db = await freshPostgres();
    if (!db) return t.skip('PostgreSQL unreachable');
    const storage = await openStorage(db.url, { schema: db.schema });
    t.after(async () => {
      await storage.close();
      await db.drop();
    });
    const file = queueFile('duo', 60, { id: 'duo' });
    assert.ok(!('refused' in (await storage.importConsultation(z.parse(ImportFile, file), new Date().toISOString()))));
    const child = spawn(process.execPath, [new URL('./moderation-claimer.mjs', import.meta.url).pathname, db.url, db.schema, 'duo', 'other', '30'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    await /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
      child.stdout.on('data', () => out.includes('ready\n') && resolve());
      child.on('exit', (code) => reject(new Error(`claimer exited with ${code}`)));
    }));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.stdin.end('go\n');
    const now = Date.now();
    const mine = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        storage.stepQueue({ consultationId: 'duo', operator: { id: `here-${i}`, name: `here ${i}` }, direction: 'next', fromId: null, now, expiresAt: now + 180_000 }),
      ),
    );
    assert.equal(await exited, 0);
    const theirs = JSON.parse(out.split('\n')[1]);
    const handed = [...mine.map((l) => (l && 'proposalId' in l ? l.proposalId : null)), ...theirs].filter(Boolean);
    assert.equal(handed.length, 60, '60 operators, 61 pending proposals: each operator got one');
    assert.equal(new Set(handed).size, 60, 'never one proposal twice');
  });
});

describe('migration 7 on a database that has decisions', () => {
  /** Undoes migrations 8, 7 and 6 through the open storage's own connection: a version-5 database. */
  async function backToFive(storage, sql) {
    for (const text of [
      'DROP TABLE consultation_changes',
      'DROP TABLE moderation_claims',
      'DROP TABLE theme_changes',
      'ALTER TABLE moderation DROP COLUMN operator_id',
      'ALTER TABLE moderation DROP COLUMN operator_name',
      'DROP TABLE operator_sessions',
      'DROP TABLE operator_invitations',
      'DROP TABLE operators',
      'DROP TABLE login_attempts',
      'DELETE FROM schema_migrations WHERE version > 5',
    ]) {
      await sql(text);
    }
    await storage.close();
  }
  const at = '2025-02-10T09:00:00.000Z';

  async function check(open, sql) {
    let storage = await open();
    assert.ok(!('refused' in (await storage.importConsultation(z.parse(ImportFile, queueFile('old', 2, { id: 'old' })), at))));
    await storage.moderate('old-q1', 'refuse', 'insulting', at); // as before issue 12: no operator
    await backToFive(storage, sql(storage));
    storage = await open();
    try {
      const versions = (await sql(storage)('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
      assert.deepEqual(versions, [1, 2, 3, 4, 5, 6, 7, 8]);
      await storage.moderate('old-q2', 'accept', null, at, { operator: BOB });
      const page = await storage.moderationEntries('old', { order: 'oldest', limit: 10, after: null });
      assert.deepEqual(
        page.items.map((d) => [d.proposalId, d.operator ?? 'nobody recorded']),
        [['old-q1', 'nobody recorded'], ['old-q2', BOB]],
      );
      assert.equal((await storage.stepQueue({ consultationId: 'old', operator: BOB, direction: 'next', fromId: null, now: Date.now(), expiresAt: Date.now() + 1000 })).proposalId, 'old-p6');
    } finally {
      await storage.close();
    }
  }

  it('SQLite: earlier decisions keep no operator, later ones name theirs', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'consult-m7-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'consult.db');
    await check(
      () => openStorage(file),
      (storage) => async (text) => (/^\s*SELECT/i.test(text) ? storage.db.prepare(text).all() : storage.db.exec(text)),
    );
  });

  it('PostgreSQL: the same', async (t) => {
    const db = await freshPostgres();
    if (!db) return t.skip('PostgreSQL unreachable');
    t.after(() => db.drop());
    await check(
      () => openStorage(db.url, { schema: db.schema }),
      (storage) => async (text) => (await storage.pool.query(text)).rows,
    );
  });
});
