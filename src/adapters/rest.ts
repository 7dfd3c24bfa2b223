import * as z from 'zod/mini';
import {
  Consultation,
  ConsultationResults,
  Id,
  ParticipantId,
  ParticipantVotes,
  ParticipationErased,
  PATHS,
  Proposal,
  protocolPath,
  QualificationKey,
  ProposalPage,
  QualificationsResult,
  SequenceResult,
  SubmitProposalResult,
  VoteResult,
  type ParticipantVote,
} from '../protocol/index.js';
import type {
  CastVote,
  ConsultAdapter,
  ListProposalsQuery,
  Qualify,
  QualifyReceipt,
  RequestOptions,
  SubmitProposal,
  VoteReceipt,
} from './adapter.js';
import { ConsultError } from './errors.js';
import { request, type HttpOptions } from './http.js';
import { IssuedIdentity } from './issued.js';
import { anonymousParticipantId } from './participant.js';
import { DeliveryAdapter } from './delivery.js';

export interface RestAdapterOptions extends HttpOptions {
  /** Backoff of the delivery queue: first retry after about this long (default 500 ms). */
  retryBaseDelayMs?: number;
  /**
   * Ask the backend once for an anonymous participant (protocol v1.1, `POST /participants`) and
   * send its id and token in place of the browser's own anonymous id, so its votes count as
   * issued, not untrusted (docs/server.md). A backend without the endpoint keeps the browser's id.
   * Default: on, unless `getToken` is given (the host site vouches for its own participant ids).
   */
  issueParticipants?: boolean;
}

/**
 * Talks protocol v1 over HTTP to any backend (the reference `consult-server` or your own). Reads
 * are plain requests; votes and qualifications go through `withDelivery`'s persistent outbox (this
 * class is that wrapper over `RestBackend`), so a vote cast offline or on a flaky network is kept,
 * retried and delivered once the backend can take it.
 */
export class RestAdapter extends DeliveryAdapter {
  // Everything RestBackend has: never missing here (the lazy RestAdapter forwards to each).
  declare readonly getResults: RestBackend['getResults'];
  declare readonly getSequence: RestBackend['getSequence'];
  declare readonly submitProposal: RestBackend['submitProposal'];
  declare readonly qualify: (qualification: Qualify) => Promise<QualifyReceipt>;
  declare readonly eraseParticipation: RestBackend['eraseParticipation'];

  constructor(options: RestAdapterOptions) {
    const backend = new RestBackend(options);
    // One queue per endpoint, under the storage names it always had (a reload across the upgrade delivers).
    super(backend, { name: backend.http.endpoint, baseDelayMs: options.retryBaseDelayMs });
  }
}

/**
 * The HTTP calls themselves: every write is one request, sent at once (RestAdapter queues them).
 * Ids are checked before any request; the browser's anonymous participant goes out as the issued one.
 */
class RestBackend implements ConsultAdapter {
  /** Its endpoint, made absolute, names RestAdapter's outbox. */
  readonly http: HttpOptions;
  /** The last answer of each revalidated read (proposals and results), by path, with its ETag. */
  private readonly revalidated = new Map<string, { etag: string; value: unknown }>();
  /** The server-issued identity standing for the browser's anonymous id (null: not asked for). */
  private readonly identity: IssuedIdentity | null;
  /** The consultation last named, to ask for an identity with when a write names only a proposal. */
  private consultationHint: string | undefined;

  constructor(options: RestAdapterOptions) {
    if (!options?.endpoint) throw new ConsultError('config', 'RestAdapter needs an endpoint (the URL of protocol v1).');
    this.http = { ...options, endpoint: new URL(options.endpoint, globalThis.location?.href).href };
    this.identity = options.issueParticipants === false || options.getToken ? null : new IssuedIdentity(this.http);
  }

  async getConsultation(consultationId: string, options?: RequestOptions): Promise<Consultation> {
    this.consultationHint = consultationId;
    return this.get(path(PATHS.getConsultation, { consultationId }), Consultation, options);
  }

