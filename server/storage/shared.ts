/**
 * Pieces both storages share: schema fragments, consultation rows, the import file's cross-checks,
 * why a write is refused, and how read rows become answers (pages, open data).
 */
import type { AdminConsultation, ConsultationConfig, ImportFile, ModerationDecision, OpenDataProposal, RefusalReason } from '../../src/protocol/admin.js';
import type { ConsultationCounts, ParticipantVote, Proposal } from '../../src/protocol/index.js';
import {
  COUNTER_COLUMNS,
  proposalOf,
  qualificationsOf,
  tallyOf,
  VERIFIED_COLUMNS,
  type ProposalRow,
  type VoteRow,
} from './rules.js';
import type { ProposalListPage, Refusal } from './storage.js';

/** The counter columns of the `proposals` table, as written in both databases' first migration. */
export const COUNTER_COLUMNS_DDL = COUNTER_COLUMNS.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(',\n  ');
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
  // PostgreSQL cannot store NUL in text, SQLite would: refuse it on both.
  const withNul = file.proposals.filter((p) => p.content.includes('\u0000')).map((p) => p.id);
  if (withNul.length) return { refused: 'unprocessable', message: `Proposals contain NUL characters: ${withNul.join(', ')}.` };
  const { proposalMinLength: min, proposalMaxLength: max } = file.consultation;
  if (min > max) return { refused: 'unprocessable', message: `proposalMinLength (${min}) is above proposalMaxLength (${max}).` };
  return null;
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

/** Every proposal of a consultation (`rows`, in `seq` order) with its tallies and its moderation history. */
export function openDataOf(rows: readonly ProposalRow[], log: readonly ModerationDecision[]): OpenDataProposal[] {
  const decisions = new Map<string, OpenDataProposal['moderation']>();
  for (const d of log) {
    const list = decisions.get(d.proposalId) ?? [];
    list.push({ decision: d.decision, reason: d.reason, decidedAt: d.decidedAt });
    decisions.set(d.proposalId, list);
  }
  return rows.map((row) => {
    const { votes: _v, consultationId: _c, ...proposal } = proposalOf(row);
    return {
      ...proposal,
      votes: tallyOf(row),
      verifiedVotes: tallyOf(row, VERIFIED_COLUMNS),
      moderation: decisions.get(row.id) ?? [],
    };
  });
}
