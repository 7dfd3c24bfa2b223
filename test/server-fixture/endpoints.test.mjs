// @ts-check
// Every endpoint of protocol v1 on the test server: the success path (checked against the
// protocol's own response schemas), the semantics every backend must keep, and each error status.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startProtocolServer } from '../support/protocol-server.mjs';
import { testBackend } from '../support/protocol-client.mjs';
import { assertAnswer, assertError, call, OTHER, PARTICIPANT, vote } from './helpers.mjs';

let server;
let backend;
const api = (method, path, options) => call(backend.endpoint, method, path, options);
const votePath = (pid, participant = PARTICIPANT) => `/proposals/${pid}/votes/${participant}`;

before(async () => {
  server = await startProtocolServer();
  backend = testBackend({ origin: server.origin, scope: 'endpoints' });
});
after(() => server.close());
beforeEach(() => backend.reset());

describe('reads', () => {
  it('GET /consultations/{id} answers the consultation with live counts', async () => {
    assert.deepEqual(assertAnswer(await api('GET', '/consultations/ai'), 'getConsultation').counts, {
      participants: 0,
      proposals: 5,
      votes: 0,
    });
    await api('PUT', votePath('p1'), { body: vote('agree') });
    await api('PUT', votePath('p2', OTHER), { body: vote('neutral') });
    await api('PUT', votePath('p3', OTHER), { body: vote('neutral') });
    const consultation = assertAnswer(await api('GET', '/consultations/ai'), 'getConsultation');
    assert.deepEqual(consultation.counts, { participants: 2, proposals: 5, votes: 3 });
    assert.equal(assertAnswer(await api('GET', '/consultations/old'), 'getConsultation').status, 'closed');
  });

  it('GET /consultations/{id}/proposals pages through accepted proposals only', async () => {
    const first = assertAnswer(await api('GET', '/consultations/ai/proposals?limit=3'), 'listProposals');
    assert.deepEqual(first.items.map((p) => p.id), ['p1', 'p2', 'p3']);
    assert.ok(first.nextCursor);
    const next = await api('GET', `/consultations/ai/proposals?limit=3&cursor=${first.nextCursor}`);
    const second = assertAnswer(next, 'listProposals');
    assert.deepEqual(second.items.map((p) => p.id), ['p4', 'p5']); // p6 is pending
    assert.equal(second.nextCursor, null);
    const themed = assertAnswer(await api('GET', '/consultations/ai/proposals?themeId=education'), 'listProposals');
    assert.deepEqual(themed.items.map((p) => p.id), ['p1', 'p4']);
  });

  it('GET /consultations/{id}/sequence leaves out what the participant voted on', async () => {
    const all = assertAnswer(await api('GET', `/consultations/ai/sequence?participantId=${PARTICIPANT}`), 'getSequence');
    assert.equal(all.items.length, 5);
    await api('PUT', votePath('p2'), { body: vote('agree') });
    const sized = await api('GET', `/consultations/ai/sequence?participantId=${PARTICIPANT}&size=2`);
    const items = assertAnswer(sized, 'getSequence').items;
    assert.equal(items.length, 2);
    assert.ok(!items.some((p) => p.id === 'p2'));
  });

  it('GET /proposals/{id} answers the proposal with an ETag, and 304 to a matching If-None-Match', async () => {
    const first = await api('GET', '/proposals/p1');
    assert.equal(assertAnswer(first, 'getProposal').author.name, 'Camille');
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[\w-]+"$/);
    const unchanged = await api('GET', '/proposals/p1', { headers: { 'if-none-match': etag } });
    assert.equal(unchanged.status, 304);
    assert.equal(unchanged.text, '');
    assert.equal(unchanged.headers.get('etag'), etag);
    assert.equal((await api('GET', '/proposals/p1', { headers: { 'if-none-match': `W/${etag}` } })).status, 304);
    await api('PUT', votePath('p1'), { body: vote('agree') });
    const changed = await api('GET', '/proposals/p1', { headers: { 'if-none-match': etag } });
    assert.equal(assertAnswer(changed, 'getProposal').votes.agree, 1);
    assert.notEqual(changed.headers.get('etag'), etag);
  });

  it('GET /participants/{id}/votes lists the votes with their qualifications', async () => {
    await api('PUT', votePath('p1'), { body: vote('agree') });
    await api('PUT', `${votePath('p1')}/qualifications/doable`, { body: { votedAt: new Date().toISOString() } });
    await api('PUT', votePath('closed1'), { body: vote('agree') }); // refused: another consultation anyway
    const answer = await api('GET', `/participants/${PARTICIPANT}/votes?consultationId=ai`);
    assert.deepEqual(assertAnswer(answer, 'getParticipantVotes').votes, [
      { proposalId: 'p1', key: 'agree', qualifications: ['doable'] },
    ]);
  });

  it('GET /consultations/{id}/results answers counts and every accepted proposal’s tallies, with an ETag', async () => {
    await api('PUT', votePath('p1'), { body: vote('disagree') });
    const answer = await api('GET', '/consultations/ai/results');
    const results = assertAnswer(answer, 'getResults');
    assert.equal(results.consultationId, 'ai');
    assert.deepEqual(results.counts, { participants: 1, proposals: 5, votes: 1 });
    assert.deepEqual(results.proposals.map((p) => p.proposalId), ['p1', 'p2', 'p3', 'p4', 'p5']);
    assert.deepEqual(results.proposals[0].votes, { agree: 0, disagree: 1, neutral: 0 });
    const etag = answer.headers.get('etag');
    assert.equal((await api('GET', '/consultations/ai/results', { headers: { 'if-none-match': etag } })).status, 304);
  });
});