  /** Revalidated with the ETag: an unchanged proposal is the same object as the last answer. */
  async getProposal(proposalId: string, options?: RequestOptions): Promise<Proposal> {
    return this.get(path(PATHS.getProposal, { proposalId }), Proposal, options, true);
  }

  async listProposals(consultationId: string, query: ListProposalsQuery = {}, options?: RequestOptions): Promise<ProposalPage> {
    const params = new URLSearchParams();
    if (query.themeId !== undefined) params.set('themeId', query.themeId);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    const qs = params.toString() ? `?${params}` : '';
    return this.get(path(PATHS.listProposals, { consultationId }) + qs, ProposalPage, options);
  }

  async getParticipantVotes(participantId: string, consultationId: string, options?: RequestOptions): Promise<ParticipantVote[]> {
    this.consultationHint = consultationId;
    checkIds({ participantId });
    const { votes } = await this.asParticipant(participantId, { consultationId, read: true }, (id, http) => {
      const url = `${path(PATHS.getParticipantVotes, { participantId: id })}?consultationId=${encodeURIComponent(consultationId)}`;
      return this.get(url, ParticipantVotes, options, false, http);
    });
    return votes;
  }
  /**
   * Computed by the backend (docs/methodology.md); the answer is checked against the protocol's
   * schema. Revalidated with the ETag: unchanged results are the same object as the last answer.
   */
  async getResults(consultationId: string, options?: RequestOptions): Promise<ConsultationResults> {
    this.consultationHint = consultationId;
    return this.get(path(PATHS.getResults, { consultationId }), ConsultationResults, options, true);
  }

  /** Accepted proposals the participant has not voted on, in the order the backend chose (fewest votes first, some fresh). */
  async getSequence(consultationId: string, participantId: string, size?: number, options?: RequestOptions): Promise<Proposal[]> {
    this.consultationHint = consultationId;
    checkIds({ participantId }); // in the query string, still the caller's mistake if malformed
    const { items } = await this.asParticipant(participantId, { consultationId, read: true }, (id, http) => {
      const params = new URLSearchParams({ participantId: id });
      if (size !== undefined) params.set('size', String(size));
      return this.get(`${path(PATHS.getSequence, { consultationId })}?${params}`, SequenceResult, options, false, http);
    });
    return items;
  }

  /**
   * A new proposal, sent at once (not queued: the form shows whether the backend has it). The
   * caller's `requestId` makes a retry after a lost answer safe: the backend answers it again.
   */
  async submitProposal(proposal: SubmitProposal): Promise<{ id: string; status: 'pending' }> {
    const { consultationId, ...body } = proposal;
    this.consultationHint = consultationId;
    const url = path(PATHS.submitProposal, { consultationId });
    return this.asParticipant(body.participantId, { consultationId }, (participantId, http) =>
      request(http, { method: 'POST', path: url, body: { ...body, participantId } }, SubmitProposalResult),
    );
  }

  /**
   * Erases the participant's participation in `consultationId` (protocol v1.1), as the issued
   * identity when it stands for the browser's anonymous id (RestAdapter drops their queued writes first).
   */
  async eraseParticipation(participantId: string, consultationId: string): Promise<ParticipationErased> {
    checkIds({ participantId, consultationId }); // both go into the URL as they are
    const url = (id: string) => `${path(PATHS.eraseParticipation, { participantId: id })}?consultationId=${consultationId}`;
    return this.asParticipant(participantId, { consultationId }, (id, http) =>
      request(http, { method: 'DELETE', path: url(id) }, ParticipationErased),
    );
  }

  castVote({ proposalId, participantId, key, votedAt }: CastVote): Promise<VoteReceipt> {
    return this.write(participantId, proposalId, VoteResult, (id) => {
      const url = path(PATHS.castVote, { proposalId, participantId: id });
      return key === null ? { method: 'DELETE', path: `${url}?votedAt=${encodeURIComponent(votedAt)}` } : { method: 'PUT', path: url, body: { key, votedAt } };
    });
  }

