/**
 * Rate limits with @fastify/rate-limit: per client address on every API request, and per
 * participant id on requests that name one (a script that rotates addresses still votes as one
 * participant; one that rotates participant ids still comes from one address). Over the limit:
 * 429 `rate_limited` with `Retry-After`, which the widgets' outbox waits out. Counters live in
 * each process's memory: behind a load balancer with several processes, each allows its share,
 * so set the limits per process (or let the proxy limit and set CONSULT_RATE_LIMIT=off).
 *
 * Every decision is on the request as fastify routed it (its route, parsed params, query and
 * body), never on a re-reading of the raw URL: `/%61pi/v1/…`, absolute-form targets and the
 * like reach a handler only through the same limits. Windows slide (sliding-window.ts);
 * addresses are keyed per IPv4 address and IPv6 /64 (address.ts).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.js';
import { addressKey, DEFAULT_IPV6_PREFIX } from './address.js';
import { MAX_KEYS, SlidingWindowStore } from './sliding-window.js';

export interface RateLimits {
  /** Requests per window from one client address (a school or office may share one). */
  perAddress: number;
  /** Requests per window naming one participant id. */
  perParticipant: number;
  windowMs: number;
  /** IPv6 addresses share an allowance per prefix of this many bits (one host usually owns a /64). */
  ipv6Prefix: number;
}

/** A participant voting through a whole sequence sends about 40 requests; an outbox catching up, a few hundred. */
export const DEFAULT_RATE_LIMITS: RateLimits = { perAddress: 2400, perParticipant: 300, windowMs: 60_000, ipv6Prefix: DEFAULT_IPV6_PREFIX };

/** Which limit refused a request (for the periodic log summary). */
export type LimitKind = 'address' | 'participant';

/**
 * `isApi(request)`: whether the routed request is one the limits apply to (the API and unknown
 * paths; not the demo's static files). `onLimited` hears of every refusal.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  limits: RateLimits,
  isApi: (request: FastifyRequest) => boolean,
  onLimited: (kind: LimitKind) => void = () => {},
  now: () => number = Date.now,
): Promise<void> {
  // The plugin constructs its store from a class: this one counts on the server's clock.
  const Store = class extends SlidingWindowStore {
    constructor(options?: unknown) {
      super(options, MAX_KEYS, now);
    }
  };
  await app.register(rateLimit, { global: false, timeWindow: limits.windowMs, store: Store });
  const byAddress = app.createRateLimit({ max: limits.perAddress, keyGenerator: (r) => `address:${addressKey(r.ip, limits.ipv6Prefix)}` });
  const byParticipant = app.createRateLimit({ max: limits.perParticipant, keyGenerator: (r) => `participant:${participantOf(r)}` });

  app.addHook('onRequest', async (request) => {
    if (isApi(request)) refuseOver(await byAddress(request), () => onLimited('address'));
  });
  // preHandler: the body (a submission's participantId) is parsed by then.
  app.addHook('preHandler', async (request) => {
    if (isApi(request) && participantOf(request)) refuseOver(await byParticipant(request), () => onLimited('participant'));
  });
}

function participantOf(request: FastifyRequest): string | undefined {
  const fromPath = (request.params as { participantId?: unknown } | undefined)?.participantId;
  const fromQuery = (request.query as { participantId?: unknown } | undefined)?.participantId;
  const fromBody = (request.body as { participantId?: unknown } | undefined)?.participantId;
  const id = [fromPath, fromQuery, fromBody].find((v) => typeof v === 'string');
  return typeof id === 'string' ? id : undefined;
}

function refuseOver(limit: { isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttl: number }, onLimited: () => void): void {
  if (limit.isAllowed || !limit.isExceeded) return;
  onLimited();
  const seconds = Math.max(1, Math.ceil(limit.ttl / 1000));
  throw new HttpError('rate_limited', `Too many requests; try again in ${seconds} s.`, { 'retry-after': String(seconds) });
}
