// Protocol v1 over the in-memory backend. Routing, parameters, queries and bodies all come from
// the protocol's endpoint table (dist/protocol), so this server cannot drift from the contract;
// only the operations themselves are written here.
import * as z from 'zod/mini';
import { ConsultError } from '../../../dist/adapters/errors.js';
import { composeMemoryResults } from '../../../dist/adapters/memory-results.js';
import { describeIssue, ENDPOINTS, ERROR_STATUS } from '../../../dist/protocol/index.js';
import { liveCounts } from './adapter.mjs';
import { errorAnswer, jsonAnswer, withEtag } from './http.mjs';

composeMemoryResults();

/** One function per `operationId`; each gets validated input and returns the answer's JSON. */
const OPERATIONS = {
  async getConsultation({ adapter, params }) {
    const consultation = await adapter.getConsultation(params.consultationId);
    return { ...consultation, counts: liveCounts(adapter.snapshot(consultation.id)) };
  },
  listProposals: ({ adapter, params, query }) => adapter.listProposals(params.consultationId, query),
  async getSequence({ adapter, params, query }) {
    return { items: await adapter.getSequence(params.consultationId, query.participantId, query.size) };
  },
  getProposal: ({ adapter, params }) => adapter.getProposal(params.proposalId),
  castVote: ({ adapter, params, body }) => vote(adapter, params, body.key, body.votedAt),
  withdrawVote: ({ adapter, params, query }) => vote(adapter, params, null, query.votedAt),
  addQualification: ({ adapter, params, body }) => qualify(adapter, params, true, body.votedAt),
  // The protocol's DELETE carries no time; the memory backend does not order qualifications anyway.
  removeQualification: ({ adapter, params }) => qualify(adapter, params, false, new Date().toISOString()),
  submitProposal: ({ adapter, params, body }) => adapter.submitProposal({ ...body, consultationId: params.consultationId }),
  async getParticipantVotes({ adapter, params, query }) {
    await adapter.getConsultation(query.consultationId); // 404 for an unknown consultation
    return { votes: await adapter.getParticipantVotes(params.participantId, query.consultationId) };
  },
  // The memory backend computes the results (src/results, composed in by composeMemoryResults above); the
  // counts are the live ones, as above.
  async getResults({ adapter, params }) {
    const results = await adapter.getResults(params.consultationId);
    return { ...results, counts: liveCounts(adapter.snapshot(results.consultationId)) };
  },
  // v1.1, optional: off (404) until a test turns it on (issuance.mjs).
  issueParticipant: ({ adapter, body, issuance }) => issuance.issue(adapter, body.consultationId),
  // v1.1, optional: this test backend asks no proof of work (consult-server's is tested end to end).
  getIssuanceChallenge: async () => {
    throw new ConsultError('not_found', 'This backend asks no proof of work.');
  },
  // v1.1: the memory backend's erasure (an issued id still needs its token: issuance.mjs).
  eraseParticipation: ({ adapter, params, query }) => adapter.eraseParticipation(params.participantId, query.consultationId),
};

/** GET answers that carry an `ETag` (widgets revalidate them with `If-None-Match`). */
const ETAG_OPERATIONS = new Set(['getProposal', 'getResults']);

async function vote(adapter, { proposalId, participantId }, key, votedAt) {
  const receipt = await adapter.castVote({ proposalId, participantId, key, votedAt });
  return { proposalId: receipt.proposalId, key: receipt.key, votes: receipt.votes };
}

async function qualify(adapter, { proposalId, participantId, qualification }, active, votedAt) {
  const receipt = await adapter.qualify({ proposalId, participantId, qualification, active, votedAt });
  return { proposalId: receipt.proposalId, qualifications: receipt.qualifications };
}

/** The endpoint table compiled for matching: `{name}` becomes one path segment. */
export const ROUTES = Object.entries(ENDPOINTS).map(([operationId, endpoint]) => {
  const handler = OPERATIONS[operationId];
  if (!handler) throw new Error(`protocol-server: no operation for the protocol's endpoint "${operationId}".`);
  const names = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const pattern = new RegExp(`^${endpoint.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
  return { ...endpoint, operationId, names, pattern, handler, etag: ETAG_OPERATIONS.has(operationId) };
});

/** `{ route, params }` for a path and method, `{ allowed }` for a known path and another method, or null. */
export function matchRoute(method, path) {
  const allowed = [];
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    return { route, rawParams: Object.fromEntries(route.names.map((name, i) => [name, match[i + 1]])) };
  }
  return allowed.length ? { allowed } : null;
}

/**
 * The answer of the in-memory backend to one protocol request: `{ status, json, headers }`.
 * `request` is `{ method, path, query: URLSearchParams, headers, body: { text, tooLarge } }`.
 */
export async function answerProtocolRequest(adapter, request, issuance) {
  const match = matchRoute(request.method, request.path);
  if (!match) return errorAnswer(404, 'not_found', `No protocol v1 endpoint at ${request.path}.`);
  if (!match.route) {
    return errorAnswer(405, 'invalid_request', `${request.method} is not allowed on ${request.path}.`, {
      allow: match.allowed.join(', '),
    });
  }
  const { route } = match;
  try {
    if (request.body.tooLarge) throw new ConsultError('too_large', 'The request body is over 16 KB.');
    const input = { adapter, issuance, ...parseInput(route, match.rawParams, request) };
    const answer = checkedAnswer(route, await route.handler(input));
    return route.etag ? withEtag(answer, request.headers['if-none-match']) : answer;
  } catch (error) {
    return answerForError(error);
  }
}

/** `{ params, query, body }` checked against the endpoint's schemas; ConsultError 400 otherwise. */
function parseInput(route, rawParams, request) {
  const params = {};
  for (const [name, raw] of Object.entries(rawParams)) {
    params[name] = validate(route.params[name], decodeSegment(raw, name), `path parameter "${name}"`);
  }
  const query = route.query ? validate(route.query, Object.fromEntries(request.query), 'query string') : {};
  const body = route.body ? validate(route.body, parseJson(request.body.text), 'body') : undefined;
  return { params, query, body };
}

function decodeSegment(raw, name) {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ConsultError('invalid_request', `Path parameter "${name}" is not valid percent-encoding.`);
  }
}

function parseJson(text) {
  if (!text) throw new ConsultError('invalid_request', 'This endpoint needs a JSON body.');
  try {
    return JSON.parse(text);
  } catch {
    throw new ConsultError('invalid_request', 'The body is not valid JSON.');
  }
}

function validate(schema, value, what) {
  const result = z.safeParse(schema, value);
  if (!result.success) throw new ConsultError('invalid_request', `Invalid ${what}: ${describeIssue(result.error)}.`);
  return result.data;
}

/**
 * The success answer, after checking it against the endpoint's own response schema: a test that
 * fails because this server answered off-protocol should say so, not blame the client.
 */
function checkedAnswer(route, json) {
  const result = z.safeParse(route.response, json);
  if (!result.success) {
    return errorAnswer(500, 'server', `protocol-server bug: ${route.operationId} answered ${describeIssue(result.error)}.`);
  }
  return jsonAnswer(route.status, json);
}

/** A ConsultError keeps its code (and the protocol's status for it); anything else is a 500. */
export function answerForError(error) {
  if (error instanceof ConsultError && error.code in ERROR_STATUS) {
    return errorAnswer(ERROR_STATUS[error.code], error.code, error.message);
  }
  return errorAnswer(500, 'server', error instanceof Error ? error.message : String(error));
}
