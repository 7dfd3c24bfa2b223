/**
 * Durable commits without blocking the event loop. With `synchronous = FULL`, SQLite fsyncs the
 * WAL inside COMMIT, which stops Node's only thread for a millisecond or more per batch while
 * requests wait to be read. Instead SQLite commits with `synchronous = NORMAL` (the WAL frames are
 * written, not yet flushed) and this flushes the WAL file with fdatasync on libuv's thread pool; a
 * batch's writes are acknowledged only once that flush returns. The guarantee is FULL's (in WAL
 * mode FULL differs from NORMAL only by that sync of the WAL after each commit): every
 * acknowledged write is on disk. Meanwhile the next batch is already being read and committed.
 * SQLite itself still syncs around checkpoints and WAL restarts, as in NORMAL mode.
 */
import { open, type FileHandle } from 'node:fs/promises';

export class WalFlusher {
  private handle: Promise<FileHandle> | null = null;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly walPath: string) {}

  /** Resolves once everything written to the WAL so far is on disk. */
  flush(): Promise<void> {
    // The WAL exists once the database is in WAL mode and has been written (migrations did).
    this.handle ??= open(this.walPath, 'r');
    const done = this.handle.then((h) => h.datasync());
    this.last = done.catch(() => undefined);
    return done;
  }

  /** Waits for flushes in progress, then lets go of the file. */
  async close(): Promise<void> {
    await this.last;
    const handle = await this.handle?.catch(() => null);
    await handle?.close();
  }
}
