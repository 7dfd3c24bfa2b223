/**
 * What request logs may say: participant ids are personal data and stay out of info-level logs
 * (nor do invitation tokens, issue 12),
 * and no raw client address is ever written (issue 10): a line names the client by a keyed hash
 * of its address key (an IPv4 address, an IPv6 /64: address.ts), enough to see one source hammer
 * the server within a day, nothing to find the address again with.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { keyedAddressHash, utcDay } from './origin.js';

/**
 * The URL with participant ids (path segment or query value) replaced by a placeholder. Query keys
 * are compared decoded, as the query parser reads them (`%70articipantId` is `participantId`).
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt === -1 ? url : url.slice(0, queryAt))
    .replace(/(\/votes\/|\/participants\/)[^/?#]+/g, '$1:participantId')
    // Issue 12: an operator's invitation token is a password until used.
    .replace(/(\/invitations\/)[^/?#]+/g, '$1:token');
  if (queryAt === -1) return path;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const key = pair.split('=', 1)[0]!;
      return decodedKey(key) === 'participantId' ? `${key}=:participantId` : pair;
    });
  return `${path}?${query.join('&')}`;
}

function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/**
 * The key of the address hash: random, kept in this process's memory only and replaced at each
 * UTC midnight of `now` (the server's clock), so a day's lines can be grouped by client, and once
 * the key is gone nobody (the operator included) can tell which address a hash stood for, nor link
 * two days. Never stored. One per server, so servers on different clocks in one process (tests)
 * do not replace each other's key.
 */
export function addressHasher(now: () => number = Date.now): (ip: string) => string {
  let key: { day: string; secret: Buffer } | null = null;
  /** `addr:` and 16 hex digits of HMAC-SHA-256(today's key, the address key). */
  return (ip) => {
    const day = utcDay(now());
    if (key?.day !== day) key = { day, secret: randomBytes(32) };
    // The same hash as vote rows' origin (origin.ts), under another key: a log line and a row never match.
    return `addr:${keyedAddressHash(key.secret, ip)}`;
  };
}

/** What a request log line says of the request: no participant id, no raw address. */
export function requestSerializer(now: () => number = Date.now) {
  const hash = addressHasher(now);
  return (request: FastifyRequest) => ({ method: request.method, url: redactUrl(request.url), client: hash(request.ip) });
}
