/**
 * Server-issued participants (issue 10, protocol v1.1, additive): a backend that offers
 * `POST /participants` hands a browser an anonymous participant id and a bearer token for it. The
 * id says it was issued (the `i_` prefix), so a backend knows without a database read that a
 * request naming it must carry its token; widget-made ids (UUIDs, hex) never start with `i_`.
 */
import * as z from 'zod/mini';
import { Count, Id, ParticipantId, Timestamp } from './schemas.js';

/** Reserved for ids a backend issued: a request naming one without its token is refused (401). */
export const ISSUED_PARTICIPANT_PREFIX = 'i_';

export const isIssuedParticipantId = (participantId: string): boolean => participantId.startsWith(ISSUED_PARTICIPANT_PREFIX);

/** Body of `POST /participants`. */
export const IssueParticipantRequest = z.object({ consultationId: Id });
export type IssueParticipantRequest = z.infer<typeof IssueParticipantRequest>;

/** An opaque bearer string: the client stores it and sends it back, never reads it. */
export const ParticipantToken = /*#__PURE__*/ z.string().check(z.minLength(16), z.maxLength(512), z.regex(/^[A-Za-z0-9._~-]+$/));

/**
 * Answer of `POST /participants` (201): the id to vote with and the token every request naming it
 * carries (`Authorization: Bearer <token>`) until `expiresAt`. Like a browser's own anonymous id,
 * it serves every consultation of that backend; each consultation's rules still apply.
 */
export const IssuedParticipant = z.object({
  participantId: /*#__PURE__*/ ParticipantId.check(z.startsWith(ISSUED_PARTICIPANT_PREFIX)),
  token: ParticipantToken,
  expiresAt: Timestamp,
});
export type IssuedParticipant = z.infer<typeof IssuedParticipant>;

/**
 * Answer of `DELETE /participants/{participantId}` (v1.1, optional): what the erasure removed from
 * that consultation. The rows are gone, the tallies moved back; erasing again answers zeros.
 */
export const ParticipationErased = z.object({
  /** Votes taken back from the tallies, with their qualifications. */
  votes: Count,
  qualifications: Count,
  /** Links to submitted proposals removed: accepted and refused proposals stay, authored by nobody. */
  submissions: Count,
  /** Pending proposals of theirs removed (never published). */
  pendingProposals: Count,
});
export type ParticipationErased = z.infer<typeof ParticipationErased>;
