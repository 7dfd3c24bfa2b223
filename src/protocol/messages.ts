/** Request bodies and answers of protocol v1 that are not domain objects themselves. */
import * as z from 'zod/mini';
import {
  Author,
  ConsultationCounts,
  Id,
  ParticipantId,
  Proposal,
  ProposalContent,
  QualificationCounts,
  Tally,
  Timestamp,
} from './schemas.js';

/** Body of `PUT /proposals/{proposalId}/votes/{participantId}/qualifications/{qualification}`. */
export const QualifyRequest = z.object({ votedAt: Timestamp });
export type QualifyRequest = z.infer<typeof QualifyRequest>;

/** Answer to adding or removing a qualification: the proposal's qualification counts now. */
export const QualificationsResult = z.object({ proposalId: Id, qualifications: QualificationCounts });
export type QualificationsResult = z.infer<typeof QualificationsResult>;

/**
 * Body of `POST /consultations/{consultationId}/proposals`. `requestId` makes a retry safe: the
 * backend answers the same `requestId` again with the first answer. `themeId: null` is the same
 * as leaving it out (no theme), as in `Proposal.themeId`.
 */
export const SubmitProposalRequest = z.object({
  participantId: ParticipantId,
  requestId: Id,
  content: ProposalContent,
  themeId: z.optional(z.nullable(Id)),
  author: z.optional(Author),
});
export type SubmitProposalRequest = z.infer<typeof SubmitProposalRequest>;

/** A submitted proposal waits for moderation: it is never accepted on the spot. */
export const SubmitProposalResult = z.object({ id: Id, status: z.literal('pending') });
export type SubmitProposalResult = z.infer<typeof SubmitProposalResult>;

/** Accepted proposals the participant has not voted on yet, in the order to show them. */
export const SequenceResult = z.object({ items: z.array(Proposal) });
export type SequenceResult = z.infer<typeof SequenceResult>;

/**
 * PROVISIONAL: answer of `GET /consultations/{consultationId}/results`. The results issue fixes
 * its shape; until then it is the consultation's counts and every accepted proposal's tallies.
 * Clients must not rely on more than this.
 */
export const ConsultationResults = z.object({
  consultationId: Id,
  counts: ConsultationCounts,
  proposals: z.array(z.object({ proposalId: Id, votes: Tally, qualifications: QualificationCounts })),
});
export type ConsultationResults = z.infer<typeof ConsultationResults>;
