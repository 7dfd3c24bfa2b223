// @ts-check
// The test control API: malformed answers, the request log, reset, isolated scopes, the ground
// truth state, the validation of control requests, and CORS.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { ParticipantVotes, Proposal } from 'consult-widgets/protocol';
import { startProtocolServer } from '../support/protocol-server.mjs';
import { testBackend } from '../support/protocol-client.mjs';
import { assertAnswer, call, OTHER, PARTICIPANT, vote } from './helpers.mjs';

let server;
let backend;
const api = (method, path, options) => call(backend.endpoint, method, path, options);
const putVote = (pid, key, participant = PARTICIPANT) => api('PUT', `/proposals/${pid}/votes/${participant}`, { body: vote(key) });

before(async () => {
  server = await startProtocolServer();
  backend = testBackend({ origin: server.origin, scope: 'control' });
});
after(() => server.close());
beforeEach(() => backend.reset());

describe('malformed answers', () => {
  it('schema: the answer breaks the protocol schema (numbers as strings), then answers are fine again', async () => {
    await backend.malformed({ mode: 'schema', count: 1 });
    const broken = await api('GET', '/proposals/p1');
    assert.equal(broken.status, 200);
    assert.match(broken.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(broken.json.votes.agree, '0');
    assert.equal(z.safeParse(Proposal, broken.json).success, false);
    assertAnswer(await api('GET', '/proposals/p1'), 'getProposal');
  });

  it('schema: a write is still applied (the backend answered wrongly), even an answer with nothing to break', async () => {
    await backend.malformed({ mode: 'schema', count: 2 });
    const cast = await putVote('p1', 'agree');
    assert.equal(cast.json.votes.agree, '1');
    assert.equal((await backend.state()).votes[PARTICIPANT].p1.key, 'agree');
    const empty = await api('GET', `/participants/${OTHER}/votes?consultationId=ai`);
    assert.equal(empty.status, 200);
    assert.equal(z.safeParse(ParticipantVotes, empty.json).success, false, empty.text);
  });

  it('html: a proxy’s 502 error page in text/html, and the write never reaches the backend', async () => {
    await backend.malformed({ mode: 'html', methods: ['PUT'] });
    assertAnswer(await api('GET', '/proposals/p1'), 'getProposal'); // not matching: not consumed
    const page = await putVote('p1', 'agree');
    assert.equal(page.status, 502);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.text, /<html/);
    assert.equal((await backend.state()).votes[PARTICIPANT], undefined);
  });

  it('notfound: a plain 404 whose body is not JSON', async () => {
    await backend.malformed({ mode: 'notfound', count: 2 });
    for (let i = 0; i < 2; i++) {
      const answer = await api('GET', '/consultations/ai');
      assert.equal(answer.status, 404);
      assert.match(answer.headers.get('content-type') ?? '', /text\/plain/);
      assert.equal(answer.json, undefined);
    }
    assertAnswer(await api('GET', '/consultations/ai'), 'getConsultation');
    assert.deepEqual((await backend.log()).map((e) => e.fault), ['notfound', 'notfound', null]);
  });

  it('count: 0 cancels what is left', async () => {
    await backend.malformed({ mode: 'html', count: 5 });
    await backend.malformed({ mode: 'html', count: 0 });
    assertAnswer(await api('GET', '/proposals/p1'), 'getProposal');
  });
});

describe('request log', () => {
  it('records method, path, query, authorization and content type, the parsed body and the outcome', async () => {
    await api('GET', '/consultations/ai/proposals?limit=2&themeId=education', { headers: { authorization: 'Bearer t0k' } });
    await putVote('p1', 'agree');
    await api('DELETE', `/proposals/p1/votes/${PARTICIPANT}?votedAt=2000-01-01T00:00:00.000Z`);
    await api('PUT', `/proposals/p1/votes/${PARTICIPANT}`, { body: 'not json', headers: { 'content-type': 'text/plain' } });
    const [list, put, del, bad] = await backend.log();
    assert.deepEqual(
      { method: list.method, path: list.path, query: list.query, headers: list.headers, body: list.body },
      {
        method: 'GET',
        path: '/consultations/ai/proposals',
        query: { limit: '2', themeId: 'education' },
        headers: { authorization: 'Bearer t0k', contentType: null },
        body: null,
      },
    );
    assert.equal(list.applied, null);
    assert.deepEqual([put.method, put.status, put.applied, put.headers.contentType], ['PUT', 200, true, 'application/json']);
    assert.equal(put.body.key, 'agree');
    assert.ok(put.time >= list.time && put.seq === list.seq + 1);
    assert.deepEqual(del.query, { votedAt: '2000-01-01T00:00:00.000Z' });
    assert.deepEqual([bad.status, bad.applied, bad.body, bad.rawBody], [400, false, null, 'not json']);
  });

  it('since: only the entries after a sequence number', async () => {
    await api('GET', '/proposals/p1');
    const [first] = await backend.log();
    await api('GET', '/proposals/p2');
    assert.deepEqual((await backend.log(first.seq)).map((e) => e.path), ['/proposals/p2']);
  });
});

