// Server-issued participants (protocol v1.1) in the test backend: off until a test turns them on
// (`POST __test/issuance { offered: true }`), so tests written before issue 10 see the backend
// they were written for (a 404, and their own ids). Tokens are random and kept here; a request
// naming an issued id (`i_…`) without its token is refused with 401, as consult-server does.
import { randomBytes } from 'node:crypto';
import { ConsultError } from '../../../dist/adapters/errors.js';
import { isIssuedParticipantId } from '../../../dist/protocol/index.js';
import { errorAnswer } from './http.mjs';

export class Issuance {
  constructor() {
    this.offered = false;
    /** participantId → token */
    this.tokens = new Map();
    this.issuedCount = 0;
  }

  /** The `issueParticipant` operation; 404 while not offered. */
  async issue(adapter, consultationId) {
    if (!this.offered) throw new ConsultError('not_found', 'This backend does not issue participants.');
    await adapter.getConsultation(consultationId); // 404 for an unknown consultation
    const participantId = `i_${randomBytes(16).toString('base64url')}`;
    const token = `t1.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(participantId, token);
    this.issuedCount++;
    return { participantId, token, expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString() };
  }

  /** Every token stops working (an expiry, a key change): requests naming their ids get 401. */
  revokeAll() {
    this.tokens.clear();
  }

  /** The 401 for a request naming an issued id without its token, or null. */
  refusal(exchange) {
    const named = participantOf(exchange);
    if (!named || !isIssuedParticipantId(named)) return null;
    const token = /^bearer +(\S+)$/i.exec(exchange.headers.authorization ?? '')?.[1];
    if (token && this.tokens.get(named) === token) return null;
    return errorAnswer(401, 'unauthorized', 'This participant id was issued by the server: send its token.');
  }

  get config() {
    return { offered: this.offered, issued: this.issuedCount, valid: this.tokens.size };
  }
}

function participantOf({ path, query, body }) {
  const inPath = /\/(?:votes|participants)\/([^/?]+)/.exec(path)?.[1];
  if (inPath) return decodeURIComponent(inPath);
  if (query.get('participantId')) return query.get('participantId');
  try {
    const parsed = body?.text ? JSON.parse(body.text) : null;
    return typeof parsed?.participantId === 'string' ? parsed.participantId : null;
  } catch {
    return null;
  }
}
