/**
 * What a cohort does to the published lists (issue 10): the lists computed with and without its
 * votes, by the published method itself (src/results), from the rows the results are computed
 * from. Exclusions in force stay applied to everyone else, so the effect is that of this cohort.
 */
import type { AdminConsultation } from 'consult-widgets/protocol/admin';
import { computeResults, countedRows, type ExcludedPart, type RowWithUntrusted } from 'consult-widgets/method';
import type { CohortVote } from './storage/storage.js';
import { qualificationsOf } from './storage/rules.js';

export interface ListChange {
  /** Ideas in the list with the cohort's votes, not without them. */
  leave: string[];
  /** Ideas in the list without the cohort's votes, not with them. */
  enter: string[];
}
/** How the popular and divisive lists change when the cohort's votes are taken out. */
export interface CohortEffect {
  popular: ListChange;
  divisive: ListChange;
}

/** The votes of `members` summed per proposal, as the results leave excluded votes out. */
export function partsOf(votes: readonly CohortVote[], members: ReadonlySet<string>): Map<string, ExcludedPart> {
  const parts = new Map<string, { votes: Record<string, number>; qualifications: Record<string, number>; untrusted: { votes: Record<string, number>; qualifications: Record<string, number> } }>();
  for (const v of votes) {
    if (!members.has(v.participantId)) continue;
    let part = parts.get(v.proposalId);
    if (!part) {
      part = { votes: { agree: 0, disagree: 0, neutral: 0 }, qualifications: {}, untrusted: { votes: { agree: 0, disagree: 0, neutral: 0 }, qualifications: {} } };
      parts.set(v.proposalId, part);
    }
    for (const target of v.trust === 'untrusted' ? [part, part.untrusted] : [part]) {
      target.votes[v.key]! += 1;
      for (const q of qualificationsOf(v.qualifications)) target.qualifications[q] = (target.qualifications[q] ?? 0) + 1;
    }
  }
  return parts as unknown as Map<string, ExcludedPart>;
}

/** The published lists when the votes of `excluded` participants are left out. */
function listsWithout(c: AdminConsultation, rows: readonly RowWithUntrusted[], votes: readonly CohortVote[], excluded: ReadonlySet<string>) {
  const parts = partsOf(votes, excluded);
  const counted = countedRows(
    rows.map((row) => ({ ...row, excluded: parts.get(row.proposalId) })),
    c.countUntrusted ?? true,
  );
  const results = computeResults({ consultationId: c.id, counts: c.counts, rows: counted.rows });
  return { popular: new Set(results.popular.flatMap((g) => g.proposalIds)), divisive: new Set(results.divisive) };
}

const change = (withVotes: Set<string>, without: Set<string>): ListChange => ({
  leave: [...withVotes].filter((id) => !without.has(id)).sort(),
  enter: [...without].filter((id) => !withVotes.has(id)).sort(),
});

/**
 * The effect of each member set: `rows` are the results rows without any exclusion applied,
 * `excluded` the members of the exclusions in force (kept out on both sides but for the cohort's own).
 */
export function cohortEffects(
  c: AdminConsultation,
  rows: readonly RowWithUntrusted[],
  votes: readonly CohortVote[],
  excluded: ReadonlySet<string>,
  cohorts: ReadonlyArray<{ members: readonly string[] }>,
): CohortEffect[] {
  return cohorts.map(({ members }) => {
    const own = new Set(members);
    const others = new Set([...excluded].filter((id) => !own.has(id)));
    const withVotes = listsWithout(c, rows, votes, others);
    const without = listsWithout(c, rows, votes, new Set([...others, ...own]));
    return { popular: change(withVotes.popular, without.popular), divisive: change(withVotes.divisive, without.divisive) };
  });
}
