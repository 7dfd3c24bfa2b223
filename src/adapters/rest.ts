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
  type QualificationKey as QualificationKeyType,
  type Tally,
  type VoteKey,
} from '../protocol/index.js';
import type {
  CastVote,
  ConsultAdapter,
  ListProposalsQuery,
  ProposalUpdate,
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
import { Outbox, type AttemptResult, type OutboxEntry } from './outbox.js';
import { moveTally } from '../results/tally.js';

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
 * are plain requests; votes go through a persistent outbox, so a vote cast offline or on a flaky
 * network is kept, retried and delivered once the backend can take it.
 */
export class RestAdapter implements ConsultAdapter {
  private readonly http: HttpOptions;
  private readonly outbox: Outbox;
  /** Last tally seen per proposal, to estimate one while a vote waits in the outbox. */
  private readonly tallies = new Map<string, Tally>();
  /** Last key known per participant and proposal (`participant|proposal`). */
  private readonly keys = new Map<string, VoteKey | null>();
  private readonly listeners = new Map<string, Set<(update: ProposalUpdate) => void>>();
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
    this.outbox = new Outbox({
      name: this.http.endpoint,
      send: (entry) => this.send(entry),
      ...(options.retryBaseDelayMs === undefined ? {} : { baseDelayMs: options.retryBaseDelayMs }),
    });
    this.outbox.onSettled((entry, result) => this.onLaterDelivery(entry, result));
  }

  async getConsultation(consultationId: string, options?: RequestOptions): Promise<Consultation> {
    this.consultationHint = consultationId;
    return this.get(path(PATHS.getConsultation, { consultationId }), Consultation, options);
  }

  /** Revalidated with the ETag: an unchanged proposal is the same object as the last answer. */
  async getProposal(proposalId: string, options?: RequestOptions): Promise<Proposal> {
    const proposal = await this.get(path(PATHS.getProposal, { proposalId }), Proposal, options, true);
    this.tallies.set(proposal.id, proposal.votes);
    return proposal;
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
    // An entry delivered while the read is on its way may be in neither the answer nor the outbox
    // afterwards: overlay what was queued when the read started and what is queued now (newest wins).
    const queuedAtStart = this.outbox.entries();
    const { votes } = await this.asParticipant(participantId, { consultationId, read: true }, (id, http) => {
      const url = `${path(PATHS.getParticipantVotes, { participantId: id })}?consultationId=${encodeURIComponent(consultationId)}`;
      return this.get(url, ParticipantVotes, options, false, http);
    });
    // What the outbox still holds is newer than what the backend knows: show the participant's intention.
    const newest = new Map<string, OutboxEntry>();
    for (const e of [...queuedAtStart, ...this.outbox.entries()]) if ((newest.get(e.key)?.seq ?? -1) < e.seq) newest.set(e.key, e);
    const entries = [...newest.values()].sort((a, b) => a.seq - b.seq).filter((e) => e.participantId === participantId);
    const queuedVotes = new Set(entries.filter((e) => e.kind === 'vote').map((e) => e.proposalId));
    for (const vote of votes) this.keys.set(`${participantId}|${vote.proposalId}`, vote.key);
    const mine = votes
      .filter((v) => !queuedVotes.has(v.proposalId))
      .concat(
        entries
          .filter((e) => e.kind === 'vote' && e.method === 'PUT')
          .map((e) => ({ proposalId: e.proposalId, key: (e.body as { key: VoteKey }).key, qualifications: [] })),
      );
    // Queued qualifications too (added or removed while offline, before a reload).
    for (const e of entries) {
      if (e.kind !== 'qualification') continue;
      const vote = mine.find((v) => v.proposalId === e.proposalId);
      const qualification = e.qualification as QualificationKeyType;
      if (!vote) continue;
      const others = vote.qualifications.filter((q) => q !== qualification);
      vote.qualifications = e.method === 'PUT' ? [...others, qualification] : others;
    }
    return mine;
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
   * identity when it stands for the browser's anonymous id. Writes of theirs still queued for that
   * consultation are dropped first: delivered afterwards, they would undo the erasure.
   */
  async eraseParticipation(participantId: string, consultationId: string): Promise<ParticipationErased> {
    checkIds({ participantId, consultationId }); // both go into the URL as they are
    const url = (id: string) => `${path(PATHS.eraseParticipation, { participantId: id })}?consultationId=${consultationId}`;
    const mine = this.outbox.entries().filter((e) => e.participantId === participantId);
    for (const proposalId of new Set(mine.map((e) => e.proposalId))) {
      if ((await this.getProposal(proposalId)).consultationId !== consultationId) continue;
      this.outbox.discard((e) => e.participantId === participantId && e.proposalId === proposalId);
    }
    return this.asParticipant(participantId, { consultationId }, (id, http) =>
      request(http, { method: 'DELETE', path: url(id) }, ParticipationErased),
    );
  }

  async castVote(vote: CastVote): Promise<VoteReceipt> {
    const url = path(PATHS.castVote, { proposalId: vote.proposalId, participantId: vote.participantId });
    const memo = `${vote.participantId}|${vote.proposalId}`;
    const previous = this.keys.get(memo) ?? null;
    this.keys.set(memo, vote.key);
    const entry =
      vote.key === null
        ? { method: 'DELETE' as const, path: `${url}?votedAt=${encodeURIComponent(vote.votedAt)}` }
        : { method: 'PUT' as const, path: url, body: { key: vote.key, votedAt: vote.votedAt } };
    // Changing or withdrawing a vote drops its queued qualifications (the backend drops them too).
    const result = await this.outbox.put(
      { kind: 'vote', participantId: vote.participantId, proposalId: vote.proposalId, ...entry },
      (queued) => queued.kind === 'qualification' && queued.participantId === vote.participantId && queued.proposalId === vote.proposalId,
    );
    if (result.status === 'failed') {
      this.keys.set(memo, previous);
      throw result.error;
    }
    if (result.status === 'delivered' && result.answer) return { ...(result.answer as VoteResult), delivery: 'acknowledged' };
    const estimate = moveTally(this.tallies.get(vote.proposalId), previous, vote.key);
    this.tallies.set(vote.proposalId, estimate);
    return { proposalId: vote.proposalId, key: vote.key, votes: estimate, delivery: result.status === 'queued' ? 'pending' : 'acknowledged' };
  }

  async qualify(q: Qualify): Promise<QualifyReceipt> {
    const url = path(PATHS.addQualification, {
      proposalId: q.proposalId,
      participantId: q.participantId,
      qualification: q.qualification,
    });
    const entry = q.active
      ? { method: 'PUT' as const, path: url, body: { votedAt: q.votedAt } }
      : { method: 'DELETE' as const, path: url };
    // Never sent before its vote, even when the vote waits out a backoff (the outbox sees to it).
    const result = await this.outbox.put({
      kind: 'qualification',
      participantId: q.participantId,
      proposalId: q.proposalId,
      qualification: q.qualification,
      ...entry,
    });
    if (result.status === 'failed') throw result.error;
    const answer = result.status === 'delivered' ? (result.answer as QualificationsResult | undefined) : undefined;
    return {
      proposalId: q.proposalId,
      qualifications: answer?.qualifications ?? {},
      delivery: result.status === 'queued' ? 'pending' : 'acknowledged',
    };
  }

  subscribe(proposalId: string, listener: (update: ProposalUpdate) => void): () => void {
    const set = this.listeners.get(proposalId) ?? new Set();
    set.add(listener);
    this.listeners.set(proposalId, set);
    return () => set.delete(listener);
  }

  /** Writes still waiting for the backend (for a host page's "unsent votes" notice). */
  pendingWrites(): number {
    return this.outbox.entries().length;
  }

  /** Try to deliver everything that waits now (e.g. from a host page's "retry" button), backoff or not. */
  flush(): Promise<void> {
    return this.outbox.flush(true);
  }

  /** Stop this adapter's deliveries and listeners (writes stay stored for the next page). */
  dispose(): Promise<void> {
    return this.outbox.dispose();
  }

  private get<T>(path: string, schema: z.ZodMiniType<T>, options?: RequestOptions, revalidate = false, http = this.http): Promise<T> {
    const req = { method: 'GET' as const, path, ...(options?.signal ? { signal: options.signal } : {}) };
    return request(http, revalidate ? { ...req, revalidate: this.revalidated } : req, schema);
  }

  /**
   * A write from the outbox, whenever and from whichever tab it is delivered: a path naming the
   * browser's anonymous participant goes out with the issued identity stored at that moment.
   */
  private async send(entry: OutboxEntry): Promise<unknown> {
    const anonymous = this.identity ? `/votes/${encodeURIComponent(anonymousParticipantId())}` : null;
    const deliver = async (participantPath: string, http: HttpOptions) => {
      const req = { method: entry.method, path: anonymous ? entry.path.replace(anonymous, participantPath) : entry.path, body: entry.body, keepalive: true };
      if (entry.kind === 'qualification') return request(http, req, QualificationsResult);
      const answer = await request(http, req, VoteResult);
      this.tallies.set(answer.proposalId, answer.votes);
      return answer;
    };
    if (!anonymous || !entry.path.includes(anonymous)) return deliver('', this.http);
    return this.asParticipant(anonymousParticipantId(), { proposalId: entry.proposalId }, (id, http) =>
      deliver(`/votes/${encodeURIComponent(id)}`, http),
    );
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

  /** A write delivered (or refused) after `castVote` returned: the card stops showing "pending". */
  private onLaterDelivery(entry: OutboxEntry, result: AttemptResult): void {
    const update: ProposalUpdate =
      result.status === 'failed'
        ? { proposalId: entry.proposalId, error: result.error }
        : {
            proposalId: entry.proposalId,
            delivery: 'acknowledged',
            ...(entry.kind === 'vote' && result.status === 'delivered' && result.answer
              ? { votes: (result.answer as VoteResult).votes }
              : {}),
          };
    for (const listener of this.listeners.get(entry.proposalId) ?? []) listener(update);
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