describe('writes', () => {
  it('PUT a vote moves the tally; the same key again changes nothing; another key moves it', async () => {
    const t0 = '2024-10-01T10:00:00.000Z';
    const cast = assertAnswer(await api('PUT', votePath('p1'), { body: vote('agree', t0) }), 'castVote');
    assert.deepEqual(cast, { proposalId: 'p1', key: 'agree', votes: { agree: 1, disagree: 0, neutral: 0 } });
    const again = assertAnswer(await api('PUT', votePath('p1'), { body: vote('agree', '2024-10-01T10:00:01.000Z') }), 'castVote');
    assert.deepEqual(again.votes, { agree: 1, disagree: 0, neutral: 0 });
    const changed = assertAnswer(await api('PUT', votePath('p1'), { body: vote('neutral', '2024-10-01T10:00:02.000Z') }), 'castVote');
    assert.deepEqual(changed, { proposalId: 'p1', key: 'neutral', votes: { agree: 0, disagree: 0, neutral: 1 } });
  });

  it('a write older than the stored one is ignored and answered with the current state', async () => {
    await api('PUT', votePath('p1'), { body: vote('disagree', '2024-10-01T10:00:05.000Z') });
    const late = assertAnswer(await api('PUT', votePath('p1'), { body: vote('agree', '2024-10-01T10:00:01.000Z') }), 'castVote');
    assert.deepEqual(late, { proposalId: 'p1', key: 'disagree', votes: { agree: 0, disagree: 1, neutral: 0 } });
    const lateWithdrawal = await api('DELETE', `${votePath('p1')}?votedAt=2024-10-01T10:00:02.000Z`);
    assert.equal(assertAnswer(lateWithdrawal, 'withdrawVote').key, 'disagree');
  });

  it('DELETE a vote (with ?votedAt=) withdraws it and drops its qualifications', async () => {
    await api('PUT', votePath('p1'), { body: vote('agree', '2024-10-01T10:00:00.000Z') });
    await api('PUT', `${votePath('p1')}/qualifications/likeIt`, { body: { votedAt: '2024-10-01T10:00:01.000Z' } });
    const withdrawn = await api('DELETE', `${votePath('p1')}?votedAt=2024-10-01T10:00:02.000Z`);
    assert.deepEqual(assertAnswer(withdrawn, 'withdrawVote'), {
      proposalId: 'p1',
      key: null,
      votes: { agree: 0, disagree: 0, neutral: 0 },
    });
    const state = await backend.state();
    assert.equal(state.votes[PARTICIPANT].p1.key, null);
    assert.equal(state.proposals.p1.qualifications.likeIt ?? 0, 0);
    assert.deepEqual(state.mismatches, []);
  });

  it('PUT and DELETE a qualification of the current vote; another key’s qualification is 409', async () => {
    await api('PUT', votePath('p2'), { body: vote('agree') });
    const q = `${votePath('p2')}/qualifications/likeIt`;
    const added = await api('PUT', q, { body: { votedAt: new Date().toISOString() } });
    assert.deepEqual(assertAnswer(added, 'addQualification'), { proposalId: 'p2', qualifications: { likeIt: 1 } });
    const removed = await api('DELETE', q);
    assert.deepEqual(assertAnswer(removed, 'removeQualification').qualifications.likeIt, 0);
    const wrong = await api('PUT', `${votePath('p2')}/qualifications/noWay`, { body: { votedAt: new Date().toISOString() } });
    assertError(wrong, 409, 'conflict');
  });

  it('POST a proposal answers 201 pending, and the same requestId again the same answer', async () => {
    const body = { participantId: PARTICIPANT, requestId: 'req-1', content: 'Open every public algorithm to audit' };
    const first = assertAnswer(await api('POST', '/consultations/ai/proposals', { body }), 'submitProposal');
    assert.equal(first.status, 'pending');
    assert.deepEqual(assertAnswer(await api('POST', '/consultations/ai/proposals', { body }), 'submitProposal'), first);
    const listed = assertAnswer(await api('GET', `/proposals/${first.id}`), 'getProposal');
    assert.equal(listed.status, 'pending');
  });
});

