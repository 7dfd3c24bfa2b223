import type { ParticipantVote, ParticipationErased, Proposal, QualificationKey, Tally, VoteKey } from '../protocol/index.js';
import { moveTally } from '../results/tally.js';
import type { CastVote, ConsultAdapter, ProposalUpdate, Qualify, QualifyReceipt, RequestOptions, VoteReceipt } from './adapter.js';
import { Outbox, type AttemptResult, type OutboxEntry, type OutboxOptions, type OutboxWrite } from './outbox.js';

/**
 * How `withDelivery` keeps writes: `name` separates queues (storage keys start with
 * `consult-widgets:outbox:<name>:`; wrappers with one name, in one tab or several, share one queue),
 * then where (`storage`, default `localStorage`), how tabs take turns (`locks`) and the backoff.
 */
export type DeliveryOptions = Omit<OutboxOptions, 'send'>;

/** What `withDelivery` returns: a ConsultAdapter, plus the queue's own controls. */
export interface DeliveringAdapter extends ConsultAdapter {
  /** Deliveries (and final refusals) that happen after `castVote` / `qualify` resolved `pending`. */
  subscribe(proposalId: string, listener: (update: ProposalUpdate) => void): () => void;
  /** Writes still waiting for the backend (for a host page's "unsent votes" notice). */
  pendingWrites(): number;
  /** Try to deliver everything that waits now (a "retry" button), backoff or not. */
  flush(): Promise<void>;
  /** Stop delivering from this instance (writes stay stored for the next page or instance). */
  dispose(): Promise<void>;
}

/**
 * Delivery that loses nothing, for any adapter: `castVote` and `qualify` are written to a
 * persistent outbox before `adapter` is called, retried while it rejects with a `retryable`
 * ConsultError, coalesced per participant and proposal, sent by one tab at a time, and resolve
 * `pending` until `adapter` has them. Reads go to `adapter`, with the participant's queued writes
 * laid over their votes. RestAdapter is this wrapper over its HTTP calls.
 */
export function withDelivery(adapter: ConsultAdapter, options: DeliveryOptions): DeliveringAdapter {
  return new DeliveryAdapter(adapter, options);
}

/**
 * Methods that go to the inner adapter as they are, the optional ones only where it has them: a
 * widget changes course on their presence (contract v2's `identify` names the participant).
 */
const PASSED = ['getConsultation', 'listProposals', 'getResults', 'getSequence', 'submitProposal', 'identify'] as const;

/** The wrapper (RestAdapter extends it); `withDelivery` is its public face. */
export class DeliveryAdapter implements DeliveringAdapter {
  declare readonly getConsultation: ConsultAdapter['getConsultation'];
  declare readonly listProposals: ConsultAdapter['listProposals'];
  declare readonly getResults?: ConsultAdapter['getResults'];
  declare readonly getSequence?: ConsultAdapter['getSequence'];
  declare readonly submitProposal?: ConsultAdapter['submitProposal'];
  declare readonly identify?: ConsultAdapter['identify'];
  /** Contract v2, only where the inner adapter has it (a card then reads its vote alone): with the queue laid over. */
  declare readonly getParticipantVote?: (participantId: string, proposalId: string, options?: RequestOptions) => Promise<ParticipantVote | null>;
  /** Only where the inner adapter can qualify or erase: a widget checks for them. */
  declare readonly qualify?: (qualification: Qualify) => Promise<QualifyReceipt>;
  declare readonly eraseParticipation?: (participantId: string, consultationId: string, options?: RequestOptions) => Promise<ParticipationErased>;
  private readonly outbox: Outbox;
  /** Last tally seen per proposal, to estimate one while a vote waits in the outbox. */
  private readonly tallies = new Map<string, Tally>();
  /** Last key known per participant and proposal (`participant|proposal`). */
  private readonly keys = new Map<string, VoteKey | null>();
  private readonly listeners = new Map<string, Set<(update: ProposalUpdate) => void>>();

