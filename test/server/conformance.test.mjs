// @ts-check
/**
 * The reference server against protocol v1 over real HTTP, on SQLite and PostgreSQL: every
 * endpoint of ENDPOINTS answers what its response schema says, every error status an endpoint
 * lists (but 5XX) is produced and shaped as ErrorBody, and the rules of docs/protocol.md hold.
 *
 *   npm run build && node --test test/server/conformance.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENDPOINTS, ERROR_STATUS, MAX_BODY_BYTES, protocolPath } from 'consult-widgets/protocol';
import { computeResults } from 'consult-widgets/method';
import { signParticipant } from 'consult-server';
import {
  assertAnswer,
  assertError,
  at,
  forEachDatabase,
  OTHER,
  PARTICIPANT,
  PARTNER,
  SIGNING_SECRET,
  startServer,
  vote,
} from './server.mjs';

const ZERO = { agree: 0, disagree: 0, neutral: 0 };
let requests = 0;

/**
 * One valid request per operation, for consultation `c` and participant `p`. `setup` runs first
 * when the request needs a state (a qualification needs a vote of its key). Typed by ENDPOINTS:
 * an operation added to the protocol without a request here fails the typecheck.
 * @typedef {keyof typeof ENDPOINTS} OperationId
 * @typedef {{ setup?: OperationId, params: Record<string, string>, query?: Record<string, string>, body?: object, headers?: Record<string, string> }} Spec
 * @type {Record<OperationId, (c: import('./server.mjs').Seeded, p: string) => Spec>}
 */
const VALID = {
  getConsultation: (c) => ({ params: { consultationId: c.id } }),
  listProposals: (c) => ({ params: { consultationId: c.id }, query: { limit: '2' } }),
  getSequence: (c, p) => ({ params: { consultationId: c.id }, query: { participantId: p } }),
  getProposal: (c) => ({ params: { proposalId: c.p1 } }),
  castVote: (c, p) => ({ params: { proposalId: c.p1, participantId: p }, body: vote('agree') }),
  withdrawVote: (c, p) => ({ params: { proposalId: c.p1, participantId: p }, query: { votedAt: new Date().toISOString() } }),
  addQualification: (c, p) => ({
    setup: 'castVote',
    params: { proposalId: c.p1, participantId: p, qualification: 'likeIt' },
    body: { votedAt: new Date().toISOString() },
  }),
  removeQualification: (c, p) => ({ setup: 'castVote', params: { proposalId: c.p1, participantId: p, qualification: 'likeIt' } }),
  submitProposal: (c, p) => ({
    params: { consultationId: c.id },
    body: { participantId: p, requestId: `request-${++requests}`, content: 'We should open a bike repair shop downtown' },
  }),
  getParticipantVotes: (c, p) => ({ params: { participantId: p }, query: { consultationId: c.id } }),
  getResults: (c) => ({ params: { consultationId: c.id } }),
  // v1.1: the consultation is named in the body.
  issueParticipant: (c) => ({ params: {}, body: { consultationId: c.id } }),
  // v1.1: answered by a server that asks a proof of work (`proofCtx`), 404 by the others.
  getIssuanceChallenge: (c) => ({ params: {}, query: { consultationId: c.id } }),
  // v1.1: erasure needs the participant's token (here the host site's); without one, 401.
  eraseParticipation: (c, p) => ({
    params: { participantId: p },
    query: { consultationId: c.id },
    headers: { authorization: `Bearer ${signParticipant(SIGNING_SECRET, c.id, p)}` },
  }),
};

/** Public reads name no participant, so there is nothing for a participant token to cover. */
const NO_PARTICIPANT = new Set(['getConsultation', 'listProposals', 'getProposal', 'getResults', 'issueParticipant', 'getIssuanceChallenge']);

/**
 * @param {import('./server.mjs').TestServer} ctx
 * @param {OperationId} operationId
 * @param {Spec} spec
 * @param {Record<string, string>} [headers]
 */
function send(ctx, operationId, spec, headers = {}) {
  const { method, path } = ENDPOINTS[operationId];
  const query = spec.query ? `?${new URLSearchParams(spec.query)}` : '';
  return ctx.call(method, `${protocolPath(path, /** @type {any} */ (spec.params))}${query}`, { body: spec.body, headers: { ...spec.headers, ...headers } });
}

/**
 * @param {import('./server.mjs').TestServer} ctx
 * @param {OperationId} operationId
 * @param {import('./server.mjs').Seeded} c
 * @param {string} p
 */
async function valid(ctx, operationId, c, p) {
  const spec = VALID[operationId](c, p);
  if (spec.setup) assertAnswer(await send(ctx, spec.setup, VALID[spec.setup](c, p)), spec.setup);
  return spec;
}

/** @type {(spec: Spec, params: Record<string, string>) => Spec} */
const withParams = (spec, params) => ({ ...spec, params: { ...spec.params, ...params } });

