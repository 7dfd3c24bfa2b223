// @ts-check
// dist/openapi.json as `npm run build` leaves it: OpenAPI 3.1, the eleven operations of issue 3 (and issueParticipant, getIssuanceChallenge and eraseParticipation, 1.1),
// every $ref resolving, up to date with the compiled protocol module, and described in docs/protocol.md.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { openApiDocument } from '../../scripts/openapi.mjs';

const root = new URL('../../', import.meta.url);
const file = new URL('dist/openapi.json', root);
const OPERATIONS = {
  getConsultation: 'get /consultations/{consultationId}',
  listProposals: 'get /consultations/{consultationId}/proposals',
  submitProposal: 'post /consultations/{consultationId}/proposals',
  getSequence: 'get /consultations/{consultationId}/sequence',
  getResults: 'get /consultations/{consultationId}/results',
  getProposal: 'get /proposals/{proposalId}',
  castVote: 'put /proposals/{proposalId}/votes/{participantId}',
  withdrawVote: 'delete /proposals/{proposalId}/votes/{participantId}',
  addQualification: 'put /proposals/{proposalId}/votes/{participantId}/qualifications/{qualification}',
  removeQualification: 'delete /proposals/{proposalId}/votes/{participantId}/qualifications/{qualification}',
  getParticipantVotes: 'get /participants/{participantId}/votes',
  // Protocol 1.1 (issue 10), optional for a backend.
  issueParticipant: 'post /participants',
  getIssuanceChallenge: 'get /participants/challenge',
  eraseParticipation: 'delete /participants/{participantId}',
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function load() {
  assert.ok(existsSync(file), 'dist/openapi.json is missing: run `npm run build` (or node scripts/openapi.mjs after tsc).');
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Every operation of the document as [`method path`, operation]. */
function operations(doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => [`${method} ${path}`, op]),
  );
}

/** Every `$ref` in `node`, with where it was found. */
function refs(node, at = '#', found = []) {
  if (Array.isArray(node)) node.forEach((child, i) => refs(child, `${at}/${i}`, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') found.push([value, at]);
      else refs(value, `${at}/${key}`, found);
    }
  }
  return found;
}

/** The value a local JSON pointer (`#/a/b~1c`) names in `doc`, or undefined. */
function resolve(doc, pointer) {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((node, key) => (node && Object.hasOwn(node, key) ? node[key] : undefined), doc);
}

describe('dist/openapi.json', () => {
  it('is OpenAPI 3.1 for protocol version 1.1 (v1 and its additive minor version)', () => {
    const doc = load();
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(doc.info.title, 'consult-widgets protocol');
    assert.equal(doc.info.version, '1.1');
    assert.ok(doc.servers.length >= 1 && doc.servers[0].url);
  });

  it('has exactly the eleven operations of issue 3 and the three of issue 10, each with its operationId', () => {
    const found = Object.fromEntries(operations(load()).map(([where, op]) => [op.operationId, where]));
    assert.deepEqual(found, OPERATIONS);
  });

  it('resolves every $ref inside the document', () => {
    const doc = load();
    const all = refs(doc);
    assert.ok(all.length > 50, `only ${all.length} $refs: the schemas are not shared`);
    const broken = all.filter(([pointer]) => resolve(doc, pointer) === undefined);
    assert.deepEqual(broken, [], 'unresolved $refs');
  });

  it('keeps JSON Schema keywords OpenAPI 3.1 would misread out of the components', () => {
    const doc = load();
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      assert.equal(schema.$id, undefined, `${name} has a $id`);
      assert.equal(schema.$schema, undefined, `${name} has a $schema`);
    }
    assert.ok(doc.components.schemas.Proposal.properties.votes.$ref.endsWith('/Tally'));
  });

  it('answers errors with an ErrorBody, 429 with Retry-After', () => {
    const doc = load();
    for (const [where, op] of operations(doc)) {
      const statuses = Object.keys(op.responses);
      for (const status of ['400', '429', '5XX']) assert.ok(statuses.includes(status), `${where} lacks ${status}`);
      for (const status of statuses.filter((s) => !s.startsWith('2'))) {
        const response = resolve(doc, op.responses[status].$ref);
        assert.equal(response.content['application/json'].schema.$ref, '#/components/schemas/ErrorBody', `${where} ${status}`);
      }
    }
    assert.ok(doc.components.responses.RateLimited.headers['Retry-After']);
    const code = doc.components.schemas.ErrorBody.properties.error.properties.code;
    assert.ok(code.anyOf.some((s) => s.$ref === '#/components/schemas/ErrorCode'));
  });

  it('describes query strings as typed, optional where they have defaults', () => {
    const doc = load();
    const params = doc.paths['/consultations/{consultationId}/proposals'].get.parameters;
    const limit = params.find((p) => p.name === 'limit');
    assert.deepEqual(limit, {
      name: 'limit',
      in: 'query',
      required: false,
      schema: { default: 20, type: 'integer', minimum: 1, maximum: 100 },
    });
    const withdraw = doc.paths['/proposals/{proposalId}/votes/{participantId}'].delete.parameters;
    assert.ok(withdraw.find((p) => p.name === 'votedAt' && p.in === 'query' && p.required));
  });

  it('offers an optional bearer token', () => {
    const doc = load();
    const { type, scheme } = doc.components.securitySchemes.bearerAuth;
    assert.deepEqual([type, scheme], ['http', 'bearer']);
    assert.ok(doc.security.some((requirement) => Object.keys(requirement).length === 0), 'the token must stay optional');
  });

  it('is up to date with the compiled protocol module', async () => {
    const protocol = await import(new URL('dist/protocol/index.js', root).href);
    assert.deepEqual(load(), JSON.parse(JSON.stringify(openApiDocument(protocol))));
  });

  it('docs/protocol.md names every path and every error code', async () => {
    const page = readFileSync(new URL('docs/protocol.md', root), 'utf8');
    for (const where of Object.values(OPERATIONS)) {
      const [method, path] = where.split(' ');
      assert.ok(page.includes(`${method.toUpperCase()} ${path}`), `docs/protocol.md lacks ${where}`);
    }
    const { ERROR_STATUS } = await import(new URL('dist/protocol/index.js', root).href);
    for (const code of Object.keys(ERROR_STATUS)) assert.ok(page.includes(`\`${code}\``), `docs/protocol.md lacks ${code}`);
  });
});
