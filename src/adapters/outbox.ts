import { ConsultError } from './errors.js';

/** One write waiting to be delivered: what to send, and for whom. */
export interface OutboxEntry {
  /** Coalescing key: a newer entry with the same key replaces this one (the latest intention wins). */
  key: string;
  /** Order of arrival: entries are sent oldest first, so a vote goes before its qualifications. */
  seq: number;
  /** What the answer is: a vote's tally, or a proposal's qualification counts. */
  kind: 'vote' | 'qualification';
  method: 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  proposalId: string;
  /** How many attempts failed so far, and when the next may start (epoch ms). */
  attempts: number;
  due: number;
  /** Not before this time (epoch ms), whatever else happens: the backend's `Retry-After`. */
  notBefore?: number;
  /**
   * The key of an entry that must be delivered first while it waits (a qualification's vote: the
   * backend refuses for good a qualification of a vote it does not have yet).
   */
  after?: string;
}

export type AttemptResult =
  | { status: 'delivered'; answer: unknown }
  | { status: 'queued' }
  | { status: 'failed'; error: ConsultError };

export interface OutboxOptions {
  /** Separates outboxes (one per endpoint); storage keys start with `consult-widgets:outbox:<name>:`. */
  name: string;
  /** Delivers one entry; rejects with a ConsultError (`retryable` decides whether it is tried again). */
  send: (entry: OutboxEntry) => Promise<unknown>;
  storage?: Storage;
  /** Backoff: first retry after about `baseDelayMs`, doubling up to `maxDelayMs`, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

type Listener = (entry: OutboxEntry, result: AttemptResult) => void;

/**
 * A persistent delivery queue for writes. An entry is written to first-party storage before it is
 * sent, so a closed tab, a reload or a lost network loses nothing; it is retried with exponential
 * backoff and jitter (honouring `Retry-After`) until the backend answers, resumed on `online`, on
 * the next page load, and flushed on `pagehide`. Tabs of one site share the queue and take turns
 * through the Web Locks API, so no entry is sent by two tabs at once.
 */
export class Outbox {
  private readonly prefix: string;
  private readonly storage: Storage | undefined;
  private readonly memory = new Map<string, OutboxEntry>();
  /** Per key, the latest `put` still waiting for its first attempt. */
  private readonly waiters = new Map<string, { seq: number; resolve: (result: AttemptResult) => void }>();
  private readonly listeners = new Set<Listener>();
  private running?: Promise<void>;
  private again?: Promise<void>;
  private againAll = false;
  private timer?: ReturnType<typeof setTimeout>;
  private seq = Date.now();
  private disposed = false;
  /**
   * Entries an earlier page left behind: each gets one try at once, whatever its backoff said.
   * (Fix: this was a `flush(true)` round queued at start-up; when a `put` in the same task had
   * started a round first, it ran after it and re-sent at once what had just been answered 429,
   * ignoring `Retry-After`. Now only left-behind entries skip the backoff, and only once.)
   */
  private readonly leftBehind: Set<number>;
  /** The last round found another tab delivering (it holds the lock or the lease). */
  private busyElsewhere = false;

  constructor(private readonly options: OutboxOptions) {
    this.prefix = `consult-widgets:outbox:${options.name}:`;
    this.storage = options.storage ?? safeLocalStorage();
    if (typeof window !== 'undefined') {
      // Back online: whatever waits out a backoff goes now, the reason for the wait is gone.
      window.addEventListener('online', this.onOnline);
      // keepalive requests outlive the page: hand everything due to the network while we can.
      window.addEventListener('pagehide', this.onWake);
      document.addEventListener('visibilitychange', this.onWake); // flushes on hidden, resumes on visible
      // Another tab delivered (removed) or queued an entry: tell our listeners, or schedule it.
      window.addEventListener('storage', this.onStorage);
    }
    // What an earlier page left behind: a new page is a new chance, whatever the backoff said.
    this.leftBehind = new Set(this.entries().map((e) => e.seq));
    queueMicrotask(() => void this.flush());
  }

