/**
 * Open data, format 2: a consultation's accepted proposals with their tallies, qualifications and
 * the author fields their authors agreed to publish, and its refused proposals only as counts by
 * reason; nothing pending. As JSON (`OpenData` in src/protocol/admin.ts) and as CSV (one row per
 * accepted proposal, for spreadsheets; the refusal counts are in the JSON only). Never a
 * participant id: the storage's `openData` has none to give. docs/server.md, "What is public".
 */
import { OPEN_DATA_FORMAT, publicStatus, type AdminConsultation, type OpenData } from 'consult-widgets/protocol/admin';
import { QUALIFICATION_KEYS, replaceControls, VOTE_KEYS } from 'consult-widgets/protocol';
import type { ExcludedPart } from 'consult-widgets/method';
import type { CohortExclusion, OpenDataRows } from './storage/storage.js';

/** Issue 10: the votes excluded cohorts leave out, per proposal id, and every exclusion made. */
export interface OpenDataCohorts {
  excluded: ReadonlyMap<string, ExcludedPart>;
  exclusions: readonly CohortExclusion[];
}

export function openDataOf(consultation: AdminConsultation, rows: OpenDataRows, now: Date = new Date(), cohorts?: OpenDataCohorts): OpenData {
  const { allowedOrigins: _o, requireSignedParticipants: _s, opensAt: _a, closesAt: _b, ...stored } = consultation;
  // Issue 12: the status now, as the public answer gives it (`closed` outside the dates); dates stay admin-only.
  const publicFields = { ...stored, status: publicStatus(consultation, now.getTime()) };
  // Only where there are some, as `untrustedQualifications`: files without exclusions keep their shape.
  const proposals = rows.proposals.map((p) => {
    const excluded = cohorts?.excluded.get(p.id);
    return excluded ? { ...p, excluded } : p;
  });
  // Published without members or operator names: the reason and the figures are the public's, the people are not.
  const exclusions = (cohorts?.exclusions ?? []).map((e) => ({
    cohortId: e.cohortId,
    kind: e.kind,
    reason: e.reason,
    excludedAt: e.excludedAt,
    votes: e.votes,
    restored: e.restoredAt !== null,
    restoredAt: e.restoredAt,
  }));
  return {
    format: OPEN_DATA_FORMAT,
    generatedAt: now.toISOString(),
    consultation: publicFields,
    proposals,
    refused: rows.refused,
    ...(exclusions.length ? { exclusions } : {}),
  };
}

const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/**
 * Format 2's columns. Format 1 had `status` and the latest moderation decision, reason and time:
 * every row is accepted now, and a refusal reason is never published next to a text.
 */
export const CSV_COLUMNS = [
  'id',
  'themeId',
  'content',
  'authorName',
  'authorAge',
  'authorOrganisation',
  'authorCountry',
  'createdAt',
  ...VOTE_KEYS,
  ...VOTE_KEYS.map((k) => `verified${capitalised(k)}`),
  ...QUALIFICATION_KEYS,
  // Issue 10, appended so that format 2 readers that go by position keep working.
  ...VOTE_KEYS.map((k) => `issued${capitalised(k)}`),
  ...VOTE_KEYS.map((k) => `untrusted${capitalised(k)}`),
  // Issue 10, cohorts: votes of excluded cohorts (the exclusions themselves are in the JSON only).
  ...VOTE_KEYS.map((k) => `excluded${capitalised(k)}`),
] as const;

export function openDataCsv(data: OpenData): string {
  const rows = data.proposals.map((p) => [
    p.id,
    p.themeId,
    p.content,
    p.author?.name,
    p.author?.age,
    p.author?.organisation,
    p.author?.country,
    p.createdAt,
    ...VOTE_KEYS.map((k) => p.votes[k]),
    ...VOTE_KEYS.map((k) => p.verifiedVotes[k]),
    ...QUALIFICATION_KEYS.map((q) => p.qualifications[q] ?? 0),
    ...VOTE_KEYS.map((k) => p.issuedVotes?.[k] ?? 0),
    ...VOTE_KEYS.map((k) => p.untrustedVotes?.[k] ?? 0),
    ...VOTE_KEYS.map((k) => p.excluded?.votes[k] ?? 0),
  ]);
  return [CSV_COLUMNS, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * RFC 4180 quoting, and text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
 * start) is prefixed with a quote mark: proposals are written by the public. Control characters
 * (ESC of terminal escapes, NUL…) become U+FFFD: texts stored before the server refused them may
 * still hold some, and `cat export.csv` must not run them.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = replaceControls(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
