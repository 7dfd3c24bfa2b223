// @ts-check
/**
 * Issue 12, setup (docs/server.md "Setting up consultations"): consultations created and edited
 * through the admin API, opening and closing dates that take effect on the server clock, polls,
 * and bulk proposals from CSV or JSON, on SQLite and PostgreSQL. The server's clock is simulated
 * (`createConsultServer({ now })`), so dates pass without waiting.
 *
 *   npm run build && node --test test/server/setup.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { AdminConsultationView, PollCreated } from 'consult-widgets/protocol/admin';
import { assertAnswer, assertError, fixtureFile, forEachDatabase, OTHER, PARTICIPANT, PARTNER, startServer } from './server.mjs';
import { MINUTE, simulatedClock } from './attack.mjs';

const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 2, 2, 9, 10);
const iso = (ms) => new Date(ms).toISOString();
/** The console's form: the fixture's consultation without its id (prefix "We should", themes mobility and energy). */
const form = (extra = {}) => {
  const { id: _id, ...consultation } = fixtureFile('unused').consultation;
  return { ...consultation, ...extra };
};
const csv = (text, type = 'text/csv') => ({ body: text, headers: { 'content-type': type } });

await forEachDatabase('setting up consultations', (database) => {
  let ctx;
  const clock = simulatedClock(START);
  before(async () => {
    ctx = await startServer({ database: database.id, now: clock.now });
  });
  after(() => ctx?.close());

  const create = async (extra) => {
    const answer = await ctx.admin('POST', '/consultations', { body: form(extra) });
    assert.equal(answer.status, 201, answer.text);
    assert.ok(z.safeParse(AdminConsultationView, answer.json).success, answer.text);
    return answer.json;
  };
  const changes = async (id) => (await ctx.admin('GET', `/consultations/${id}/changes`)).json.changes;
  const accepted = async (id) => (await ctx.admin('GET', `/consultations/${id}/proposals?status=accepted&limit=100`)).json.items;
  const vote = (proposalId, participant = PARTICIPANT, key = 'agree') =>
    ctx.call('PUT', `/proposals/${proposalId}/votes/${participant}`, { body: { key, votedAt: clock.iso() } });

  describe('create', () => {
    it('creates from a form, with an id of its own and the import file defaults, and logs who did it', async () => {
      const c = await create();
      assert.match(c.id, /^c[A-Za-z0-9_-]{12}$/);
      assert.deepEqual(
        { status: c.status, phase: c.phase, min: c.proposalMinLength, max: c.proposalMaxLength, signed: c.requireSignedParticipants, counts: c.counts },
        { status: 'open', phase: 'open', min: 12, max: 140, signed: false, counts: { participants: 0, proposals: 0, votes: 0 } },
      );
      const listed = (await ctx.admin('GET', '/consultations')).json.consultations.find((x) => x.id === c.id);
      assert.equal(listed.phase, 'open');
      assert.deepEqual(await changes(c.id), [{ at: clock.iso(), operator: { id: 'admin-token', name: 'admin-token' }, action: 'create', detail: {} }]);
      // The public face: no partner origins, no dates.
      const pub = assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation');
      assert.equal(pub.allowedOrigins, undefined);
    });

    it('never replaces an existing consultation: the same id is a conflict and changes nothing', async () => {
      const c = await create({ id: 'setup-fixed-id' });
      assertError(await ctx.admin('POST', '/consultations', { body: form({ id: c.id, title: 'Hijacked' }) }), 409, 'conflict');
      assert.equal((await ctx.admin('GET', `/consultations/${c.id}`)).json.title, 'Getting around in 2030');
      assert.equal((await changes(c.id)).length, 1);
    });

    it('refuses what the import file refuses, and a closing date before the opening date', async () => {
      const before = (await ctx.admin('GET', '/consultations')).json.consultations.length;
      assertError(await ctx.admin('POST', '/consultations', { body: form({ titel: 'typo' }) }), 400, 'invalid_request');
      assertError(await ctx.admin('POST', '/consultations', { body: form({ allowedOrigins: ['partner.example'] }) }), 400, 'invalid_request');
      assertError(await ctx.admin('POST', '/consultations', { body: form({ opensAt: '2026-02-30T10:00:00Z' }) }), 400, 'invalid_request');
      assertError(await ctx.admin('POST', '/consultations', { body: form({ proposalMinLength: 50, proposalMaxLength: 20 }) }), 422, 'unprocessable');
      const dates = { opensAt: iso(START + 2 * HOUR), closesAt: iso(START + HOUR) };
      assertError(await ctx.admin('POST', '/consultations', { body: form(dates) }), 422, 'unprocessable');
      assertError(await ctx.admin('POST', '/consultations', { body: form(), headers: { authorization: 'Bearer wrong' } }), 401, 'unauthorized');
      assert.equal((await ctx.admin('GET', '/consultations')).json.consultations.length, before);
    });

    it('still imports an import file on the same route, dates in order; imports and status changes are logged', async () => {
      const answer = await ctx.admin('POST', '/consultations', { body: fixtureFile('setup-import', { consultation: { opensAt: iso(START + HOUR) } }) });
      assert.equal(answer.status, 201, answer.text);
      assert.equal(answer.json.consultation.opensAt, iso(START + HOUR));
      const reversed = fixtureFile('setup-import-reversed', { consultation: { opensAt: iso(START + HOUR), closesAt: iso(START) } });
      assertError(await ctx.admin('POST', '/consultations', { body: reversed }), 422, 'unprocessable');
      for (const status of ['closed', 'closed', 'open']) {
        assert.equal((await ctx.admin('PUT', '/consultations/setup-import/status', { body: { status } })).status, 200);
      }
      assert.deepEqual(
        (await changes('setup-import')).map((c) => [c.action, c.detail, c.operator.id]),
        [
          ['import', { created: true, proposals: 7 }, 'admin-token'],
          ['status', { status: { from: 'open', to: 'closed' } }, 'admin-token'],
          ['status', { status: { from: 'closed', to: 'open' } }, 'admin-token'],
        ],
      );
    });
  });

  describe('edit', () => {
    it('changes the fields sent, keeps the others, and logs each change from → to', async () => {
      const c = await create();
      const patch = {
        title: 'Our streets in 2030',
        themes: [
          { id: 'mobility', label: 'Getting around' },
          { id: 'energy', label: 'Energy' },
          { id: 'safety', label: 'Safety' },
        ],
        requireSignedParticipants: true,
      };
      const answer = await ctx.admin('PATCH', `/consultations/${c.id}`, { body: patch });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual({ ...answer.json, ...patch }, answer.json);
      assert.equal(answer.json.question, c.question);
      assert.deepEqual(answer.json.allowedOrigins, [PARTNER]);
      const edit = (await changes(c.id)).at(-1);
      assert.equal(edit.action, 'edit');
      assert.deepEqual(Object.keys(edit.detail).sort(), ['requireSignedParticipants', 'themes', 'title']);
      assert.deepEqual(edit.detail.title, { from: 'Getting around in 2030', to: 'Our streets in 2030' });
      // The same values again change nothing and log nothing.
      assert.equal((await ctx.admin('PATCH', `/consultations/${c.id}`, { body: patch })).status, 200);
      assert.equal((await changes(c.id)).length, 2);
    });

    it('refuses to remove a theme proposals use (409, nothing changed), removes an unused one', async () => {
      const c = await create();
      assert.equal((await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv('We should widen the pavements,mobility\n'))).status, 201);
      const onlyEnergy = { themes: [{ id: 'energy', label: 'Energy' }] };
      const refused = assertError(await ctx.admin('PATCH', `/consultations/${c.id}`, { body: onlyEnergy }), 409, 'conflict');
      assert.match(refused.message, /mobility \(1 proposals\)/);
      assert.deepEqual((await ctx.admin('GET', `/consultations/${c.id}`)).json.themes.map((t) => t.id), ['mobility', 'energy']);
      const onlyMobility = { themes: [{ id: 'mobility', label: 'Mobility' }] };
      assert.deepEqual((await ctx.admin('PATCH', `/consultations/${c.id}`, { body: onlyMobility })).json.themes, onlyMobility.themes);
    });

    it('refuses unknown fields, the id, bad values and unknown consultations', async () => {
      const c = await create();
      for (const body of [{ id: 'other' }, { counts: {} }, { title: '' }, { status: 'paused' }, { proposalMinLength: -1 }, { opensAt: 'tomorrow' }, [], 'x']) {
        assertError(await ctx.admin('PATCH', `/consultations/${c.id}`, { body }), 400, 'invalid_request');
      }
      assertError(await ctx.admin('PATCH', `/consultations/${c.id}`, { body: { proposalMinLength: 200 } }), 422, 'unprocessable');
      assertError(await ctx.admin('PATCH', '/consultations/no-such-one', { body: { title: 'x' } }), 404, 'not_found');
      assert.equal((await changes(c.id)).length, 1);
    });
  });

  describe('opening and closing dates, on the server clock', () => {
    it('refuses votes, proposals and qualifications before opening and from closing on, says closed, then open', async () => {
      const opensAt = clock.now() + HOUR;
      const closesAt = clock.now() + 2 * HOUR;
      const c = await create({ opensAt: iso(opensAt), closesAt: iso(closesAt) });
      await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv('We should plant more trees\n'));
      const [p] = await accepted(c.id);
      const submit = (requestId) =>
        ctx.call('POST', `/consultations/${c.id}/proposals`, { body: { participantId: PARTICIPANT, requestId, content: 'We should open a market' } });
      const status = async () => assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation').status;
      const phase = async () => (await ctx.admin('GET', `/consultations/${c.id}`)).json.phase;

      assert.deepEqual([await status(), await phase()], ['closed', 'upcoming']);
      assert.match(assertError(await vote(p.id), 409, 'closed').message, /opens at/);
      assertError(await submit('before'), 409, 'closed');

      clock.until(opensAt - 1);
      assertError(await vote(p.id), 409, 'closed');
      clock.until(opensAt);
      assert.deepEqual([await status(), await phase()], ['open', 'open']);
      assertAnswer(await vote(p.id), 'castVote');
      assertAnswer(await ctx.call('PUT', `/proposals/${p.id}/votes/${PARTICIPANT}/qualifications/likeIt`, { body: { votedAt: clock.iso() } }), 'addQualification');
      assertAnswer(await submit('during'), 'submitProposal');

      clock.until(closesAt);
      assert.deepEqual([await status(), await phase()], ['closed', 'ended']);
      assert.match(assertError(await vote(p.id, OTHER), 409, 'closed').message, /closed at/);
      // The open data says closed too, and publishes no dates (nor does the public answer).
      const exported = (await ctx.call('GET', `/consultations/${c.id}/export.json`)).json.consultation;
      assert.deepEqual([exported.status, 'opensAt' in exported, 'closesAt' in exported], ['closed', false, false]);
      const pub = (await ctx.call('GET', `/consultations/${c.id}`)).json;
      assert.deepEqual(['opensAt' in pub, 'closesAt' in pub], [false, false]);
      assertError(await ctx.call('DELETE', `/proposals/${p.id}/votes/${PARTICIPANT}?votedAt=${encodeURIComponent(clock.iso())}`), 409, 'closed');
      assertError(await submit('after'), 409, 'closed');
      // The vote cast while open stays; none of the refused writes left a trace.
      assert.deepEqual((await accepted(c.id)).map((r) => r.votes), [{ agree: 1, disagree: 0, neutral: 0 }]);
      assert.equal((await ctx.admin('GET', `/consultations/${c.id}/proposals?status=pending`)).json.items.length, 1);

      // The operator moves the closing date: open again at once (no cache to wait for).
      await ctx.admin('PATCH', `/consultations/${c.id}`, { body: { closesAt: null } });
      assertAnswer(await vote(p.id, OTHER), 'castVote');
      // Closed by hand wins over the dates.
      await ctx.admin('PATCH', `/consultations/${c.id}`, { body: { status: 'closed' } });
      assert.deepEqual([await status(), await phase()], ['closed', 'closed']);
    });
  });

  describe('a poll in a minute', () => {
    it('creates a consultation with accepted statements and answers what the embed code needs', async () => {
      const body = { question: 'Should the town centre be car-free?', statements: ['Ban cars from the centre on Sundays', 'Keep cars but at 20 km/h'], allowedOrigin: 'https://news.example' };
      const answer = await ctx.admin('POST', '/polls', { body });
      assert.equal(answer.status, 201, answer.text);
      assert.ok(z.safeParse(PollCreated, answer.json).success, answer.text);
      const { consultation, proposalIds } = answer.json;
      assert.deepEqual([consultation.title, consultation.locale, consultation.allowedOrigins, consultation.phase], [body.question, 'en', ['https://news.example'], 'open']);
      const listed = assertAnswer(await ctx.call('GET', `/consultations/${consultation.id}/proposals`), 'listProposals');
      assert.deepEqual(listed.items.map((p) => [p.id, p.content]), proposalIds.map((id, i) => [id, body.statements[i]]));
      // A reader on the news site votes at once.
      const voted = await ctx.call('PUT', `/proposals/${proposalIds[0]}/votes/${PARTICIPANT}`, {
        body: { key: 'agree', votedAt: clock.iso() },
        headers: { origin: 'https://news.example' },
      });
      assertAnswer(voted, 'castVote');
      assert.equal(voted.headers.get('access-control-allow-origin'), 'https://news.example');
      assert.equal((await changes(consultation.id))[0].action, 'poll');
    });

    it('refuses none or more than five statements, and names a statement the text rules refuse', async () => {
      const before = (await ctx.admin('GET', '/consultations')).json.consultations.length;
      const q = 'Which day for the market?';
      assertError(await ctx.admin('POST', '/polls', { body: { question: q, statements: [] } }), 400, 'invalid_request');
      const six = Array.from({ length: 6 }, (_, i) => `Statement number ${i + 1}`);
      assertError(await ctx.admin('POST', '/polls', { body: { question: q, statements: six } }), 400, 'invalid_request');
      const answer = await ctx.admin('POST', '/polls', { body: { question: q, statements: ['On Saturday mornings', 'Sun'] } });
      assertError(answer, 422, 'unprocessable');
      assert.deepEqual(answer.json.lines.map((l) => l.line), [2]);
      assert.equal((await ctx.admin('GET', '/consultations')).json.consultations.length, before);
    });
  });

  describe('bulk proposals', () => {
    it('adds CSV lines as accepted proposals: header, RFC 4180 quotes, CRLF, a BOM, themes by id or label', async () => {
      const c = await create();
      const results = async () => assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults').proposals.length;
      assert.equal(await results(), 0); // computed and cached before the add
      const text = '\ufeffcontent,theme\r\n"We should, at last, fix the lights",mobility\r\n"We should say ""hello"" more",ENERGY\r\n"We should write\non two lines"\r\nWe should keep it simple,\r\n\r\n';
      const answer = await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv(text, 'text/csv; charset=utf-8'));
      assert.equal(answer.status, 201, answer.text);
      assert.equal(answer.json.added, 4);
      const stored = await accepted(c.id);
      assert.deepEqual(
        stored.map((p) => [p.id, p.content, p.themeId]),
        [
          [answer.json.proposalIds[0], 'We should, at last, fix the lights', 'mobility'],
          [answer.json.proposalIds[1], 'We should say "hello" more', 'energy'],
          [answer.json.proposalIds[2], 'We should write\non two lines', null],
          [answer.json.proposalIds[3], 'We should keep it simple', null],
        ],
      );
      assert.deepEqual((await changes(c.id)).at(-1).detail, { added: 4 });
      assert.equal(await results(), 4, 'the cached results went stale with the add');
    });

    it('never undoes an edit made while proposals are being added', async () => {
      const c = await create();
      for (let i = 0; i < 5; i++) {
        const [edit, add] = await Promise.all([
          ctx.admin('PATCH', `/consultations/${c.id}`, { body: { title: `Edited ${i}` } }),
          ctx.admin('POST', `/consultations/${c.id}/proposals`, csv(`We should try round ${i}\n`)),
        ]);
        assert.deepEqual([edit.status, add.status], [200, 201]);
        assert.equal((await ctx.admin('GET', `/consultations/${c.id}`)).json.title, `Edited ${i}`);
      }
      assert.equal((await accepted(c.id)).length, 5);
    });

    it('adds nothing when a line is refused, and names every refused line by its line number', async () => {
      const c = await create();
      const text = [
        'We should build a skate park', // 1: fine
        '"We should mend', // 2–3: a quoted text over two lines, fine
        'the old bridge"',
        'Too short', // 4: no prefix
        'We should do "this" now', // 5: a quote in an unquoted field
        'We should go green,parks', // 6: no such theme
        'We should build a skate park', // 7: the same as line 1
        'We should add,two,columns', // 8: three fields
        '"We should never close', // 9: never closed
      ].join('\n');
      const answer = await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv(text));
      assertError(answer, 422, 'unprocessable');
      assert.deepEqual(answer.json.lines.map((l) => l.line), [4, 5, 6, 7, 8, 9]);
      assert.match(answer.json.lines.find((l) => l.line === 7).reason, /line 1/);
      assert.deepEqual(await accepted(c.id), []);
      assert.equal((await changes(c.id)).length, 1);
    });

    it('checks without adding with ?dryRun=true; takes JSON too', async () => {
      const c = await create();
      const dry = await ctx.admin('POST', `/consultations/${c.id}/proposals?dryRun=true`, csv('We should light the park\n'));
      assert.deepEqual([dry.status, dry.json], [200, { added: 1, dryRun: true, proposalIds: [] }]);
      assert.deepEqual(await accepted(c.id), []);
      const json = await ctx.admin('POST', `/consultations/${c.id}/proposals`, { body: { proposals: [{ content: 'We should light the park', theme: 'Mobility' }] } });
      assert.equal(json.status, 201, json.text);
      assert.deepEqual((await accepted(c.id)).map((p) => p.themeId), ['mobility']);
    });

    it('keeps a formula as text, and the open data CSV does not let a spreadsheet run it', async () => {
      const c = await create({ proposalPrefix: null });
      const formula = '=HYPERLINK("http://evil.example","We should click")';
      const answer = await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv(`"${formula.replace(/"/g, '""')}"\n`));
      assert.equal(answer.status, 201, answer.text);
      assert.deepEqual((await accepted(c.id)).map((p) => p.content), [formula]);
      const exported = await ctx.call('GET', `/consultations/${c.id}/export.csv`);
      assert.ok(exported.text.includes(`"'=HYPERLINK(""http://evil.example"",""We should click"")"`), exported.text);
    });

    it('refuses other encodings rather than guess, and bodies over the bounds', async () => {
      const c = await create();
      const latin1 = Buffer.from('We should fête the river\n', 'latin1');
      assert.match(assertError(await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv(latin1)), 400, 'invalid_request').message, /UTF-8/);
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('We should fête the river\n', 'utf16le')]);
      assert.match(assertError(await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv(utf16)), 400, 'invalid_request').message, /UTF-16/);
      assertError(await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv('We should fête the river\n', 'text/csv; charset=iso-8859-1')), 400, 'invalid_request');
      const lines = Array.from({ length: 5001 }, (_, i) => `We should do thing ${i}`).join('\n');
      assertError(await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv(lines)), 413, 'too_large');
      const huge = `We should ${'x'.repeat(1024 * 1024)}\n`;
      assertError(await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv(huge)), 413, 'too_large');
      assertError(await ctx.admin('POST', `/consultations/${c.id}/proposals`, csv('\n\n')), 400, 'invalid_request');
      assert.deepEqual(await accepted(c.id), []);
    });
  });
});