  constructor(
    private readonly inner: ConsultAdapter,
    options: DeliveryOptions,
  ) {
    const self = this as Record<string, unknown>;
    for (const name of PASSED) if (inner[name]) self[name] = inner[name].bind(inner);
    if (inner.qualify) self.qualify = (q: Qualify) => this.qualifyQueued(q);
    if (inner.getParticipantVote) self.getParticipantVote = (p: string, id: string, o?: RequestOptions) => this.participantVote(p, id, o);
    if (inner.eraseParticipation) self.eraseParticipation = (p: string, c: string, o?: RequestOptions) => this.erase(p, c, o);
    this.outbox = new Outbox({ ...options, send: (entry) => this.send(entry) });
    this.outbox.onSettled((entry, result) => this.onLaterDelivery(entry, result));
  }

  async getProposal(proposalId: string, options?: RequestOptions): Promise<Proposal> {
    const proposal = await this.inner.getProposal(proposalId, options);
    this.tallies.set(proposal.id, proposal.votes);
    return proposal;
  }

  async getParticipantVotes(participantId: string, consultationId: string, options?: RequestOptions): Promise<ParticipantVote[]> {
    // An entry delivered while the read is on its way may be in neither the answer nor the outbox
    // afterwards: overlay what was queued when the read started and what is queued now (newest wins).
    const queuedAtStart = this.outbox.entries();
    const votes = await this.inner.getParticipantVotes(participantId, consultationId, options);
    return this.overlay(participantId, votes, queuedAtStart);
  }

  private async participantVote(participantId: string, proposalId: string, options?: RequestOptions): Promise<ParticipantVote | null> {
    const queuedAtStart = this.outbox.entries();
    const vote = await this.inner.getParticipantVote!(participantId, proposalId, options);
    if (vote === null) this.keys.set(`${participantId}|${proposalId}`, null);
    const mine = this.overlay(participantId, vote ? [vote] : [], queuedAtStart, proposalId);
    return mine.find((v) => v.proposalId === proposalId) ?? null;
  }

