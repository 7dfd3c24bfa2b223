// A ConsultAdapter for a Make.org-shaped API, written as a user of consult-widgets would write one:
// it imports only the package's public entries. What each part does and why: README.md here.
import {
  ConsultError,
  type CastVote,
  type ConsultAdapter,
  type Consultation,
  type HeldState,
  type ListProposalsQuery,
  type Proposal,
  type Qualify,
  type QualifyReceipt,
  type RequestOptions,
  type VoteKey,
  type VoteReceipt,
} from 'consult-widgets';
import { ParticipantId, QUALIFICATIONS_BY_KEY, type ParticipantVote, type ProposalPage, type QualificationKey } from 'consult-widgets/protocol';
import { held, toConsultation, toProposal, type ApiProposal, type ApiQuestion, type ApiVoteAnswer, type HeldVote, type Known, type StorageLike } from './api.js';

export interface MakeOrgAdapterOptions {
  /** The API's address, e.g. `https://api.example.org` (no trailing slash). */
  baseUrl: string;
  /** Where this browser keeps its sessions and what it last saw (default `localStorage`): a reload finds them. */
  storage?: StorageLike;
  fetch?: typeof fetch;
}

/**
 * Reads map the API's questions and proposals to the protocol's shapes; each proposal carries its
 * `proposalKey` in `meta`, which the card hands back in `castVote` / `qualify`, so a click is one
 * request (a change of vote two: unvote, then vote). Visitors are server-issued sessions, one per
 * participant this browser has seen, kept in `storage` with the vote each last held and when it was
 * cast (the API has no `votedAt`: an older click than the one held is ignored here).
 */
export class MakeOrgAdapter implements ConsultAdapter {
  private readonly base: string;
  private readonly storage: StorageLike;
  private readonly fetcher: typeof fetch;
  private readonly opening = new Map<string, Promise<string>>();

