import * as z from 'zod/mini';
import {
  clickInstant,
  checkProposalText,
  Consultation,
  countedClick,
  describeIssue,
  describeTextProblem,
  Id,
  ParticipantId,
  Proposal,
  planQualification,
  planVote,
  type ConsultationResults,
  type ParticipantVote,
  type ParticipationErased,
  type ProposalPage,
  type QualificationKey,
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
import { moveTally } from '../results/tally.js';
import { ConsultError } from './errors.js';

/** A consultation as seed data: only `id` is required, the rest gets sensible defaults. */
export type ConsultationSeed = Partial<Consultation> & { id: string };
/** A proposal as seed data: `id` and `content` are required; `votes` are other people's votes. */
export type ProposalSeed = Partial<Proposal> & { id: string; content: string };

export interface MemoryAdapterOptions {
  consultations?: ConsultationSeed[];
  proposals?: ProposalSeed[];
  /**
   * Accept votes on proposal ids the adapter was not seeded with: the first vote creates the
   * proposal in an open consultation named `default`. Reads of unknown ids still fail `not_found`.
   * Static pages that give proposal text inline need this; a seeded demo or a test usually wants
   * `false` (the default).
   */
  openWorld?: boolean;
  /** Answer after this many milliseconds, to show loading states in demos and benchmarks. */
  latencyMs?: number;
  /**
   * Also answer contract v2's `getParticipantVote(participantId, proposalId)`, so a card reads its
   * vote alone as it would from a backend that cannot list votes (cards then make one call each
   * instead of sharing one list per consultation). A seed proposal's `meta` is kept and read back.
   */
  participantVote?: boolean;
}

/** One participant's vote on one proposal, as the adapter stores it. */
export interface StoredVote {
  key: VoteKey | null;
  votedAt: string;
  qualifications: QualificationKey[];
}

/** The consultation that proposals created by votes in open-world mode belong to. */
export const OPEN_WORLD_CONSULTATION = 'default';

/**
 * An in-page backend: seeded from data, forgets everything on reload. The reference
 * implementation of the adapter contract, and the base of `LocalAdapter`.
 */
export class MemoryAdapter implements ConsultAdapter {
  protected readonly consultations = new Map<string, Consultation>();
  protected readonly proposals = new Map<string, Proposal>();
  /** participantId → proposalId → vote */
  protected readonly votes = new Map<string, Map<string, StoredVote>>();
  /** requestId → the answer, and who submitted (for erasure). */
  private readonly submissions = new Map<string, { id: string; status: 'pending'; participantId: string }>();
  private readonly listeners = new Map<string, Set<(update: ProposalUpdate) => void>>();
  private readonly openWorld: boolean;
  private readonly latencyMs: number;

  constructor(options: MemoryAdapterOptions = {}) {
    this.openWorld = options.openWorld ?? false;
    this.latencyMs = options.latencyMs ?? 0;
    if (options.participantVote) {
      // The list's answer, narrowed: the two reads cannot disagree.
      this.getParticipantVote = async (participantId, proposalId) =>
        (await this.getParticipantVotes(participantId, this.proposals.get(proposalId)?.consultationId ?? '')).find((v) => v.proposalId === proposalId) ?? null;
    }
    for (const seed of options.consultations ?? []) {
      const consultation = parseSeed(Consultation, { ...defaultConsultation(seed.id), ...seed }, 'consultation');
      this.consultations.set(consultation.id, consultation);
    }
    for (const seed of options.proposals ?? []) {
      const consultationId = seed.consultationId ?? options.consultations?.[0]?.id ?? 'default';
      const proposal = parseSeed(Proposal, { ...defaultProposal(seed.id, consultationId), ...seed }, 'proposal');
      this.proposals.set(proposal.id, proposal);
    }
  }

  async getConsultation(consultationId: string): Promise<Consultation> {
    await this.delay();
    return structuredClone(this.consultation(consultationId));
  }

  async getProposal(proposalId: string): Promise<Proposal> {
    await this.delay();
    checkId(proposalId, 'proposal id');
    const proposal = this.proposals.get(proposalId);
    if (!proposal) throw new ConsultError('not_found', `No proposal has the id "${proposalId}".`);
    return structuredClone(proposal);
  }

  async listProposals(consultationId: string, query: ListProposalsQuery = {}): Promise<ProposalPage> {
    await this.delay();
    this.consultation(consultationId);
    const limit = query.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new ConsultError('invalid_request', 'limit must be an integer from 1 to 100.');
    }
    const start = query.cursor ? Number(query.cursor) : 0;
    if (!Number.isInteger(start) || start < 0) throw new ConsultError('invalid_request', 'Unknown cursor.');
    const matching = [...this.proposals.values()].filter(
      (p) =>
        p.consultationId === consultationId &&
        p.status === 'accepted' &&
        (query.themeId === undefined || p.themeId === query.themeId),
    );
    const items = matching.slice(start, start + limit).map((p) => structuredClone(p));
    const next = start + limit;
    return { items, nextCursor: next < matching.length ? String(next) : null };
  }

  async getParticipantVotes(participantId: string, consultationId: string): Promise<ParticipantVote[]> {
    await this.delay();
    checkParticipant(participantId);
    const mine = this.votes.get(participantId) ?? new Map<string, StoredVote>();
    const result: ParticipantVote[] = [];
    for (const [proposalId, vote] of mine) {
      const proposal = this.proposals.get(proposalId);
      if (vote.key && proposal?.consultationId === consultationId) {
        result.push({ proposalId, key: vote.key, qualifications: [...vote.qualifications] });
      }
    }
    return result;
  }

  /** Contract v2, present with the `participantVote` option (a card uses it instead of the list). */
  getParticipantVote?(participantId: string, proposalId: string, options?: RequestOptions): Promise<ParticipantVote | null>;

  async castVote(vote: CastVote): Promise<VoteReceipt> {
    await this.delay();
    checkId(vote.proposalId, 'proposal id');
    checkParticipant(vote.participantId);
    const clicked = clickInstant(vote.votedAt);
    if (Number.isNaN(clicked)) throw new ConsultError('invalid_request', 'votedAt must be a real date and time, from the year 2000 on.');
    const proposal = this.writableProposal(vote.proposalId);
    // As the server does: a votedAt far ahead of this clock counts now, so it cannot lock the vote.
    this.applyVote(vote.participantId, vote.proposalId, vote.key, new Date(countedClick(clicked, Date.now())).toISOString());
    this.persist();
    const key = this.votes.get(vote.participantId)?.get(vote.proposalId)?.key ?? null;
    this.notify({ proposalId: proposal.id, votes: { ...proposal.votes } });
    return { proposalId: proposal.id, key, votes: { ...proposal.votes }, delivery: 'acknowledged' };
  }

  async qualify(q: Qualify): Promise<QualifyReceipt> {
    await this.delay();
    checkParticipant(q.participantId);
    const proposal = this.writableProposal(q.proposalId);
    const vote = this.votes.get(q.participantId)?.get(q.proposalId);
    const change = planQualification(vote && { ...vote, votedAt: Date.parse(vote.votedAt) }, q.qualification, q.active);
    if ('conflict' in change) throw new ConsultError('conflict', change.conflict);
    vote!.qualifications = [...change.qualifications];
    proposal.qualifications[q.qualification] = Math.max(0, (proposal.qualifications[q.qualification] ?? 0) + change.change);
    this.persist();
    return { proposalId: proposal.id, qualifications: { ...proposal.qualifications }, delivery: 'acknowledged' };
  }

  async submitProposal(input: SubmitProposal): Promise<{ id: string; status: 'pending' }> {
    await this.delay();
    checkParticipant(input.participantId);
    const earlier = this.submissions.get(input.requestId);
    if (earlier) return { id: earlier.id, status: earlier.status };
    const consultation = this.consultation(input.consultationId);
    if (consultation.status === 'closed') throw new ConsultError('closed', 'This consultation is closed.');
    const rules = { min: consultation.proposalMinLength, max: consultation.proposalMaxLength, prefix: consultation.proposalPrefix };
    // The protocol's rule, as the reference server applies it (src/protocol/text.ts).
    const checked = checkProposalText(input.content, rules);
    if (checked.problem) {
      const code = checked.problem === 'surrogate' ? 'invalid_request' : 'unprocessable';
      throw new ConsultError(code, describeTextProblem(checked, rules));
    }
    const content = checked.content;
    const id = `p-${this.proposals.size + 1}-${input.requestId.slice(0, 8)}`;
    this.proposals.set(id, {
      ...defaultProposal(id, consultation.id),
      content,
      themeId: input.themeId ?? null,
      status: 'pending',
      ...(input.author ? { author: input.author } : {}),
    });
    this.submissions.set(input.requestId, { id, status: 'pending', participantId: input.participantId });
    return { id, status: 'pending' };
  }

  /**
   * Present once `adapters/memory-erasure.js` is imported (a page that lets participants erase
   * their participation imports it), so pages that never erase do not carry it.
   */
  eraseParticipation?(participantId: string, consultationId: string, options?: RequestOptions): Promise<ParticipationErased>;

  async getSequence(consultationId: string, participantId: string, size = 12): Promise<Proposal[]> {
    await this.delay();
    checkParticipant(participantId);
    this.consultation(consultationId);
    const mine = this.votes.get(participantId);
    return [...this.proposals.values()]
      .filter((p) => p.consultationId === consultationId && p.status === 'accepted' && !mine?.get(p.id)?.key)
      .sort((a, b) => total(a.votes) - total(b.votes))
      .slice(0, size)
      .map((p) => structuredClone(p));
  }

  /**
   * The results method `getResults` uses (docs/methodology.md), composed in by
   * `composeMemoryResults()` (adapters/memory-results.ts), which the results widget's entry calls:
   * the math, and what it is computed from, stay out of bundles that never show results.
   */
  static resultsMethod?: (adapter: MemoryAdapter, consultationId: string) => Promise<ConsultationResults>;

  /** The consultation's results; rejects with a `config` error until a results method is composed in (see above). */
  async getResults(consultationId: string, _options?: RequestOptions): Promise<ConsultationResults> {
    const method = MemoryAdapter.resultsMethod;
    if (!method) {
      throw new ConsultError('config', 'MemoryAdapter computes results once they are composed in: define <consult-results> (consult-widgets/results) or call composeMemoryResults().');
    }
    return method(this, consultationId);
  }

  subscribe(proposalId: string, listener: (update: ProposalUpdate) => void): () => void {
    const set = this.listeners.get(proposalId) ?? new Set();
    set.add(listener);
    this.listeners.set(proposalId, set);
    return () => set.delete(listener);
  }

  /** Record a vote and move the tally by protocol v1's rules (src/protocol/vote-rules.ts). */
  protected applyVote(participantId: string, proposalId: string, key: VoteKey | null, votedAt: string): void {
    const proposal = this.proposals.get(proposalId) ?? this.inventProposal(proposalId);
    const mine = this.votes.get(participantId) ?? new Map<string, StoredVote>();
    this.votes.set(participantId, mine);
    const previous = mine.get(proposalId);
    const change = planVote(previous && { ...previous, votedAt: Date.parse(previous.votedAt) }, key, Date.parse(votedAt));
    if (!change.next) return;
    proposal.votes = moveTally(proposal.votes, change.removed, change.added);
    for (const q of change.dropped) proposal.qualifications[q] = Math.max(0, (proposal.qualifications[q] ?? 0) - 1);
    mine.set(proposalId, { key, votedAt, qualifications: [...change.next.qualifications] });
  }

  /** Called after every write; `LocalAdapter` saves there. */
  protected persist(): void {}



  private consultation(consultationId: string): Consultation {
    checkId(consultationId, 'consultation id');
    const consultation = this.consultations.get(consultationId);
    if (!consultation) throw new ConsultError('not_found', `No consultation has the id "${consultationId}".`);
    return consultation;
  }

  private writableProposal(proposalId: string): Proposal {
    const proposal = this.proposals.get(proposalId) ?? (this.openWorld ? this.inventProposal(proposalId) : undefined);
    if (!proposal) throw new ConsultError('not_found', `No proposal has the id "${proposalId}".`);
    if (this.consultations.get(proposal.consultationId)?.status === 'closed') {
      throw new ConsultError('closed', 'This consultation is closed: votes are no longer accepted.');
    }
    return proposal;
  }

  private inventProposal(proposalId: string): Proposal {
    // Text of an invented proposal lives in the page (inline content); the adapter only counts.
    const proposal = defaultProposal(proposalId, OPEN_WORLD_CONSULTATION);
    this.proposals.set(proposalId, proposal);
    if (!this.consultations.has(OPEN_WORLD_CONSULTATION)) {
      this.consultations.set(OPEN_WORLD_CONSULTATION, defaultConsultation(OPEN_WORLD_CONSULTATION));
    }
    return proposal;
  }

  private notify(update: ProposalUpdate): void {
    for (const listener of this.listeners.get(update.proposalId) ?? []) listener(update);
  }

  private delay(): Promise<void> {
    return this.latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.latencyMs)) : Promise.resolve();
  }
}

