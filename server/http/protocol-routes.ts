/**
 * Protocol v1 over fastify. Routes, path parameters, query strings and bodies all come from the
 * protocol's endpoint table (src/protocol/endpoints.ts), so the server cannot drift from what
 * the widgets send; only the operations are written here.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { consultationPhase, publicStatus, type AdminConsultation } from 'consult-widgets/protocol/admin';
import {
  checkProposalText,
  describeIssue,
  describeTextProblem,
  ENDPOINTS,
  type Consultation,
  type OperationId,
  type ProofOfWork,
  type QualificationKey,
  type VoteKey,
} from 'consult-widgets/protocol';
import { selectSequence } from '../sequence.js';
import { originAllowed } from '../security/cors.js';
import { issueParticipant } from '../security/issuance.js';
import type { IssuanceProof } from '../security/issuance-proof.js';
import { isRefusal, type Outcome, type Trust } from '../storage/storage.js';
import type { ServerContext } from './context.js';
import { fromRefusal, HttpError } from './errors.js';
import { sendPrepared } from './results-cache.js';
import { cachedResults } from './results-answer.js';

type Endpoints = typeof ENDPOINTS;
type ParamsOf<E> = E extends { params: infer P } ? { [K in keyof P]: string } : never;
type QueryOf<E> = E extends { query: infer Q extends z.ZodMiniType } ? z.output<Q> : undefined;
type BodyOf<E> = E extends { body: infer B extends z.ZodMiniType } ? z.output<B> : undefined;
interface Input<K extends OperationId> {
  params: ParamsOf<Endpoints[K]>;
  query: QueryOf<Endpoints[K]>;
  body: BodyOf<Endpoints[K]>;
  request: FastifyRequest;
  /** For an operation that sends a prepared answer (results: cached bytes and ETag). */
  reply: FastifyReply;
}
type Operations = { [K in OperationId]: (input: Input<K>) => Promise<z.output<Endpoints[K]['response']>> };

/** The protocol's reads (`'GET'`) or its writes (`'writes'`) on `app`. */
export function registerProtocolRoutes(app: FastifyInstance, context: ServerContext, which: 'GET' | 'writes'): void {
  const operations = createOperations(context);
  for (const [operationId, endpoint] of Object.entries(ENDPOINTS) as Array<[OperationId, Endpoints[OperationId]]>) {
    if ((endpoint.method === 'GET') !== (which === 'GET')) continue;
    const operation = operations[operationId] as (input: Input<OperationId>) => Promise<unknown>;
    app.route({
      method: endpoint.method,
      url: endpoint.path.replace(/\{(\w+)\}/g, ':$1'),
      handler: async (request, reply) => {
        const input = parseInput(endpoint, request);
        const answer = await operation({ ...input, request, reply } as Input<OperationId>);
        return reply.code(endpoint.status).send(answer);
      },
    });
  }
}

function parseInput(endpoint: Endpoints[OperationId], request: FastifyRequest) {
  const params: Record<string, string> = {};
  for (const [name, schema] of Object.entries(endpoint.params)) {
    const value = (request.params as Record<string, string>)[name];
    const parsed = z.safeParse(schema, value);
    if (!parsed.success) throw new HttpError('invalid_request', `Invalid ${name} in the path: ${describeIssue(parsed.error)}.`);
    params[name] = parsed.data as string;
  }
  const query = 'query' in endpoint ? check(endpoint.query, request.query ?? {}, 'query string') : undefined;
  const body = 'body' in endpoint ? check(endpoint.body, request.body, 'body') : undefined;
  return { params, query, body };
}

function check<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) throw new HttpError('invalid_request', `Invalid ${where}: ${describeIssue(parsed.error)}.`);
  return parsed.data;
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (isRefusal(outcome)) throw fromRefusal(outcome);
  return outcome;
}

/**
 * The public face of a consultation: no partner origins, no signing settings, and the v1 answer
 * as it was (whether untrusted votes count is stated by the results and the open data).
 */
function publicConsultation(c: AdminConsultation, now: number): Consultation {
  const { allowedOrigins: _o, requireSignedParticipants: _s, countUntrusted: _u, opensAt: _a, closesAt: _b, ...rest } = c;
  // Issue 12: `closed` before the opening date and from the closing date on (v1 has two statuses).
  return { ...rest, status: publicStatus(c, now) };
}

