/**
 * Which proposals a participant sees next (`GET …/sequence`), after Make.org's sequence: mostly
 * the proposals with the fewest votes, so every proposal gathers enough votes to be judged, plus a
 * share of the newest ones, so a freshly accepted idea is seen at once rather than after the
 * backlog. Ties are broken by a hash of (participant, proposal): participants who arrive together
 * see different proposals instead of all voting on the same twelve.
 */
import type { SequenceCandidate } from './storage/storage.js';

/** Share of each sequence given to the newest proposals. */
export const FRESH_SHARE = 0.25;

export function selectSequence(candidates: readonly SequenceCandidate[], participantId: string, size: number): string[] {
  const tie = (c: SequenceCandidate) => hash(`${participantId}:${c.id}`);
  const fresh = [...candidates].sort((a, b) => b.seq - a.seq).slice(0, Math.floor(size * FRESH_SHARE));
  const freshIds = new Set(fresh.map((c) => c.id));
  const leastVoted = candidates
    .filter((c) => !freshIds.has(c.id))
    .map((c) => ({ id: c.id, votes: c.votes, tie: tie(c) }))
    .sort((a, b) => a.votes - b.votes || a.tie - b.tie)
    .slice(0, size - fresh.length)
    .map((c) => c.id);
  // Fresh proposals spread through the sequence rather than bunched at one end.
  const result = [...leastVoted];
  fresh.forEach((c, i) => {
    result.splice(Math.min(result.length, Math.round(((i + 1) * (result.length + 1)) / (fresh.length + 1)) + i), 0, c.id);
  });
  return result.slice(0, size);
}

/** FNV-1a, 32 bits: stable across runs and machines (a participant's order does not reshuffle). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
