import { ConsultError } from './errors.js';
import { entryKey, mustFollow, parseEntry, type OutboxEntry, type OutboxWrite } from './outbox-entry.js';
import { crossTabLock, type CrossTabLock } from './outbox-lock.js';
import { OutboxStore } from './outbox-store.js';
import { safeLocalStorage } from './safe-storage.js';

export { entryKey, type OutboxEntry, type OutboxWrite } from './outbox-entry.js';

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
  /** The Web Locks API (default `navigator.locks`); `null` makes the outbox use its storage lease. */
  locks?: LockManager | null;
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
  private readonly store: OutboxStore;
  private readonly lock: CrossTabLock;
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
   * Entries an earlier page left behind: each gets one try at once, whatever its backoff said (but
   * never before its `Retry-After`), and only once.
   */
  private readonly leftBehind: Set<number>;
  /** The last round found another tab delivering (it holds the lock or the lease). */
  private busyElsewhere = false;

  constructor(private readonly options: OutboxOptions) {
    const prefix = `consult-widgets:outbox:${options.name}:`;
    this.store = new OutboxStore(prefix, options.storage ?? safeLocalStorage());
    this.lock = crossTabLock(prefix, this.store.storage, options.locks);
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
   * Store `write` (replacing a queued one about the same thing, and those `drop` selects) and try
   * to send it now. Resolves with the first attempt's result: delivered, queued for a retry, or
   * failed for good (then the entry is gone).
   */
  put(write: OutboxWrite, drop?: (queued: OutboxEntry) => boolean): Promise<AttemptResult> {
    if (drop) this.discard(drop);
    const stored: OutboxEntry = { ...write, key: entryKey(write), seq: ++this.seq, attempts: 0, due: 0 };
    this.store.save(stored);
    const result = new Promise<AttemptResult>((resolve) => {
      this.waiters.get(stored.key)?.resolve({ status: 'queued' }); // an older click on the same key
      this.waiters.set(stored.key, { seq: stored.seq, resolve });
    });
    void this.flush();
    return result;
  }

  /** Forget the waiting entries `which` selects (an erased participant's writes must not arrive after the erasure). */
  discard(which: (entry: OutboxEntry) => boolean): void {
    for (const entry of this.entries()) if (which(entry)) this.store.remove(entry);
  }

  /** Entries still waiting, oldest first. */
  entries(): OutboxEntry[] {
    return this.store.entries();
  }

  /**
   * Send every entry that is due (`all`: every entry, backoff or not); one tab at a time. Called
   * while a round runs, it queues one more round, so nothing put meanwhile waits for a timer.
   */
  flush(all = false): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      // One queued round for every call meanwhile; it sends everything if any of them asked to.
      this.againAll ||= all;
      return (this.again ??= this.running.then(() => {
        const everything = this.againAll;
        this.again = undefined;
        this.againAll = false;
        return this.flush(everything);
      }));
    }
    const round = this.lock
      .run((renew) => this.deliverDue(all, renew))
      .then((ran) => {
        if (!ran) this.skipRound(); // another tab is delivering; its round includes our entries
      })
      .finally(() => {
        this.running = undefined;
        this.schedule();
      });
    this.running = round;
    return round;
  }

  private async deliverDue(all: boolean, renew: () => void): Promise<void> {
    const sent = new Set<number>();
    let recovered = false;
    for (;;) {
      if (this.disposed || (typeof navigator !== 'undefined' && navigator.onLine === false)) return this.releaseWaiters();
      const waiting = this.entries();
      const queuedKeys = new Set(waiting.map((e) => e.key));
      const due = waiting.filter(
        (e) =>
          !sent.has(e.seq) &&
          !queuedKeys.has(mustFollow(e) ?? '') &&
          (e.notBefore ?? 0) <= Date.now() && // Retry-After is the backend's word: always kept
          (all || recovered || e.due <= Date.now() || this.leftBehind.has(e.seq)),
      );
      if (due.length === 0) return this.releaseWaiters();
      for (const entry of due) {
        sent.add(entry.seq);
        this.leftBehind.delete(entry.seq);
        renew(); // a long round keeps the lease of a browser without Web Locks
        const outcome = await this.attempt(entry);
        if (outcome === 'unreachable') return this.releaseWaiters(); // don't hammer a dead network entry by entry
        // The backend answers again: what waits out a backoff from the outage need not wait longer.
        if (outcome === 'answered') recovered = true;
      }
    }
  }

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
        const current = this.store.find(entry.key);
        if (current?.seq === entry.seq) {
          const retryAfter = error.retryAfterMs === undefined ? {} : { notBefore: Date.now() + error.retryAfterMs };
          this.store.save({ ...current, ...retryAfter, attempts: current.attempts + 1, due: Date.now() + this.delay(current.attempts, error) });
        }
        this.settle(entry, { status: 'queued' });
        return 'unreachable';
      }
    }
    // A newer intention for the same key may have arrived meanwhile: it stays queued.
    if (this.store.find(entry.key)?.seq === entry.seq) this.store.remove(entry);
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
    const superseded = (this.store.find(entry.key)?.seq ?? 0) > entry.seq || (waiter?.seq ?? 0) > entry.seq;
    if (!superseded && result.status !== 'queued') for (const listener of this.listeners) listener(entry, result);
  }

  /** Whoever still waits for a first attempt that did not happen this round: queued. */
  private releaseWaiters(): void {
    for (const [key, waiter] of this.waiters) {
      this.waiters.delete(key);
      // Gone from storage means another tab delivered it (it had no answer to share with us).
      waiter.resolve(this.store.find(key) ? { status: 'queued' } : { status: 'delivered', answer: undefined });
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
    // While another tab delivers, the entries it sends are still due here: look again after one
    // backoff step (not at once, in a loop); the other tab's round covers what is due meanwhile.
    const notBefore = this.busyElsewhere ? Date.now() + (this.options.baseDelayMs ?? 500) : 0;
    this.busyElsewhere = false;
    const waiting = this.entries();
    const queuedKeys = new Set(waiting.map((e) => e.key));
    // An entry held back for another goes in the round that delivers that one: not a reason to wake.
    const ready = waiting.filter((e) => !queuedKeys.has(mustFollow(e) ?? ''));
    const next = Math.max(notBefore, Math.min(...ready.map((e) => Math.max(e.due, e.notBefore ?? 0))));
    if (Number.isFinite(next)) this.timer = setTimeout(() => void this.flush(), Math.max(0, next - Date.now()));
  }

  private skipRound(): void {
    this.busyElsewhere = true;
    this.releaseWaiters();
  }

  private readonly onStorage = (event: StorageEvent): void => {
    if (!this.store.holds(event.key)) return;
    if (event.newValue === null && event.oldValue) {
      const entry = parseEntry(event.oldValue);
      // Delivered by another tab (no answer to share): the write is safe.
      if (entry) this.settle(entry, { status: 'delivered', answer: undefined });
    } else {
      // The tab that queued it is sending it now: racing it for the lock and winning would leave
      // that tab's castVote "pending" for a vote it was about to deliver. Take over only after one
      // backoff step, in case that tab is gone.
      this.busyElsewhere = true;
      this.schedule();
    }
  };
}
