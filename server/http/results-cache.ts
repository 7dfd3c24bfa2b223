/**
 * Results and open data, computed once per consultation version. Every write this process commits
 * (vote, withdrawal, qualification, submission, moderation, import, status change, erasure, cohort
 * exclusion or restoration) bumps the
 * version of its consultation; a request for the current version gets the answer already
 * computed, serialized and hashed, and concurrent requests for a new version share one
 * computation. A consultation's answers are computed one at a time, however many requests and
 * writes arrive (docs/server.md, "Deployment").
 *
 * Writes of other processes (several servers on one PostgreSQL, `consult-server import` into a
 * running server's SQLite file) bump no version here: an answer is also recomputed once it is
 * older than `maxAgeMs`, so they show within that time. No shared version row is written: that
 * would put one more write on a hot row for every vote.
 */
import type { FastifyReply } from 'fastify';
import { webcrypto } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isRefusal, type Storage } from '../storage/storage.js';

/** How long an answer may ignore the writes of other processes. */
export const ANSWER_MAX_AGE_MS = 2000;
const MAX_PROPOSALS_REMEMBERED = 200_000;

/** An answer ready to send: the value, its bytes, and their weak ETag (as @fastify/etag makes them). */
export interface Prepared<T> {
  readonly value: T;
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * Serializes and hashes `value` for `Prepared`, letting the event loop run between the phases; the
 * hash is computed off the event loop (WebCrypto runs in libuv's thread pool).
 */
export async function prepare<T>(value: T, serialize: (value: T) => string = JSON.stringify): Promise<Prepared<T>> {
  await nextTurn();
  const body = Buffer.from(serialize(value));
  const digest = await webcrypto.subtle.digest('SHA-1', body);
  return { value, body, etag: `W/"${Buffer.from(digest).toString('base64')}"` };
}

/**
 * Answers `prepared` (JSON) on `reply`: the ETag header (so @fastify/etag hashes nothing and answers
 * If-None-Match with 304) and the bytes as they are. Returns the value, for the route's type.
 */
export function sendPrepared<T>(reply: FastifyReply, prepared: Prepared<T>): T {
  // fastify sends a Buffer from a serializer as it is (its types only name strings): 20 answers
  // of 2 MB are then no 20 UTF-8 encodings on the event loop.
  reply
    .type('application/json; charset=utf-8')
    .header('etag', prepared.etag)
    .serializer(() => prepared.body as unknown as string);
  return prepared.value;
}

interface Run {
  readonly version: number;
  /** On the server's clock (its age decides when other processes' writes show). */
  readonly startedAt: number;
  readonly answer: Promise<Prepared<unknown>>;
  settled: boolean;
  /** Milliseconds the computation took, once settled. */
  took: number;
}

interface Slot {
  current?: Run;
  /** The computation queued behind a stale one, shared by every request that arrives meanwhile. */
  next?: Promise<Prepared<unknown>>;
}

export class AnswerCache {
  private readonly versions = new Map<string, number>();
  private readonly slots = new Map<string, Slot>();

  /** `now`: the server's clock, for an answer's age; how long a computation took stays real time (it paces real work). */
  constructor(
    private readonly maxAgeMs = ANSWER_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A write to this consultation was committed: its answers computed before are stale. */
  written(consultationId: string): void {
    this.versions.set(consultationId, (this.versions.get(consultationId) ?? 0) + 1);
  }

  /**
   * The `kind` answer (e.g. `results`) of a consultation: the one computed for its current
   * version, the computation of it in flight, or a new one. A computation that fails is not kept.
   */
  get<T>(consultationId: string, kind: string, compute: () => Promise<Prepared<T>>): Promise<Prepared<T>> {
    const key = `${kind} ${consultationId}`;
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = {}));
    const run = slot.current;
    const version = this.versions.get(consultationId) ?? 0;
    if (run && run.version === version && (!run.settled || this.now() - run.startedAt < this.maxAgeMs)) {
      return run.answer as Promise<Prepared<T>>;
    }
    if (run && !run.settled) {
      // An older version is being computed: one more computation starts after it, for everyone
      // who asks meanwhile (each then gets an answer read after they asked, so their own writes
      // are in it). It waits as long as the last one took: answers never take more than half
      // of the event loop, whatever the rate of writes and requests.
      slot.next ??= run.answer
        .then(
          () => nextTurn(),
          () => undefined,
        )
        .then(() => new Promise((resolve) => setTimeout(resolve, run.took)))
        .then(() => {
          slot.next = undefined;
          return this.start(consultationId, key, slot, compute).answer;
        });
      return slot.next as Promise<Prepared<T>>;
    }
    return this.start(consultationId, key, slot, compute).answer as Promise<Prepared<T>>;
  }

  private start(consultationId: string, key: string, slot: Slot, compute: () => Promise<Prepared<unknown>>): Run {
    const startedAt = performance.now();
    const settle = () => {
      run.settled = true;
      run.took = performance.now() - startedAt;
    };
    const run: Run = {
      version: this.versions.get(consultationId) ?? 0,
      startedAt: this.now(),
      settled: false,
      took: 0,
      answer: Promise.resolve()
        .then(compute)
        .then(
          (answer) => {
            settle();
            return answer;
          },
          (error: unknown) => {
            settle();
            // Not kept: the next request tries again (and an unknown consultation leaves nothing behind).
            if (slot.current === run) slot.current = undefined;
            if (!slot.current && !slot.next) this.slots.delete(key);
            throw error;
          },
        ),
    };
    slot.current = run;
    return run;
  }
}

const caches = new WeakMap<Storage, AnswerCache>();

/** The answer cache of a storage made by `withAnswerCache`. */
export function answerCache(storage: Storage): AnswerCache {
  const cache = caches.get(storage);
  if (!cache) throw new Error('This storage has no answer cache: open it through withAnswerCache().');
  return cache;
}

/**
 * `storage` with an answer cache that hears of every write made through it, once committed
 * (refused writes change nothing and bump nothing). Reads go straight to `storage`.
 */
export function withAnswerCache(storage: Storage, cache = new AnswerCache()): Storage {
  // Proposal → consultation, for the writes that name only a proposal (a proposal never moves).
  const consultations = new Map<string, string>();
  // Synchronous when known (every vote but a proposal's first): no promise on the hot path.
  const consultationOf = (proposalId: string): string | Promise<string | null> =>
    consultations.get(proposalId) ??
    storage.consultationOfProposal(proposalId).then((found) => {
      if (found) {
        if (consultations.size >= MAX_PROPOSALS_REMEMBERED) consultations.clear();
        consultations.set(proposalId, found);
      }
      return found;
    });
  /** Bumps the version before the write's caller hears of it: whoever reads after the answer reads past the write. */
  const tracked = async <T>(write: Promise<T>, consultation: () => string | null | Promise<string | null>): Promise<T> => {
    let outcome: T;
    try {
      outcome = await write;
    } catch (error) {
      // A failed commit may have written (a WAL that could not be flushed): stale it anyway.
      const id = await Promise.resolve(consultation()).catch(() => null);
      if (id) cache.written(id);
      throw error;
    }
    if (!isRefusal(outcome)) {
      const known = consultation();
      const id = typeof known === 'string' || known === null ? known : await known;
      if (id) cache.written(id);
    }
    return outcome;
  };
  const writes: Partial<Storage> = {
    importConsultation: (file, now) => tracked(storage.importConsultation(file, now), () => file.consultation.id),
    setStatus: (id, status) => tracked(storage.setStatus(id, status), () => id),
    submitProposal: (w) => tracked(storage.submitProposal(w), () => w.consultationId),
    vote: (w) => tracked(storage.vote(w), () => consultationOf(w.proposalId)),
    qualify: (w) => tracked(storage.qualify(w), () => consultationOf(w.proposalId)),
    moderate: (proposalId, ...rest) => tracked(storage.moderate(proposalId, ...rest), () => consultationOf(proposalId)),
    // Issue 12: an accepted proposal's theme is public (lists, results).
    changeTheme: (w) => tracked(storage.changeTheme(w), () => consultationOf(w.proposalId)),
    // Issue 10: an exclusion or restoration changes what the results count.
    excludeCohort: (w) => tracked(storage.excludeCohort(w), () => w.consultationId),
    restoreCohort: (w) => tracked(storage.restoreCohort(w), () => w.consultationId),
    // Every consultation the erasure touched; a failed one stales the one it named, if any.
    eraseParticipant: async (participantId, consultationId) => {
      const erased = await tracked(storage.eraseParticipant(participantId, consultationId), () => consultationId);
      for (const id of erased.consultations) cache.written(id);
      return erased;
    },
  };
  // Methods bound to the storage itself keep their own `this` (queues, pools, statements); bound
  // once, and again only if the storage's method was replaced (tests wrap some).
  const bound = new Map<PropertyKey, { method: (...args: unknown[]) => unknown; bound: unknown }>();
  const proxy = new Proxy(storage, {
    get(target, name) {
      if (Object.hasOwn(writes, name)) return writes[name as keyof Storage];
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      const known = bound.get(name);
      if (known?.method === value) return known.bound;
      const method = value as (...args: unknown[]) => unknown;
      bound.set(name, { method, bound: method.bind(target) });
      return bound.get(name)!.bound;
    },
  });
  caches.set(proxy, cache);
  return proxy;
}
