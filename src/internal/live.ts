import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * What the schedule needs from the page: timers, visibility and a clock. The page itself
 * (`globalThis`) by default, with `performance.now()` as its clock; tests pass a fake one.
 */
export interface LiveEnvironment {
  now?(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
}

/**
 * Calls `refresh` every interval while running, measured from the end of the previous fetch, so
 * two requests never overlap however slow the backend is. Nothing runs while the page is hidden
 * (a background tab polling for nobody): on becoming visible it refreshes at once if a refresh is
 * due, else waits for the rest of the interval.
 */
export class LiveSchedule {
  // Set by `start` before any use: no initial values to ship.
  private every!: number;
  private lastFetchAt!: number;
  private running = false;
  private fetching?: boolean;
  private timer: unknown;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly env: LiveEnvironment = globalThis as unknown as LiveEnvironment,
  ) {}

  /** Start (or go on) polling; `fetchedAt` is when the data shown was fetched (default: now). */
  start(intervalMs: number, fetchedAt = this.now()): void {
    // Only running schedules listen: a page of 575 static cards adds no listener.
    if (!this.running) this.env.document.addEventListener('visibilitychange', this.schedule);
    this.every = intervalMs;
    this.lastFetchAt = fetchedAt;
    this.running = true;
    this.schedule();
  }

  /** A new interval takes effect from the last fetch. */
  setInterval(intervalMs: number): void {
    this.every = intervalMs;
    this.schedule();
  }

  stop(): void {
    if (this.running) this.env.document.removeEventListener('visibilitychange', this.schedule);
    this.running = false;
    this.schedule();
  }

  get active(): boolean {
    return this.running;
  }

  private now(): number {
    return this.env.now ? this.env.now() : performance.now();
  }

  /** Cancel the timer, then set the next one if a refresh is to come. */
  private readonly schedule = (): void => {
    if (this.timer !== undefined) this.env.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running || this.fetching || this.env.document.visibilityState === 'hidden') return;
    const wait = Math.max(0, this.lastFetchAt + this.every - this.now());
    this.timer = this.env.setTimeout(() => void this.tick(), wait);
  };

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.fetching = true;
    try {
      await this.refresh();
    } catch {
      // `refresh` reports its own failures; the schedule goes on.
    } finally {
      this.fetching = false;
      this.lastFetchAt = this.now();
      this.schedule();
    }
  }
}

export interface LiveHost extends ReactiveControllerHost {
  live: boolean;
  liveInterval: number;
}

export interface LiveOptions {
  /** Seconds between reads when `live-interval` is absent or not a number. */
  defaultSeconds: number;
  /** The shortest interval allowed, in seconds: a lower `live-interval` means this. */
  minSeconds: number;
  /** Whether the host has something to refresh now, besides `live` being on (default: always). */
  when?: () => boolean;
  env?: LiveEnvironment;
}

/**
 * `live` and `live-interval` for a widget (the card and the results): a `LiveSchedule` that runs
 * while the host is connected, `live` is on and `when()` holds, and stops when the host leaves
 * the page. Each widget keeps its documented default and minimum.
 */
export class LiveController extends LiveSchedule implements ReactiveController {
  private connected = false;

  constructor(
    private readonly host: LiveHost,
    read: () => Promise<void>,
    private readonly options: LiveOptions,
  ) {
    super(read, options.env);
    host.addController(this);
  }

  get intervalMs(): number {
    const seconds = Number(this.host.liveInterval);
    const { defaultSeconds, minSeconds } = this.options;
    return 1000 * (Number.isFinite(seconds) ? Math.max(minSeconds, seconds) : defaultSeconds);
  }

  /** Whether polling should run now. */
  get wanted(): boolean {
    return this.connected && this.host.live && (this.options.when?.() ?? true);
  }

  /** Start, stop or re-time after `live`, `live-interval` or the host's state changed. */
  update(): void {
    if (!this.wanted) this.stop();
    else if (this.active) this.setInterval(this.intervalMs);
    else this.start(this.intervalMs);
  }

  /** The host's data was just read (a load): the next read is one interval from now. */
  restart(): void {
    this.stop();
    this.update();
  }

  hostConnected(): void {
    this.connected = true;
    this.update();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.update();
  }
}
