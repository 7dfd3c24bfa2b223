/**
 * The fourteen endpoints of protocol v1.1 as data (v1's eleven and, optional, `issueParticipant`, `getIssuanceChallenge` and `eraseParticipation`): the REST adapter builds its requests from it, the
 * reference server routes with it, scripts/openapi.mjs turns it into dist/openapi.json. Data only
 * (no fetch, no descriptions: those live in the OpenAPI script and docs/protocol.md), so that
 * it weighs little in browser bundles.
 */
import type * as z from 'zod/mini';
import {
  ConsultationResults,
  QualificationsResult,
  QualifyRequest,
  SequenceResult,
  SubmitProposalRequest,
  SubmitProposalResult,
} from './messages.js';
import { IssuedParticipant, IssueParticipantRequest, ParticipationErased, ProofChallenge } from './participants.js';
import { ParticipantVotesQuery, ProposalListQuery, SequenceQuery, WithdrawQuery } from './queries.js';
import {
  Consultation,
  Id,
  ParticipantId,
  ParticipantVotes,
  Proposal,
  ProposalPage,
  QualificationKey,
  VoteRequest,
  VoteResult,
} from './schemas.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';
/** Statuses an endpoint may answer with an `ErrorBody`; `'5XX'` is any server error. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 428 | 429 | '5XX';

export interface Endpoint {
  readonly method: HttpMethod;
  /** Relative to the configured endpoint; `{name}` is filled by `protocolPath`. */
  readonly path: string;
  /** Every `{name}` of `path`, with the schema its (decoded) value must match. */
  readonly params: Readonly<Record<string, z.ZodMiniType>>;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  readonly status: 200 | 201;
  readonly response: z.ZodMiniType;
  readonly errors: readonly ErrorStatus[];
}

// Any request may be malformed, unauthorised, name an unknown id, be throttled or hit a failure.
const READ = [400, 401, 403, 404, 429, '5XX'] as const;
// Writes may also meet a closed consultation or a conflict (409), and bodies a size limit (413).
const REMOVE = [400, 401, 403, 404, 409, 429, '5XX'] as const;
const WRITE = [400, 401, 403, 404, 409, 413, 429, '5XX'] as const;

const votePath = '/proposals/{proposalId}/votes/{participantId}';
const qualificationPath = `${votePath}/qualifications/{qualification}` as const;

/**
 * Path templates by operation, also on their own: a client that only needs paths (with
 * `protocolPath`) imports these few hundred bytes, not the whole table and its query parsers.
 */
export const PATHS = {
  getConsultation: '/consultations/{consultationId}',
  listProposals: '/consultations/{consultationId}/proposals',
  getSequence: '/consultations/{consultationId}/sequence',
  getProposal: '/proposals/{proposalId}',
  castVote: votePath,
  withdrawVote: votePath,
  addQualification: qualificationPath,
  removeQualification: qualificationPath,
  submitProposal: '/consultations/{consultationId}/proposals',
  getParticipantVotes: '/participants/{participantId}/votes',
  getResults: '/consultations/{consultationId}/results',
  issueParticipant: '/participants',
  getIssuanceChallenge: '/participants/challenge',
  eraseParticipation: '/participants/{participantId}',
} as const;

const consultation = { consultationId: Id };
const proposal = { proposalId: Id };
const vote = { proposalId: Id, participantId: ParticipantId };
const qualification = { ...vote, qualification: QualificationKey };

