// dist/openapi.json: the OpenAPI 3.1 description of wire protocol v1, generated from the zod
// schemas and the endpoint table of src/protocol (as compiled by tsc), so it cannot drift from
// what the widgets send and check. Runs in the build after tsc; `node scripts/openapi.mjs` alone works
// on an existing dist/. Nothing under src/ imports this: JSON Schema output stays out of bundles.
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as z from 'zod/mini';

const root = new URL('../', import.meta.url);
const TARGET = 'draft-2020-12';
const ref = (kind, name) => ({ $ref: `#/components/${kind}/${name}` });

/** What the table leaves out to stay small in bundles: a line for each operation. */
const SUMMARIES = {
  getConsultation: 'A consultation: its question, rules, themes and counts.',
  listProposals: 'Accepted proposals of a consultation, a page at a time (optionally one theme).',
  getSequence: 'Accepted proposals this participant has not voted on yet, in the order to show them.',
  getProposal: 'One proposal, with its tally and qualification counts.',
  castVote:
    'Cast or change the participant\u2019s vote. Idempotent: the same key again changes nothing; a `votedAt` ' +
    'older than the stored one is ignored and answered with the current state.',
  withdrawVote:
    'Withdraw the participant\u2019s vote (and its qualifications). A `votedAt` older than the stored one is ' +
    'ignored and answered with the current state, which may still hold a vote.',
  addQualification:
    'Add a qualification to the participant\u2019s vote. It must belong to the current vote key (else 409 ' +
    '`conflict`). Idempotent.',
  removeQualification: 'Remove a qualification from the participant\u2019s vote. Idempotent.',
  submitProposal:
    'Submit a proposal for moderation. The same `requestId` again returns the first answer and creates nothing.',
  getParticipantVotes: 'The participant\u2019s current votes in one consultation, with their qualifications.',
  getResults:
    'Results of a consultation by Make.org\u2019s zone method (docs/methodology.md): counts, every accepted ' +
    'proposal with its tally, shares, zone and rank, the popular ideas grouped by theme, the divisive ideas, ' +
    'and the parameters used.',
  issueParticipant:
    'v1.1, optional (a backend without it answers 404): an anonymous participant for one consultation, with the ' +
    'bearer token every request naming it must carry. No cookie is set. Budgeted per client address (429), the ' +
    'budget shared by every process of the backend. A backend may ask a proof of work first: without `proof`, or ' +
    'with an expired or already used one, it answers 428 `proof_required` (get a challenge, solve it, send it as `proof`).',
  getIssuanceChallenge:
    'v1.1, optional: a proof-of-work challenge for `POST /participants` (ALTCHA v1 format, SHA-256: find `number` ' +
    'from 0 to `maxnumber` with hex(SHA-256(salt + number)) = `challenge`). Single-use, valid a few minutes, for ' +
    'this consultation only. 404 when the backend asks no proof. Never cached.',
  eraseParticipation:
    'v1.1, optional: erase the participant\u2019s participation in one consultation (votes, qualifications, links ' +
    'to submitted proposals, pending proposals) and move the tallies back. Needs the participant\u2019s token (its ' +
    'issued token or the host site\u2019s signed one): a bare client-chosen id cannot erase (401). Erasing twice answers zeros.',
};

/** One shared response per error status, all with an `ErrorBody`. */
const ERRORS = {
  400: ['InvalidRequest', 'The request does not match the protocol (`invalid_request`).'],
  401: ['Unauthorized', 'Missing or invalid bearer token (`unauthorized`).'],
  403: ['Forbidden', 'Origin or participant not allowed (`forbidden`).'],
  404: ['NotFound', 'Unknown consultation, proposal or participant id (`not_found`).'],
  409: ['Conflict', 'Closed consultation (`closed`) or a qualification not matching the vote (`conflict`).'],
  413: ['TooLarge', 'Request body over 16 KB (`too_large`).'],
  422: ['Unprocessable', 'Proposal text fails the consultation\u2019s length or prefix rules (`unprocessable`).'],
  428: ['ProofRequired', 'A proof of work is required, or the one sent has expired or was used (`proof_required`): solve a fresh challenge.'],
  429: ['RateLimited', 'Too many requests (`rate_limited`): retry after `Retry-After`.'],
  '5XX': ['ServerError', 'The backend failed (`server`): retry later.'],
};

const isSchema = (value) => typeof value === 'object' && value !== null && '_zod' in value;

/** JSON Schema fragments from zod, with references to components instead of `$id`s and `$defs`. */
function jsonSchemas(registry, io) {
  const { schemas } = z.toJSONSchema(registry, {
    target: TARGET,
    io,
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'throw',
  });
  for (const schema of Object.values(schemas)) {
    delete schema.$schema; // OpenAPI 3.1's default dialect is 2020-12 already
    delete schema.$id; // a `$id` with a fragment is not allowed in 2020-12
  }
  return schemas;
}

