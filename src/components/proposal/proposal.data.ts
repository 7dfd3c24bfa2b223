import type { ConsultAdapter } from '../../adapters/adapter.js';
import { checked } from '../../adapters/checked.js';
import { ConsultError } from '../../adapters/errors.js';
import { coalesceAbortable } from '../../internal/coalesce-abortable.js';
import { fetchConsultation } from '../../internal/fetch-consultation.js';
import {
  ParticipantVotes,
  type Consultation,
  Proposal,
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
}

export interface CardRequest {
  adapter: ConsultAdapter;
  proposalId: string;
  participantId: string;
  /** The consultation to use when the adapter does not know the proposal (from the context). */
  fallbackConsultationId: string | undefined;
  hasInlineText: boolean;
  /** The load's signal: aborted when a newer load starts or the card leaves the page. */
  signal: AbortSignal;
}

export async function fetchCardData(r: CardRequest): Promise<CardData> {
  const { adapter, participantId, signal } = r;
  const { proposal, answer } = await fetchProposal(r);
  const consultationId = proposal?.consultationId ?? r.fallbackConsultationId;
  // Cards of one consultation loading together share one consultation and one vote-list call; a
  // shared call is aborted only when every card waiting for it left. The vote list gets no signal
  // of its own: the adapter sees the arguments it always saw, and a left card drops the answer.
  const [consultation, mine] = consultationId
    ? await Promise.all([
        fetchConsultation(adapter, consultationId, signal),
        coalesceAbortable(
          adapter,
          `votes:${participantId}:${consultationId}`,
          () =>
            checked(ParticipantVotes, 'vote list', async () => ({
              votes: await adapter.getParticipantVotes(participantId, consultationId),
            })),
          signal,
        ),
      ])
    : [undefined, { votes: [] }];
  const vote = mine.votes.find((v) => v.proposalId === r.proposalId);
  const allowed: readonly QualificationKey[] = vote ? QUALIFICATIONS_BY_KEY[vote.key] : [];
  return {
    proposal,
    consultation,
    tally: proposal?.votes ?? { agree: 0, disagree: 0, neutral: 0 },
    myKey: vote?.key ?? null,
    // A qualification of another key cannot be the participant's (the backends drop them with the vote).
    myQualifications: vote ? [...new Set(vote.qualifications)].filter((q) => allowed.includes(q)) : [],
    answer,
  };
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
