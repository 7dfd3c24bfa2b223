import type { ConsultAdapter } from '../../adapters/adapter.js';
import { checked } from '../../adapters/checked.js';
import { ConsultError } from '../../adapters/errors.js';
import { coalesce } from '../../internal/coalesce.js';
import { Consultation, ParticipantVotes, Proposal, type Tally, type VoteKey } from '../../protocol/index.js';

/** What a card needs to show a proposal, each part checked against protocol v1. */
export interface CardData {
  /** `undefined` for a card whose text is inline and that the adapter has never seen: no votes yet. */
  proposal: Proposal | undefined;
  consultation: Consultation | undefined;
  tally: Tally;
  myKey: VoteKey | null;
}

export interface CardRequest {
  adapter: ConsultAdapter;
  proposalId: string;
  participantId: string;
  /** The consultation to use when the adapter does not know the proposal (from the context). */
  fallbackConsultationId: string | undefined;
  hasInlineText: boolean;
}

export async function fetchCardData(r: CardRequest): Promise<CardData> {
  const { adapter, participantId } = r;
  const proposal = await fetchProposal(r);
  const consultationId = proposal?.consultationId ?? r.fallbackConsultationId;
  // Cards of one consultation loading together share one consultation and one vote-list call.
  const [consultation, mine] = consultationId
    ? await Promise.all([
        coalesce(adapter, `consultation:${consultationId}`, () =>
          checked(Consultation, 'consultation', () => adapter.getConsultation(consultationId)),
        ),
        coalesce(adapter, `votes:${participantId}:${consultationId}`, () =>
          checked(ParticipantVotes, 'vote list', async () => ({
            votes: await adapter.getParticipantVotes(participantId, consultationId),
          })),
        ),
      ])
    : [undefined, { votes: [] }];
  return {
    proposal,
    consultation,
    tally: proposal?.votes ?? { agree: 0, disagree: 0, neutral: 0 },
    myKey: mine.votes.find((v) => v.proposalId === r.proposalId)?.key ?? null,
  };
}

async function fetchProposal(r: CardRequest): Promise<Proposal | undefined> {
  try {
    return await checked(Proposal, 'proposal', () => r.adapter.getProposal(r.proposalId));
  } catch (error) {
    if (error instanceof ConsultError && error.code === 'not_found' && r.hasInlineText) return undefined;
    throw error;
  }
}
