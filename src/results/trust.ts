/**
 * Trusted counting (issue 10): which votes the published results count. A backend with trust
 * levels (consult-server) hands each accepted proposal's untrusted part apart — votes of bare
 * client-chosen ids and the qualifications made with them — and the consultation's choice; the
 * rows the results method then takes count them or not. Votes of cohorts an operator excluded
 * (`excluded`, whatever their trust) are never counted. Backends without trust levels (the memory
 * and local adapters, custom ones) never call this: their results count every vote, as before.
 */
import { QUALIFICATION_KEYS, VOTE_KEYS, type ConsultationResults, type QualificationCounts, type Tally } from '../protocol/index.js';
import type { ResultsRow } from './compute.js';

/** Votes and qualifications set apart from a row, all included in the row's own. */
export interface VotesPart {
  readonly votes: Tally;
  readonly qualifications: QualificationCounts;
}
/** The part of a row an operator excluded (cohorts), and of that part the untrusted votes. */
export interface ExcludedPart extends VotesPart {
  readonly untrusted: VotesPart;
}

/** A proposal's results row with the untrusted part of its votes and qualifications (both included in the row's own). */
export interface RowWithUntrusted extends ResultsRow {
  readonly untrusted: VotesPart;
  /** Issue 10, cohorts: votes of excluded cohorts; absent: none. */
  readonly excluded?: ExcludedPart | undefined;
}

const NONE: ExcludedPart = { votes: { agree: 0, disagree: 0, neutral: 0 }, qualifications: {}, untrusted: { votes: { agree: 0, disagree: 0, neutral: 0 }, qualifications: {} } };

/** `row` less each part, counts and qualifications alike. */
function less(row: VotesPart, ...parts: VotesPart[]): VotesPart {
  const votes = { agree: 0, disagree: 0, neutral: 0 };
  for (const k of VOTE_KEYS) votes[k] = parts.reduce((n, p) => n - p.votes[k], row.votes[k]);
  const qualifications: QualificationCounts = {};
  for (const q of QUALIFICATION_KEYS) {
    const n = parts.reduce((left, p) => left - (p.qualifications[q] ?? 0), row.qualifications[q] ?? 0);
    if (n > 0) qualifications[q] = n;
  }
  return { votes, qualifications };
}

/**
 * The rows the results are computed from, the results' `untrusted` statement and the number of
 * excluded votes: each row without its excluded part, and without its untrusted part unless
 * `countUntrusted`. Untrusted votes that are also excluded are left out once, stated as excluded.
 */
export function countedRows(
  rows: readonly RowWithUntrusted[],
  countUntrusted: boolean,
): { rows: ResultsRow[]; untrusted: NonNullable<ConsultationResults['untrusted']>; excludedVotes: number } {
  let votes = 0;
  let excludedVotes = 0;
  const counted = rows.map(({ untrusted, excluded, ...row }) => {
    const out = excluded ?? NONE;
    for (const k of VOTE_KEYS) {
      votes += untrusted.votes[k] - out.untrusted.votes[k];
      excludedVotes += out.votes[k];
    }
    if (countUntrusted && !excluded) return row;
    // Untrusted and not excluded: what is left of the untrusted part once the excluded part is out.
    const left = less(untrusted, out.untrusted);
    return { ...row, ...(countUntrusted ? less(row, out) : less(row, out, left)) };
  });
  return { rows: counted, untrusted: { votes, counted: countUntrusted }, excludedVotes };
}
