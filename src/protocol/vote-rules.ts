/**
 * Protocol v1's write rules (docs/protocol.md, rules 1, 3 and 4) as pure functions: the reference
 * server's storages and the memory adapter run these, so the two cannot drift apart. Each storage
 * keeps its own representation and turns a plan into its own writes.
 */
import { QUALIFICATIONS_BY_KEY, type QualificationKey, type VoteKey } from './schemas.js';

/** A participant's vote on a proposal as the rules see it; `key: null` after a withdrawal (its time is kept). */
export interface VoteState {
  key: VoteKey | null;
  /** Milliseconds since the epoch of the click that counts (see `countedClick`). */
  votedAt: number;
  qualifications: readonly QualificationKey[];
}

/** What a vote write does: nothing (`next: null`), or the state to keep and how the tallies move. */
export interface VoteChange {
  next: VoteState | null;
  /** The key whose count goes down by one (the previous vote), and the one that goes up. */
  removed: VoteKey | null;
  added: VoteKey | null;
  /** Qualifications whose counts go down by one: the old key's, when the key changes. */
  dropped: readonly QualificationKey[];
}

/**
 * One vote per participant and proposal; a write older than the stored one changes nothing; the
 * same key again keeps its qualifications and records the newer time (a late write older than this
 * click must lose); a new key, or a withdrawal, moves the tally and drops the old key's
 * qualifications. The same key again still "removes and adds" it: a count that depends on who
 * wrote (the server's trust levels) follows the latest write.
 */
export function planVote(previous: VoteState | undefined, key: VoteKey | null, votedAt: number): VoteChange {
  if (previous && votedAt < previous.votedAt) return { next: null, removed: null, added: null, dropped: [] };
  const sameKey = (previous?.key ?? null) === key;
  return {
    next: { key, votedAt, qualifications: sameKey ? (previous?.qualifications ?? []) : [] },
    removed: previous?.key ?? null,
    added: key,
    dropped: sameKey ? [] : (previous?.qualifications ?? []),
  };
}

export type QualificationChange = { conflict: string } | { qualifications: readonly QualificationKey[]; change: -1 | 0 | 1 };

/**
 * A qualification must belong to the participant's current vote key; adding one twice or removing
 * one that is not there changes nothing.
 */
export function planQualification(previous: VoteState | undefined, qualification: QualificationKey, active: boolean): QualificationChange {
  const allowed: readonly QualificationKey[] = previous?.key ? QUALIFICATIONS_BY_KEY[previous.key] : [];
  if (!previous?.key || !allowed.includes(qualification)) {
    return { conflict: `"${qualification}" does not qualify the participant's current vote.` };
  }
  const has = previous.qualifications.includes(qualification);
  if (active === has) return { qualifications: previous.qualifications, change: 0 };
  return active
    ? { qualifications: [...previous.qualifications, qualification], change: 1 }
    : { qualifications: previous.qualifications.filter((q) => q !== qualification), change: -1 };
}
