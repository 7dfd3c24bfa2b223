import { safeLocalStorage } from './safe-storage.js';
import { MemoryAdapter, type MemoryAdapterOptions, type StoredVote } from './memory.js';

export interface LocalAdapterOptions extends MemoryAdapterOptions {
  /** Separates several consultations on one site; the storage key is `consult-widgets:v1:<namespace>`. */
  namespace?: string;
  /** Defaults to `window.localStorage`; pass another `Storage` (e.g. sessionStorage) if you like. */
  storage?: Storage;
}

export interface Saved {
  v: 1;
  /** participantId → proposalId → vote */
  votes: Record<string, Record<string, StoredVote>>;
}

/**
 * `MemoryAdapter` whose votes survive reloads in first-party localStorage: the embedded default
 * for demos and static sites. Seed tallies stand for everybody else; the votes cast in this browser
 * are added on top of them. Nothing leaves the browser.
 */
export class LocalAdapter extends MemoryAdapter {
  readonly storageKey: string;
  /** @internal */
  readonly storage: Storage | undefined;

  constructor(options: LocalAdapterOptions = {}) {
    super(options);
    this.storageKey = `consult-widgets:v1:${options.namespace ?? 'default'}`;
    this.storage = options.storage ?? safeLocalStorage();
    for (const [participantId, byProposal] of Object.entries(this.read().votes)) {
      for (const [proposalId, vote] of Object.entries(byProposal)) {
        if (!this.proposals.has(proposalId) && !options.openWorld) continue;
        this.applyVote(participantId, proposalId, vote.key, vote.votedAt);
        const stored = this.votes.get(participantId)?.get(proposalId);
        if (stored && stored.key === vote.key) this.restoreQualifications(proposalId, stored, vote.qualifications);
      }
    }
  }

  protected override persist(): void {
    if (!this.storage) return;
    // Read before writing: another tab of this site may have saved votes since we loaded.
    const saved = this.read();
    for (const [participantId, byProposal] of this.votes) {
      const target = (saved.votes[participantId] ??= {});
      for (const [proposalId, vote] of byProposal) {
        const other = target[proposalId];
        if (!other || other.votedAt <= vote.votedAt) target[proposalId] = vote;
      }
    }
    try {
      this.storage.setItem(this.storageKey, JSON.stringify(saved));
    } catch (error) {
      console.warn('consult-widgets: could not save votes in localStorage; they last until reload.', error);
    }
  }

  /** @internal What this browser saved (memory-erasure.ts rewrites it). */
  read(): Saved {
    try {
      const raw = this.storage?.getItem(this.storageKey);
      const parsed = raw ? (JSON.parse(raw) as Partial<Saved>) : undefined;
      if (parsed?.v === 1 && parsed.votes && typeof parsed.votes === 'object') return parsed as Saved;
    } catch {
      // Corrupt or unreadable storage: start afresh rather than fail the page.
    }
    return { v: 1, votes: {} };
  }

  private restoreQualifications(proposalId: string, stored: StoredVote, keys: StoredVote['qualifications']): void {
    const proposal = this.proposals.get(proposalId);
    if (!proposal || !Array.isArray(keys)) return;
    for (const q of keys) {
      if (stored.qualifications.includes(q)) continue;
      stored.qualifications.push(q);
      proposal.qualifications[q] = (proposal.qualifications[q] ?? 0) + 1;
    }
  }
}