  /** The participant's votes as read, with what the outbox still holds laid over (`only`: one proposal's). */
  private overlay(participantId: string, votes: ParticipantVote[], queuedAtStart: OutboxEntry[], only?: string): ParticipantVote[] {
    // What the outbox still holds is newer than what the backend knows: show the participant's intention.
    const newest = new Map<string, OutboxEntry>();
    for (const e of [...queuedAtStart, ...this.outbox.entries()]) if ((newest.get(e.key)?.seq ?? -1) < e.seq) newest.set(e.key, e);
    const entries = [...newest.values()]
      .sort((a, b) => a.seq - b.seq)
      .filter((e) => e.participantId === participantId && (only === undefined || e.proposalId === only));
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
      const qualification = e.qualification as QualificationKey;
      if (!vote) continue;
      const others = vote.qualifications.filter((q) => q !== qualification);
      vote.qualifications = e.method === 'PUT' ? [...others, qualification] : others;
    }
    return mine;
  }

  async castVote(vote: CastVote): Promise<VoteReceipt> {
    const { proposalId, participantId, key } = vote;
    const memo = `${participantId}|${proposalId}`;
    const previous = this.keys.get(memo) ?? null;
    this.keys.set(memo, key);
    try {
      // Changing or withdrawing a vote drops its queued qualifications (a backend drops them too).
      return await this.queue(
        { kind: 'vote', participantId, proposalId, method: key === null ? 'DELETE' : 'PUT', body: vote },
        (queued) => queued.kind === 'qualification' && queued.participantId === participantId && queued.proposalId === proposalId,
        () => {
          const votes = moveTally(this.tallies.get(proposalId), previous, key);
          this.tallies.set(proposalId, votes);
          return { proposalId, key, votes };
        },
      );
    } catch (error) {
      this.keys.set(memo, previous);
      throw error;
    }
  }

  subscribe(proposalId: string, listener: (update: ProposalUpdate) => void): () => void {
    const set = this.listeners.get(proposalId) ?? new Set();
    set.add(listener);
    this.listeners.set(proposalId, set);
    // The inner adapter's own updates (live tallies…) reach the widget too.
    const off = this.inner.subscribe?.(proposalId, listener);
    return () => {
      set.delete(listener);
      off?.();
    };
  }

  pendingWrites(): number {
    return this.outbox.entries().length;
  }

  flush(): Promise<void> {
    return this.outbox.flush(true);
  }

  dispose(): Promise<void> {
    return this.outbox.dispose();
  }

  /** Never sent before its vote, even when the vote waits out a backoff (the outbox sees to it). */
  private qualifyQueued(q: Qualify): Promise<QualifyReceipt> {
    const { proposalId, participantId, qualification } = q;
    return this.queue({ kind: 'qualification', participantId, proposalId, qualification, method: q.active ? 'PUT' : 'DELETE', body: q }, undefined, () => ({
      proposalId,
      qualifications: {},
    }));
  }

  /**
   * Store the call (the whole of it: whatever an adapter's calls carry is replayed as it was) and
   * try it now: the inner adapter's receipt, or the `estimate`, pending until the inner adapter has
   * it (acknowledged when another tab delivered it: no receipt to share). A refusal for good rejects.
   */
  private async queue<R>(write: OutboxWrite, drop: ((queued: OutboxEntry) => boolean) | undefined, estimate: () => Omit<R, 'delivery'>): Promise<R> {
    const result = await this.outbox.put(write, drop);
    if (result.status === 'failed') throw result.error;
    if (result.status === 'delivered' && result.answer) return result.answer as R;
    return { ...estimate(), delivery: result.status === 'queued' ? 'pending' : 'acknowledged' } as R;
  }

  /**
   * Writes of the participant still queued for that consultation are dropped first: delivered
   * afterwards, they would undo the erasure.
   */
  private async erase(participantId: string, consultationId: string, options?: RequestOptions): Promise<ParticipationErased> {
    const mine = this.outbox.entries().filter((e) => e.participantId === participantId);
    for (const proposalId of new Set(mine.map((e) => e.proposalId))) {
      if ((await this.getProposal(proposalId)).consultationId !== consultationId) continue;
      this.outbox.discard((e) => e.participantId === participantId && e.proposalId === proposalId);
    }
    return this.inner.eraseParticipation!(participantId, consultationId, options);
  }

  /** One queued write, whenever and from whichever tab it is delivered, as the inner adapter's call. */
  private async send(entry: OutboxEntry): Promise<VoteReceipt | QualifyReceipt> {
    const call = (entry.path ? restEntryCall(entry) : entry.body) as CastVote & Qualify;
    if (entry.kind === 'qualification') return this.inner.qualify!(call);
    const answer = await this.inner.castVote(call);
    this.tallies.set(entry.proposalId, answer.votes);
    return answer;
  }

  /** A write delivered (or refused) after `castVote` returned: the card stops showing "pending". */
  private onLaterDelivery({ proposalId }: OutboxEntry, result: AttemptResult): void {
    // Only a vote's answer has `votes` (none when another tab delivered it: nothing to share).
    const votes = result.status === 'delivered' && (result.answer as Partial<VoteReceipt> | undefined)?.votes;
    const update: ProposalUpdate = { proposalId, ...(result.status === 'failed' ? { error: result.error } : { delivery: 'acknowledged', ...(votes && { votes }) }) };
    for (const listener of this.listeners.get(proposalId) ?? []) listener(update);
  }
}

/**
 * The call an entry RestAdapter stored before withDelivery stands for: it kept the request (method,
 * path, body), a withdrawal's `votedAt` in the path's query. Every field goes along; RestAdapter's
 * calls take what they need.
 */
function restEntryCall(entry: OutboxEntry): CastVote & Qualify {
  const body = entry.body as { key?: VoteKey; votedAt?: string } | undefined;
  const set = entry.method === 'PUT';
  const votedAt = body?.votedAt ?? decodeURIComponent(/votedAt=([^&]*)/.exec(entry.path!)?.[1] ?? '');
  return { ...entry, key: set ? body!.key! : null, active: set, votedAt } as CastVote & Qualify;
}
