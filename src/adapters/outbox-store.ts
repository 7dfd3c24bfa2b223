import { parseEntry, type OutboxEntry } from './outbox-entry.js';

/**
 * Where the outbox keeps its entries: first-party storage, one item per entry, so every tab of the
 * site sees the same queue and a reload finds it. When storage is full or disabled, an entry lives
 * in memory for the page's life rather than being lost.
 */
export class OutboxStore {
  private readonly memory = new Map<string, OutboxEntry>();

  constructor(
    /** Storage names start with it (one queue per endpoint). */
    readonly prefix: string,
    readonly storage: Storage | undefined,
  ) {}

  /** Entries waiting, oldest first. */
  entries(): OutboxEntry[] {
    const found = new Map(this.memory);
    if (this.storage) {
      for (let i = 0; i < this.storage.length; i++) {
        const name = this.storage.key(i);
        if (!this.holds(name)) continue;
        const entry = parseEntry(this.storage.getItem(name!));
        if (entry) found.set(entry.key, entry);
      }
    }
    return [...found.values()].sort((a, b) => a.seq - b.seq);
  }

  find(key: string): OutboxEntry | undefined {
    return this.memory.get(key) ?? parseEntry(this.storage?.getItem(this.prefix + key) ?? null);
  }

  save(entry: OutboxEntry): void {
    try {
      if (!this.storage) throw new Error('no storage');
      this.storage.setItem(this.prefix + entry.key, JSON.stringify(entry));
      this.memory.delete(entry.key);
    } catch {
      this.memory.set(entry.key, entry);
    }
  }

  remove(entry: OutboxEntry): void {
    this.memory.delete(entry.key);
    this.storage?.removeItem(this.prefix + entry.key);
  }

  /** Whether a storage name is one of this queue's entries (not its lease, not another queue's). */
  holds(name: string | null | undefined): boolean {
    return !!name?.startsWith(this.prefix) && !name.endsWith(LEASE_SUFFIX);
  }
}

/** The storage name suffix of the cross-tab lease (outbox-lock.ts), kept apart from entries. */
export const LEASE_SUFFIX = '~lease';
