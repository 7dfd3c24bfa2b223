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

/**
 * Proof of work at issuance (v1.1, optional per backend): ALTCHA's v1 challenge format (the
 * altcha-lib library makes and checks them), SHA-256 only. The client finds `number` (0 to
 * `maxnumber`) such that hex(SHA-256(salt + number)) is `challenge`; the salt carries the
 * consultation and the expiry, the signature is the backend's HMAC of `challenge`.
 */
const Hex64 = /*#__PURE__*/ z.string().check(z.regex(/^[0-9a-f]{64}$/));
const ProofSalt = /*#__PURE__*/ z.string().check(z.minLength(8), z.maxLength(512));
/** Answer of `GET /participants/challenge?consultationId=…`: a challenge to solve, single-use, valid a few minutes. */
export const ProofChallenge = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: Hex64,
  maxnumber: /*#__PURE__*/ z.int().check(z.minimum(1), z.maximum(100_000_000)),
  salt: ProofSalt,
  signature: Hex64,
});
export type ProofChallenge = z.infer<typeof ProofChallenge>;
/** A solved challenge, sent as `proof` in the body of `POST /participants`. */
export const ProofOfWork = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: Hex64,
  number: /*#__PURE__*/ z.int().check(z.minimum(0), z.maximum(100_000_000)),
  salt: ProofSalt,
  signature: Hex64,
});
export type ProofOfWork = z.infer<typeof ProofOfWork>;

/** Body of `POST /participants`; `proof` where the backend asks for one (428 `proof_required`). */
export const IssueParticipantRequest = z.object({ consultationId: Id, proof: /*#__PURE__*/ z.optional(ProofOfWork) });
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