function total(t: Tally): number {
  return t.agree + t.disagree + t.neutral;
}

function defaultConsultation(id: string): Consultation {
  return {
    id,
    title: id,
    question: id,
    locale: 'en',
    status: 'open',
    proposalPrefix: null,
    proposalMinLength: 12,
    proposalMaxLength: 140,
    themes: [],
    counts: { participants: 0, proposals: 0, votes: 0 },
  };
}

function defaultProposal(id: string, consultationId: string): Proposal {
  return {
    id,
    consultationId,
    content: id,
    themeId: null,
    status: 'accepted',
    createdAt: new Date().toISOString(),
    votes: { agree: 0, disagree: 0, neutral: 0 },
    qualifications: {},
  };
}

function parseSeed<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const result = z.safeParse(schema, value);
  if (!result.success) {
    throw new ConsultError('config', `Bad ${what} seed: ${describeIssue(result.error)}`);
  }
  return result.data;
}

function checkId(id: string, what: string): void {
  if (!z.safeParse(Id, id).success) throw new ConsultError('invalid_request', `Invalid ${what}: "${id}".`);
}

function checkParticipant(id: string): void {
  if (!z.safeParse(ParticipantId, id).success) {
    throw new ConsultError('invalid_request', 'Invalid participant id (8–128 characters of A–Z, a–z, 0–9, _ and -).');
  }
}
