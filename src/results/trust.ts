/**
 * Trusted counting (issue 10): which votes the published results count. A backend with trust
 * levels (consult-server) hands each accepted proposal's untrusted part apart — votes of bare
 * client-chosen ids and the qualifications made with them — and the consultation's choice; the
 * rows the results method then takes count them or not. Backends without trust levels (the memory
 * and local adapters, custom ones) never call this: their results count every vote, as before.
 */
import { QUALIFICATION_KEYS, VOTE_KEYS, type ConsultationResults, type QualificationCounts, type Tally } from '../protocol/index.js';
import type { ResultsRow } from './compute.js';

/** A proposal's results row with the untrusted part of its votes and qualifications (both included in the row's own). */
export interface RowWithUntrusted extends ResultsRow {
  readonly untrusted: { readonly votes: Tally; readonly qualifications: QualificationCounts };
}

/**
 * The rows the results are computed from, and the results' `untrusted` statement: with
 * `countUntrusted` the rows as they are, otherwise each without its untrusted part.
 */
export function countedRows(
  rows: readonly RowWithUntrusted[],
  countUntrusted: boolean,
): { rows: ResultsRow[]; untrusted: NonNullable<ConsultationResults['untrusted']> } {
  let votes = 0;
  const counted = rows.map(({ untrusted, ...row }) => {
    for (const k of VOTE_KEYS) votes += untrusted.votes[k];
    if (countUntrusted) return row;
    const qualifications: QualificationCounts = {};
    for (const q of QUALIFICATION_KEYS) {
      const n = (row.qualifications[q] ?? 0) - (untrusted.qualifications[q] ?? 0);
      if (n > 0) qualifications[q] = n;
    }
    const trusted = { agree: 0, disagree: 0, neutral: 0 };
    for (const k of VOTE_KEYS) trusted[k] = row.votes[k] - untrusted.votes[k];
    return { ...row, votes: trusted, qualifications };
  });
  return { rows: counted, untrusted: { votes, counted: countUntrusted } };
}
