/**
 * A write the outbox delivers: for whom, what (`method`: PUT sets, DELETE withdraws or removes;
 * `body`: the rest of the call), and for an HTTP sender the request's `path`. withDelivery stores
 * no path (it calls an adapter); RestAdapter's entries from before withDelivery have one.
 */
export type OutboxWrite = (
  | { kind: 'vote'; participantId: string; proposalId: string }
  | { kind: 'qualification'; participantId: string; proposalId: string; qualification: string }
) & {
  method: 'PUT' | 'DELETE';
  path?: string;
  body?: unknown;
};

/** A write as stored: its key, its place in the queue and its retry state. */
export type OutboxEntry = OutboxWrite & {
  /** What the write is about (see `entryKey`): a newer write with the same key replaces this one. */
  key: string;
  /** Order of arrival: entries are sent oldest first, so a vote goes before its qualifications. */
  seq: number;
  /** How many attempts failed so far, and when the next may start (epoch ms). */
  attempts: number;
  due: number;
  /** Not before this time (epoch ms), whatever else happens: the backend's `Retry-After`. */
  notBefore?: number;
};

/**
 * The storage name of what a write is about: one vote per participant and proposal, one toggle per
 * qualification. Written, never read back: the entry's own fields say whom and what it concerns.
 */
export function entryKey(write: OutboxWrite): string {
  const vote = `v|${write.participantId}|${write.proposalId}`;
  return write.kind === 'vote' ? vote : `q|${write.participantId}|${write.proposalId}|${write.qualification}`;
}

/** The vote a qualification must follow: the backend refuses for good a qualification of a vote it does not have. */
export function mustFollow(entry: OutboxWrite): string | undefined {
  return entry.kind === 'qualification' ? entryKey({ ...entry, kind: 'vote' }) : undefined;
}

/**
 * A stored entry, or undefined for anything else under the prefix. Entries stored by versions that
 * had no `participantId` field are completed from the key they were stored under, once, here.
 */
export function parseEntry(raw: string | null): OutboxEntry | undefined {
  if (!raw) return undefined;
  try {
    const entry = JSON.parse(raw) as OutboxEntry & { after?: string };
    if (typeof entry?.key !== 'string' || typeof entry.seq !== 'number' || typeof entry.proposalId !== 'string') return undefined;
    if (typeof entry.participantId !== 'string') {
      // `v|<participant>|<proposal>` or `q|<participant>|<proposal>|<qualification>`: the proposal id is known.
      const cut = entry.key.indexOf(`|${entry.proposalId}`, 2);
      if (cut < 0) return undefined;
      Object.assign(entry, { participantId: entry.key.slice(2, cut) });
      if (entry.kind === 'qualification') Object.assign(entry, { qualification: entry.key.slice(cut + entry.proposalId.length + 2) });
    }
    delete entry.after;
    return entry;
  } catch {
    return undefined;
  }
}
