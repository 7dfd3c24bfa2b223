/**
 * The results read, the same for both databases: only the columns the results method takes, as
 * arrays, the author's country extracted by the database. At 5,000 accepted proposals it was the
 * largest share of a results request: `SELECT *` made into objects and a JSON.parse of every
 * author took 45–70 ms on SQLite; this takes 6–9 ms.
 */
import { QUALIFICATION_KEYS, VOTE_KEYS, type QualificationCounts } from 'consult-widgets/protocol';
import type { ResultsRow } from './storage.js';
import type { RowWithUntrusted } from 'consult-widgets/method';
import { ISSUED_COLUMNS, QUALIFICATION_COLUMNS, qualificationsOf, VERIFIED_COLUMNS, VOTE_COLUMNS } from './rules.js';

/** id, content, theme, country, then the vote counters, the qualification counters, the trusted vote counters. */
export type ResultsTuple = [string, string, string | null, unknown, ...Array<number | string>];

// Trusted votes (issue 10) are the host-signed and issued counters the vote statement already moves:
// untrusted = all − host − issued, no query more on the vote path.
const TRUSTED = VOTE_KEYS.map((k) => `${VERIFIED_COLUMNS[k]} + ${ISSUED_COLUMNS[k]}`);
const COUNTERS = [...VOTE_KEYS.map((k) => VOTE_COLUMNS[k]), ...QUALIFICATION_KEYS.map((q) => QUALIFICATION_COLUMNS[q]), ...TRUSTED].join(', ');
const FROM = `FROM proposals WHERE consultation_id = $1 AND status = 'accepted' ORDER BY seq`;

/** SQLite (positional `?`): `json_extract` gives the country as stored. */
export const SQLITE_RESULTS_SQL = `SELECT id, content, theme_id, json_extract(author, '$.country'), ${COUNTERS} ${FROM}`.replace('$1', '?');
/** PostgreSQL: `author` is text holding JSON. */
export const POSTGRES_RESULTS_SQL = `SELECT id, content, theme_id, author::json->>'country', ${COUNTERS} ${FROM}`;

/**
 * The qualifications made with untrusted votes: no counter holds them, so they are read from the
 * vote rows, but only on proposals that have untrusted votes at all (none on a consultation whose
 * participants are all issued or signed), and only rows with a qualification. (id, bit mask).
 */
const UNTRUSTED_QUALIFICATIONS = `SELECT p.id, v.qualifications FROM proposals p JOIN votes v ON v.proposal_seq = p.seq
  WHERE p.consultation_id = $1 AND p.status = 'accepted'
    AND ${VOTE_KEYS.map((k) => VOTE_COLUMNS[k]).join(' + ')} > ${TRUSTED.join(' + ')}
    AND v.trust = 'untrusted' AND v.key IS NOT NULL AND v.qualifications <> 0`;
export const SQLITE_UNTRUSTED_QUALIFICATIONS_SQL = UNTRUSTED_QUALIFICATIONS.replace('$1', '?');
export const POSTGRES_UNTRUSTED_QUALIFICATIONS_SQL = UNTRUSTED_QUALIFICATIONS;

const QUALIFICATIONS_AT = 4 + VOTE_KEYS.length;
const TRUSTED_AT = QUALIFICATIONS_AT + QUALIFICATION_KEYS.length;

/**
 * The rows of the results query with their untrusted part: `untrustedMasks` are the rows of the
 * untrusted qualifications query ([proposal id, bit mask]).
 */
export function resultsRowsOf(tuples: readonly ResultsTuple[], untrustedMasks: ReadonlyArray<readonly [string, number]>): RowWithUntrusted[] {
  const masks = untrustedQualificationsOf(untrustedMasks);
  return tuples.map((t) => {
    const row = resultsRowOfTuple(t);
    const votes = { agree: 0, disagree: 0, neutral: 0 };
    VOTE_KEYS.forEach((k, i) => (votes[k] = row.votes[k] - Number(t[TRUSTED_AT + i])));
    return { ...row, untrusted: { votes, qualifications: masks.get(row.proposalId) ?? {} } };
  });
}

/** The untrusted qualifications query's rows as counts per proposal id (results and open data). */
export function untrustedQualificationsOf(untrustedMasks: ReadonlyArray<readonly [string, number]>): Map<string, QualificationCounts> {
  const masks = new Map<string, QualificationCounts>();
  for (const [id, mask] of untrustedMasks) {
    const counts = masks.get(id) ?? {};
    for (const q of qualificationsOf(Number(mask))) counts[q] = (counts[q] ?? 0) + 1;
    masks.set(id, counts);
  }
  return masks;
}

/** One row of either query (PostgreSQL gives bigint counters as strings) as the results method takes it. */
function resultsRowOfTuple(t: ResultsTuple): ResultsRow {
  const qualifications: QualificationCounts = {};
  QUALIFICATION_KEYS.forEach((q, i) => {
    const n = Number(t[QUALIFICATIONS_AT + i]);
    if (n > 0) qualifications[q] = n;
  });
  const votes = { agree: 0, disagree: 0, neutral: 0 };
  VOTE_KEYS.forEach((k, i) => (votes[k] = Number(t[4 + i])));
  return {
    proposalId: t[0],
    content: t[1],
    themeId: t[2],
    ...(typeof t[3] === 'string' ? { country: t[3] } : {}),
    votes,
    qualifications,
  };
}
