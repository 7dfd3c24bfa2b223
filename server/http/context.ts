import type { FastifyRequest } from 'fastify';
import type { AdminConsultation } from '../../src/protocol/admin.js';
import { checkParticipantToken } from '../security/signing.js';
import type { Storage } from '../storage/storage.js';
import type { Directory } from './directory.js';
import { HttpError } from './errors.js';

/** What every route module gets: the storage, the cached directory and the signing check. */
export interface ServerContext {
  storage: Storage;
  directory: Directory;
  /** Whether the request carries a valid token for this participant; throws 401 when one is required or bad. */
  verifyParticipant(request: FastifyRequest, consultation: AdminConsultation, participantId: string): boolean;
}

/** The token of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer +(\S.*)$/i.exec(header ?? '');
  return match ? match[1]!.trim() : undefined;
}

export function participantVerifier(secret: string | undefined): ServerContext['verifyParticipant'] {
  return (request, consultation, participantId) => {
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      if (consultation.requireSignedParticipants) {
        throw new HttpError('unauthorized', 'This consultation only accepts participants signed by its host site (Authorization: Bearer).');
      }
      return false;
    }
    if (!secret) {
      if (consultation.requireSignedParticipants) {
        throw new HttpError('unauthorized', 'This server cannot check participant tokens: CONSULT_SIGNING_SECRET is not set.');
      }
      return false; // a token meant for something else (a proxy, say): the vote counts as unverified
    }
    const check = checkParticipantToken(secret, token, consultation.id, participantId);
    if (check === 'valid') return true;
    throw new HttpError('unauthorized', check === 'expired' ? 'The participant token has expired.' : 'The participant token is not valid for this participant.');
  };
}