  /** Stop delivering from this instance (entries stay stored for the next page or instance). */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onOnline);
      window.removeEventListener('pagehide', this.onWake);
      document.removeEventListener('visibilitychange', this.onWake);
      window.removeEventListener('storage', this.onStorage);
    }
    await this.again;
    await this.running;
  }

  private readonly onWake = () => void this.flush();
  private readonly onOnline = () => void this.flush(true);

  /** Every later delivery or final failure (after `put` has returned). */
  onSettled(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Store `entry` (replacing a queued one with the same key, and any whose key starts with
   * `dropPrefix`) and try to send it now. Resolves with the first attempt's result: delivered,
   * queued for a retry, or failed for good (then the entry is gone).
   */
  put(entry: Omit<OutboxEntry, 'seq' | 'attempts' | 'due'>, dropPrefix?: string): Promise<AttemptResult> {
    if (dropPrefix) for (const queued of this.entries()) if (queued.key.startsWith(dropPrefix)) this.remove(queued);
    const stored: OutboxEntry = { ...entry, seq: ++this.seq, attempts: 0, due: 0 };
    this.save(stored);
    const result = new Promise<AttemptResult>((resolve) => {
      this.waiters.get(stored.key)?.resolve({ status: 'queued' }); // an older click on the same key
      this.waiters.set(stored.key, { seq: stored.seq, resolve });
    });
    void this.flush();
    return result;
  }

  /** Forget the waiting entries `which` selects (an erased participant's writes must not arrive after the erasure). */
  discard(which: (entry: OutboxEntry) => boolean): void {
    for (const entry of this.entries()) if (which(entry)) this.remove(entry);
  }

  /** Entries still waiting, oldest first. */
  entries(): OutboxEntry[] {
    const found = new Map(this.memory);
    if (this.storage) {
      for (let i = 0; i < this.storage.length; i++) {
        const name = this.storage.key(i);
        if (!name?.startsWith(this.prefix)) continue;
        const entry = parse(this.storage.getItem(name));
        if (entry) found.set(entry.key, entry);
      }
    }
    return [...found.values()].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Send every entry that is due (`all`: every entry, backoff or not); one tab at a time. Called
   * while a round runs, it queues one more round, so nothing put meanwhile waits for a timer.
   */
  flush(all = false): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      // One queued round for every call meanwhile; it sends everything if any of them asked to
      // (fix: a "send all" call that found a plain round queued was lost in it).
      this.againAll ||= all;
      return (this.again ??= this.running.then(() => {
        const everything = this.againAll;
        this.again = undefined;
        this.againAll = false;
        return this.flush(everything);
      }));
    }
    this.running = this.withLock(() => this.deliverDue(all)).finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  private async deliverDue(all: boolean): Promise<void> {
    const sent = new Set<number>();
    let recovered = false;
    for (;;) {
      if (this.disposed || (typeof navigator !== 'undefined' && navigator.onLine === false)) return this.releaseWaiters();
      const waiting = this.entries();
      const queuedKeys = new Set(waiting.map((e) => e.key));
      const due = waiting.filter(
        (e) =>
          !sent.has(e.seq) &&
          !(e.after && queuedKeys.has(e.after)) &&
          (e.notBefore ?? 0) <= Date.now() && // Retry-After is the backend's word: always kept
          (all || recovered || e.due <= Date.now() || this.leftBehind.has(e.seq)),
      );
      if (due.length === 0) return this.releaseWaiters();
      for (const entry of due) {
        sent.add(entry.seq);
        this.leftBehind.delete(entry.seq);
        const outcome = await this.attempt(entry);
        if (outcome === 'unreachable') return this.releaseWaiters(); // don't hammer a dead network entry by entry
        // The backend answers again: what waits out a backoff from the outage need not wait longer.
        if (outcome === 'answered') recovered = true;
      }
    }
  }

  /** One try at one entry. Returns true when the failure says the backend is unreachable now. */
  /** One try at one entry: did the backend answer (even with a refusal), or is it unreachable now? */
  private async attempt(entry: OutboxEntry): Promise<'answered' | 'unreachable'> {
    let result: AttemptResult;
    try {
      result = { status: 'delivered', answer: await this.options.send(entry) };
    } catch (caught) {
      const error = ConsultError.from(caught);
      if (!error.retryable) {
        result = { status: 'failed', error };
      } else {
        const current = this.find(entry.key);
        if (current?.seq === entry.seq) {
          const retryAfter = error.retryAfterMs === undefined ? {} : { notBefore: Date.now() + error.retryAfterMs };
          this.save({ ...current, ...retryAfter, attempts: current.attempts + 1, due: Date.now() + this.delay(current.attempts, error) });
        }
        this.settle(entry, { status: 'queued' });
        return 'unreachable';
      }
    }
    // A newer intention for the same key may have arrived meanwhile: it stays queued.
    if (this.find(entry.key)?.seq === entry.seq) this.remove(entry);
    this.settle(entry, result);
    return 'answered';
  }

  /** Tell whoever waits for this entry; an entry a newer one replaced has nobody left to tell. */
  private settle(entry: OutboxEntry, result: AttemptResult): void {
    const waiter = this.waiters.get(entry.key);
    if (waiter?.seq === entry.seq) {
      this.waiters.delete(entry.key);
      waiter.resolve(result);
      return;
    }
    const superseded = (this.find(entry.key)?.seq ?? 0) > entry.seq || (waiter?.seq ?? 0) > entry.seq;
    if (!superseded && result.status !== 'queued') for (const listener of this.listeners) listener(entry, result);
  }

  /** Whoever still waits for a first attempt that did not happen this round: queued. */
  private releaseWaiters(): void {
    for (const [key, waiter] of this.waiters) {
      this.waiters.delete(key);
      // Gone from storage means another tab delivered it (it had no answer to share with us).
      waiter.resolve(this.find(key) ? { status: 'queued' } : { status: 'delivered', answer: undefined });
    }
  }

  /** Exponential backoff with full jitter, at least what `Retry-After` asked for. */
  private delay(attempts: number, error: ConsultError): number {
    const base = this.options.baseDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 60_000;
    const backoff = Math.min(max, base * 2 ** attempts);
    return Math.max(error.retryAfterMs ?? 0, backoff / 2 + Math.random() * (backoff / 2));
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.disposed) return;
    // Fix: while another tab delivered, the entries it was sending were still due, so this tab
    // retried at once, in a loop (about 2,000 lock requests and storage scans a second). Now it
    // looks again after one backoff step; the other tab's round covers what is due meanwhile.
    const notBefore = this.busyElsewhere ? Date.now() + (this.options.baseDelayMs ?? 500) : 0;
    this.busyElsewhere = false;
    const waiting = this.entries();
    const queuedKeys = new Set(waiting.map((e) => e.key));
    // An entry held back for another goes in the round that delivers that one: not a reason to wake.
    const ready = waiting.filter((e) => !(e.after && queuedKeys.has(e.after)));
    const next = Math.max(notBefore, Math.min(...ready.map((e) => Math.max(e.due, e.notBefore ?? 0))));
    if (Number.isFinite(next)) this.timer = setTimeout(() => void this.flush(), Math.max(0, next - Date.now()));
  }

  /** Run `task` holding this outbox's lock across tabs; when another tab holds it, skip this round. */
  private async withLock(task: () => Promise<void>): Promise<void> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (locks) {
      await locks.request(this.prefix, { ifAvailable: true }, async (lock) => {
        if (lock) await task();
        else this.skipRound(); // another tab is delivering; its round includes our entries
      });
      return;
    }
    // No Web Locks: a lease in storage, renewed while we deliver, taken over once it expires.
    const leaseKey = `${this.prefix}~lease`;
    const me = `${this.seq}-${Math.random()}`;
    const lease = this.storage?.getItem(leaseKey)?.split('|');
    if (lease && lease[0] !== me && Number(lease[1]) > Date.now()) return this.skipRound();
    this.storage?.setItem(leaseKey, `${me}|${Date.now() + 15_000}`);
    try {
      await task();
    } finally {
      this.storage?.removeItem(leaseKey);
    }
  }

  private skipRound(): void {
    this.busyElsewhere = true;
    this.releaseWaiters();
  }

  private readonly onStorage = (event: StorageEvent): void => {
    if (!event.key?.startsWith(this.prefix) || event.key.endsWith('~lease')) return;
    if (event.newValue === null && event.oldValue) {
      const entry = parse(event.oldValue);
      // Delivered by another tab (no answer to share): the write is safe.
      if (entry) this.settle(entry, { status: 'delivered', answer: undefined });
    } else {
      // Fix: the tab that queued it is sending it now. Scheduling at once raced it for the lock
      // and, winning, left that tab's castVote "pending" for a vote it was about to deliver. Take
      // over only after one backoff step, in case that tab is gone.
      this.busyElsewhere = true;
      this.schedule();
    }
  };

  private find(key: string): OutboxEntry | undefined {
    return this.memory.get(key) ?? parse(this.storage?.getItem(this.prefix + key) ?? null);
  }

  private save(entry: OutboxEntry): void {
    try {
      if (!this.storage) throw new Error('no storage');
      this.storage.setItem(this.prefix + entry.key, JSON.stringify(entry));
      this.memory.delete(entry.key);
    } catch {
      this.memory.set(entry.key, entry); // storage full or disabled: keep it for this page's life
    }
  }

  private remove(entry: OutboxEntry): void {
    this.memory.delete(entry.key);
    this.storage?.removeItem(this.prefix + entry.key);
  }
}

function parse(raw: string | null): OutboxEntry | undefined {
  if (!raw) return undefined;
  try {
    const entry = JSON.parse(raw) as OutboxEntry;
    return typeof entry?.key === 'string' && typeof entry.seq === 'number' ? entry : undefined;
  } catch {
    return undefined;
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
