import type { FastifyRequest } from 'fastify';
import type { AdminConsultation } from 'consult-widgets/protocol/admin';
import { isIssuedParticipantId } from 'consult-widgets/protocol';
import { checkIssuedToken, type IssuanceBudget, type IssuanceOptions } from '../security/issuance.js';
import type { IssuanceProof } from '../security/issuance-proof.js';
import type { OriginKeys } from '../security/origin.js';
import { checkParticipantToken, type TokenCheck } from '../security/signing.js';
import type { Storage, Trust } from '../storage/storage.js';
import type { Directory } from './directory.js';
import { HttpError } from './errors.js';

/** What every route module gets: the storage, the cached directory, the token checks and issuance. */
export interface ServerContext {
  storage: Storage;
  directory: Directory;
  /**
   * How far this request's participant is vouched for; throws 401 when a token is required and
   * missing or bad: always for an issued id (`i_…`), for any id where the consultation requires
   * host-signed participants.
   */
  verifyParticipant(request: FastifyRequest, consultation: AdminConsultation, participantId: string): Trust;
  /** The key issued tokens are signed with (security/issuance.ts). */
  issuingKey: Buffer;
  /** `false`: this server issues no participants (POST /participants answers 404). */
  issuance: IssuanceOptions | false;
  /** The server's clock (epoch ms): `Date.now` unless a test or an embedder simulates time. */
  now: () => number;
  /** Origin hashes of votes (issue 10, cohorts); absent: writes keep none. */
  origins?: OriginKeys;
  /** Issuance places per address, shared through the database; null when issuance is off. */
  issuanceBudget: IssuanceBudget | null;
  /** Proof of work asked before issuance; null when none is. */
  issuanceProof: IssuanceProof | null;
}

/** The token of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer +(\S.*)$/i.exec(header ?? '');
  return match ? match[1]!.trim() : undefined;
}

const refusal = (check: Exclude<TokenCheck, 'valid'>) =>
  new HttpError('unauthorized', check === 'expired' ? 'The participant token has expired.' : 'The participant token is not valid for this participant.');

export function participantVerifier(secret: string | undefined, issuingKey: Buffer, now: () => number = Date.now): ServerContext['verifyParticipant'] {
  return (request, consultation, participantId) => {
    const token = bearerToken(request.headers.authorization);
    // Recognised by its prefix, checked by one HMAC: no database read on the hot path.
    if (isIssuedParticipantId(participantId)) {
      if (consultation.requireSignedParticipants) {
        throw new HttpError('unauthorized', 'This consultation only accepts participants signed by its host site.');
      }
      if (!token) throw new HttpError('unauthorized', 'This participant id was issued by the server: send its token (Authorization: Bearer).');
      const check = checkIssuedToken(issuingKey, token, participantId, now());
      if (check !== 'valid') throw refusal(check);
      return 'issued';
    }
    if (!token) {
      if (consultation.requireSignedParticipants) {
        throw new HttpError('unauthorized', 'This consultation only accepts participants signed by its host site (Authorization: Bearer).');
      }
      return 'untrusted';
    }
    if (!secret) {
      if (consultation.requireSignedParticipants) {
        throw new HttpError('unauthorized', 'This server cannot check participant tokens: CONSULT_SIGNING_SECRET is not set.');
      }
      return 'untrusted'; // a token meant for something else (a proxy, say): the vote counts as untrusted
    }
    const check = checkParticipantToken(secret, token, consultation.id, participantId, now());
    if (check === 'valid') return 'host';
    throw refusal(check);
  };
}
