// The test server's backend: the library's own MemoryAdapter (the reference implementation of the
// protocol's semantics), built by `npm run build`, plus read access to what it stores so tests can
// compare the server's final state with what the user intended.
// Erasure is a side-effect module (adapters/memory-erasure.ts): the backend answers eraseParticipation.
import '../../../dist/adapters/memory-erasure.js';
import { MemoryAdapter } from '../../../dist/adapters/memory.js';

const ZERO = { agree: 0, disagree: 0, neutral: 0 };

export class InspectableMemoryAdapter extends MemoryAdapter {
  /**
   * Every proposal's tally and every participant's stored vote (withdrawals included, with
   * `key: null`), for one consultation or for all of them.
   */
  snapshot(consultationId) {
    const proposals = {};
    for (const p of this.proposals.values()) {
      if (consultationId && p.consultationId !== consultationId) continue;
      proposals[p.id] = {
        consultationId: p.consultationId,
        status: p.status,
        votes: { ...p.votes },
        qualifications: { ...p.qualifications },
      };
    }
    const votes = {};
    for (const [participantId, mine] of this.votes) {
      for (const [proposalId, vote] of mine) {
        if (!(proposalId in proposals)) continue;
        votes[participantId] ??= {};
        votes[participantId][proposalId] = { key: vote.key, votedAt: vote.votedAt, qualifications: [...vote.qualifications] };
      }
    }
    return { proposals, votes };
  }
}

/** Live figures of a consultation, computed from the stored votes rather than kept separately. */
export function liveCounts(snapshot) {
  const participants = new Set();
  let votes = 0;
  for (const [participantId, mine] of Object.entries(snapshot.votes)) {
    for (const vote of Object.values(mine)) {
      if (!vote.key) continue;
      participants.add(participantId);
      votes += 1;
    }
  }
  const proposals = Object.values(snapshot.proposals).filter((p) => p.status === 'accepted').length;
  return { participants: participants.size, proposals, votes };
}

/**
 * Proposals whose tally (or qualification count) differs from `baseline` + the votes stored for
 * it: a vote counted twice, or a tally moved without a stored vote. Empty when all is consistent.
 */
export function findMismatches(snapshot, baseline) {
  const counted = {};
  for (const mine of Object.values(snapshot.votes)) {
    for (const [proposalId, vote] of Object.entries(mine)) {
      if (!vote.key) continue;
      const c = (counted[proposalId] ??= { votes: { ...ZERO }, qualifications: {} });
      c.votes[vote.key] += 1;
      for (const q of vote.qualifications) c.qualifications[q] = (c.qualifications[q] ?? 0) + 1;
    }
  }
  const mismatches = [];
  for (const [proposalId, proposal] of Object.entries(snapshot.proposals)) {
    const base = baseline[proposalId] ?? { votes: ZERO, qualifications: {} };
    const mine = counted[proposalId] ?? { votes: ZERO, qualifications: {} };
    const expected = {
      votes: sum(base.votes, mine.votes),
      qualifications: sum(base.qualifications, mine.qualifications),
    };
    const actual = { votes: proposal.votes, qualifications: withoutZeros(proposal.qualifications) };
    expected.qualifications = withoutZeros(expected.qualifications);
    if (JSON.stringify(sorted(actual)) !== JSON.stringify(sorted(expected))) {
      mismatches.push({ proposalId, actual, expected });
    }
  }
  return mismatches;
}

function sum(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function withoutZeros(counts) {
  return Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0));
}

/** Key order must not make two equal objects compare different. */
function sorted(value) {
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
}
