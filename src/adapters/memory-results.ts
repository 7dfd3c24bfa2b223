// The results of MemoryAdapter (and LocalAdapter, which extends it): what they are computed from
// and the math, kept apart because only pages that show results need them (about 1.2 KB gzip).
// The results widget's entry (src/components/results/results.ts) composes them in with
// `composeMemoryResults()`; so can a page that calls `getResults` itself.
import type { Consultation, Proposal } from '../protocol/index.js';
import { computeResults, type ResultsInput } from '../results/compute.js';
import { MemoryAdapter, type StoredVote } from './memory.js';

/**
 * The members the results read. They are the class's own (protected or private, so widgets cannot
 * lean on them); this module is part of the class, kept apart only for size.
 */
interface Internals {
  proposals: Map<string, Proposal>;
  votes: Map<string, Map<string, StoredVote>>;
  consultation(consultationId: string): Consultation;
  delay(): Promise<void>;
}

/**
 * What the results of a consultation are computed from: its accepted proposals (in seed order)
 * and its counts. Votes: the tallies, seed votes included. Participants: the seeded count plus
 * the participants who voted on this adapter (seed tallies stand for everybody else).
 */
export async function resultsInputOf(adapter: MemoryAdapter, consultationId: string): Promise<ResultsInput> {
  const self = adapter as unknown as Internals;
  await self.delay();
  const consultation = self.consultation(consultationId);
  const rows = [...self.proposals.values()]
    .filter((p) => p.consultationId === consultationId && p.status === 'accepted')
    .map((p) => ({
      proposalId: p.id,
      content: p.content,
      themeId: p.themeId,
      ...(p.author?.country ? { country: p.author.country } : {}),
      votes: { ...p.votes },
      qualifications: { ...p.qualifications },
    }));
  const ids = new Set(rows.map((r) => r.proposalId));
  let participants = consultation.counts.participants;
  for (const mine of self.votes.values()) {
    if ([...mine].some(([proposalId, vote]) => vote.key && ids.has(proposalId))) participants += 1;
  }
  const votes = rows.reduce((sum, r) => sum + r.votes.agree + r.votes.disagree + r.votes.neutral, 0);
  return { consultationId, counts: { participants, proposals: rows.length, votes }, rows };
}

/** Give MemoryAdapter and LocalAdapter their `getResults`. Calling it again changes nothing. */
export function composeMemoryResults(): void {
  MemoryAdapter.resultsMethod = async (adapter, consultationId) => computeResults(await resultsInputOf(adapter, consultationId));
}
