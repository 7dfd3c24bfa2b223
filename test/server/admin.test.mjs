// @ts-check
/**
 * The admin API (`/api/v1/admin`, Bearer CONSULT_ADMIN_TOKEN) over real HTTP, on SQLite and
 * PostgreSQL: off without a token, import (create, update, refusals), open/close, the pending
 * list, moderation with every refusal reason, the moderation log and its trace in the open data.
 *
 *   npm run build && node --test test/server/admin.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { AdminConsultation, ModerationDecision, OpenData, REFUSAL_REASONS } from 'consult-widgets/protocol/admin';
import { ProposalPage, Timestamp } from 'consult-widgets/protocol';
import { ADMIN_TOKEN, assertAnswer, assertError, fixtureFile, forEachDatabase, OTHER, PARTICIPANT, startServer, vote } from './server.mjs';

const check = (schema, value) => {
  const parsed = z.safeParse(schema, value);
  assert.ok(parsed.success, `${JSON.stringify(value)?.slice(0, 500)}: ${parsed.error?.message}`);
  return value;
};

await forEachDatabase('admin API', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await startServer({ database: database.id });
  });
  after(() => ctx?.close());

  let submissions = 0;
  /** A new pending proposal, submitted the way a widget does. */
  async function submit(c, content = `We should try idea ${++submissions} soon`) {
    const answer = await ctx.call('POST', `/consultations/${c.id}/proposals`, {
      body: { participantId: PARTICIPANT, requestId: `admin-${submissions}-${Math.random().toString(36).slice(2)}`, content },
    });
    return assertAnswer(answer, 'submitProposal').id;
  }
  const moderate = (proposalId, body) => ctx.admin('POST', `/proposals/${proposalId}/moderation`, { body });
  const listed = async (c, status) => {
    const answer = await ctx.admin('GET', `/consultations/${c.id}/proposals${status ? `?status=${status}` : ''}`);
    assert.equal(answer.status, 200, answer.text);
    return check(ProposalPage, answer.json).items.map((p) => p.id);
  };

  describe('access', () => {
    it('without an admin token only sessions open it (issue 12): every admin path → 401', async (t) => {
      const off = await startServer({ database: database.id, adminToken: undefined });
      t.after(() => off.close());
      const c = await off.seed();
      for (const [method, path, body] of /** @type {Array<[string, string, unknown?]>} */ ([
        ['GET', '/consultations'],
        ['GET', `/consultations/${c.id}`],
        ['POST', '/consultations', fixtureFile('created-while-off')],
        ['PUT', `/consultations/${c.id}/status`, { status: 'closed' }],
        ['POST', `/proposals/${c.p6}/moderation`, { decision: 'accept' }],
      ])) {
        assertError(await off.admin(method, path, { body }), 401, 'unauthorized');
      }
      assert.equal((await off.call('GET', `/consultations/${c.id}`)).json.status, 'open', 'nothing was changed');
      assert.equal(await off.storage.getConsultation('created-while-off'), null);
    });

    it('401 without the token or with a wrong one, whatever its form', async () => {
      const c = await ctx.seed();
      for (const authorization of [
        undefined,
        '',
        'Bearer',
        'Bearer ',
        `Bearer ${ADMIN_TOKEN}x`,
        `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
        `Bearer ${ADMIN_TOKEN.toUpperCase()}`,
        `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
        ADMIN_TOKEN,
        `bearer${ADMIN_TOKEN}`,
      ]) {
        /** @type {Record<string, string>} */
        const headers = authorization === undefined ? {} : { authorization };
        for (const [method, path, body] of /** @type {Array<[string, string, unknown?]>} */ ([
          ['GET', '/consultations'],
          ['PUT', `/consultations/${c.id}/status`, { status: 'closed' }],
          ['POST', `/proposals/${c.p6}/moderation`, { decision: 'accept' }],
        ])) {
          const answer = await ctx.call(method, `/admin${path}`, { body, headers });
          assertError(answer, 401, 'unauthorized');
        }
      }
      const consultation = assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation');
      assert.equal(consultation.status, 'open');
      assertError(await ctx.call('GET', `/proposals/${c.p6}`), 404, 'not_found');
    });

    it('the right token reads consultations with their settings and counts', async () => {
      const c = await ctx.seed({ consultation: { requireSignedParticipants: true } });
      const all = await ctx.admin('GET', '/consultations');
      assert.equal(all.status, 200);
      const found = all.json.consultations.map((x) => check(AdminConsultation, x)).find((x) => x.id === c.id);
      assert.equal(found.requireSignedParticipants, true);
      assert.deepEqual(found.allowedOrigins, c.file.consultation.allowedOrigins);
      const one = await ctx.admin('GET', `/consultations/${c.id}`);
      assert.deepEqual(check(AdminConsultation, one.json).counts, { participants: 0, proposals: 5, votes: 0 });
      assertError(await ctx.admin('GET', '/consultations/no-such-consultation'), 404, 'not_found');
      assertError(await ctx.admin('GET', `/consultations/${encodeURIComponent('bad id!')}`), 400, 'invalid_request');
    });

    it('operators see untrusted votes apart: per consultation and per proposal; results leave them out unless it counts them', async () => {
      const c = await ctx.seed({ consultation: { countUntrusted: false } });
      const issued = await ctx.call('POST', '/participants', { body: { consultationId: c.id } });
      assert.equal(issued.status, 201, issued.text);
      const { participantId, token } = issued.json;
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p1}/votes/${participantId}`, { body: vote('agree'), headers: { authorization: `Bearer ${token}` } }), 'castVote');
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('disagree') }), 'castVote');
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p2}/votes/${OTHER}`, { body: vote('neutral') }), 'castVote');
      const one = check(AdminConsultation, (await ctx.admin('GET', `/consultations/${c.id}`)).json);
      assert.equal(one.countUntrusted, false);
      assert.equal(one.untrustedVotes, 2);
      assert.equal(one.counts.votes, 3);
      const listed = (await ctx.admin('GET', `/consultations/${c.id}/proposals?status=accepted`)).json.items;
      const p1 = listed.find((p) => p.id === c.p1);
      assert.deepEqual(p1.votes, { agree: 1, disagree: 1, neutral: 0 });
      assert.deepEqual(p1.untrustedVotes, { agree: 0, disagree: 1, neutral: 0 });
      const results = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults');
      assert.deepEqual(results.untrusted, { votes: 2, counted: false });
      assert.deepEqual(results.proposals.find((p) => p.proposalId === c.p1).votes, { agree: 1, disagree: 0, neutral: 0 });
    });
  });

  describe('import', () => {
    it('creates (201), then updates (200) by id, keeping the tallies of existing proposals', async () => {
      const file = fixtureFile('imported');
      const created = await ctx.admin('POST', '/consultations', { body: file });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.created, true);
      assert.equal(created.json.proposals, 7);
      check(AdminConsultation, created.json.consultation);
      assertAnswer(await ctx.call('PUT', `/proposals/imported-p1/votes/${PARTICIPANT}`, { body: vote('agree') }), 'castVote');

      const changed = structuredClone(file);
      changed.consultation.title = 'Getting around in 2035';
      changed.proposals[0].content = 'We should build safe bike lanes in every street';
      changed.proposals.push({ id: 'imported-p8', content: 'We should add a late proposal', themeId: 'energy' });
      const updated = await ctx.admin('POST', '/consultations', { body: changed });
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.json.created, false);
      assert.equal(updated.json.proposals, 8);
      const consultation = assertAnswer(await ctx.call('GET', '/consultations/imported'), 'getConsultation');
      assert.equal(consultation.title, 'Getting around in 2035');
      const p1 = assertAnswer(await ctx.call('GET', '/proposals/imported-p1'), 'getProposal');
      assert.equal(p1.content, 'We should build safe bike lanes in every street');
      assert.deepEqual(p1.votes, { agree: 1, disagree: 0, neutral: 0 }, 'tallies survive a re-import');
      assertAnswer(await ctx.call('GET', '/proposals/imported-p8'), 'getProposal');
    });

    it('accepts import files far over the 16 KB of protocol requests', async () => {
      const proposals = Array.from({ length: 300 }, (_, i) => ({ id: `big-${i}`, content: `We should try the imported idea number ${i} ${'.'.repeat(60)}` }));
      const file = fixtureFile('big', { proposals });
      assert.ok(JSON.stringify(file).length > 16 * 1024);
      const answer = await ctx.admin('POST', '/consultations', { body: file });
      assert.equal(answer.status, 201, answer.text);
      assert.equal(answer.json.consultation.counts.proposals, 300);
    });

    it('refuses unknown fields with a message that names them, and changes nothing', async () => {
      const base = fixtureFile('strict');
      for (const [file, name] of [
        [{ ...base, extra: true }, 'extra'],
        [{ ...base, consultation: { ...base.consultation, colour: 'red' } }, 'colour'],
        [{ ...base, proposals: [{ ...base.proposals[0], votes: 12 }] }, 'votes'],
      ]) {
        const error = assertError(await ctx.admin('POST', '/consultations', { body: file }), 400, 'invalid_request');
        assert.match(error.message, new RegExp(`\\b${name}\\b`), error.message);
      }
      assert.equal(await ctx.storage.getConsultation('strict'), null);
    });

    it(
      'refuses unknown fields inside themes and authors too (a typo must not pass silently)',
      async () => {
        const base = fixtureFile('strict-nested');
        const theme = structuredClone(base);
        theme.consultation.themes[0].lable = 'Mobility';
        const author = structuredClone(base);
        author.proposals[0].author = { nmae: 'Camille' };
        for (const [file, name] of [
          [theme, 'lable'],
          [author, 'nmae'],
        ]) {
          const error = assertError(await ctx.admin('POST', '/consultations', { body: file }), 400, 'invalid_request');
          assert.match(error.message, new RegExp(`\\b${name}\\b`), error.message);
        }
        assert.equal(await ctx.storage.getConsultation('strict-nested'), null);
      },
    );

    it('refuses what the schema cannot see: an unknown theme (422), a repeated id (422), another consultation\'s proposal (409)', async () => {
      const base = fixtureFile('checked');
      const unknownTheme = structuredClone(base);
      unknownTheme.proposals[1].themeId = 'housing';
      const error = assertError(await ctx.admin('POST', '/consultations', { body: unknownTheme }), 422, 'unprocessable');
      assert.match(error.message, /housing/);
      const repeated = structuredClone(base);
      repeated.proposals.push({ ...repeated.proposals[0] });
      assertError(await ctx.admin('POST', '/consultations', { body: repeated }), 422, 'unprocessable');
      const lengths = structuredClone(base);
      Object.assign(lengths.consultation, { proposalMinLength: 50, proposalMaxLength: 20 });
      assertError(await ctx.admin('POST', '/consultations', { body: lengths }), 422, 'unprocessable');
      const other = await ctx.seed();
      const stolen = structuredClone(base);
      stolen.proposals.push({ id: other.p1, content: 'We should take this proposal over' });
      assertError(await ctx.admin('POST', '/consultations', { body: stolen }), 409, 'conflict');
      assert.equal(await ctx.storage.getConsultation('checked'), null);
      assert.equal(assertAnswer(await ctx.call('GET', `/proposals/${other.p1}`), 'getProposal').consultationId, other.id);
    });

    it(
      'refuses a proposal text with a NUL character (422) on every database',
      async () => {
        const file = fixtureFile('with-nul');
        file.proposals[0].content = 'We should \u0000 hide a NUL here';
        assertError(await ctx.admin('POST', '/consultations', { body: file }), 422, 'unprocessable');
        assert.equal(await ctx.storage.getConsultation('with-nul'), null);
      },
    );

    it('refuses bodies that are no import file', async () => {
      for (const body of ['not json', '[]', 'null', '{}', JSON.stringify({ proposals: [] })]) {
        assertError(await ctx.admin('POST', '/consultations', { body }), 400, 'invalid_request');
      }
    });
  });

  describe('opening and closing', () => {
    it('closes and reopens a consultation; the public side follows at once', async () => {
      const c = await ctx.seed();
      const closed = await ctx.admin('PUT', `/consultations/${c.id}/status`, { body: { status: 'closed' } });
      assert.equal(closed.status, 200, closed.text);
      assert.equal(check(AdminConsultation, closed.json).status, 'closed');
      assert.equal(assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation').status, 'closed');
      assertError(await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('agree') }), 409, 'closed');
      // Closing twice is no error.
      assert.equal((await ctx.admin('PUT', `/consultations/${c.id}/status`, { body: { status: 'closed' } })).status, 200);
      const opened = await ctx.admin('PUT', `/consultations/${c.id}/status`, { body: { status: 'open' } });
      assert.equal(opened.json.status, 'open');
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('agree') }), 'castVote');
    });

    it('refuses a bad status (400) and an unknown consultation (404)', async () => {
      const c = await ctx.seed();
      for (const body of [{ status: 'paused' }, {}, { status: 'closed', extra: 1 }, 'closed']) {
        assertError(await ctx.admin('PUT', `/consultations/${c.id}/status`, { body }), 400, 'invalid_request');
      }
      assertError(await ctx.admin('PUT', '/consultations/no-such-consultation/status', { body: { status: 'closed' } }), 404, 'not_found');
      assert.equal(assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation').status, 'open');
    });
  });

  describe('moderation', () => {
    it('lists pending proposals (default), accepted and refused ones, page by page', async () => {
      const c = await ctx.seed();
      const submitted = [await submit(c), await submit(c), await submit(c)];
      assert.deepEqual(await listed(c), [c.p6, ...submitted]);
      assert.deepEqual(await listed(c, 'pending'), [c.p6, ...submitted]);
      assert.deepEqual(await listed(c, 'accepted'), [c.p1, c.p2, c.p3, c.p4, c.p5]);
      assert.deepEqual(await listed(c, 'refused'), [c.p7]);
      const first = await ctx.admin('GET', `/consultations/${c.id}/proposals?limit=2`);
      assert.deepEqual(first.json.items.map((p) => p.id), [c.p6, submitted[0]]);
      const second = await ctx.admin('GET', `/consultations/${c.id}/proposals?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`);
      assert.deepEqual(second.json.items.map((p) => p.id), submitted.slice(1));
      assert.equal(second.json.nextCursor, null);
      assertError(await ctx.admin('GET', `/consultations/${c.id}/proposals?status=deleted`), 400, 'invalid_request');
      assertError(await ctx.admin('GET', '/consultations/no-such-consultation/proposals'), 404, 'not_found');
    });

    it('accepting publishes a proposal: readable, listed, in sequences, in results and counts', async () => {
      const c = await ctx.seed();
      const id = await submit(c, 'We should light the cycle paths at night');
      const decision = await moderate(id, { decision: 'accept' });
      assert.equal(decision.status, 200, decision.text);
      check(ModerationDecision, decision.json);
      // Issue 12: each decision names its operator (the bearer token acts as \`admin-token\`).
      const operator = { id: 'admin-token', name: 'admin-token' };
      assert.deepEqual({ ...decision.json, decidedAt: undefined }, { proposalId: id, decision: 'accept', reason: null, decidedAt: undefined, operator });
      const proposal = assertAnswer(await ctx.call('GET', `/proposals/${id}`), 'getProposal');
      assert.equal(proposal.status, 'accepted');
      assert.equal(proposal.content, 'We should light the cycle paths at night');
      const page = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/proposals?limit=100`), 'listProposals');
      assert.ok(page.items.some((p) => p.id === id));
      const sequence = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/sequence?participantId=${OTHER}&size=100`), 'getSequence');
      assert.ok(sequence.items.some((p) => p.id === id));
      assertAnswer(await ctx.call('PUT', `/proposals/${id}/votes/${OTHER}`, { body: vote('agree') }), 'castVote');
      const results = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults');
      assert.deepEqual(results.proposals.find((p) => p.proposalId === id).votes, { agree: 1, disagree: 0, neutral: 0 });
      assert.equal(results.counts.proposals, 6);
      assert.ok(!(await listed(c)).includes(id), 'no longer pending');
    });

    for (const reason of REFUSAL_REASONS) {
      it(`refusing as "${reason}" keeps the proposal out of public view`, async () => {
        const c = await ctx.seed();
        const id = await submit(c);
        const decision = await moderate(id, { decision: 'refuse', reason });
        assert.equal(decision.status, 200, decision.text);
        assert.equal(check(ModerationDecision, decision.json).reason, reason);
        assert.equal(decision.json.decision, 'refuse');
        assertError(await ctx.call('GET', `/proposals/${id}`), 404, 'not_found');
        assertError(await ctx.call('PUT', `/proposals/${id}/votes/${OTHER}`, { body: vote('agree') }), 404, 'not_found');
        assert.deepEqual(await listed(c, 'refused'), [c.p7, id]);
        assert.ok(!(await listed(c)).includes(id));
      });
    }

    it('a refusal without a valid reason, or any malformed decision → 400, and nothing changes', async () => {
      const c = await ctx.seed();
      const id = await submit(c);
      const error = assertError(await moderate(id, { decision: 'refuse' }), 400, 'invalid_request');
      for (const reason of REFUSAL_REASONS) assert.match(error.message, new RegExp(reason));
      for (const body of [
        { decision: 'refuse', reason: 'boring' },
        { decision: 'refuse', reason: null },
        { decision: 'delete' },
        {},
        { decision: 'accept', note: 'fine' },
        // A reason sent with an acceptance used to be dropped silently (issue 9).
        { decision: 'accept', reason: 'insulting' },
        { decision: 'accept', reason: null },
        { decision: 'accept', reason: 'boring' },
      ]) {
        assertError(await moderate(id, body), 400, 'invalid_request');
      }
      assertError(await moderate('no-such-proposal', { decision: 'accept' }), 404, 'not_found');
      assertError(await moderate(encodeURIComponent('bad id!'), { decision: 'accept' }), 400, 'invalid_request');
      assert.deepEqual(await listed(c), [c.p6, id]);
      const log = await ctx.admin('GET', `/consultations/${c.id}/moderation`);
      assert.deepEqual(log.json.decisions, []);
    });

    it('the moderation log keeps every decision, in order, with its time; the open data agrees with it', async () => {
      const c = await ctx.seed();
      const [a, b] = [await submit(c), await submit(c)];
      const steps = [
        [a, { decision: 'refuse', reason: 'offTopic' }],
        [b, { decision: 'accept' }],
        [a, { decision: 'accept' }],
        [b, { decision: 'refuse', reason: 'insulting' }],
        [c.p6, { decision: 'refuse', reason: 'advertising' }],
      ];
      const decided = [];
      for (const [id, body] of steps) {
        const answer = await moderate(id, body);
        assert.equal(answer.status, 200, answer.text);
        decided.push(answer.json);
      }
      const log = await ctx.admin('GET', `/consultations/${c.id}/moderation`);
      assert.equal(log.status, 200);
      const decisions = log.json.decisions.map((d) => check(ModerationDecision, d));
      assert.deepEqual(
        decisions.map((d) => [d.proposalId, d.decision, d.reason]),
        steps.map(([id, body]) => [id, body.decision, body.reason ?? null]),
      );
      assert.deepEqual(decisions, decided, 'the log says what each answer said');
      const times = decisions.map((d) => Date.parse(d.decidedAt));
      assert.ok(times.every((time, i) => i === 0 || time >= times[i - 1]), 'in the order decided');
      assert.ok(decisions.every((d) => z.safeParse(Timestamp, d.decidedAt).success));
      assertError(await ctx.admin('GET', '/consultations/no-such-consultation/moderation'), 404, 'not_found');

      // The open data agrees with the log: a (accepted last) is published, b and p6 (refused last)
      // are only counted, by the reason of their latest decision; p7 was refused by the import file.
      const exported = check(OpenData, (await ctx.call('GET', `/consultations/${c.id}/export.json`)).json);
      const ids = exported.proposals.map((p) => p.id);
      assert.deepEqual(ids, [c.p1, c.p2, c.p3, c.p4, c.p5, a]);
      assert.equal(exported.refused.total, 3);
      assert.equal(exported.refused.byReason.insulting, 1);
      assert.equal(exported.refused.byReason.advertising, 1);
      assert.equal(exported.refused.byReason.offTopic, 0, "a's refusal was overturned");
      assert.equal(exported.refused.withoutReason, 1);
      const csv = (await ctx.call('GET', `/consultations/${c.id}/export.csv`)).text.split('\r\n').filter(Boolean);
      assert.deepEqual(csv.slice(1).map((line) => line.split(',')[0]), ids);
    });

    it('re-importing the consultation file after a refusal keeps the proposal refused (issue 9)', async () => {
      const c = await ctx.seed();
      assert.equal((await moderate(c.p2, { decision: 'refuse', reason: 'insulting' })).status, 200);
      assert.equal((await moderate(c.p6, { decision: 'accept' })).status, 200);
      // Before issue 9, this made p2 accepted and public again, with no log entry.
      const again = await ctx.admin('POST', '/consultations', { body: c.file });
      assert.equal(again.status, 200, again.text);
      assertError(await ctx.call('GET', `/proposals/${c.p2}`), 404, 'not_found');
      assert.equal(assertAnswer(await ctx.call('GET', `/proposals/${c.p6}`), 'getProposal').status, 'accepted');
      assert.deepEqual(await listed(c, 'refused'), [c.p2, c.p7]);
      const log = (await ctx.admin('GET', `/consultations/${c.id}/moderation`)).json.decisions;
      assert.deepEqual(log.map((d) => [d.proposalId, d.decision]), [[c.p2, 'refuse'], [c.p6, 'accept']]);
      const exported = check(OpenData, (await ctx.call('GET', `/consultations/${c.id}/export.json`)).json);
      assert.deepEqual(exported.proposals.map((p) => p.id), [c.p1, c.p3, c.p4, c.p5, c.p6]);
      assert.equal(exported.refused.byReason.insulting, 1);
      assert.equal(again.json.consultation.counts.proposals, 5);
    });
  });
});
