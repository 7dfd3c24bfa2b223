// Fault injection: which requests are refused, delayed, answered 500 or 429, left hanging or
// dropped. A seeded PRNG decides, so one seed gives one sequence of faults for one sequence of
// requests (the order of concurrent requests may still vary between runs).
import * as z from 'zod/mini';
import { FilterFields, isValidPattern, requestFilter } from './request-filter.mjs';
import { mulberry32 } from '../../../bench/random.mjs';

const Rate = z.number().check(z.minimum(0), z.maximum(1));
const Ms = z.int().check(z.minimum(0), z.maximum(120_000));
const Count = z.int().check(z.minimum(0));

/** Body of `POST __test/faults`; every field optional, `{}` turns every fault off. */
export const FaultConfig = z.strictObject({
  /** Share of requests dropped: no answer, the connection closes (see `dropStyle`). */
  dropRate: z.optional(Rate),
  /**
   * How a drop looks on the wire. `reject` (default): a header block Chromium must refuse (two
   * different Content-Length), then close: fetch rejects with a TypeError, exactly once per drop.
   * `close`: the socket is destroyed without a byte, like a lost connection; Chromium then re-sends
   * the request by itself once when the socket was a reused keep-alive one, so a single drop may
   * never reach fetch and the server sees the request twice.
   */
  dropStyle: z.optional(z.enum(['reject', 'close'])),
  /** Share of requests answered 500 with a protocol error body. */
  errorRate: z.optional(Rate),
  /** Answer only after this long (on top of `delayMs`), to run into client timeouts. */
  hangMs: z.optional(Ms),
  /** Share of requests that hang; defaults to 1 when `hangMs` is set. */
  hangRate: z.optional(Rate),
  /** Latency added to every matching request (not a fault: nothing else changes). */
  delayMs: z.optional(Ms),
  /** The next `count` matching requests are answered 429 with `Retry-After: retryAfter` (seconds). */
  status429: z.optional(z.strictObject({ count: Count, retryAfter: z.optional(z.number().check(z.minimum(0))) })),
  seed: z.optional(z.int()),
  /**
   * When a drop, 500 or hang happens relative to the write: `before` (the request never reaches
   * the backend, except a hang, which delivers it late), `after` (applied, answer lost or late),
   * `mixed` (the PRNG picks per fault). The outbox must survive all of them.
   */
  faultPhase: z.optional(z.enum(['before', 'after', 'mixed'])),
  /** Stop injecting random faults (drop, 500, hang) after this many. */
  maxFaults: z.optional(Count),
  /** Refuse, with 401, every request without `Authorization: Bearer <requireToken>`. */
  requireToken: z.optional(z.string().check(z.minLength(1))),
  ...FilterFields,
});

/** A problem a parsed config has that its schema cannot say, or null. */
export function checkFaultConfig(config) {
  const rates = (config.dropRate ?? 0) + (config.errorRate ?? 0) + hangRateOf(config);
  // A little slack: 0.3 + 0.3 + 0.4 is 1.0000000000000002 in floating point.
  if (rates > 1 + 1e-9) return 'dropRate + errorRate + hangRate must not exceed 1.';
  if (config.path !== undefined && !isValidPattern(config.path)) return '"path" is not a valid regular expression.';
  return null;
}

function hangRateOf(config) {
  return config.hangRate ?? (config.hangMs ? 1 : 0);
}

/** The current fault configuration of one scope, with its PRNG and counters. */
export class Faults {
  constructor(config = {}) {
    this.config = config;
    this.matches = requestFilter(config);
    this.random = mulberry32(config.seed ?? 1);
    this.remaining429 = config.status429?.count ?? 0;
    this.injected = 0;
  }

  /** False when a token is required and `authorization` does not carry it. */
  acceptsToken(authorization) {
    return !this.config.requireToken || authorization === `Bearer ${this.config.requireToken}`;
  }

  /** `Retry-After` seconds when this request must be answered 429, else null. */
  take429(method, path) {
    if (this.remaining429 === 0 || !this.matches(method, path)) return null;
    this.remaining429 -= 1;
    return this.config.status429.retryAfter ?? 1;
  }

  /** `{ kind: 'drop' | 'error' | 'hang' | null, phase: 'before' | 'after' | null }` for one request. */
  draw(method, path) {
    const none = { kind: null, phase: null };
    if (!this.matches(method, path) || this.injected >= (this.config.maxFaults ?? Infinity)) return none;
    const kind = this.pick(this.random());
    if (!kind) return none;
    this.injected += 1;
    return { kind, phase: this.phase() };
  }

  get dropStyle() {
    return this.config.dropStyle ?? 'reject';
  }

  /** Which fault a draw `r` in [0, 1) stands for: the rates are consecutive slices of [0, 1). */
  pick(r) {
    const slices = [
      ['drop', this.config.dropRate ?? 0],
      ['error', this.config.errorRate ?? 0],
      ['hang', hangRateOf(this.config)],
    ];
    let upTo = 0;
    for (const [kind, rate] of slices) {
      upTo += rate;
      if (r < upTo) return kind;
    }
    return null;
  }

  delayFor(method, path) {
    return this.config.delayMs && this.matches(method, path) ? this.config.delayMs : 0;
  }

  get hangMs() {
    return this.config.hangMs ?? 0;
  }

  phase() {
    const phase = this.config.faultPhase ?? 'before';
    if (phase !== 'mixed') return phase;
    return this.random() < 0.5 ? 'before' : 'after';
  }
}

