import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import { ENDPOINTS, PATHS, protocolPath, type Endpoint } from '../../src/protocol/index.js';
import { expectAccessibleCard } from './card.js';

const table: [string, Endpoint][] = Object.entries(ENDPOINTS);
/** Protocol 1.1's optional endpoints (issue 10); the issue-3 checks below are about v1's eleven. */
const V1_1 = new Set(['issueParticipant', 'getIssuanceChallenge', 'eraseParticipation']);
const v1 = table.filter(([id]) => !V1_1.has(id));
const ok = (schema: z.ZodMiniType, value: unknown) => z.safeParse(schema, value).success;

describe('protocol v1 endpoint table', () => {
  it('describes what an accessible card talks to', async () => {
    await expectAccessibleCard();
  });

  it('has exactly the eleven endpoints of issue 3', () => {
    // Issue 3's table, with its {cid}, {pid} and {qkey} spelled out.
    expect(v1.map(([, e]) => `${e.method} ${e.path}`).sort()).to.deep.equal(
      [
        'GET /consultations/{consultationId}',
        'GET /consultations/{consultationId}/proposals',
        'GET /consultations/{consultationId}/sequence',
        'GET /proposals/{proposalId}',
        'PUT /proposals/{proposalId}/votes/{participantId}',
        'DELETE /proposals/{proposalId}/votes/{participantId}',
        'PUT /proposals/{proposalId}/votes/{participantId}/qualifications/{qualification}',
        'DELETE /proposals/{proposalId}/votes/{participantId}/qualifications/{qualification}',
        'POST /consultations/{consultationId}/proposals',
        'GET /participants/{participantId}/votes',
        'GET /consultations/{consultationId}/results',
      ].sort(),
    );
  });

  it('offers the same path templates on their own, for clients that need only paths', () => {
    expect(Object.keys(PATHS)).to.deep.equal(Object.keys(ENDPOINTS));
    for (const [id, e] of table) expect(PATHS[id as keyof typeof PATHS], id).to.equal(e.path);
  });

  it('names every path parameter, in order, with a schema', () => {
    for (const [id, e] of table) {
      const named = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(Object.keys(e.params), id).to.deep.equal(named);
      for (const schema of Object.values(e.params)) expect(ok(schema, '../x'), `${id} takes ../x`).to.equal(false);
    }
  });

  it('gives bodies to PUT and POST only, queries where issue 3 has them', () => {
    for (const [id, e] of table) {
      expect(e.body !== undefined, `${id} body`).to.equal(e.method === 'PUT' || e.method === 'POST');
    }
    const withQuery = v1.filter(([, e]) => e.query).map(([id]) => id);
    expect(withQuery.sort()).to.deep.equal(['getParticipantVotes', 'getSequence', 'listProposals', 'withdrawVote']);
    expect(Object.keys(ENDPOINTS.listProposals.query.shape)).to.deep.equal(['themeId', 'limit', 'cursor']);
    expect(Object.keys(ENDPOINTS.getSequence.query.shape)).to.deep.equal(['participantId', 'size']);
  });

  it('answers 201 to a submission, 200 to the rest, and lists the errors each may give', () => {
    for (const [id, e] of v1) {
      expect(e.status, id).to.equal(id === 'submitProposal' ? 201 : 200);
      for (const status of [400, 401, 403, 404, 429, '5XX'] as const) expect(e.errors, id).to.include(status);
      expect(e.errors.includes(409), `${id} 409`).to.equal(e.method !== 'GET');
      expect(e.errors.includes(413), `${id} 413`).to.equal(e.body !== undefined);
      expect(e.errors.includes(422), `${id} 422`).to.equal(id === 'submitProposal');
    }
  });

  it('adds three optional endpoints in 1.1: issuing a participant (201), its proof-of-work challenge and erasing one (200, needs its token)', () => {
    expect(table.filter(([id]) => V1_1.has(id)).map(([, e]) => `${e.method} ${e.path}`)).to.deep.equal([
      'POST /participants',
      'GET /participants/challenge',
      'DELETE /participants/{participantId}',
    ]);
    expect(ENDPOINTS.issueParticipant.errors).to.include(428);
    expect(Object.keys(ENDPOINTS.getIssuanceChallenge.query.shape)).to.deep.equal(['consultationId']);
    const challenge = { algorithm: 'SHA-256', challenge: 'a'.repeat(64), maxnumber: 100000, salt: 'abc123?expires=1&', signature: 'b'.repeat(64) };
    expect(ok(ENDPOINTS.getIssuanceChallenge.response, challenge)).to.equal(true);
    expect(ok(ENDPOINTS.getIssuanceChallenge.response, { ...challenge, algorithm: 'SHA-1' })).to.equal(false);
    const { maxnumber: _m, ...solved } = challenge;
    expect(ok(ENDPOINTS.issueParticipant.body, { consultationId: 'c1' })).to.equal(true);
    expect(ok(ENDPOINTS.issueParticipant.body, { consultationId: 'c1', proof: { ...solved, number: 42 } })).to.equal(true);
    expect(ok(ENDPOINTS.issueParticipant.body, { consultationId: 'c1', proof: { ...solved, number: -42 } })).to.equal(false);
    expect(ENDPOINTS.issueParticipant.status).to.equal(201);
    expect(ENDPOINTS.eraseParticipation.status).to.equal(200);
    expect(Object.keys(ENDPOINTS.eraseParticipation.query.shape)).to.deep.equal(['consultationId']);
    expect(ENDPOINTS.eraseParticipation.errors).to.include(401);
    const erased = { votes: 2, qualifications: 1, submissions: 0, pendingProposals: 0 };
    expect(ok(ENDPOINTS.eraseParticipation.response, erased)).to.equal(true);
    expect(ok(ENDPOINTS.eraseParticipation.response, { ...erased, votes: -1 })).to.equal(false);
  });

  it('checks answers with the right schema', () => {
    const votes = { agree: 1, disagree: 0, neutral: 0 };
    expect(ok(ENDPOINTS.castVote.response, { proposalId: 'p1', key: 'agree', votes })).to.equal(true);
    expect(ok(ENDPOINTS.withdrawVote.response, { proposalId: 'p1', key: null, votes })).to.equal(true);
    expect(ok(ENDPOINTS.listProposals.response, { items: [], nextCursor: null })).to.equal(true);
    expect(ok(ENDPOINTS.getParticipantVotes.response, { votes: [] })).to.equal(true);
    expect(ok(ENDPOINTS.submitProposal.response, { id: 'p9', status: 'pending' })).to.equal(true);
    expect(ok(ENDPOINTS.getProposal.response, { items: [] })).to.equal(false);
  });

  it('is plain data: no function anywhere but inside the schemas', () => {
    for (const [id, e] of table) {
      for (const [key, value] of Object.entries(e)) expect(typeof value, `${id}.${key}`).to.not.equal('function');
    }
  });

  describe('protocolPath', () => {
    it('fills a template', () => {
      const path = protocolPath(ENDPOINTS.addQualification.path, {
        proposalId: 'p1',
        participantId: 'participant-1',
        qualification: 'likeIt',
      });
      expect(path).to.equal('/proposals/p1/votes/participant-1/qualifications/likeIt');
    });

    it('percent-encodes each value, so none can add a segment, a query or a fragment', () => {
      const path = protocolPath('/proposals/{proposalId}', { proposalId: 'a b/c?d#e&f=%2e' });
      expect(path).to.equal('/proposals/a%20b%2Fc%3Fd%23e%26f%3D%252e');
      const url = new URL(`https://api.example.org/v1${protocolPath('/proposals/{proposalId}', { proposalId: '../../admin' })}`);
      expect(url.pathname).to.equal('/v1/proposals/..%2F..%2Fadmin');
      expect(url.search).to.equal('');
    });

    it('refuses empty, "." and ".." values, which URL parsers would resolve away', () => {
      for (const bad of ['', '.', '..']) {
        expect(() => protocolPath('/proposals/{proposalId}', { proposalId: bad }), JSON.stringify(bad)).to.throw(TypeError);
      }
      expect(protocolPath('/proposals/{proposalId}', { proposalId: '...' })).to.equal('/proposals/...');
    });

    it('refuses a missing parameter (also at compile time)', () => {
      // @ts-expect-error participantId is missing
      expect(() => protocolPath(ENDPOINTS.castVote.path, { proposalId: 'p1' })).to.throw(/participantId/);
    });
  });
});
