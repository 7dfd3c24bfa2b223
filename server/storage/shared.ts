/**
 * Pieces both storages share: schema fragments, consultation rows, the import file's cross-checks,
 * why a write is refused, and how read rows become answers (pages, open data).
 */
import {
  publishedAuthor,
  REFUSAL_REASONS,
  type AdminConsultation,
  type ConsultationConfig,
  type ImportFile,
  type ModerationDecision,
  type OpenDataRefusals,
  type RefusalReason,
} from '../../src/protocol/admin.js';
import { characterProblem, type Author, type ConsultationCounts, type ParticipantVote, type Proposal } from '../../src/protocol/index.js';
import {
  COUNTER_COLUMNS,
  proposalOf,
  qualificationsOf,
  tallyOf,
  VERIFIED_COLUMNS,
  type ProposalRow,
  type VoteRow,
} from './rules.js';
import type { OpenDataRows, ProposalListPage, Refusal } from './storage.js';

/** The counter columns of the `proposals` table, as written in both databases' first migration. */
export const COUNTER_COLUMNS_DDL = COUNTER_COLUMNS.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(',\n  ');
/**
 * Migration 2 (issue 9), the same SQL in both databases but for the integer type (SQLite's INTEGER
 * holds 64 bits, PostgreSQL's needs BIGINT for milliseconds since the epoch): the server's own
 * receive time on every vote row (a `votedAt` is the client's clock, and may be clamped), and
 * statuses put back in line with the moderation log where an earlier import had overridden a
 * moderator's decision (imports no longer do: see `IMPORT_STATUS_SQL`).
 */
export const migration2 = (integer64: 'INTEGER' | 'BIGINT') => `ALTER TABLE votes ADD COLUMN received_at ${integer64};
UPDATE proposals SET status = CASE
    (SELECT m.decision FROM moderation m WHERE m.proposal_seq = proposals.seq ORDER BY m.id DESC LIMIT 1)
    WHEN 'accept' THEN 'accepted' ELSE 'refused' END
  WHERE EXISTS (SELECT 1 FROM moderation m WHERE m.proposal_seq = proposals.seq);`;

/**
 * The status an import's upsert gives an existing proposal: the file's, unless a moderator has
 * decided on it. Then the latest decision stands (it set the status), so re-importing the
 * consultation file never silently undoes a refusal, and the log and the open data agree.
 */
export const IMPORT_STATUS_SQL = `CASE WHEN EXISTS (SELECT 1 FROM moderation m WHERE m.proposal_seq = proposals.seq)
           THEN proposals.status ELSE excluded.status END`;

/** The table that records which migrations ran, created before any of them. */
export const MIGRATIONS_TABLE_DDL = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)';

/** A `consultations` row: the configuration is one JSON column, status its own (it changes). */
export interface ConsultationRow {
  id: string;
  config: string | Omit<ConsultationConfig, 'id' | 'status'>;
  status: 'open' | 'closed';
}

export function consultationOf(row: ConsultationRow, counts: ConsultationCounts): AdminConsultation {
  const config = typeof row.config === 'string' ? JSON.parse(row.config) : row.config;
  return { id: row.id, ...config, status: row.status, counts };
}

/**
 * What the schema cannot check in an import file: themes that exist, proposal ids used once and
 * not by another consultation (a proposal id is global: `/proposals/{proposalId}`).
 */
export function checkImport(file: ImportFile, idsOfOtherConsultations: readonly string[]): Refusal | null {
  const themes = new Set(file.consultation.themes.map((t) => t.id));
  const unknownThemes = [...new Set(file.proposals.flatMap((p) => (p.themeId && !themes.has(p.themeId) ? [p.themeId] : [])))];
  if (unknownThemes.length) {
    return { refused: 'unprocessable', message: `Proposals name themes the consultation does not have: ${unknownThemes.join(', ')}.` };
  }
  const seen = new Set<string>();
  const repeated = file.proposals.filter((p) => seen.size === seen.add(p.id).size).map((p) => p.id);
  if (repeated.length) return { refused: 'unprocessable', message: `Proposal ids used twice: ${repeated.join(', ')}.` };
  if (idsOfOtherConsultations.length) {
    return {
      refused: 'conflict',
      message: `Proposal ids already used by another consultation: ${idsOfOtherConsultations.slice(0, 10).join(', ')}.`,
    };
  }
  // The protocol's character rules (control characters such as NUL or ESC, zalgo, no letter); the
  // schema already cleaned the texts and refused lone surrogates.
  const badText = file.proposals.flatMap((p) => {
    const problem = characterProblem(p.content);
    return problem ? [`${p.id} (${problem})`] : [];
  });
  if (badText.length) {
    return { refused: 'unprocessable', message: `Proposal texts refused (control characters, stacked marks or no letter): ${badText.slice(0, 10).join(', ')}.` };
  }
  const { proposalMinLength: min, proposalMaxLength: max } = file.consultation;
  if (min > max) return { refused: 'unprocessable', message: `proposalMinLength (${min}) is above proposalMaxLength (${max}).` };
  return null;
}