  constructor(options: MakeOrgAdapterOptions) {
    this.base = options.baseUrl;
    this.storage = options.storage ?? globalThis.localStorage;
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async getConsultation(consultationId: string, options?: RequestOptions): Promise<Consultation> {
    return toConsultation(await this.request<ApiQuestion>('GET', `/questions/${encodeURIComponent(consultationId)}`, options));
  }

  async getProposal(proposalId: string, options?: RequestOptions): Promise<Proposal> {
    return this.seen(await this.request<ApiProposal>('GET', `/proposals/${encodeURIComponent(proposalId)}`, options));
  }

  async listProposals(consultationId: string, query: ListProposalsQuery = {}, options?: RequestOptions): Promise<ProposalPage> {
    const skip = Number(query.cursor ?? 0);
    if (!Number.isInteger(skip) || skip < 0) throw new ConsultError('invalid_request', `Not a cursor of this adapter: ${query.cursor}`);
    const limit = query.limit ?? 20;
    const page = await this.request<{ total: number; results: ApiProposal[] }>(
      'GET',
      `/questions/${encodeURIComponent(consultationId)}/proposals?limit=${limit}&skip=${skip}`,
      options,
    );
    const next = skip + page.results.length;
    return { items: page.results.map((p) => this.seen(p)), nextCursor: page.results.length && next < page.total ? String(next) : null };
  }

  /** Contract v2: one request for one proposal (the API has no list of a visitor's votes). */
  async getParticipantVote(participantId: string, proposalId: string, options?: RequestOptions): Promise<ParticipantVote | null> {
    const session = this.known(participantId).sessionId;
    if (!session) return null; // no session in this browser: this participant never voted here
    const answer = await this.request<ApiVoteAnswer>('GET', `/proposals/${encodeURIComponent(proposalId)}/vote`, options, undefined, session);
    this.remember(participantId, proposalId, { key: answer.voteKey });
    return answer.voteKey ? { proposalId, key: answer.voteKey, qualifications: answer.qualificationKeys } : null;
  }

  /** The expensive path (v1 cards): every proposal of the question, then one read per proposal. */
  async getParticipantVotes(participantId: string, consultationId: string, options?: RequestOptions): Promise<ParticipantVote[]> {
    if (!this.known(participantId).sessionId) return [];
    const ids: string[] = [];
    for (let cursor: string | undefined, page = 0; page < 100; page++) {
      const result = await this.listProposals(consultationId, { limit: 100, ...(cursor && { cursor }) }, options);
      ids.push(...result.items.map((p) => p.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    const votes = await Promise.all(ids.map((id) => this.getParticipantVote(participantId, id, options)));
    return votes.filter((v): v is ParticipantVote => v !== null);
  }

  /** Contract v2: the visitor this browser's session stands for (a session is opened on first use). */
  async identify(): Promise<string> {
    const visitor = this.storage.getItem(this.storageKey('visitor'));
    if (visitor) return visitor;
    const opened = await this.request<{ sessionId: string; visitorId: string }>('POST', '/sessions');
    this.save(opened.visitorId, { ...this.known(opened.visitorId), sessionId: opened.sessionId });
    this.storage.setItem(this.storageKey('visitor'), opened.visitorId);
    return opened.visitorId;
  }

  async castVote(vote: CastVote): Promise<VoteReceipt> {
    const { proposalId, participantId, key, votedAt } = vote;
    checkParticipant(participantId);
    const before = this.known(participantId).votes[proposalId];
    // An older click than the vote held (a slow tab, a replay): the vote held stands.
    if (before?.votedAt && before.votedAt > votedAt && before.key !== undefined) {
      return { proposalId, key: before.key, votes: (await this.getProposal(proposalId)).votes, delivery: 'acknowledged' };
    }
    const session = await this.session(participantId);
    const proposalKey = await this.proposalKey(proposalId, vote.meta);
    const post = (action: 'vote' | 'unvote', voteKey: VoteKey) =>
      this.request<ApiVoteAnswer>('POST', `/proposals/${encodeURIComponent(proposalId)}/${action}`, undefined, { voteKey, proposalKey }, session);
    const done = (answer: ApiVoteAnswer): VoteReceipt => {
      this.remember(participantId, proposalId, { key: answer.voteKey, votedAt });
      return { proposalId, key: answer.voteKey, votes: held(answer.votes).tally, delivery: 'acknowledged' };
    };
    let holds = before?.key; // what this browser last saw; the API corrects it (409) when wrong
    for (let round = 0; round < 3; round++) {
      try {
        if (key === null) {
          if (holds) return done(await post('unvote', holds));
          holds = (await this.getParticipantVote(participantId, proposalId))?.key ?? null;
          if (!holds) return { proposalId, key: null, votes: (await this.getProposal(proposalId)).votes, delivery: 'acknowledged' };
          continue;
        }
        if (!holds || holds === key) return done(await post('vote', key));
        // A change is two requests. The first one done, the backend holds no vote: if the second
        // fails, say so (`state`), or the card would show the old vote as held.
        const withdrawn = await post('unvote', holds);
        this.remember(participantId, proposalId, { key: null, votedAt });
        try {
          return done(await post('vote', key));
        } catch (error) {
          throw stating(error, { key: null, votes: held(withdrawn.votes).tally, qualifications: [] });
        }
      } catch (error) {
        const corrected = backendHolds(error);
        if (corrected === undefined || (error as ConsultError).state) throw stating(error, holds === undefined ? undefined : { key: holds });
        holds = corrected; // the backend said what it holds: decide again from there
      }
    }
    throw new ConsultError('conflict', 'The vote kept changing at the backend while it was being cast.', { state: { key: holds ?? null } });
  }

  async qualify(qualification: Qualify): Promise<QualifyReceipt> {
    const { proposalId, participantId, active } = qualification;
    checkParticipant(participantId);
    const voteKey = (Object.keys(QUALIFICATIONS_BY_KEY) as VoteKey[]).find((k) =>
      (QUALIFICATIONS_BY_KEY[k] as readonly QualificationKey[]).includes(qualification.qualification),
    );
    if (!voteKey) throw new ConsultError('invalid_request', `Unknown qualification ${qualification.qualification}.`);
    const session = await this.session(participantId);
    const proposalKey = await this.proposalKey(proposalId, qualification.meta);
    const answer = await this.request<ApiVoteAnswer>(
      'POST',
      `/proposals/${encodeURIComponent(proposalId)}/${active ? 'qualification' : 'unqualification'}`,
      undefined,
      { voteKey, qualificationKey: qualification.qualification, proposalKey },
      session,
    );
    return { proposalId, qualifications: held(answer.votes).qualifications, delivery: 'acknowledged' };
  }

  /** A proposal read: its `proposalKey` is kept too, for callers that hand no `meta` back (v1 cards). */
  private seen(api: ApiProposal): Proposal {
    const keys = this.storage.getItem(this.storageKey('keys'));
    this.storage.setItem(this.storageKey('keys'), JSON.stringify({ ...(keys ? JSON.parse(keys) : {}), [api.id]: api.proposalKey }));
    return toProposal(api);
  }

  /** The `meta` handed back, else the last one read here, else (one more request) a read. */
  private async proposalKey(proposalId: string, meta: CastVote['meta']): Promise<string> {
    if (typeof meta?.proposalKey === 'string') return meta.proposalKey;
    const keys = JSON.parse(this.storage.getItem(this.storageKey('keys')) ?? '{}') as Record<string, string>;
    return keys[proposalId] ?? ((await this.getProposal(proposalId)).meta!.proposalKey as string);
  }

  /** The participant's session, opened on their first write (one at a time per participant). */
  private async session(participantId: string): Promise<string> {
    const known = this.known(participantId).sessionId;
    if (known) return known;
    const opening =
      this.opening.get(participantId) ??
      this.request<{ sessionId: string }>('POST', '/sessions').then(({ sessionId }) => {
        this.save(participantId, { ...this.known(participantId), sessionId });
        return sessionId;
      });
    this.opening.set(participantId, opening);
    return opening.finally(() => this.opening.delete(participantId));
  }

  private known(participantId: string): Known {
    const text = this.storage.getItem(this.storageKey(`participant:${participantId}`));
    return text ? (JSON.parse(text) as Known) : { votes: {} };
  }

  private save(participantId: string, known: Known): void {
    this.storage.setItem(this.storageKey(`participant:${participantId}`), JSON.stringify(known));
  }

  private remember(participantId: string, proposalId: string, vote: HeldVote): void {
    const known = this.known(participantId);
    this.save(participantId, { ...known, votes: { ...known.votes, [proposalId]: { ...known.votes[proposalId], ...vote } } });
  }

  private storageKey(name: string): string {
    return `makeorg:${this.base}:${name}`;
  }

  /** One request; every failure becomes a ConsultError (`cause`: the API's error body, if any). */
  private async request<T>(method: 'GET' | 'POST', path: string, options?: RequestOptions, body?: unknown, session?: string): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(`${this.base}${path}`, {
        method,
        headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }), ...(session && { 'x-session-id': session }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        ...(options?.signal && { signal: options.signal }),
      });
    } catch (error) {
      throw new ConsultError('network', `${method} ${path} did not reach the API.`, { cause: error });
    }
    const answer = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.ok && answer) return answer as T;
    if (response.ok) throw new ConsultError('bad_response', `${method} ${path} answered something that is not JSON.`);
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ConsultError(codeOf(response.status, answer?.code), `${method} ${path} failed with HTTP ${response.status} (${String(answer?.code ?? 'no code')}).`, {
      cause: answer,
      ...(retryAfter > 0 && { retryAfterMs: retryAfter * 1000 }),
    });
  }
}