await forEachDatabase('protocol v1 conformance', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  /** A server asking a proof of work before issuance (issue 10): its challenge, and its 428. */
  let proofCtx;
  before(async () => {
    ctx = await startServer({ database: database.id });
    proofCtx = await startServer({ database: database.id, issuance: { proof: { maxNumber: 1000 } } });
  });
  after(() => Promise.all([ctx?.close(), proofCtx?.close()]));

  const put = (c, pid, participant, body) => ctx.call('PUT', `/proposals/${pid}/votes/${participant}`, { body });
  const withdraw = (pid, participant, votedAt) => ctx.call('DELETE', `/proposals/${pid}/votes/${participant}?votedAt=${encodeURIComponent(votedAt)}`);
  const qualify = (method, pid, participant, qualification, votedAt = new Date().toISOString()) =>
    ctx.call(method, `/proposals/${pid}/votes/${participant}/qualifications/${qualification}`, {
      body: method === 'PUT' ? { votedAt } : undefined,
    });
  const results = async (c) => assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults');
  const tallyOf = async (c, pid) => (await results(c)).proposals.find((p) => p.proposalId === pid);
  const myVotes = async (c, participant = PARTICIPANT) =>
    assertAnswer(await ctx.call('GET', `/participants/${participant}/votes?consultationId=${c.id}`), 'getParticipantVotes').votes;
  const sequenceIds = async (c, participant = PARTICIPANT, size) => {
    const answer = await ctx.call('GET', `/consultations/${c.id}/sequence?participantId=${participant}${size ? `&size=${size}` : ''}`);
    return assertAnswer(answer, 'getSequence').items.map((p) => p.id);
  };

  // The endpoint and error tables share consultations: each operation acts as a participant of its own.
  const actor = (operationId) => `participant-${operationId}`;

  describe('every endpoint answers its response schema', () => {
    let c;
    before(async () => {
      c = await ctx.seed();
    });
    for (const operationId of /** @type {OperationId[]} */ (Object.keys(ENDPOINTS))) {
      it(`${operationId}: ${ENDPOINTS[operationId].method} ${ENDPOINTS[operationId].path} → ${ENDPOINTS[operationId].status}`, async () => {
        assert.ok(VALID[operationId], `no conformance request for ${operationId}: add one to VALID`);
        if (operationId === 'getIssuanceChallenge') {
          return void assertAnswer(await send(proofCtx, operationId, VALID[operationId](await proofCtx.seed(), actor(operationId))), operationId);
        }
        assertAnswer(await send(ctx, operationId, await valid(ctx, operationId, c, actor(operationId))), operationId);
      });
    }
  });

  describe('every error status an endpoint lists', () => {
    const seen = new Set();
    const seeded = {};
    before(async () => {
      seeded.open = await ctx.seed();
      seeded.signed = await ctx.seed({ consultation: { requireSignedParticipants: true } });
      seeded.closed = await ctx.seed({ consultation: { status: 'closed' } });
    });
    const expectError = (answer, status, code) => {
      assertError(answer, status, code);
      seen.add(code);
    };

    /** How to provoke each status for an operation (null: does not apply, and why). */
    const PROVOKE = {
      async 400(operationId, c) {
        const spec = VALID[operationId](c, actor(operationId));
        const [first] = Object.keys(spec.params);
        if (!first && spec.query) return expectError(await send(ctx, operationId, { ...spec, query: { consultationId: 'not an id!' } }), 400, 'invalid_request');
        if (!first) return expectError(await send(ctx, operationId, { ...spec, body: { consultationId: 'not an id!' } }), 400, 'invalid_request');
        expectError(await send(ctx, operationId, withParams(spec, { [first]: 'not an id!' })), 400, 'invalid_request');
      },
      async 401(operationId) {
        if (NO_PARTICIPANT.has(operationId)) return 'public reads name no participant';
        // Without the token a valid request may carry (erasure's).
        const spec = { ...VALID[operationId](seeded.signed, actor(operationId)), headers: {} };
        expectError(await send(ctx, operationId, spec), 401, 'unauthorized');
      },
      async 403(operationId, c) {
        const spec = VALID[operationId](c, actor(operationId));
        expectError(await send(ctx, operationId, spec, { origin: 'https://evil.example' }), 403, 'forbidden');
      },
      async 404(operationId, c) {
        const spec = VALID[operationId](c, actor(operationId));
        const unknown = withParams(spec, 'consultationId' in spec.params ? { consultationId: 'no-such-consultation' } : {});
        if ('proposalId' in spec.params) unknown.params.proposalId = 'no-such-proposal';
        if (spec.query?.consultationId) unknown.query = { consultationId: 'no-such-consultation' };
        if (spec.body?.consultationId) unknown.body = { consultationId: 'no-such-consultation' };
        expectError(await send(ctx, operationId, unknown), 404, 'not_found');
        if (operationId === 'getProposal') {
          // Pending and refused proposals are not public.
          expectError(await send(ctx, operationId, withParams(spec, { proposalId: c.p6 })), 404, 'not_found');
          expectError(await send(ctx, operationId, withParams(spec, { proposalId: c.p7 })), 404, 'not_found');
        }
      },
      async 409(operationId, c) {
        expectError(await send(ctx, operationId, VALID[operationId](seeded.closed, actor(operationId))), 409, 'closed');
        if (operationId === 'addQualification' || operationId === 'removeQualification') {
          // No vote at all, then a vote of another key: the qualification belongs to neither.
          expectError(await send(ctx, operationId, VALID[operationId](c, actor(operationId))), 409, 'conflict');
          await put(c, c.p1, actor(operationId), vote('disagree'));
          expectError(await send(ctx, operationId, VALID[operationId](c, actor(operationId))), 409, 'conflict');
        }
      },
      async 413(operationId, c) {
        const spec = VALID[operationId](c, actor(operationId));
        const body = { ...spec.body, padding: 'x'.repeat(MAX_BODY_BYTES + 1) };
        expectError(await send(ctx, operationId, { ...spec, body }), 413, 'too_large');
      },
      async 422(operationId, c) {
        const spec = VALID[operationId](c, actor(operationId));
        expectError(await send(ctx, operationId, { ...spec, body: { ...spec.body, content: 'We should' } }), 422, 'unprocessable');
      },
      async 428(operationId) {
        // A server asking a proof of work, and a request without one.
        const spec = VALID[operationId](await proofCtx.seed(), actor(operationId));
        expectError(await send(proofCtx, operationId, spec), 428, 'proof_required');
      },
      // 429 needs a server with tiny limits: see the next describe.
      429: () => 'tested on a rate-limited server below',
    };

    for (const [operationId, endpoint] of Object.entries(ENDPOINTS)) {
      for (const status of endpoint.errors) {
        if (status === '5XX') continue; // a failure cannot be provoked from outside
        it(`${operationId} → ${status}`, async (t) => {
          assert.ok(PROVOKE[status], `no way to provoke ${status}: add one to PROVOKE`);
          const notApplicable = await PROVOKE[status](operationId, seeded.open);
          if (notApplicable) t.skip(`not applicable: ${notApplicable}`);
        });
      }
    }

    it('covers every error code of ERROR_STATUS but rate_limited (below) and server', () => {
      const expected = Object.keys(ERROR_STATUS).filter((code) => code !== 'rate_limited' && code !== 'server');
      assert.deepEqual([...seen].sort(), expected.sort());
    });

    it('a path no endpoint has → 404 not_found', async () => {
      assertError(await ctx.call('GET', '/consultations'), 404, 'not_found');
      assertError(await ctx.call('POST', '/proposals/p1'), 404, 'not_found');
    });
  });

  describe('429 rate_limited with Retry-After', () => {
    let limited;
    before(async () => {
      limited = await startServer({ database: database.id, rateLimit: { perAddress: 1, perParticipant: 1000, windowMs: 60_000 } });
    });
    after(() => limited?.close());

    it('every endpoint answers 429 with Retry-After once the address is over its limit', async () => {
      const c = await limited.seed();
      assertAnswer(await limited.call('GET', `/consultations/${c.id}`), 'getConsultation');
      for (const operationId of /** @type {OperationId[]} */ (Object.keys(ENDPOINTS))) {
        const answer = await send(limited, operationId, VALID[operationId](c, PARTICIPANT));
        assertError(answer, 429, 'rate_limited');
        const retryAfter = Number(answer.headers.get('retry-after'));
        assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `${operationId}: Retry-After ${retryAfter}`);
      }
    });
  });

  describe('rule 1: one vote per participant and proposal', () => {
    it('a new key replaces the old one and moves the tally', async () => {
      const c = await ctx.seed();
      assert.deepEqual(assertAnswer(await put(c, c.p1, PARTICIPANT, vote('agree', at(1))), 'castVote'), {
        proposalId: c.p1,
        key: 'agree',
        votes: { agree: 1, disagree: 0, neutral: 0 },
      });
      assert.deepEqual(assertAnswer(await put(c, c.p1, PARTICIPANT, vote('disagree', at(2))), 'castVote').votes, {
        agree: 0,
        disagree: 1,
        neutral: 0,
      });
      assert.deepEqual(assertAnswer(await put(c, c.p1, OTHER, vote('agree', at(3))), 'castVote').votes, { agree: 1, disagree: 1, neutral: 0 });
      assert.deepEqual(await myVotes(c), [{ proposalId: c.p1, key: 'disagree', qualifications: [] }]);
      assert.deepEqual((await tallyOf(c, c.p1)).votes, { agree: 1, disagree: 1, neutral: 0 });
    });

    it('a withdrawal takes the vote out of the tally and out of the participant votes', async () => {
      const c = await ctx.seed();
      await put(c, c.p2, PARTICIPANT, vote('neutral', at(1)));
      assert.deepEqual(assertAnswer(await withdraw(c.p2, PARTICIPANT, at(2)), 'withdrawVote'), { proposalId: c.p2, key: null, votes: ZERO });
      assert.deepEqual(await myVotes(c), []);
    });
  });

  describe('rule 2: writes are idempotent', () => {
    it('the same vote, withdrawal, qualification or removal twice counts once and answers the same', async () => {
      const c = await ctx.seed();
      const first = assertAnswer(await put(c, c.p1, PARTICIPANT, vote('agree', at(1))), 'castVote');
      assert.deepEqual(assertAnswer(await put(c, c.p1, PARTICIPANT, vote('agree', at(1))), 'castVote'), first);
      const added = assertAnswer(await qualify('PUT', c.p1, PARTICIPANT, 'likeIt', at(2)), 'addQualification');
      assert.deepEqual(added, { proposalId: c.p1, qualifications: { likeIt: 1 } });
      assert.deepEqual(assertAnswer(await qualify('PUT', c.p1, PARTICIPANT, 'likeIt', at(2)), 'addQualification'), added);
      const removed = assertAnswer(await qualify('DELETE', c.p1, PARTICIPANT, 'likeIt'), 'removeQualification');
      assert.deepEqual(removed, { proposalId: c.p1, qualifications: {} });
      assert.deepEqual(assertAnswer(await qualify('DELETE', c.p1, PARTICIPANT, 'likeIt'), 'removeQualification'), removed);
      // Removing what was never added changes nothing either.
      assert.deepEqual(assertAnswer(await qualify('DELETE', c.p1, PARTICIPANT, 'doable'), 'removeQualification'), removed);
      const withdrawn = assertAnswer(await withdraw(c.p1, PARTICIPANT, at(3)), 'withdrawVote');
      assert.deepEqual(assertAnswer(await withdraw(c.p1, PARTICIPANT, at(3)), 'withdrawVote'), withdrawn);
      assert.deepEqual(withdrawn.votes, ZERO);
      const consultation = assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation');
      assert.equal(consultation.counts.votes, 0);
    });

    it('many retries of one vote sent at once still count one vote', async () => {
      const c = await ctx.seed();
      const body = vote('neutral', at(1));
      const answers = await Promise.all(Array.from({ length: 8 }, () => put(c, c.p3, PARTICIPANT, body)));
      for (const answer of answers) assert.deepEqual(assertAnswer(answer, 'castVote').votes, { agree: 0, disagree: 0, neutral: 1 });
    });
  });

  describe('rule 3: the newest votedAt wins, not the last request to arrive', () => {
    it('a late, older vote is ignored and answered with the current state', async () => {
      const c = await ctx.seed();
      await put(c, c.p1, PARTICIPANT, vote('disagree', at(5)));
      const late = assertAnswer(await put(c, c.p1, PARTICIPANT, vote('agree', at(3))), 'castVote');
      assert.deepEqual(late, { proposalId: c.p1, key: 'disagree', votes: { agree: 0, disagree: 1, neutral: 0 } });
    });

    it('agree (t1), agree again (t3), then the delayed neutral (t2): agree stays', async () => {
      const c = await ctx.seed();
      await put(c, c.p1, PARTICIPANT, vote('agree', at(1)));
      await put(c, c.p1, PARTICIPANT, vote('agree', at(3)));
      const delayed = assertAnswer(await put(c, c.p1, PARTICIPANT, vote('neutral', at(2))), 'castVote');
      assert.equal(delayed.key, 'agree');
      assert.deepEqual(delayed.votes, { agree: 1, disagree: 0, neutral: 0 });
      assert.deepEqual(await myVotes(c), [{ proposalId: c.p1, key: 'agree', qualifications: [] }]);
    });

    it('a withdrawal older than the vote is ignored: the answer still holds the key', async () => {
      const c = await ctx.seed();
      await put(c, c.p1, PARTICIPANT, vote('agree', at(2)));
      const answer = assertAnswer(await withdraw(c.p1, PARTICIPANT, at(1)), 'withdrawVote');
      assert.deepEqual(answer, { proposalId: c.p1, key: 'agree', votes: { agree: 1, disagree: 0, neutral: 0 } });
    });

    it('a vote older than a withdrawal is ignored: the answer holds no key', async () => {
      const c = await ctx.seed();
      await put(c, c.p1, PARTICIPANT, vote('agree', at(1)));
      await withdraw(c.p1, PARTICIPANT, at(3));
      const answer = assertAnswer(await put(c, c.p1, PARTICIPANT, vote('disagree', at(2))), 'castVote');
      assert.deepEqual(answer, { proposalId: c.p1, key: null, votes: ZERO });
      assert.ok((await sequenceIds(c)).includes(c.p1), 'a withdrawn proposal comes back into the sequence');
    });

    it('times compare as instants, whatever their offset', async () => {
      const c = await ctx.seed();
      await put(c, c.p1, PARTICIPANT, vote('agree', '2025-02-10T09:31:00Z'));
      // 10:30 at +01:00 is 09:30 UTC: older, although its text sorts after.
      const older = assertAnswer(await put(c, c.p1, PARTICIPANT, vote('disagree', '2025-02-10T10:30:00+01:00')), 'castVote');
      assert.equal(older.key, 'agree');
      const newer = assertAnswer(await put(c, c.p1, PARTICIPANT, vote('disagree', '2025-02-10T08:32:00-01:00')), 'castVote');
      assert.equal(newer.key, 'disagree');
    });
  });

  describe('rule 4: qualifications follow their vote', () => {
    it('only a qualification of the current key is accepted', async () => {
      const c = await ctx.seed();
      assertError(await qualify('PUT', c.p1, PARTICIPANT, 'likeIt'), 409, 'conflict');
      await put(c, c.p1, PARTICIPANT, vote('agree', at(1)));
      for (const other of ['noWay', 'impossible', 'platitudeDisagree', 'doNotUnderstand', 'noOpinion', 'doNotCare']) {
        assertError(await qualify('PUT', c.p1, PARTICIPANT, other), 409, 'conflict');
      }
      for (const own of ['likeIt', 'doable', 'platitudeAgree']) assertAnswer(await qualify('PUT', c.p1, PARTICIPANT, own), 'addQualification');
      assert.deepEqual((await tallyOf(c, c.p1)).qualifications, { likeIt: 1, doable: 1, platitudeAgree: 1 });
      assert.deepEqual(await myVotes(c), [{ proposalId: c.p1, key: 'agree', qualifications: ['likeIt', 'doable', 'platitudeAgree'] }]);
    });

    it('changing the key drops the qualifications; the same key again keeps them', async () => {
      const c = await ctx.seed();
      await put(c, c.p1, PARTICIPANT, vote('agree', at(1)));
      await put(c, c.p1, OTHER, vote('agree', at(1)));
      await qualify('PUT', c.p1, PARTICIPANT, 'likeIt');
      await qualify('PUT', c.p1, OTHER, 'likeIt');
      await put(c, c.p1, PARTICIPANT, vote('agree', at(2)));
      assert.deepEqual((await tallyOf(c, c.p1)).qualifications, { likeIt: 2 });
      await put(c, c.p1, PARTICIPANT, vote('disagree', at(3)));
      assert.deepEqual((await tallyOf(c, c.p1)).qualifications, { likeIt: 1 });
      assert.deepEqual(await myVotes(c), [{ proposalId: c.p1, key: 'disagree', qualifications: [] }]);
      assertAnswer(await qualify('PUT', c.p1, PARTICIPANT, 'noWay'), 'addQualification');
      // Back to agree: the old likeIt does not come back.
      await put(c, c.p1, PARTICIPANT, vote('agree', at(4)));
      assert.deepEqual(await myVotes(c), [{ proposalId: c.p1, key: 'agree', qualifications: [] }]);
      assert.deepEqual((await tallyOf(c, c.p1)).qualifications, { likeIt: 1 });
    });

    it('withdrawing the vote drops its qualifications', async () => {
      const c = await ctx.seed();
      await put(c, c.p2, PARTICIPANT, vote('neutral', at(1)));
      await qualify('PUT', c.p2, PARTICIPANT, 'doNotCare');
      await withdraw(c.p2, PARTICIPANT, at(2));
      assert.deepEqual((await tallyOf(c, c.p2)).qualifications, {});
      assertError(await qualify('PUT', c.p2, PARTICIPANT, 'doNotCare'), 409, 'conflict');
    });
  });

  describe('rule 5: submissions are idempotent by requestId and wait for moderation', () => {
    const submit = (c, participantId, requestId, content = 'We should open a bike repair shop downtown') =>
      ctx.call('POST', `/consultations/${c.id}/proposals`, { body: { participantId, requestId, content, themeId: 'mobility' } });
    /** What moderators see waiting (the open data never lists pending proposals). */
    const pendingIds = async (c) => (await ctx.admin('GET', `/consultations/${c.id}/proposals?status=pending&limit=100`)).json.items.map((p) => p.id);

    it('the same requestId gets the first answer and creates no second proposal', async () => {
      const c = await ctx.seed();
      const first = assertAnswer(await submit(c, PARTICIPANT, 'req-1'), 'submitProposal');
      assert.equal(first.status, 'pending');
      assert.deepEqual(assertAnswer(await submit(c, PARTICIPANT, 'req-1'), 'submitProposal'), first);
      assert.deepEqual(assertAnswer(await submit(c, PARTICIPANT, 'req-1', 'We should say something else'), 'submitProposal'), first);
      const second = assertAnswer(await submit(c, PARTICIPANT, 'req-2'), 'submitProposal');
      const other = assertAnswer(await submit(c, OTHER, 'req-1'), 'submitProposal');
      assert.equal(new Set([first.id, second.id, other.id]).size, 3);
      assert.deepEqual((await pendingIds(c)).sort(), [c.p6, first.id, second.id, other.id].sort());
    });

    it('retries of one submission sent at once create one proposal', async () => {
      const c = await ctx.seed();
      const answers = await Promise.all(Array.from({ length: 6 }, () => submit(c, PARTICIPANT, 'req-burst')));
      const ids = new Set(answers.map((answer) => assertAnswer(answer, 'submitProposal').id));
      assert.equal(ids.size, 1);
      assert.equal((await pendingIds(c)).length, 2, 'the fixture\'s pending proposal and this one');
    });

    it('a pending proposal is in no list, sequence, result or count, and takes no vote', async () => {
      const c = await ctx.seed();
      const { id } = assertAnswer(await submit(c, PARTICIPANT, 'req-1'), 'submitProposal');
      const listed = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/proposals?limit=100`), 'listProposals');
      assert.deepEqual(listed.items.map((p) => p.id), [c.p1, c.p2, c.p3, c.p4, c.p5]);
      assert.ok(!(await sequenceIds(c, OTHER)).includes(id));
      assert.deepEqual((await results(c)).proposals.map((p) => p.proposalId), [c.p1, c.p2, c.p3, c.p4, c.p5]);
      assertError(await ctx.call('GET', `/proposals/${id}`), 404, 'not_found');
      assertError(await put(c, id, OTHER, vote('agree')), 404, 'not_found');
      const consultation = assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation');
      assert.equal(consultation.counts.proposals, 5);
    });

    it('themeId null is the same as no theme; an unknown theme or broken length/prefix → 422', async () => {
      const c = await ctx.seed();
      const body = { participantId: PARTICIPANT, content: 'We should open a bike repair shop downtown' };
      assertAnswer(await ctx.call('POST', `/consultations/${c.id}/proposals`, { body: { ...body, requestId: 'a', themeId: null } }), 'submitProposal');
      for (const [requestId, change] of /** @type {Array<[string, object]>} */ ([
        ['b', { themeId: 'no-such-theme' }],
        ['c', { content: 'We should' }],
        ['d', { content: 'Please open a bike repair shop downtown' }],
        ['e', { content: `We should ${'x'.repeat(140)}` }],
        ['f', { content: '                    ' }],
      ])) {
        assertError(await ctx.call('POST', `/consultations/${c.id}/proposals`, { body: { ...body, requestId, ...change } }), 422, 'unprocessable');
      }
    });
  });

  describe('rule 6: a closed consultation refuses every write, reads keep working', () => {
    it('closed through the admin API: writes → 409 closed, reads → 200; reopened: writes work', async () => {
      const c = await ctx.seed();
      await put(c, c.p1, PARTICIPANT, vote('agree', at(1)));
      await qualify('PUT', c.p1, PARTICIPANT, 'likeIt');
      assert.equal((await ctx.admin('PUT', `/consultations/${c.id}/status`, { body: { status: 'closed' } })).status, 200);

      assertError(await put(c, c.p1, PARTICIPANT, vote('disagree', at(2))), 409, 'closed');
      assertError(await put(c, c.p2, OTHER, vote('agree', at(2))), 409, 'closed');
      assertError(await withdraw(c.p1, PARTICIPANT, at(2)), 409, 'closed');
      assertError(await qualify('PUT', c.p1, PARTICIPANT, 'doable'), 409, 'closed');
      assertError(await qualify('DELETE', c.p1, PARTICIPANT, 'likeIt'), 409, 'closed');
      assertError(
        await ctx.call('POST', `/consultations/${c.id}/proposals`, {
          body: { participantId: PARTICIPANT, requestId: 'late', content: 'We should have asked sooner' },
        }),
        409,
        'closed',
      );

      const consultation = assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation');
      assert.equal(consultation.status, 'closed');
      assert.deepEqual(consultation.counts, { participants: 1, proposals: 5, votes: 1 });
      assertAnswer(await ctx.call('GET', `/consultations/${c.id}/proposals`), 'listProposals');
      assert.equal((await sequenceIds(c, OTHER)).length, 5);
      assert.deepEqual(assertAnswer(await ctx.call('GET', `/proposals/${c.p1}`), 'getProposal').votes, { agree: 1, disagree: 0, neutral: 0 });
      assert.deepEqual(await myVotes(c), [{ proposalId: c.p1, key: 'agree', qualifications: ['likeIt'] }]);
      assert.deepEqual((await tallyOf(c, c.p1)).qualifications, { likeIt: 1 });

      assert.equal((await ctx.admin('PUT', `/consultations/${c.id}/status`, { body: { status: 'open' } })).status, 200);
      assert.equal(assertAnswer(await put(c, c.p1, PARTICIPANT, vote('disagree', at(3))), 'castVote').key, 'disagree');
    });
  });

  describe('lists, sequences, participant votes and results', () => {
    it('pages through every accepted proposal with nextCursor until it is null', async () => {
      const proposals = [];
      for (let i = 1; i <= 32; i++) {
        const status = i % 5 === 0 ? 'pending' : i % 7 === 0 ? 'refused' : 'accepted';
        proposals.push({ id: `paged-${String(i).padStart(2, '0')}`, content: `We should try idea number ${i}`, status, themeId: i % 2 ? 'mobility' : 'energy' });
      }
      const c = await ctx.seed({ proposals });
      const accepted = proposals.filter((p) => p.status === 'accepted').map((p) => p.id);
      const walk = async (query) => {
        const ids = [];
        const cursors = [];
        let cursor = null;
        do {
          const page = assertAnswer(
            await ctx.call('GET', `/consultations/${c.id}/proposals?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
            'listProposals',
          );
          assert.ok(page.items.every((p) => p.status === 'accepted'));
          ids.push(...page.items.map((p) => p.id));
          cursor = page.nextCursor;
          if (cursor) cursors.push(cursor);
        } while (cursor !== null && ids.length <= proposals.length);
        return { ids, cursors };
      };
      const byFive = await walk('limit=5');
      assert.deepEqual(byFive.ids, accepted);
      assert.equal(byFive.cursors.length, Math.ceil(accepted.length / 5) - 1);
      for (const cursor of byFive.cursors) assert.doesNotMatch(cursor, /^\d+$|paged/, 'a cursor is opaque, not a position or an id');
      const themed = await walk('limit=3&themeId=energy');
      assert.deepEqual(themed.ids, proposals.filter((p) => p.status === 'accepted' && p.themeId === 'energy').map((p) => p.id));
      const firstPage = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/proposals`), 'listProposals');
      assert.equal(firstPage.items.length, 20, 'limit defaults to 20');
      assert.notEqual(firstPage.nextCursor, null);
      const all = assertAnswer(await ctx.call('GET', `/consultations/${c.id}/proposals?limit=100`), 'listProposals');
      assert.deepEqual(all.items.map((p) => p.id), accepted);
      assert.equal(all.nextCursor, null);
    });

    it('a cursor the server did not make → 400 invalid_request', async () => {
      const c = await ctx.seed();
      for (const forged of ['abc', '12', '-1', Buffer.from('after:-1').toString('base64url'), Buffer.from("after:1' OR 1=1").toString('base64url'), 'x'.repeat(1000)]) {
        assertError(await ctx.call('GET', `/consultations/${c.id}/proposals?cursor=${encodeURIComponent(forged)}`), 400, 'invalid_request');
      }
      for (const limit of ['0', '101', '-1', '2e1', '20.0', ' 20', 'ten']) {
        assertError(await ctx.call('GET', `/consultations/${c.id}/proposals?limit=${encodeURIComponent(limit)}`), 400, 'invalid_request');
      }
    });

    it('a sequence leaves out what the participant voted on and respects size', async () => {
      const c = await ctx.seed();
      const accepted = [c.p1, c.p2, c.p3, c.p4, c.p5];
      assert.deepEqual((await sequenceIds(c)).sort(), accepted.sort());
      assert.equal((await sequenceIds(c, PARTICIPANT, 2)).length, 2);
      assert.equal((await sequenceIds(c, PARTICIPANT, 1)).length, 1);
      assert.equal((await sequenceIds(c, PARTICIPANT, 100)).length, 5);
      await put(c, c.p1, PARTICIPANT, vote('agree'));
      await put(c, c.p4, PARTICIPANT, vote('disagree'));
      assert.deepEqual((await sequenceIds(c)).sort(), [c.p2, c.p3, c.p5].sort());
      assert.equal((await sequenceIds(c, OTHER)).length, 5, 'another participant still sees everything');
      for (const pid of [c.p2, c.p3, c.p5]) await put(c, pid, PARTICIPANT, vote('neutral'));
      assert.deepEqual(await sequenceIds(c), []);
      for (const size of ['0', '101', '1.5', 'x']) {
        assertError(await ctx.call('GET', `/consultations/${c.id}/sequence?participantId=${PARTICIPANT}&size=${size}`), 400, 'invalid_request');
      }
    });

    it('participant votes: this consultation only, with qualifications, without withdrawn votes', async () => {
      const c = await ctx.seed();
      const elsewhere = await ctx.seed();
      assert.deepEqual(await myVotes(c), []);
      await put(c, c.p3, PARTICIPANT, vote('agree', at(1)));
      await put(c, c.p1, PARTICIPANT, vote('neutral', at(1)));
      await qualify('PUT', c.p1, PARTICIPANT, 'noOpinion');
      await put(c, c.p2, PARTICIPANT, vote('disagree', at(1)));
      await withdraw(c.p2, PARTICIPANT, at(2));
      await put(elsewhere, elsewhere.p1, PARTICIPANT, vote('agree', at(1)));
      await put(c, c.p4, OTHER, vote('agree', at(1)));
      assert.deepEqual(await myVotes(c), [
        { proposalId: c.p1, key: 'neutral', qualifications: ['noOpinion'] },
        { proposalId: c.p3, key: 'agree', qualifications: [] },
      ]);
      assertError(await ctx.call('GET', `/participants/${PARTICIPANT}/votes?consultationId=no-such-consultation`), 404, 'not_found');
      assertError(await ctx.call('GET', `/participants/${PARTICIPANT}/votes`), 400, 'invalid_request');
    });

    it('results count every accepted proposal, and counts follow participants, proposals and votes', async () => {
      const c = await ctx.seed();
      const counts = async () => assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation').counts;
      assert.deepEqual(await counts(), { participants: 0, proposals: 5, votes: 0 });
      await put(c, c.p1, PARTICIPANT, vote('agree'));
      await put(c, c.p1, OTHER, vote('disagree'));
      await put(c, c.p2, OTHER, vote('neutral'));
      await qualify('PUT', c.p1, PARTICIPANT, 'doable');
      await qualify('PUT', c.p1, OTHER, 'impossible');
      assert.deepEqual(await counts(), { participants: 2, proposals: 5, votes: 3 });
      const answer = await results(c);
      assert.equal(answer.consultationId, c.id);
      assert.deepEqual(answer.counts, { participants: 2, proposals: 5, votes: 3 });
      assert.deepEqual(
        answer.proposals.map(({ proposalId, votes, qualifications }) => ({ proposalId, votes, qualifications })),
        [
          { proposalId: c.p1, votes: { agree: 1, disagree: 1, neutral: 0 }, qualifications: { doable: 1, impossible: 1 } },
          { proposalId: c.p2, votes: { agree: 0, disagree: 0, neutral: 1 }, qualifications: {} },
          { proposalId: c.p3, votes: ZERO, qualifications: {} },
          { proposalId: c.p4, votes: ZERO, qualifications: {} },
          { proposalId: c.p5, votes: ZERO, qualifications: {} },
        ],
      );
      // Fewer than 20 votes each: shown with their shares, but in no zone and no top list.
      assert.deepEqual(answer.proposals[0].shares, { agree: 0.5, disagree: 0.5, neutral: 0 });
      assert.ok(answer.proposals.every((p) => p.zone === null && p.rank === null));
      assert.deepEqual([answer.popular, answer.divisive], [[], []]);
      assertAnswer(await ctx.call('POST', `/consultations/${c.id}/proposals`, {
        body: { participantId: 'participant-0003', requestId: 'r', content: 'We should count submitters too' },
      }), 'submitProposal');
      assert.deepEqual(await counts(), { participants: 3, proposals: 5, votes: 3 });
      await withdraw(c.p2, OTHER, new Date(Date.now() + 1000).toISOString());
      assert.equal((await counts()).votes, 2);
    });

    it('results put proposals in zones and top lists by the method of docs/methodology.md', async () => {
      const c = await ctx.seed();
      // p1: 14 agree, 3 disagree, 3 neutral (consensus); p2: 10 agree, 10 disagree (controversy).
      const keys = { [c.p1]: [14, 3, 3], [c.p2]: [10, 10, 0] };
      for (const [pid, [agree, disagree, neutral]] of Object.entries(keys)) {
        const wanted = [...Array(agree).fill('agree'), ...Array(disagree).fill('disagree'), ...Array(neutral).fill('neutral')];
        for (const [i, key] of wanted.entries()) assertAnswer(await put(c, pid, `participant-zone-${i}`, vote(key)), 'castVote');
      }
      await qualify('PUT', c.p1, 'participant-zone-0', 'likeIt');
      const answer = await results(c);
      const byId = new Map(answer.proposals.map((p) => [p.proposalId, p]));
      assert.equal(byId.get(c.p1).zone, 'consensus');
      assert.equal(byId.get(c.p1).rank, 1);
      assert.equal(byId.get(c.p1).score, 15 / 20);
      assert.equal(byId.get(c.p2).zone, 'controversy');
      assert.deepEqual(answer.divisive, [c.p2]);
      assert.deepEqual(answer.popular, [{ themeId: byId.get(c.p1).themeId, proposalIds: [c.p1] }]);
      assert.deepEqual(answer.method, { minVotes: 20, thresholds: { majority: 0.6, neutral: 0.4, minority: 0.15 }, z: 2, topPopular: 15, topDivisive: 9 });
      // Anyone can re-run the method on the published tallies and find the same answer.
      const rows = answer.proposals.map(({ proposalId, content, themeId, votes, qualifications }) => ({ proposalId, content, themeId, votes, qualifications }));
      const { untrusted, ...computed } = answer;
      assert.deepEqual(computeResults({ consultationId: c.id, counts: answer.counts, rows }), computed);
      // The fixture counts its bare-id votes, and says so (issue 10).
      assert.deepEqual(untrusted, { votes: 40, counted: true });
    });

    it('the public consultation shows neither partner origins nor signing settings', async () => {
      const c = await ctx.seed({ consultation: { allowedOrigins: [PARTNER, 'https://other.example'] } });
      const consultation = assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation');
      assert.ok(!('allowedOrigins' in consultation) && !('requireSignedParticipants' in consultation) && !('countUntrusted' in consultation), JSON.stringify(consultation));
      assert.deepEqual(consultation.themes, c.file.consultation.themes);
      assert.equal(consultation.proposalPrefix, 'We should');
    });
  });

  describe('ETag and If-None-Match', () => {
    for (const [what, path] of /** @type {Array<[string, (c: import('./server.mjs').Seeded) => string]>} */ ([
      ['a proposal', (c) => `/proposals/${c.p1}`],
      ['results', (c) => `/consultations/${c.id}/results`],
    ])) {
      it(`GET ${what}: 304 while unchanged, 200 with a new ETag after a vote`, async () => {
        const c = await ctx.seed();
        const first = await ctx.call('GET', path(c));
        assert.equal(first.status, 200);
        const etag = first.headers.get('etag');
        assert.ok(etag, 'an ETag');
        const unchanged = await ctx.call('GET', path(c), { headers: { 'if-none-match': etag } });
        assert.equal(unchanged.status, 304);
        assert.equal(unchanged.text, '');
        assert.equal(unchanged.headers.get('etag'), etag);
        await put(c, c.p1, PARTICIPANT, vote('agree'));
        const changed = await ctx.call('GET', path(c), { headers: { 'if-none-match': etag } });
        assert.equal(changed.status, 200);
        assert.notEqual(changed.headers.get('etag'), etag);
        assert.equal(
          (await ctx.call('GET', path(c), { headers: { 'if-none-match': changed.headers.get('etag') ?? '' } })).status,
          304,
        );
      });
    }
  });
});
