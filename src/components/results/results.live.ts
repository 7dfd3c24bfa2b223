/** What the schedule needs from the page; tests pass a fake clock and a fake document. */
export interface LiveEnvironment {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
}

const browser: LiveEnvironment = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  get document() {
    return document;
  },
};

/**
 * Calls `refresh` every `intervalMs` while running, measured from the end of the previous fetch,
 * so two requests never overlap however slow the backend is. Nothing runs while the page is hidden
 * (a background tab polling for nobody): on becoming visible it refreshes at once if a refresh is
 * due, else waits for the rest of the interval.
 */
export class LiveSchedule {
  private intervalMs = 30_000;
  private running = false;
  private fetching = false;
  private lastFetchAt = 0;
  private timer: unknown;
  private listening = false;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly env: LiveEnvironment = browser,
  ) {}

  /** Start (or go on) polling; `fetchedAt` is when the data shown was fetched (default: now). */
  start(intervalMs: number, fetchedAt = this.env.now()): void {
    this.intervalMs = intervalMs;
    this.lastFetchAt = fetchedAt;
    this.running = true;
    if (!this.listening) {
      this.env.document.addEventListener('visibilitychange', this.onVisibility);
      this.listening = true;
    }
    this.schedule();
  }

  /** A new interval takes effect from the last fetch. */
  setInterval(intervalMs: number): void {
    this.intervalMs = intervalMs;
    if (this.running) this.schedule();
  }

  stop(): void {
    this.running = false;
    this.cancel();
    if (this.listening) {
      this.env.document.removeEventListener('visibilitychange', this.onVisibility);
      this.listening = false;
    }
  }

  get active(): boolean {
    return this.running;
  }

  private get hidden(): boolean {
    return this.env.document.visibilityState === 'hidden';
  }

  private readonly onVisibility = (): void => {
    if (this.hidden) this.cancel();
    else this.schedule();
  };

  private cancel(): void {
    if (this.timer !== undefined) this.env.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.cancel();
    if (!this.running || this.fetching || this.hidden) return;
    const wait = Math.max(0, this.lastFetchAt + this.intervalMs - this.env.now());
    this.timer = this.env.setTimeout(() => void this.tick(), wait);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running || this.fetching || this.hidden) return;
    this.fetching = true;
    try {
      await this.refresh();
    } catch {
      // `refresh` reports its own failures; the schedule goes on.
    } finally {
      this.fetching = false;
      this.lastFetchAt = this.env.now();
      this.schedule();
    }
  }
}
