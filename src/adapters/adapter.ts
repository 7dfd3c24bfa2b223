import type {
  Consultation,
  ConsultationResults,
  ParticipantVote,
  ParticipationErased,
  Proposal,
  ProposalMeta,
  ProposalPage,
  QualificationKey,
  Tally,
  VoteKey,
} from '../protocol/index.js';

export { ConsultError, type ConsultErrorCode, type HeldState } from './errors.js';

/** How far a write has gone: stored by the backend, or kept locally until it can be delivered. */
export type Delivery = 'acknowledged' | 'pending';

export interface CastVote {
  proposalId: string;
  participantId: string;
  /** The new vote, or `null` to withdraw the participant's vote. */
  key: VoteKey | null;
  /** ISO 8601 time of the user's click: a backend ignores a write older than the one it holds. */
  votedAt: string;
  /** Contract v2: the `meta` of the widget's last read of the proposal, as the adapter gave it (absent if none). */
  meta?: ProposalMeta;
}

export interface VoteReceipt {
  proposalId: string;
  key: VoteKey | null;
  /** The tally as the adapter knows it now (including this vote when `delivery` is 'pending'). */
  votes: Tally;
  delivery: Delivery;
}

export interface Qualify {
  proposalId: string;
  participantId: string;
  qualification: QualificationKey;
  /** `true` adds the qualification, `false` removes it. */
  active: boolean;
  votedAt: string;
  /** Contract v2: the `meta` of the widget's last read of the proposal (absent if none). */
  meta?: ProposalMeta;
}

export interface QualifyReceipt {
  proposalId: string;
  qualifications: Partial<Record<QualificationKey, number>>;
  delivery: Delivery;
}

export interface SubmitProposal {
  consultationId: string;
  participantId: string;
  /** Makes a retried submission idempotent. */
  requestId: string;
  content: string;
  themeId?: string | null;
  author?: Proposal['author'];
}

export interface ListProposalsQuery {
  themeId?: string;
  limit?: number;
  cursor?: string;
}

/** A later change to a proposal the adapter wants widgets to show (delivery, live tallies). */
export interface ProposalUpdate {
  proposalId: string;
  key?: VoteKey | null;
  votes?: Tally;
  delivery?: Delivery;
  error?: import('./errors.js').ConsultError;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * Everything a widget needs from a backend. Implement it to plug consult-widgets into your own
 * system; run `runAdapterContract` from `consult-widgets/testing` to check your implementation.
 *
 * Every method rejects with a `ConsultError` only. Optional methods belong to widgets that come
 * later (sequence, propose, results); a widget that needs one reports `unsupported` when missing.
 *
 * Contract v2 (every addition optional, so a v1 adapter is a v2 adapter): `Proposal.meta` travels
 * back in `castVote`/`qualify`; a failed write may say what the backend now holds
 * (`ConsultError.state`); `getParticipantVote` for backends that cannot list a participant's votes;
 * `identify` for backends that know their visitor (a session) better than the page does.
 */
export interface ConsultAdapter {
  getConsultation(consultationId: string, options?: RequestOptions): Promise<Consultation>;
  getProposal(proposalId: string, options?: RequestOptions): Promise<Proposal>;
  listProposals(consultationId: string, query?: ListProposalsQuery, options?: RequestOptions): Promise<ProposalPage>;
  /** The participant's current votes in a consultation (to show which button is pressed). */
  getParticipantVotes(participantId: string, consultationId: string, options?: RequestOptions): Promise<ParticipantVote[]>;
  /**
   * Cast, change (`key`) or withdraw (`key: null`) a vote. A rejection may carry in `state` what the
   * backend holds after it (e.g. a change made of two requests whose second failed): the card then
   * shows that, never a vote the backend does not hold.
   */
  castVote(vote: CastVote): Promise<VoteReceipt>;

  /**
   * Contract v2: the participant's vote on one proposal, `null` for none. A card uses it, when
   * present, instead of `getParticipantVotes` (for backends that cannot list votes cheaply).
   */
  getParticipantVote?(participantId: string, proposalId: string, options?: RequestOptions): Promise<ParticipantVote | null>;
  /**
   * Contract v2: the participant id the backend knows this visitor by (its session). When present,
   * widgets use it instead of the page's `participant-id` or the locally kept one.
   */
  identify?(options?: RequestOptions): Promise<string>;

  qualify?(qualification: Qualify): Promise<QualifyReceipt>;
  submitProposal?(proposal: SubmitProposal): Promise<{ id: string; status: 'pending' }>;
  getSequence?(consultationId: string, participantId: string, size?: number, options?: RequestOptions): Promise<Proposal[]>;
  /** Counts, zones and the popular and divisive ideas, by the method of docs/methodology.md. */
  getResults?(consultationId: string, options?: RequestOptions): Promise<ConsultationResults>;
  /**
   * Erase the participant's participation in a consultation: their votes and qualifications leave
   * the tallies, their pending proposals go, the links to their other proposals too. Erasing again
   * resolves with zeros. A backend may refuse (`unauthorized`) a participant it cannot
   * authenticate: consult-server erases only with the participant's token (docs/server.md "Erasure").
   */
  eraseParticipation?(participantId: string, consultationId: string, options?: RequestOptions): Promise<ParticipationErased>;
  /** Tell a widget about later changes to a proposal; returns the unsubscribe function. */
  subscribe?(proposalId: string, listener: (update: ProposalUpdate) => void): () => void;
}
