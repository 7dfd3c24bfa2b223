/**
 * Suspicious cohorts of a consultation (issue 10), from its vote rows alone; pure, so the same
 * rows always give the same cohorts with the same ids. Two kinds:
 * - `origin`: many identities whose first vote in the consultation came from one origin hash
 *   (one IPv4 address or IPv6 /64, one UTC day: security/origin.ts) within minutes of each other,
 *   that voted the same way on the same proposals (the same set of (proposal, key));
 * - `vector`: many identities, from anywhere, with the same set of (proposal, key) of a
 *   meaningful length.
 * Qualifications are left out of the comparison: a script varies them for free. Thresholds and
 * what they gave on the seed: docs/decisions.md "Issue 10: cohorts".
 */
import { createHash } from 'node:crypto';
import type { CohortKind, CohortVote } from './storage/storage.js';

export interface CohortThresholds {
  /** Fewest identities of one origin cohort. */
  originMembers: number;
  /** Identities of one origin whose first votes are at most this far apart (chained) are one group. */
  originWindowMs: number;
  /** Fewest identities of one vector cohort. */
  vectorMembers: number;
  /** Fewest (proposal, key) pairs a vector must have: short vectors are shared by chance. */
  vectorLength: number;
}

export const DEFAULT_COHORT_THRESHOLDS: CohortThresholds = {
  originMembers: 10,
  originWindowMs: 10 * 60_000,
  vectorMembers: 20,
  vectorLength: 5,
};

export interface DetectedCohort {
  /** Hash of the kind and the sorted member ids: the same members give the same id. */
  id: string;
  kind: CohortKind;
  /** Participant ids, sorted. */
  members: string[];
  /** The members' counted votes. */
  votes: number;
  /** Their shared (proposal, key) pairs, by proposal id. */
  vector: Array<{ proposalId: string; key: CohortVote['key'] }>;
  /** Receive times of the members' first and last votes (ms since the epoch; null where unknown). */
  firstAt: number | null;
  lastAt: number | null;
}

interface Identity {
  id: string;
  votes: CohortVote[];
  signature: string;
  firstAt: number | null;
  lastAt: number | null;
  /** Origin of the first vote. */
  origin: string | null;
}

/** The id of a cohort of `kind` with these members. */
export function cohortId(kind: CohortKind, members: readonly string[]): string {
  return createHash('sha256').update(`${kind}\n${[...members].sort().join('\n')}`).digest('base64url').slice(0, 22);
}

function identitiesOf(votes: readonly CohortVote[]): Identity[] {
  const byId = new Map<string, CohortVote[]>();
  for (const v of votes) {
    const list = byId.get(v.participantId);
    if (list) list.push(v);
    else byId.set(v.participantId, [v]);
  }
  return [...byId].map(([id, list]) => {
    const timed = list.filter((v) => v.receivedAt !== null).sort((a, b) => a.receivedAt! - b.receivedAt!);
    const first = timed[0];
    return {
      id,
      votes: list,
      signature: list.map((v) => `${v.proposalId}\u0000${v.key}`).sort().join('\u0001'),
      firstAt: first?.receivedAt ?? null,
      lastAt: timed.at(-1)?.receivedAt ?? null,
      origin: first?.origin ?? null,
    };
  });
}

function cohortOf(kind: CohortKind, members: Identity[]): DetectedCohort {
  const ids = members.map((m) => m.id).sort();
  const times = members.flatMap((m) => (m.firstAt === null ? [] : [m.firstAt, m.lastAt!]));
  return {
    id: cohortId(kind, ids),
    kind,
    members: ids,
    votes: members.reduce((n, m) => n + m.votes.length, 0),
    vector: members[0]!.votes.map((v) => ({ proposalId: v.proposalId, key: v.key })).sort((a, b) => (a.proposalId < b.proposalId ? -1 : 1)),
    firstAt: times.length ? Math.min(...times) : null,
    lastAt: times.length ? Math.max(...times) : null,
  };
}

/** Groups of items by a key. */
function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The consultation's suspicious cohorts: origin ones first, each kind largest first. */
export function detectCohorts(votes: readonly CohortVote[], thresholds: CohortThresholds = DEFAULT_COHORT_THRESHOLDS): DetectedCohort[] {
  const identities = identitiesOf(votes);
  const origin: DetectedCohort[] = [];
  const timed = identities.filter((i) => i.origin !== null && i.firstAt !== null);
  for (const group of groupBy(timed, (i) => `${i.origin}\u0002${i.signature}`).values()) {
    if (group.length < thresholds.originMembers) continue;
    group.sort((a, b) => a.firstAt! - b.firstAt!);
    // Chained by first-vote time: a new run starts after a silence longer than the window.
    let run: Identity[] = [];
    for (const identity of group) {
      if (run.length && identity.firstAt! - run.at(-1)!.firstAt! > thresholds.originWindowMs) {
        if (run.length >= thresholds.originMembers) origin.push(cohortOf('origin', run));
        run = [];
      }
      run.push(identity);
    }
    if (run.length >= thresholds.originMembers) origin.push(cohortOf('origin', run));
  }
  const inOrigin = new Set(origin.flatMap((c) => c.members));
  const vector: DetectedCohort[] = [];
  const long = identities.filter((i) => i.votes.length >= thresholds.vectorLength);
  for (const group of groupBy(long, (i) => i.signature).values()) {
    // Already shown as an origin cohort: the same people twice would only be noise.
    if (group.length < thresholds.vectorMembers || group.every((i) => inOrigin.has(i.id))) continue;
    vector.push(cohortOf('vector', group));
  }
  const bySize = (a: DetectedCohort, b: DetectedCohort) => b.members.length - a.members.length || (a.id < b.id ? -1 : 1);
  return [...origin.sort(bySize), ...vector.sort(bySize)];
}
