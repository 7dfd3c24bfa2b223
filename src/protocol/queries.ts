/**
 * Query strings of protocol v1. Values arrive as strings; parsing one of these schemas gives typed
 * values with defaults filled in. Numbers must be plain decimal digits: `z.coerce` would also take
 * "1e1", " 5" or "0x10", which no client should send.
 */
import * as z from 'zod/mini';
import { ClickTime, Id, ParticipantId } from './schemas.js';

/** A whole number from `min` to `max` written in decimal digits, `fallback` when absent. */
/*#__NO_SIDE_EFFECTS__*/
function countParam(min: number, max: number, fallback: number) {
  const digits = z.pipe(z.string().check(z.regex(/^\d{1,6}$/)), z.transform(Number));
  return z._default(z.pipe(digits, z.int().check(z.minimum(min), z.maximum(max))), fallback);
}

/** `GET /consultations/{consultationId}/proposals`: accepted proposals, a page at a time. */
export const ProposalListQuery = z.object({
  themeId: z.optional(Id),
  limit: countParam(1, 100, 20),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.optional(/*#__PURE__*/ z.string().check(z.minLength(1))),
});
export type ProposalListQuery = z.output<typeof ProposalListQuery>;

/** `GET /consultations/{consultationId}/sequence`. */
export const SequenceQuery = z.object({ participantId: ParticipantId, size: countParam(1, 100, 12) });
export type SequenceQuery = z.output<typeof SequenceQuery>;

/** `DELETE /proposals/{proposalId}/votes/{participantId}`: when the participant withdrew. */
export const WithdrawQuery = z.object({ votedAt: ClickTime });
export type WithdrawQuery = z.output<typeof WithdrawQuery>;

/** `GET /participants/{participantId}/votes`. */
export const ParticipantVotesQuery = z.object({ consultationId: Id });
export type ParticipantVotesQuery = z.output<typeof ParticipantVotesQuery>;
