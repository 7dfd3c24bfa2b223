import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Seconds between two reads when `live-interval` is absent or not a number, and the least allowed. */
export const LIVE_DEFAULT_SECONDS = 15;
export const LIVE_MIN_SECONDS = 2;

export interface LiveHost extends ReactiveControllerHost {
  live: boolean;
  liveInterval: number;
}

/**
 * When to re-read for `live`: every `live-interval` seconds while the page is visible, never two
 * reads at once (the next wait starts when a read ends), not at all while the page is hidden (one
 * read on coming back, if a whole interval went by), and never after the element left the page.
 * What a read does is the host's `read` function; this only decides when.
 */
export class LiveRefresh implements ReactiveController {
  private timer?: ReturnType<typeof setTimeout>;
  private reading = false;
  private connected = false;
  private listening = false;
  /** When the last read (or load) started: the next one is an interval later. */
  private lastRead = Date.now();

  constructor(
    private readonly host: LiveHost,
    private readonly read: () => Promise<void>,
  ) {
    host.addController(this);
  }

  get intervalMs(): number {
    const seconds = Number(this.host.liveInterval);
    return 1000 * (Number.isFinite(seconds) ? Math.max(LIVE_MIN_SECONDS, seconds) : LIVE_DEFAULT_SECONDS);
  }

  hostConnected(): void {
    this.connected = true;
    this.update();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.update();
  }

  /** The host's data was just read (a load): count the interval from now. */
  restart(): void {
    this.lastRead = Date.now();
    this.schedule();
  }

  /** Start, stop or re-time after `live` or `live-interval` changed. */
  update(): void {
    const on = this.connected && this.host.live;
    // Only live cards listen: a page of 575 static cards adds no listener.
    if (on !== this.listening) {
      this.listening = on;
      if (on) document.addEventListener('visibilitychange', this.schedule);
      else document.removeEventListener('visibilitychange', this.schedule);
    }
    this.schedule();
  }

  private readonly schedule = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.listening || this.reading || document.visibilityState === 'hidden') return;
    const wait = Math.max(0, this.lastRead + this.intervalMs - Date.now());
    this.timer = setTimeout(() => void this.tick(), wait);
  };

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.listening || this.reading || document.visibilityState === 'hidden') return;
    this.reading = true;
    this.lastRead = Date.now();
    try {
      await this.read();
    } catch {
      // The host's read reports its own failures; a throw here must not stop the next reads.
    } finally {
      this.reading = false;
      this.schedule();
    }
  }
}