/**
 * The `author` column of a submitted proposal: only the fields its author agreed to publish
 * (`publishedAuthor`); what would never be shown is not kept either.
 */
export function authorColumn(author: Author | undefined): string | null {
  const published = publishedAuthor(author);
  return published ? JSON.stringify(published) : null;
}

/** What decides whether a vote or qualification can be written to a proposal. */
export interface WriteTarget {
  status: Proposal['status'];
  consultation_status: 'open' | 'closed';
}

/** Why a vote or qualification cannot be written to this proposal, if it cannot. */
export function writeRefusal(proposalId: string, target: WriteTarget | undefined): Refusal | null {
  if (!target || target.status !== 'accepted') return { refused: 'not_found', message: `No proposal has the id "${proposalId}".` };
  if (target.consultation_status === 'closed') {
    return { refused: 'closed', message: 'This consultation is closed: votes are no longer accepted.' };
  }
  return null;
}

/** Why a proposal cannot be submitted to this consultation, if it cannot. */
export function submissionRefusal(consultationId: string, consultation: { status: string } | undefined): Refusal | null {
  if (!consultation) return { refused: 'not_found', message: `No consultation has the id "${consultationId}".` };
  if (consultation.status === 'closed') return { refused: 'closed', message: 'This consultation is closed.' };
  return null;
}

/** A participant's vote as both databases return it (a `votes` row joined to its proposal's id). */
export interface ParticipantVoteRow {
  id: string;
  key: NonNullable<VoteRow['key']>;
  qualifications: number;
}

export function participantVoteOf(row: ParticipantVoteRow): ParticipantVote {
  return { proposalId: row.id, key: row.key, qualifications: qualificationsOf(row.qualifications) };
}

/** A `moderation` row joined to its proposal's id. */
export interface ModerationRow {
  proposal_id: string;
  decision: 'accept' | 'refuse';
  reason: RefusalReason | null;
  decided_at: string;
}

export function decisionOf(row: ModerationRow): ModerationDecision {
  return { proposalId: row.proposal_id, decision: row.decision, reason: row.reason, decidedAt: row.decided_at };
}

/** A page of proposals from `limit + 1` rows in `seq` order: the extra row only says that more follow. */
export function proposalPageOf(rows: Array<ProposalRow & { seq: number | string }>, limit: number): ProposalListPage {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items: items.map(proposalOf), nextAfter: more ? Number(items[items.length - 1]!.seq) : null };
}

/**
 * Refused proposals of a consultation counted by the reason of their latest decision (a refused
 * proposal's latest decision is its refusal: imports never override one); `reason` null: refused
 * by an import file. The same SQL in both databases.
 */
export const REFUSAL_COUNTS_SQL = (param: string) => `SELECT reason, COUNT(*) AS n FROM (
    SELECT (SELECT m.reason FROM moderation m WHERE m.proposal_seq = p.seq ORDER BY m.id DESC LIMIT 1) AS reason
      FROM proposals p WHERE p.consultation_id = ${param} AND p.status = 'refused') AS refused
  GROUP BY reason`;

/**
 * The open data of a consultation: its accepted proposals (`rows`, in `seq` order) with tallies
 * and the author fields their authors agreed to publish, and its refusals as counts by reason.
 */
export function openDataOf(rows: readonly ProposalRow[], refusals: ReadonlyArray<{ reason: RefusalReason | null; n: number | string }>): OpenDataRows {
  const proposals = rows.map((row) => {
    const { votes: _v, consultationId: _c, status: _s, ...proposal } = proposalOf(row);
    return { ...proposal, votes: tallyOf(row), verifiedVotes: tallyOf(row, VERIFIED_COLUMNS) };
  });
  const refused: OpenDataRefusals = {
    total: 0,
    byReason: Object.fromEntries(REFUSAL_REASONS.map((reason) => [reason, 0])) as OpenDataRefusals['byReason'],
    withoutReason: 0,
  };
  for (const { reason, n } of refusals) {
    refused.total += Number(n);
    if (reason) refused.byReason[reason] += Number(n);
    else refused.withoutReason += Number(n);
  }
  return { proposals, refused };
}