describe('errors', () => {
  it('400 invalid_request for ids, bodies, JSON and query strings that break the schemas', async () => {
    assertError(await api('PUT', votePath('p1', 'short'), { body: vote('agree') }), 400, 'invalid_request');
    assertError(await api('GET', '/proposals/bad%20id'), 400, 'invalid_request');
    assertError(await api('PUT', votePath('p1'), { body: { key: 'maybe', votedAt: new Date().toISOString() } }), 400, 'invalid_request');
    assertError(await api('PUT', votePath('p1'), { body: { key: 'agree', votedAt: 'yesterday' } }), 400, 'invalid_request');
    assertError(await api('PUT', votePath('p1'), { body: '{"key":' }), 400, 'invalid_request');
    assertError(await api('PUT', votePath('p1')), 400, 'invalid_request');
    assertError(await api('DELETE', votePath('p1')), 400, 'invalid_request'); // no votedAt
    assertError(await api('GET', '/consultations/ai/proposals?limit=0'), 400, 'invalid_request');
    assertError(await api('GET', '/consultations/ai/proposals?limit=1e1'), 400, 'invalid_request');
    assertError(await api('GET', '/consultations/ai/sequence'), 400, 'invalid_request'); // no participantId
    assertError(await api('GET', `/participants/${PARTICIPANT}/votes`), 400, 'invalid_request'); // no consultationId
    assertError(await api('PUT', `${votePath('p1')}/qualifications/loveIt`, { body: { votedAt: new Date().toISOString() } }), 400, 'invalid_request');
    const submit = { participantId: PARTICIPANT, content: 'No request id here, so no retry safety' };
    assertError(await api('POST', '/consultations/ai/proposals', { body: submit }), 400, 'invalid_request');
  });

  it('404 not_found for unknown ids and unknown endpoints (JSON), 405 for a wrong method', async () => {
    assertError(await api('GET', '/proposals/nope'), 404, 'not_found');
    assertError(await api('GET', '/consultations/nope'), 404, 'not_found');
    assertError(await api('GET', '/consultations/nope/results'), 404, 'not_found');
    assertError(await api('GET', `/participants/${PARTICIPANT}/votes?consultationId=nope`), 404, 'not_found');
    assertError(await api('PUT', votePath('nope'), { body: vote('agree') }), 404, 'not_found');
    assertError(await api('GET', '/no/such/endpoint'), 404, 'not_found');
    const wrongMethod = await api('POST', '/proposals/p1');
    assertError(wrongMethod, 405, 'invalid_request');
    assert.equal(wrongMethod.headers.get('allow'), 'GET');
  });

  it('409 closed for votes and proposals in a closed consultation', async () => {
    assertError(await api('PUT', votePath('closed1'), { body: vote('agree') }), 409, 'closed');
    const body = { participantId: PARTICIPANT, requestId: 'req-closed', content: 'Too late for this consultation' };
    assertError(await api('POST', '/consultations/old/proposals', { body }), 409, 'closed');
  });

  it('413 too_large for a body over 16 KB, and the connection stays usable', async () => {
    const big = { participantId: PARTICIPANT, requestId: 'req-big', content: 'x'.repeat(16 * 1024) };
    assertError(await api('POST', '/consultations/ai/proposals', { body: big }), 413, 'too_large');
    assertAnswer(await api('GET', '/proposals/p1'), 'getProposal');
  });

  it('422 unprocessable for a proposal that breaks the consultation’s length rules', async () => {
    const body = { participantId: PARTICIPANT, requestId: 'req-short', content: 'Too short' };
    assertError(await api('POST', '/consultations/ai/proposals', { body }), 422, 'unprocessable');
  });
});
