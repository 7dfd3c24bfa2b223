/**
 * One tab at a time delivers a queue. With the Web Locks API, a lock named after the queue, taken
 * only if free (the holder's round covers everyone's entries). Without it (older browsers), a lease
 * in the shared storage: taken when free or expired, then read back after a moment, because two tabs
 * may both have found it free and written it; only the tab whose name is still there goes on. The
 * holder renews it while it delivers and removes it only if it is still its own.
 */
export interface CrossTabLock {
  /** Runs `task` holding the lock, or answers false at once when another tab holds it. */
  run(task: (renew: () => void) => Promise<void>): Promise<boolean>;
}

export interface LeaseOptions {
  /** How long a lease holds without renewal (a closed tab's lease expires). */
  leaseMs?: number;
  /** How long to wait before reading the lease back. */
  settleMs?: number;
}

export function crossTabLock(
  name: string,
  storage: Storage | undefined,
  /** `null`: use the lease even where Web Locks exist (tests, or a page that wants it). */
  locks: LockManager | null | undefined = typeof navigator !== 'undefined' ? navigator.locks : undefined,
  options: LeaseOptions = {},
): CrossTabLock {
  if (locks) {
    return {
      run: async (task) => {
        let ran = false;
        await locks.request(name, { ifAvailable: true }, async (lock) => {
          if (!lock) return;
          ran = true;
          await task(() => {});
        });
        return ran;
      },
    };
  }
  return storage ? new Lease(`${name}~lease`, storage, options) : { run: async (task) => (await task(() => {}), true) };
}

class Lease implements CrossTabLock {
  private readonly me = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  private readonly leaseMs: number;
  private readonly settleMs: number;

  constructor(
    private readonly key: string,
    private readonly storage: Storage,
    options: LeaseOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 15_000;
    this.settleMs = options.settleMs ?? 30;
  }

  async run(task: (renew: () => void) => Promise<void>): Promise<boolean> {
    const current = this.read();
    if (current && current.holder !== this.me && current.until > Date.now()) return false;
    this.write();
    await new Promise((settled) => setTimeout(settled, this.settleMs));
    if (this.read()?.holder !== this.me) return false; // another tab wrote after us: it goes on
    try {
      await task(() => {
        if (this.read()?.holder === this.me) this.write();
      });
    } finally {
      if (this.read()?.holder === this.me) this.storage.removeItem(this.key);
    }
    return true;
  }

  private read(): { holder: string; until: number } | undefined {
    const [holder, until] = this.storage.getItem(this.key)?.split('|') ?? [];
    return holder ? { holder, until: Number(until) } : undefined;
  }

  private write(): void {
    this.storage.setItem(this.key, `${this.me}|${Date.now() + this.leaseMs}`);
  }
}