/** Keyed by OpenAPI `operationId`. */
export const ENDPOINTS = {
  getConsultation: {
    method: 'GET',
    path: PATHS.getConsultation,
    params: consultation,
    status: 200,
    response: Consultation,
    errors: READ,
  },
  listProposals: {
    method: 'GET',
    path: PATHS.listProposals,
    params: consultation,
    query: ProposalListQuery,
    status: 200,
    response: ProposalPage,
    errors: READ,
  },
  getSequence: {
    method: 'GET',
    path: PATHS.getSequence,
    params: consultation,
    query: SequenceQuery,
    status: 200,
    response: SequenceResult,
    errors: READ,
  },
  getProposal: {
    method: 'GET',
    path: PATHS.getProposal,
    params: proposal,
    status: 200,
    response: Proposal,
    errors: READ,
  },
  castVote: {
    method: 'PUT',
    path: PATHS.castVote,
    params: vote,
    body: VoteRequest,
    status: 200,
    response: VoteResult,
    errors: WRITE,
  },
  withdrawVote: {
    method: 'DELETE',
    path: PATHS.withdrawVote,
    params: vote,
    query: WithdrawQuery,
    status: 200,
    response: VoteResult,
    errors: REMOVE,
  },
  addQualification: {
    method: 'PUT',
    path: PATHS.addQualification,
    params: qualification,
    body: QualifyRequest,
    status: 200,
    response: QualificationsResult,
    errors: WRITE,
  },
  removeQualification: {
    method: 'DELETE',
    path: PATHS.removeQualification,
    params: qualification,
    status: 200,
    response: QualificationsResult,
    errors: REMOVE,
  },
  submitProposal: {
    method: 'POST',
    path: PATHS.submitProposal,
    params: consultation,
    body: SubmitProposalRequest,
    status: 201,
    response: SubmitProposalResult,
    errors: [400, 401, 403, 404, 409, 413, 422, 429, '5XX'],
  },
  getParticipantVotes: {
    method: 'GET',
    path: PATHS.getParticipantVotes,
    params: { participantId: ParticipantId },
    query: ParticipantVotesQuery,
    status: 200,
    response: ParticipantVotes,
    errors: READ,
  },
  getResults: {
    method: 'GET',
    path: PATHS.getResults,
    params: consultation,
    status: 200,
    response: ConsultationResults,
    errors: READ,
  },
  // v1.1, optional: a backend without it answers 404 and clients keep choosing their own ids.
  issueParticipant: {
    method: 'POST',
    path: PATHS.issueParticipant,
    params: {},
    body: IssueParticipantRequest,
    status: 201,
    response: IssuedParticipant,
    // 428 `proof_required`: this backend asks for a proof of work (getIssuanceChallenge), or a fresh one.
    errors: [400, 403, 404, 409, 413, 428, 429, '5XX'],
  },
  // v1.1, optional: a challenge for the proof of work a backend may require at issuance (404 when it requires none).
  getIssuanceChallenge: {
    method: 'GET',
    path: PATHS.getIssuanceChallenge,
    params: {},
    query: ParticipantVotesQuery,
    status: 200,
    response: ProofChallenge,
    errors: [400, 403, 404, 409, 429, '5XX'],
  },
  // v1.1, optional: erases the participant's rows in one consultation; needs their token (401 without).
  eraseParticipation: {
    method: 'DELETE',
    path: PATHS.eraseParticipation,
    params: { participantId: ParticipantId },
    query: ParticipantVotesQuery,
    status: 200,
    response: ParticipationErased,
    errors: READ,
  },
} as const satisfies Record<string, Endpoint>;
export type OperationId = keyof typeof ENDPOINTS;

/** The `{name}`s of a path template, as a union of string literals. */
export type PathParams<T extends string> = T extends `${string}{${infer P}}${infer Rest}` ? P | PathParams<Rest> : never;

/**
 * Fill a path template: `protocolPath(ENDPOINTS.castVote.path, { proposalId, participantId })`.
 * Values are percent-encoded, so `/` or `?` in one can never change the path; `''`, `.` and `..`
 * are refused, as URL parsers would read them as a missing, same or parent segment.
 */
export function protocolPath<T extends string>(template: T, params: Readonly<Record<PathParams<T>, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (params as Readonly<Record<string, string | undefined>>)[name];
    if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
      throw new TypeError(`protocolPath: "${name}" of ${template} must be a non-empty string other than "." and "..".`);
    }
    return encodeURIComponent(value);
  });
}
