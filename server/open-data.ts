/**
 * Open data: a consultation's proposals, tallies, qualifications and moderation outcomes, as JSON
 * (`OpenData` in src/protocol/admin.ts) and as CSV (one row per proposal, for spreadsheets).
 * Never a participant id: the storage's `openData` has none to give.
 */
import type { AdminConsultation, OpenData, OpenDataProposal } from '../src/protocol/admin.js';
import { QUALIFICATION_KEYS, replaceControls, VOTE_KEYS } from '../src/protocol/index.js';

export function openDataOf(consultation: AdminConsultation, proposals: OpenDataProposal[], now: Date = new Date()): OpenData {
  const { allowedOrigins: _o, requireSignedParticipants: _s, ...publicFields } = consultation;
  return { format: 'consult-widgets/open-data@1', generatedAt: now.toISOString(), consultation: publicFields, proposals };
}

const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export const CSV_COLUMNS = [
  'id',
  'themeId',
  'status',
  'content',
  'authorName',
  'authorAge',
  'authorOrganisation',
  'authorCountry',
  'createdAt',
  ...VOTE_KEYS,
  ...VOTE_KEYS.map((k) => `verified${capitalised(k)}`),
  ...QUALIFICATION_KEYS,
  'moderationDecision',
  'moderationReason',
  'moderatedAt',
] as const;

export function openDataCsv(data: OpenData): string {
  const rows = data.proposals.map((p) => {
    const last = p.moderation.at(-1);
    return [
      p.id,
      p.themeId,
      p.status,
      p.content,
      p.author?.name,
      p.author?.age,
      p.author?.organisation,
      p.author?.country,
      p.createdAt,
      ...VOTE_KEYS.map((k) => p.votes[k]),
      ...VOTE_KEYS.map((k) => p.verifiedVotes[k]),
      ...QUALIFICATION_KEYS.map((q) => p.qualifications[q] ?? 0),
      last?.decision,
      last?.reason,
      last?.decidedAt,
    ];
  });
  return [CSV_COLUMNS, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * RFC 4180 quoting, and text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
 * start) is prefixed with a quote mark: proposals are written by the public. Control characters
 * (ESC of terminal escapes, NUL…) become U+FFFD: texts stored before the server refused them may
 * still hold some, and `cat export.csv` must not run them.
 */
function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = replaceControls(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
