// Gives MemoryAdapter (and LocalAdapter, which extends it) `eraseParticipation`, as consult-server
// erases (docs/server.md "Erasure"), with no token: the page is the participant's own backend. A
// separate module on purpose, like memory-results.ts: every embed carries the adapters, few pages
// let participants erase, so only a page that does imports this module for its side effect.
// Bundlers keep that import only if package.json's `sideEffects` lists this file.
import * as z from 'zod/mini';
import { ParticipantId, type ParticipationErased, type Proposal } from '../protocol/index.js';
import type { ProposalUpdate as Update } from './adapter.js';
import { ConsultError } from './errors.js';
import { LocalAdapter } from './local.js';
import { MemoryAdapter, OPEN_WORLD_CONSULTATION, type StoredVote } from './memory.js';

/**
 * The members erasure works on. They are the class's own (protected or private, so widgets and
 * subclasses cannot lean on them); this module is part of the class, kept apart only for size.
 */
interface Internals {
  proposals: Map<string, Proposal>;
  votes: Map<string, Map<string, StoredVote>>;
  submissions: Map<string, { id: string; status: 'pending'; participantId: string }>;
  applyVote(participantId: string, proposalId: string, key: null, votedAt: string): void;
  notify(update: Update): void;
}

MemoryAdapter.prototype.eraseParticipation = async function eraseParticipation(
  this: MemoryAdapter,
  participantId: string,
  consultationId: string,
): Promise<ParticipationErased> {
  if (!z.safeParse(ParticipantId, participantId).success) throw new ConsultError('invalid_request', 'Invalid participant id.');
  await this.getConsultation(consultationId); // not_found for an unknown one
  const self = this as unknown as Internals;
  const erased = { votes: 0, qualifications: 0, submissions: 0, pendingProposals: 0 };
  const mine = self.votes.get(participantId);
  for (const [proposalId, vote] of mine ?? []) {
    const proposal = self.proposals.get(proposalId);
    if (proposal?.consultationId !== consultationId) continue;
    if (vote.key) {
      erased.votes += 1;
      erased.qualifications += vote.qualifications.length;
      // A withdrawal moves the tally and drops the qualifications; then the row itself goes.
      self.applyVote(participantId, proposalId, null, vote.votedAt);
      self.notify({ proposalId, votes: { ...proposal.votes } });
    }
    mine!.delete(proposalId);
  }
  if (mine?.size === 0) self.votes.delete(participantId);
  for (const [requestId, submission] of self.submissions) {
    const proposal = self.proposals.get(submission.id);
    if (submission.participantId !== participantId || proposal?.consultationId !== consultationId) continue;
    self.submissions.delete(requestId);
    erased.submissions += 1;
    if (proposal.status === 'pending') {
      self.proposals.delete(proposal.id);
      erased.pendingProposals += 1;
    }
  }
  if (this instanceof LocalAdapter) forgetSaved(this, self, participantId, consultationId);
  return erased;
};

/** Clears what this browser saved for the participant in that consultation, in every tab's copy. */
function forgetSaved(local: LocalAdapter, self: Internals, participantId: string, consultationId: string): void {
  if (!local.storage) return;
  const saved = local.read();
  const mine = saved.votes[participantId];
  if (!mine) return;
  for (const proposalId of Object.keys(mine)) {
    // An id this adapter does not know was invented by a vote (open world): its consultation is `default`.
    if ((self.proposals.get(proposalId)?.consultationId ?? OPEN_WORLD_CONSULTATION) === consultationId) delete mine[proposalId];
  }
  if (!Object.keys(mine).length) delete saved.votes[participantId];
  try {
    if (Object.keys(saved.votes).length) local.storage.setItem(local.storageKey, JSON.stringify(saved));
    else local.storage.removeItem(local.storageKey);
  } catch (error) {
    console.warn('consult-widgets: could not clear saved votes in localStorage.', error);
  }
}
