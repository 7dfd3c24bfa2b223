/**
 * Who may call the admin API (issue 12): the bearer admin token (automation; not ambient, so no
 * CSRF check) or an operator's session cookie. A request with neither gets 401, whatever the
 * route, except the routes marked `config: { anonymous: true }` (login, accepting an invitation).
 * Every state-changing request that is not bearer-authenticated (the login included: no login
 * CSRF) must carry an `Origin` equal to the server's own origin, otherwise 403. Sets
 * `request.operator` (operator.ts) and, for a session, `request.adminSession`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { secretHash } from '../accounts.js';
import type { SessionRow } from '../storage/account-tables.js';
import { bearerToken, type ServerContext } from './context.js';
import { HttpError } from './errors.js';
import { TOKEN_OPERATOR } from './operator.js';

/** The session cookie: HttpOnly, SameSite=Strict, sent only to the admin API. */
export const SESSION_COOKIE = 'consult_session';
export const SESSION_PATH = '/api/v1/admin';

export interface SessionTimes {
  /** A session unused this long ends (default 2 h). */
  idleMs: number;
  /** A session ends this long after its login, used or not (default 12 h). */
  absoluteMs: number;
}
export const DEFAULT_SESSION_TIMES: SessionTimes = Object.freeze({ idleMs: 2 * 3_600_000, absoluteMs: 12 * 3_600_000 });
/** A session's last use is written at most this often (one write a minute, not one per request). */
const TOUCH_MS = 60_000;
const SWEEP_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** The session that authenticated this admin request, if a session did. */
    adminSession?: { idHash: string; createdAt: number; lastSeenAt: number };
  }
  interface FastifyContextConfig {
    /** An admin route that answers without credentials (login, accepting an invitation). */
    anonymous?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const digest = (text: string) => createHash('sha256').update(text).digest();

/** The value of the session cookie in a Cookie header (RFC 6265 §4.2: `name=value; name=value`). */
export function sessionCookieOf(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === SESSION_COOKIE) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** `Secure` when the request came over HTTPS (behind CONSULT_TRUST_PROXY, as its X-Forwarded-Proto says). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=${SESSION_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`);
}

/** The server's own origin as this request reached it: the only one the admin API takes writes from. */
export const ownOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** When a session ends: at its idle or absolute expiry, whichever comes first. */
export function sessionEnds(session: { createdAt: number; lastSeenAt: number }, times: SessionTimes) {
  return { idle: session.lastSeenAt + times.idleMs, absolute: session.createdAt + times.absoluteMs };
}

export function installAdminAuth(app: FastifyInstance, context: ServerContext, adminToken: string | undefined, times: SessionTimes): void {
  const { storage, now } = context;
  const expected = adminToken ? digest(adminToken) : null;
  let swept = -Infinity;

  /** The live session of this cookie value, or null (unknown, ended, its operator removed). */
  async function liveSession(value: string): Promise<(SessionRow & { idHash: string }) | null> {
    const at = now();
    if (at - swept >= SWEEP_MS) {
      swept = at;
      await storage.accounts.sweepSessions(at - times.idleMs, at - times.absoluteMs);
    }
    const idHash = secretHash(value);
    const session = await storage.accounts.session(idHash);
    if (!session) return null;
    const ends = sessionEnds(session, times);
    if (session.operator.disabledAt !== null || at >= ends.idle || at >= ends.absolute) {
      await storage.accounts.deleteSession(idHash);
      return null;
    }
    if (at - session.lastSeenAt >= TOUCH_MS) {
      await storage.accounts.touchSession(idHash, at);
      session.lastSeenAt = at;
    }
    return { ...session, idHash };
  }

  app.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      // Compare digests: equal length, constant time, whatever was sent.
      if (!expected || !token || !timingSafeEqual(digest(token), expected)) {
        throw new HttpError('unauthorized', 'The admin API needs a session (log in) or Authorization: Bearer <CONSULT_ADMIN_TOKEN>.');
      }
      request.operator = TOKEN_OPERATOR;
      return;
    }
    const cookie = sessionCookieOf(request.headers.cookie);
    const anonymous = request.routeOptions.config.anonymous === true;
    if (cookie === undefined && !anonymous) {
      throw new HttpError('unauthorized', 'The admin API needs a session (log in) or Authorization: Bearer <CONSULT_ADMIN_TOKEN>.');
    }
    // Cookies go with every request the browser makes, whoever's page asked: a write must come from our own pages.
    if (!SAFE.has(request.method) && request.headers.origin !== ownOrigin(request)) {
      throw new HttpError('forbidden', 'Admin API writes with a session must come from the console (an Origin header of this server).');
    }
    if (anonymous) return;
    const session = await liveSession(cookie!);
    if (!session) throw new HttpError('unauthorized', 'The session has ended: log in again.');
    request.operator = { id: session.operator.id, name: session.operator.email, role: session.operator.role };
    request.adminSession = { idHash: session.idHash, createdAt: session.createdAt, lastSeenAt: session.lastSeenAt };
  });
}