describe('reset, scopes and state', () => {
  it('reset: fresh data, empty log, no faults, no pending malformed answers', async () => {
    await putVote('p1', 'agree');
    await backend.setFaults({ errorRate: 1 });
    await backend.malformed({ mode: 'html', count: 3 });
    await backend.reset();
    assert.deepEqual(await backend.log(), []);
    const p1 = assertAnswer(await api('GET', '/proposals/p1'), 'getProposal');
    assert.deepEqual(p1.votes, { agree: 0, disagree: 0, neutral: 0 });
  });

  it('reset with a seed replaces the proposals (the default consultations stay)', async () => {
    await backend.reset({ proposals: [{ id: 'only', consultationId: 'ai', content: 'The only one', votes: { agree: 5, disagree: 0, neutral: 0 } }] });
    const page = assertAnswer(await api('GET', '/consultations/ai/proposals'), 'listProposals');
    assert.deepEqual(page.items.map((p) => p.id), ['only']);
    await putVote('only', 'agree');
    const state = await backend.state();
    assert.equal(state.proposals.only.votes.agree, 6);
    assert.deepEqual(state.mismatches, [], 'seeded tallies are the baseline');
  });

  it('scopes are isolated from each other and from the default scope', async () => {
    const other = testBackend({ origin: server.origin, scope: 'control-other' });
    const unscoped = testBackend({ origin: server.origin, scope: null });
    await Promise.all([other.reset(), unscoped.reset()]);
    await putVote('p1', 'agree');
    assert.equal((await other.state()).proposals.p1.votes.agree, 0);
    assert.equal((await unscoped.state()).proposals.p1.votes.agree, 0);
    assert.equal(unscoped.endpoint, `${server.origin}/api/v1`);
    assert.equal((await call(server.origin, 'GET', '/api/v1/__scopes/bad.name/proposals/p1')).status, 400);
  });

  it('state: every tally and every stored vote; a tally that disagrees with the votes is reported', async () => {
    await putVote('p1', 'agree');
    await putVote('p1', 'disagree', OTHER);
    await putVote('p2', 'neutral', OTHER);
    const state = await backend.state('ai');
    assert.deepEqual(state.proposals.p1.votes, { agree: 1, disagree: 1, neutral: 0 });
    assert.deepEqual(Object.keys(state.votes[OTHER]).sort(), ['p1', 'p2']);
    assert.equal(state.proposals.closed1, undefined, 'another consultation');
    assert.deepEqual(state.mismatches, []);
    // Count a vote twice behind the server's back: the check must see it.
    server.handler.scope('control').adapter.proposals.get('p1').votes.agree += 1;
    const [mismatch] = (await backend.state('ai')).mismatches;
    assert.equal(mismatch.proposalId, 'p1');
    assert.equal(mismatch.actual.votes.agree, 2);
    assert.equal(mismatch.expected.votes.agree, 1);
  });
});

describe('control requests', () => {
  it('are validated: unknown fields, impossible rates, bad patterns, unknown actions', async () => {
    const control = (method, action, body) => call(backend.endpoint, method, `/__test/${action}`, { body });
    assert.equal((await control('POST', 'faults', { dropRatio: 0.3 })).status, 400);
    assert.equal((await control('POST', 'faults', { dropRate: 0.6, errorRate: 0.6 })).status, 400);
    assert.equal((await control('POST', 'faults', { errorRate: 1, path: '(' })).status, 400);
    assert.equal((await control('POST', 'faults', '{')).status, 400);
    assert.equal((await control('POST', 'malformed', { mode: 'garbage' })).status, 400);
    assert.equal((await control('POST', 'malformed')).status, 400);
    assert.equal((await control('POST', 'reset', { proposals: [{ id: 'x' }] })).status, 400);
    assert.equal((await control('GET', 'nothing')).status, 404);
  });
});

describe('CORS', () => {
  it('answers preflights for any origin and exposes Retry-After and ETag', async () => {
    const preflight = await call(backend.endpoint, 'OPTIONS', `/proposals/p1/votes/${PARTICIPANT}`, {
      headers: {
        origin: 'http://partner.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://partner.example');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /PUT/);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
    const answer = await api('GET', '/proposals/p1', { headers: { origin: 'http://partner.example' } });
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://partner.example');
    assert.match(answer.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
    const [logged] = await backend.log();
    assert.equal(logged.method, 'OPTIONS');
  });
});
