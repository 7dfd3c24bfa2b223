/**
 * Signed participant ids. A host site that knows its users can vouch for the participant id it
 * hands to the widgets: its own server signs `(consultation, participant, expiry)` with the secret
 * it shares with consult-server (`CONSULT_SIGNING_SECRET`), the page passes the token to the REST
 * adapter (`token` / `getToken`), and the widget sends it as `Authorization: Bearer <token>`.
 *
 * Token: `v1.<expiry, seconds since the epoch>.<base64url HMAC-SHA256 of "v1.<consultationId>.<participantId>.<expiry>">`.
 * Any language with HMAC-SHA256 can produce it; README shows Node and Python.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (secret: string, consultationId: string, participantId: string, expiry: number) =>
  createHmac('sha256', secret).update(`v1.${consultationId}.${participantId}.${expiry}`).digest('base64url');

/** The token a host site's server gives its page for one participant of one consultation. */
export function signParticipant(
  secret: string,
  consultationId: string,
  participantId: string,
  expiresAt: Date = new Date(Date.now() + 30 * 24 * 3600 * 1000),
): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000);
  return `v1.${expiry}.${mac(secret, consultationId, participantId, expiry)}`;
}

export type TokenCheck = 'valid' | 'expired' | 'invalid';

export function checkParticipantToken(
  secret: string,
  token: string,
  consultationId: string,
  participantId: string,
  now: number = Date.now(),
): TokenCheck {
  const match = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const expiry = Number(match[1]);
  const expected = Buffer.from(mac(secret, consultationId, participantId, expiry));
  if (!timingSafeEqual(expected, Buffer.from(match[2]!))) return 'invalid';
  return expiry * 1000 < now ? 'expired' : 'valid';
}