  qualify({ proposalId, participantId, qualification, active, votedAt }: Qualify): Promise<QualifyReceipt> {
    return this.write(participantId, proposalId, QualificationsResult, (id) => {
      const url = path(PATHS.addQualification, { proposalId, participantId: id, qualification });
      return active ? { method: 'PUT', path: url, body: { votedAt } } : { method: 'DELETE', path: url };
    });
  }

  private get<T>(path: string, schema: z.ZodMiniType<T>, options?: RequestOptions, revalidate = false, http = this.http): Promise<T> {
    const req = { method: 'GET' as const, path, ...(options?.signal ? { signal: options.signal } : {}) };
    return request(http, revalidate ? { ...req, revalidate: this.revalidated } : req, schema);
  }

  /**
   * A write, whenever and from whichever tab the outbox delivers it (`keepalive`: it may outlive
   * the page): the browser's anonymous participant goes out as the issued identity stored then.
   */
  private async write<T>(
    participantId: string,
    proposalId: string,
    schema: z.ZodMiniType<T>,
    req: (participantId: string) => { method: 'PUT' | 'DELETE'; path: string; body?: unknown },
  ): Promise<T & { delivery: 'acknowledged' }> {
    const answer = await this.asParticipant(participantId, { proposalId }, (id, http) => request(http, { ...req(id), keepalive: true }, schema));
    return { ...answer, delivery: 'acknowledged' };
  }

  /**
   * Runs `call` as `participantId`: for the browser's anonymous participant, as the issued one
   * (its id and token) when the backend issues them, else as given. A token the backend refuses
   * (401: expired, or its key changed) is dropped and the call made once more with a new
   * identity, so a queued vote is never lost to an old token. When no identity can be had now
   * (this address used its issuance budget, the network is down), a write fails retryably and
   * stays queued until one can; a `read` goes out as the anonymous id, which has nothing stored
   * yet, so the card still shows and takes the vote (a school class over the budget votes, and
   * its votes are delivered as issued ones once the budget allows).
   */
  private async asParticipant<T>(
    participantId: string,
    where: { consultationId?: string; proposalId?: string; read?: boolean },
    call: (participantId: string, http: HttpOptions) => Promise<T>,
  ): Promise<T> {
    if (!this.identity || participantId !== anonymousParticipantId()) return call(participantId, this.http);
    for (let attempt = 0; ; attempt++) {
      let issued;
      try {
        issued = await this.identity.obtain(() => this.consultationOf(where));
      } catch (error) {
        if (!where.read) throw error;
        issued = null;
      }
      if (!issued) return call(participantId, this.http);
      try {
        return await call(issued.participantId, { ...this.http, getToken: () => issued.token });
      } catch (error) {
        if (attempt > 0 || ConsultError.from(error).code !== 'unauthorized') throw error;
        this.identity.drop(issued.token);
      }
    }
  }

  /** The consultation to ask for an identity with: the one named, the last one seen, or the proposal's. */
  private async consultationOf(where: { consultationId?: string; proposalId?: string }): Promise<string> {
    const known = where.consultationId ?? this.consultationHint;
    if (known) return known;
    if (where.proposalId) return (await this.getProposal(where.proposalId)).consultationId;
    throw new ConsultError('config', 'RestAdapter: no consultation is known to ask the backend for a participant with.');
  }
}

/**
 * A protocol path with its ids checked first: a bad id is the caller's `invalid_request`, never a
 * request to somewhere else (an id like `..` would climb out of the path).
 */
function path<T extends string>(template: T, params: Record<string, string>): string {
  checkIds(params);
  return protocolPath(template, params as never);
}

function checkIds(params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params)) {
    const schema = name === 'participantId' ? ParticipantId : name === 'qualification' ? QualificationKey : Id;
    if (!z.safeParse(schema, value).success) {
      throw new ConsultError('invalid_request', `Invalid ${name} "${value}" (ids are 1–128 characters of A–Z, a–z, 0–9, _ and -; participant ids at least 8).`);
    }
  }
}