function checkParticipant(participantId: string): void {
  if (!ParticipantId.safeParse(participantId).success) throw new ConsultError('invalid_request', `Not a participant id: ${JSON.stringify(participantId)}.`);
}

function codeOf(status: number, code: unknown): ConsultError['code'] {
  if (status === 403 && code === 'question_closed') return 'closed';
  const byStatus: Record<number, ConsultError['code']> = { 400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 429: 'rate_limited' };
  return byStatus[status] ?? (status >= 500 ? 'server' : 'bad_response');
}

/** A 409 that says which vote the backend holds (`already_voted`, `not_voted`): that key, else undefined. */
function backendHolds(error: unknown): VoteKey | null | undefined {
  if (!(error instanceof ConsultError) || error.code !== 'conflict') return undefined;
  const body = error.cause as { code?: string; voteKey?: VoteKey | null } | undefined;
  return body?.code === 'already_voted' || body?.code === 'not_voted' ? (body.voteKey ?? null) : undefined;
}

/**
 * The error, carrying what the backend holds when this adapter knows it: after a change's first
 * request, or (from the vote this browser last saw) when the API answered a refusal. Not after a
 * network failure: the request may or may not have reached the API.
 */
function stating(error: unknown, state: HeldState | undefined): ConsultError {
  const e = ConsultError.from(error);
  if (!state || e.state || e.code === 'network' || e.code === 'timeout') return e;
  return new ConsultError(e.code, e.message, { cause: e.cause, retryable: e.retryable, ...(e.retryAfterMs !== undefined && { retryAfterMs: e.retryAfterMs }), state });
}
