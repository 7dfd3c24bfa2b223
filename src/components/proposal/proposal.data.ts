import type { ConsultAdapter } from '../../adapters/adapter.js';
import { checked } from '../../adapters/checked.js';
import { ConsultError } from '../../adapters/errors.js';
import { coalesceAbortable } from '../../internal/coalesce-abortable.js';
import { fetchConsultation } from '../../internal/fetch-consultation.js';
import { participantOf } from '../../internal/participant.js';
import {
  type ParticipantVote,
  ParticipantVotes,
  type Consultation,
  Proposal,
  type ProposalMeta,
  QUALIFICATIONS_BY_KEY,
  type QualificationKey,
  type Tally,
  type VoteKey,
} from '../../protocol/index.js';

/** What a card needs to show a proposal, each part checked against protocol v1. */
export interface CardData {
  /** `undefined` for a card whose text is inline and that the adapter has never seen: no votes yet. */
  proposal: Proposal | undefined;
  consultation: Consultation | undefined;
  tally: Tally;
  myKey: VoteKey | null;
  /** The participant's qualifications of `myKey` (only those that belong to it). */
  myQualifications: QualificationKey[];
  /** The proposal exactly as the adapter answered, before checking: a `live` re-read that gets this same object back has nothing new. */
  answer: unknown;
  /** Whom the card acts for: the adapter's `identify()` when it has one, else the page's participant. */
  participantId: string;
  /** The adapter's opaque data of this read (contract v2), handed back with the card's writes. */
  meta: ProposalMeta | undefined;
}

export interface CardRequest {
  adapter: ConsultAdapter;
  proposalId: string;
  /** The page's participant (`participant-id`, the context or the local anonymous id); the adapter's `identify()` wins. */
  participantId: string;
  /** The consultation to use when the adapter does not know the proposal (from the context). */
  fallbackConsultationId: string | undefined;
  hasInlineText: boolean;
  /** The load's signal: aborted when a newer load starts or the card leaves the page. */
  signal: AbortSignal;
}

export async function fetchCardData(r: CardRequest): Promise<CardData> {
  const { adapter, signal } = r;
  // The identity and the proposal at once: a backend session costs no extra round trip before the read.
  const [{ proposal, answer }, participantId] = await Promise.all([fetchProposal(r), participantOf(adapter, r.participantId)]);
  const consultationId = proposal?.consultationId ?? r.fallbackConsultationId;
  const [consultation, vote] = consultationId
    ? await Promise.all([fetchConsultation(adapter, consultationId, signal), fetchVote({ ...r, participantId }, consultationId)])
    : [undefined, undefined];
  const allowed: readonly QualificationKey[] = vote ? QUALIFICATIONS_BY_KEY[vote.key] : [];
  return {
    proposal,
    consultation,
    tally: proposal?.votes ?? { agree: 0, disagree: 0, neutral: 0 },
    myKey: vote?.key ?? null,
    // A qualification of another key cannot be the participant's (the backends drop them with the vote).
    myQualifications: vote ? [...new Set(vote.qualifications)].filter((q) => allowed.includes(q)) : [],
    answer,
    participantId,
    meta: proposal?.meta,
  };
}

/**
 * The participant's vote on the card's proposal: `getParticipantVote` (contract v2) when the adapter
 * has it, for backends that cannot list a participant's votes cheaply; else the consultation's list.
 */
async function fetchVote(r: CardRequest, consultationId: string): Promise<ParticipantVote | undefined> {
  const { adapter, participantId, proposalId, signal } = r;
  // Both answers are checked as a vote list (`null`: none), so one schema serves both ways.
  const mine =
    typeof adapter.getParticipantVote === 'function'
      ? await checked(ParticipantVotes, 'participant vote', async () => {
          const one = await adapter.getParticipantVote!(participantId, proposalId, { signal });
          return { votes: one === null ? [] : [one] };
        })
      : // Cards of one consultation loading together share one consultation and one vote-list call;
        // a shared call is aborted only when every card waiting for it left. The vote list gets no
        // signal of its own: the adapter sees the arguments it always saw, and a left card drops the answer.
        await coalesceAbortable(
          adapter,
          `votes:${participantId}:${consultationId}`,
          () =>
            checked(ParticipantVotes, 'vote list', async () => ({
              votes: await adapter.getParticipantVotes(participantId, consultationId),
            })),
          signal,
        );
  return mine.votes.find((v) => v.proposalId === proposalId);
}

async function fetchProposal(r: CardRequest): Promise<{ proposal: Proposal | undefined; answer: unknown }> {
  let answer: unknown;
  try {
    const proposal = await checked(Proposal, 'proposal', async () => (answer = await r.adapter.getProposal(r.proposalId, { signal: r.signal })));
    return { proposal, answer };
  } catch (error) {
    if (error instanceof ConsultError && error.code === 'not_found' && r.hasInlineText) return { proposal: undefined, answer };
    throw error;
  }
}

/**
 * Re-read a proposal for `live`. `undefined` when the adapter answered the very object it gave last
 * time (the REST adapter does when the ETag is unchanged): nothing new, nothing to check or show.
 */
export async function rereadProposal(
  adapter: ConsultAdapter,
  proposalId: string,
  previous: unknown,
  signal: AbortSignal,
): Promise<{ proposal: Proposal; answer: unknown } | undefined> {
  let answer: unknown;
  try {
    answer = await adapter.getProposal(proposalId, { signal });
  } catch (error) {
    throw ConsultError.from(error);
  }
  if (answer === previous) return undefined;
  return { proposal: await checked(Proposal, 'proposal', async () => answer), answer };
}
