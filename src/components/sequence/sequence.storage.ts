import * as z from 'zod/mini';
import { Id, VoteKey } from '../../protocol/index.js';

/**
 * Where a tab is in a sequence, kept in sessionStorage so a reload resumes at the same card. Per
 * tab on purpose: a new tab or a later visit starts a new sequence of the proposals not voted on
 * yet (the adapter leaves voted ones out), while a reload keeps the sequence being walked through.
 */
const SavedSequence = z.object({
  size: z.int(),
  ids: z.array(Id),
  card: z.enum(['intro', 'proposal', 'propose', 'final']),
  index: z.int(),
  /** Votes cast in this sequence, by proposal. */
  votes: z.record(Id, VoteKey),
  submitted: z.boolean(),
});
export type SavedSequence = z.infer<typeof SavedSequence>;

const keyOf = (consultationId: string, participantId: string) =>
  `consult-widgets:sequence:${consultationId}:${participantId}`;

/** The saved position, or `undefined` when there is none, storage is unavailable, or it holds garbage. */
export function readSaved(consultationId: string, participantId: string): SavedSequence | undefined {
  try {
    const raw = sessionStorage.getItem(keyOf(consultationId, participantId));
    if (raw === null) return undefined;
    const parsed = z.safeParse(SavedSequence, JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

// Storage can be missing or full (sandboxed frames, private modes): resuming is a comfort, not a
// duty, so failures are ignored.
export function save(consultationId: string, participantId: string, saved: SavedSequence): void {
  try {
    sessionStorage.setItem(keyOf(consultationId, participantId), JSON.stringify(saved));
  } catch {
    /* see above */
  }
}

export function forget(consultationId: string, participantId: string): void {
  try {
    sessionStorage.removeItem(keyOf(consultationId, participantId));
  } catch {
    /* see above */
  }
}
