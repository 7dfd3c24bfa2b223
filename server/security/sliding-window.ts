/**
 * A sliding-window store for @fastify/rate-limit. The plugin's own store counts in fixed windows,
 * so a client may send its whole allowance at the end of one window and again at the start of
 * the next: twice the rate in a moment. Here each key keeps `BUCKETS` counters, one per slice of
 * the window, and a request is weighed against the slices of the last window: within any span of
 * (window − one slice) at most `max` requests pass, so the edge burst is gone. Unlike a weighted
 * "previous window" counter, a request never counts for longer than one window after it was
 * made, so `Retry-After` is exact and never over the window.
 *
 * Refused requests are not counted, so a client over the limit gets its allowance back at the
 * rate the window slides, whatever it keeps sending. Memory is bounded: keys idle for a whole
 * window are dropped (checked at most once a window), and past `maxKeys` the oldest go.
 */
export interface StoreAnswer {
  current: number;
  ttl: number;
}
type Callback = (error: Error | null, answer: StoreAnswer) => void;

/** Slices per window: 20 slices of 3 s for the default minute. */
export const BUCKETS = 20;
export const MAX_KEYS = 200_000;

interface Entry {
  /** Counts by slice number modulo BUCKETS. */
  counts: Uint32Array;
  /** The slice number of the newest count. */
  last: number;
}

export class SlidingWindowStore {
  private readonly entries = new Map<string, Entry>();
  private lastSweep = 0;

  // @fastify/rate-limit constructs the store with its options; each limiter gets its own child.
  constructor(
    _options?: unknown,
    private readonly maxKeys = MAX_KEYS,
    private readonly now: () => number = Date.now,
  ) {}

  child(): SlidingWindowStore {
    return new SlidingWindowStore(undefined, this.maxKeys, this.now);
  }

  incr(key: string, callback: Callback, timeWindow: number, max: number): void {
    callback(null, this.count(key, timeWindow, max, true));
  }

  read(key: string, callback: Callback, timeWindow: number, max: number): void {
    callback(null, this.count(key, timeWindow, max, false));
  }

  get size(): number {
    return this.entries.size;
  }

  private count(key: string, timeWindow: number, max: number, increment: boolean): StoreAnswer {
    const now = this.now();
    const slice = timeWindow / BUCKETS;
    const current = Math.floor(now / slice);
    this.sweep(now, current, timeWindow);
    let entry = this.entries.get(key);
    if (entry) advance(entry, current);
    const used = entry ? entry.counts.reduce((a, b) => a + b, 0) : 0;
    if (increment && used < max) {
      if (!entry) {
        if (this.entries.size >= this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, (entry = { counts: new Uint32Array(BUCKETS), last: current }));
      }
      entry.counts[current % BUCKETS]!++;
      return { current: used + 1, ttl: this.freedAt(entry, current, slice, max, used + 1) - now };
    }
    const ttl = entry ? Math.max(1, this.freedAt(entry, current, slice, max, used) - now) : 0;
    return { current: increment ? used + 1 : used, ttl };
  }

  /**
   * When one more request fits: the oldest slices leave the window one by one (slice j leaves
   * at the start of slice j + BUCKETS) until fewer than `max` requests are left.
   */
  private freedAt(entry: Entry, current: number, slice: number, max: number, used: number): number {
    let left = used;
    for (let j = current - BUCKETS + 1; j <= current; j++) {
      left -= entry.counts[((j % BUCKETS) + BUCKETS) % BUCKETS]!;
      if (left < max) return (j + BUCKETS) * slice;
    }
    return (current + BUCKETS) * slice;
  }

  private sweep(now: number, current: number, timeWindow: number): void {
    if (now - this.lastSweep < timeWindow) return;
    this.lastSweep = now;
    for (const [key, entry] of this.entries) if (current - entry.last >= BUCKETS) this.entries.delete(key);
  }
}

/** Zeroes the slices that left the window since the entry was last touched. */
function advance(entry: Entry, current: number): void {
  const gone = Math.min(BUCKETS, current - entry.last);
  for (let k = 1; k <= gone; k++) entry.counts[(entry.last + k) % BUCKETS] = 0;
  entry.last = Math.max(entry.last, current);
}
