/** Pieces both storages share: consultation rows and the import file's cross-checks. */
import type { AdminConsultation, ConsultationConfig, ImportFile } from '../../src/protocol/admin.js';
import type { ConsultationCounts } from '../../src/protocol/index.js';
import type { Refusal } from './storage.js';

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