/** The OpenAPI document for the compiled protocol module `protocol` (dist/protocol/index.js). */
export function openApiDocument(protocol) {
  const endpoints = Object.entries(protocol.ENDPOINTS);
  const queries = new Map(endpoints.filter(([, e]) => e.query).map(([id, e]) => [e.query, `${id}Query`]));

  // Every exported schema but the query strings is a component, named as it is exported.
  const names = new Map();
  for (const [name, value] of Object.entries(protocol)) {
    if (isSchema(value) && !queries.has(value) && !names.has(value)) names.set(value, name);
  }
  const components = z.registry();
  for (const [schema, id] of names) components.add(schema, { id });
  // Bodies and answers are described as parsers take them ('input'): unknown properties are
  // ignored, not refused, so a backend may add fields without breaking older widgets.
  const schemas = jsonSchemas(components, 'input');
  // ErrorBody.code is a plain string in zod to keep bundles small (src/protocol/errors.ts says
  // why): tell readers which codes a backend sends, and that clients take any string.
  const errorFields = schemas.ErrorBody.properties.error.properties;
  if (errorFields.code.type !== 'string') throw new Error('ErrorBody.code is no longer a plain string: update this.');
  errorFields.code = {
    anyOf: [ref('schemas', 'ErrorCode'), { type: 'string' }],
    description: 'One of ErrorCode from a v1 backend; clients accept any string and fall back on the HTTP status.',
  };

  // Query strings as typed values ('output': integers with their defaults), not raw strings.
  const withQueries = z.registry();
  for (const [schema, id] of names) withQueries.add(schema, { id });
  for (const [schema, id] of queries) withQueries.add(schema, { id });
  const querySchemas = jsonSchemas(withQueries, 'output');

  const schemaFor = (schema, io = 'input') => {
    const name = names.get(schema);
    if (name) return ref('schemas', name);
    const inline = z.toJSONSchema(schema, { target: TARGET, io, unrepresentable: 'throw' });
    delete inline.$schema;
    return inline;
  };

  const paths = {};
  for (const [operationId, e] of endpoints) {
    const summary = SUMMARIES[operationId];
    if (!summary) throw new Error(`scripts/openapi.mjs: no summary for ${operationId}.`);
    const templateNames = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const paramNames = Object.keys(e.params);
    if (templateNames.join() !== paramNames.join()) {
      throw new Error(`${operationId}: path ${e.path} does not name exactly its params (${paramNames}).`);
    }
    const parameters = paramNames.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: schemaFor(e.params[name], 'output'),
    }));
    if (e.query) {
      const query = querySchemas[queries.get(e.query)];
      for (const [name, schema] of Object.entries(query.properties)) {
        // Required on the wire unless optional or defaulted (the 'output' schema lists defaults as required).
        const required = e.query.shape[name]._zod.optin === undefined;
        parameters.push({ name, in: 'query', required, schema });
      }
    }
    const responses = {
      [e.status]: {
        description: e.status === 201 ? 'Created (or the same request seen before).' : 'OK',
        content: { 'application/json': { schema: schemaFor(e.response) } },
      },
    };
    for (const status of e.errors) responses[status] = ref('responses', ERRORS[status][0]);
    const operation = { operationId, summary, parameters, responses };
    if (e.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schemaFor(e.body) } } };
    (paths[e.path] ??= {})[e.method.toLowerCase()] = operation;
  }

  const errorContent = { 'application/json': { schema: ref('schemas', names.get(protocol.ErrorBody)) } };
  const responses = {};
  for (const [status, [name, description]] of Object.entries(ERRORS)) {
    responses[name] = { description, content: errorContent };
    if (status === '429') {
      responses[name].headers = {
        'Retry-After': {
          required: true,
          description: 'Seconds to wait (or an HTTP date) before retrying.',
          schema: { type: 'string' },
        },
      };
    }
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'consult-widgets protocol',
      version: '1.1',
      summary: 'Wire protocol v1 (1.1: server-issued participants, additive) between consult-widgets and any consultation backend.',
      description:
        'JSON over HTTP(S); every path is relative to the endpoint a site configures. Request bodies are ' +
        `limited to ${protocol.MAX_BODY_BYTES} bytes. Errors are \`{ "error": { "code", "message" } }\`. ` +
        'See docs/protocol.md for the rules every backend must keep.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      {
        url: '{endpoint}',
        description: 'The `endpoint` a site gives the REST adapter.',
        variables: { endpoint: { default: 'https://consult.example.org/api/v1' } },
      },
    ],
    // The token is optional: `{}` lets a request go without one.
    security: [{}, { bearerAuth: [] }],
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A host site may sign participant ids; a backend that checks them answers 401 or 403. Required (401 ' +
            'otherwise) on every request naming a participant id the backend issued (`i_…`, POST /participants).',
        },
      },
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const protocol = await import(new URL('dist/protocol/index.js', root).href);
  const document = openApiDocument(protocol);
  mkdirSync(new URL('dist/', root), { recursive: true });
  writeFileSync(new URL('dist/openapi.json', root), `${JSON.stringify(document, null, 2)}\n`);
  const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  console.log(`Wrote dist/openapi.json (${operations} operations, ${Object.keys(document.components.schemas).length} schemas).`);
}
