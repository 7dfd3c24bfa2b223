/**
 * The results read, the same for both databases: only the columns the results method takes, as
 * arrays, the author's country extracted by the database. At 5,000 accepted proposals it was the
 * largest share of a results request: `SELECT *` made into objects and a JSON.parse of every
 * author took 45–70 ms on SQLite; this takes 6–9 ms.
 */
import { QUALIFICATION_KEYS, VOTE_KEYS, type QualificationCounts } from '../../src/protocol/index.js';
import { QUALIFICATION_COLUMNS, VOTE_COLUMNS } from './rules.js';
import type { ResultsRow } from './storage.js';

/** id, content, theme, country, then the vote counters, then the qualification counters. */
export type ResultsTuple = [string, string, string | null, unknown, ...Array<number | string>];

const COUNTERS = [...VOTE_KEYS.map((k) => VOTE_COLUMNS[k]), ...QUALIFICATION_KEYS.map((q) => QUALIFICATION_COLUMNS[q])].join(', ');
const FROM = `FROM proposals WHERE consultation_id = $1 AND status = 'accepted' ORDER BY seq`;

/** SQLite (positional `?`): `json_extract` gives the country as stored. */
export const SQLITE_RESULTS_SQL = `SELECT id, content, theme_id, json_extract(author, '$.country'), ${COUNTERS} ${FROM}`.replace('$1', '?');
/** PostgreSQL: `author` is text holding JSON. */
export const POSTGRES_RESULTS_SQL = `SELECT id, content, theme_id, author::json->>'country', ${COUNTERS} ${FROM}`;

const QUALIFICATIONS_AT = 4 + VOTE_KEYS.length;

/** One row of either query (PostgreSQL gives bigint counters as strings) as the results method takes it. */
export function resultsRowOfTuple(t: ResultsTuple): ResultsRow {
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
