import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * What live polling needs from the page: timers, visibility and a clock. The page itself
 * (`globalThis`) by default, with `performance.now()` as its clock; tests pass a fake one.
 */
export interface LiveEnvironment {
  now?(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
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
 * `live` and `live-interval` for a widget (the card and the results): calls `read` every interval
 * while the host is connected, `live` is on and `when()` holds. The interval counts from the end of
 * the previous read, so two reads never overlap however slow the backend is. Nothing runs while the
 * page is hidden (a background tab polling for nobody): on becoming visible it reads at once if a
 * read is due, else waits for the rest of the interval. Each widget keeps its documented default
 * and minimum.
 */
export class LiveController implements ReactiveController {
  private readonly env: LiveEnvironment;
  private connected = false;
  /** Polling: only then is a `visibilitychange` listener added (575 static cards add none). */
  private on = false;
  private reading = false;
  private lastRead = 0;
  private timer: unknown;

  constructor(
    private readonly host: LiveHost,
    private readonly read: () => Promise<void>,
    private readonly options: LiveOptions,
  ) {
    this.env = options.env ?? (globalThis as unknown as LiveEnvironment);
    host.addController(this);
  }

  get intervalMs(): number {
    const seconds = Number(this.host.liveInterval);
    const { defaultSeconds, minSeconds } = this.options;
    return 1000 * (Number.isFinite(seconds) ? Math.max(minSeconds, seconds) : defaultSeconds);
  }

  /** Polling now, or about to. */
  get active(): boolean {
    return this.on;
  }

  /** Start (counting from now), stop or re-time after `live`, `live-interval` or the host's state changed. */
  update(): void {
    const on = this.connected && this.host.live && (this.options.when?.() ?? true);
    if (on !== this.on) {
      this.on = on;
      if (on) this.env.document.addEventListener('visibilitychange', this.schedule);
      else this.env.document.removeEventListener('visibilitychange', this.schedule);
      this.lastRead = this.now();
    }
    this.schedule();
  }

  /** The host's data was just read (a load): the next read is one interval from now. */
  restart(): void {
    this.lastRead = this.now();
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

  private now(): number {
    return this.env.now ? this.env.now() : performance.now();
  }

  /** Cancel the timer (a handle already fired or cleared is harmless), then set the next one if a read is to come. */
  private readonly schedule = (): void => {
    this.env.clearTimeout(this.timer);
    if (!this.on || this.reading || this.env.document.visibilityState === 'hidden') return;
    const wait = Math.max(0, this.lastRead + this.intervalMs - this.now());
    this.timer = this.env.setTimeout(() => void this.tick(), wait);
  };

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.reading = true;
    try {
      await this.read();
    } catch {
      // `read` reports its own failures; the polling goes on.
    } finally {
      this.reading = false;
      this.lastRead = this.now();
      this.schedule();
    }
  }
}

/**
 * The same polling without an element: `start`, `setInterval` and `stop` stand for the host's
 * `live` and `live-interval` (the results' schedule tests drive it with a fake clock).
 */
export class LiveSchedule extends LiveController {
  private readonly state: LiveHost;

  constructor(refresh: () => Promise<void>, env?: LiveEnvironment) {
    const state = { live: false, liveInterval: 0, addController() {} } as unknown as LiveHost;
    super(state, refresh, { defaultSeconds: 0, minSeconds: 0, env });
    this.state = state;
    this.hostConnected();
  }

  /** Start (or go on) polling every `intervalMs`, counting from now. */
  start(intervalMs: number): void {
    this.state.live = true;
    this.setInterval(intervalMs);
  }

  /** A new interval takes effect from the last read. */
  setInterval(intervalMs: number): void {
    this.state.liveInterval = intervalMs / 1000;
    this.update();
  }

  stop(): void {
    this.state.live = false;
    this.update();
  }
}