/** Issue 12: a consultation before its opening date or from its closing date on refuses writes as closed. */
function refuseOutsideDates(c: AdminConsultation, now: number): void {
  const phase = consultationPhase(c, now);
  if (phase === 'upcoming') throw new HttpError('closed', `This consultation opens at ${c.opensAt}.`);
  if (phase === 'ended') throw new HttpError('closed', `This consultation closed at ${c.closesAt}.`);
}

const notFound = (what: string, id: string) => new HttpError('not_found', `No ${what} has the id "${id}".`);

function createOperations(context: ServerContext): Operations {
  const { storage, directory } = context;

  async function consultation(id: string): Promise<AdminConsultation> {
    const found = await storage.getConsultation(id);
    if (!found) throw notFound('consultation', id);
    return found;
  }

  /** The consultation may get issued participants from this request's origin; answers the budget. */
  async function issuableConsultation(consultationId: string, request: FastifyRequest) {
    if (!context.issuanceBudget) throw new HttpError('not_found', 'This server does not issue participants: choose your own id.');
    const c = await consultation(consultationId);
    // The CORS hook could not see the consultation (it is in the body or query): refused here, before any token exists.
    if (!originAllowed(request, c)) throw new HttpError('forbidden', `The origin ${request.headers.origin} may not use this consultation.`);
    if (c.requireSignedParticipants) {
      throw new HttpError('forbidden', 'This consultation only accepts participants signed by its host site.');
    }
    if (c.status === 'closed') throw new HttpError('closed', 'This consultation is closed.');
    refuseOutsideDates(c, context.now());
    return context.issuanceBudget;
  }

  /** The write's origin hash (issue 10): one HMAC; a database read only for a process's first write of a UTC day. */
  const originOf = (request: FastifyRequest, receivedAt: number) => context.origins?.hash(request.ip, receivedAt);

  /**
   * How far this request's participant is vouched for; throws 401 when a token is required and
   * missing or bad. `writeAt`: a write received then, refused outside the consultation's dates.
   */
  async function verified(request: FastifyRequest, participantId: string, consultationId: string | null, writeAt?: number): Promise<Trust> {
    const settings = consultationId ? await directory.consultation(consultationId) : null;
    if (!settings) return 'untrusted'; // the request itself answers 404
    const trust = context.verifyParticipant(request, settings, participantId);
    if (writeAt !== undefined) refuseOutsideDates(settings, writeAt);
    return trust;
  }

  /**
   * `votedAt` is a real instant from 2000 on (the schemas' `ClickTime`, else 400 already); the
   * storage counts it with `countedClick`, against the receive time taken here, before any await.
   */
  async function vote(request: FastifyRequest, proposalId: string, participantId: string, key: VoteKey | null, votedAt: string) {
    const receivedAt = context.now();
    const trust = await verified(request, participantId, await directory.consultationOfProposal(proposalId), receivedAt);
    const origin = await originOf(request, receivedAt);
    return unwrap(await storage.vote({ proposalId, participantId, key, votedAt, trust, receivedAt, origin }));
  }

  async function qualify(request: FastifyRequest, p: { proposalId: string; participantId: string; qualification: string }, active: boolean) {
    const receivedAt = context.now();
    await verified(request, p.participantId, await directory.consultationOfProposal(p.proposalId), receivedAt);
    const { proposalId, participantId } = p;
    const qualification = p.qualification as QualificationKey;
    const origin = await originOf(request, receivedAt);
    return unwrap(await storage.qualify({ proposalId, participantId, qualification, active, receivedAt, origin }));
  }

  return {
    getConsultation: async ({ params }) => publicConsultation(await consultation(params.consultationId), context.now()),

    async listProposals({ params, query }) {
      await consultation(params.consultationId);
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const page = await storage.listProposals(params.consultationId, {
        status: 'accepted',
        themeId: query.themeId,
        limit: query.limit,
        after,
      });
      return { items: page.items, nextCursor: page.nextAfter === null ? null : encodeCursor(page.nextAfter) };
    },

    async getSequence({ params, query, request }) {
      await consultation(params.consultationId);
      await verified(request, query.participantId, params.consultationId);
      const candidates = await storage.sequenceCandidates(params.consultationId, query.participantId);
      const ids = selectSequence(candidates, query.participantId, query.size);
      return { items: await storage.getProposals(ids) };
    },

    async getProposal({ params }) {
      const proposal = await storage.getProposal(params.proposalId);
      if (!proposal || proposal.status !== 'accepted') throw notFound('proposal', params.proposalId);
      return proposal;
    },

    castVote: ({ params, body, request }) => vote(request, params.proposalId, params.participantId, body.key, body.votedAt),
    withdrawVote: ({ params, query, request }) => vote(request, params.proposalId, params.participantId, null, query.votedAt),
    addQualification: ({ params, request }) => qualify(request, params, true),
    removeQualification: ({ params, request }) => qualify(request, params, false),

    async submitProposal({ params, body, request }) {
      const c = await consultation(params.consultationId);
      await verified(request, body.participantId, c.id, context.now());
      // The protocol's rule, the one the widget counts with (src/protocol/text.ts); the cleaned text is stored.
      const rules = { min: c.proposalMinLength, max: c.proposalMaxLength, prefix: c.proposalPrefix };
      const checked = checkProposalText(body.content, rules);
      if (checked.problem) {
        throw new HttpError(checked.problem === 'surrogate' ? 'invalid_request' : 'unprocessable', describeTextProblem(checked, rules));
      }
      if (body.themeId && !c.themes.some((t) => t.id === body.themeId)) {
        throw new HttpError('unprocessable', `The consultation has no theme "${body.themeId}".`);
      }
      return unwrap(
        await storage.submitProposal({
          ...body,
          content: checked.content,
          consultationId: c.id,
          newId: `p${randomBytes(9).toString('base64url')}`,
          createdAt: new Date(context.now()).toISOString(),
        }),
      );
    },

    async getParticipantVotes({ params, query, request }) {
      await consultation(query.consultationId);
      await verified(request, params.participantId, query.consultationId);
      return { votes: await storage.participantVotes(params.participantId, query.consultationId) };
    },

    async eraseParticipation({ params, query, request }) {
      await consultation(query.consultationId);
      // A bare client-chosen id has no token: anyone who saw it (URLs, a shared screen) could
      // otherwise erase someone's votes. Its erasure goes through an operator (admin API).
      if ((await verified(request, params.participantId, query.consultationId)) === 'untrusted') {
        throw new HttpError('unauthorized', 'Erasure needs the participant token (Authorization: Bearer); a participant without one asks the operator.');
      }
      const { votes, qualifications, submissions, pendingProposals } = await storage.eraseParticipant(params.participantId, query.consultationId);
      return { votes, qualifications, submissions, pendingProposals };
    },

    async getResults({ params, reply }) {
      // Once per consultation version, for every request that asks meanwhile (results-cache.ts);
      // the event loop runs between reading, computing and serializing.
      // Issue 12: the dashboard shares this answer (results-answer.ts).
      return sendPrepared(reply, await cachedResults(storage, params.consultationId, () => consultation(params.consultationId)));
    },

    async getIssuanceChallenge({ query, request, reply }) {
      await issuableConsultation(query.consultationId, request);
      if (!context.issuanceProof) throw new HttpError('not_found', 'This server asks no proof of work: POST /participants directly.');
      reply.header('cache-control', 'no-store'); // single-use: never from a cache
      return context.issuanceProof.challenge(query.consultationId);
    },

    async issueParticipant({ body, request }) {
      const budget = await issuableConsultation(body.consultationId, request);
      if (context.issuanceProof) await checkProof(context.issuanceProof, body.proof, body.consultationId);
      const wait = await budget.take(request.ip);
      if (wait) {
        throw new HttpError('rate_limited', `This address has had its share of new participants; try again in ${wait} s.`, {
          'retry-after': String(wait),
        });
      }
      return issueParticipant(context.issuingKey, context.issuance ? context.issuance.tokenDays : 0, context.now());
    },
  };
}

/** Cursors are opaque to clients; inside, the position of the page's last proposal. */
function encodeCursor(after: number): string {
  return Buffer.from(`after:${after}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^after:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new HttpError('invalid_request', 'Unknown cursor: send back the nextCursor of the previous page.');
  return Number(match[1]);
}

/**
 * A proof of work where the server asks one: missing, expired or used already answer 428 (the
 * client fetches a fresh challenge and solves again), a wrong one or another consultation's 403.
 */
async function checkProof(proof: IssuanceProof, work: ProofOfWork | undefined, consultationId: string): Promise<void> {
  if (!work) throw new HttpError('proof_required', 'This server asks a proof of work before issuing a participant: GET /participants/challenge.');
  const check = await proof.check(work, consultationId);
  if (check === 'stale') throw new HttpError('proof_required', 'This proof of work has expired or was used already: solve a fresh challenge.');
  if (check === 'other-consultation') throw new HttpError('forbidden', 'This proof of work was made for another consultation.');
  if (check === 'wrong') throw new HttpError('forbidden', 'This proof of work does not solve its challenge, or the challenge was not made here.');
}
