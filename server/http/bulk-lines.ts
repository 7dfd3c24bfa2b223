/**
 * Bulk proposals (setup-routes.ts): a CSV body read into lines, and lines checked as a participant's
 * proposal is (the protocol's text rules with the consultation's prefix and lengths), each refusal
 * named by its line. The routes add all the lines or none.
 */
import type { ConsultationConfig } from 'consult-widgets/protocol/admin';
import { checkProposalText, describeTextProblem, type TextRules } from 'consult-widgets/protocol';
import { MAX_BULK_PROPOSALS, type BulkLineError } from 'consult-widgets/protocol/admin';
import { parseCsv } from './csv.js';
import { HttpError } from './errors.js';

/** One proposal as sent: its text, and its theme (id or label) or null. */
export interface Line {
  line: number;
  content: string;
  theme: string | null;
}

/** What a header's cells may say: the text column, then the theme column (either order). */
const TEXT_NAMES = new Set(['content', 'proposal', 'proposals', 'text', 'statement', 'idea', 'texte', 'proposition']);
const THEME_NAMES = new Set(['theme', 'themeid', 'theme_id', 'theme id', 'thème']);

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The body as text: UTF-8 only (a BOM is dropped), so no byte is ever guessed into a character. */
function decode(body: Buffer, contentType: string | undefined): string {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError('invalid_request', `Send the CSV as UTF-8 (this one says charset=${charset}).`);
  }
  if ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff)) {
    throw new HttpError('invalid_request', 'This CSV is UTF-16: save it as "CSV UTF-8".');
  }
  try {
    return UTF8.decode(body); // drops a leading BOM
  } catch {
    throw new HttpError('invalid_request', 'This CSV is not UTF-8 (Latin-1 or Windows-1252, maybe): save it as "CSV UTF-8".');
  }
}

/** The lines of a `text/csv` body: one proposal a record, an optional theme column, an optional header. */
export function linesOfBody(body: Buffer, contentType: string | undefined): Array<Line | { line: number; problem: string }> {
  const records = parseCsv(decode(body, contentType));
  if (records.length > MAX_BULK_PROPOSALS + 1) {
    throw new HttpError('too_large', `At most ${MAX_BULK_PROPOSALS} proposals a request (this one has ${records.length} lines).`);
  }
  let textColumn = 0;
  let themeColumn: number | null = 1;
  const first = records[0];
  if (first && 'fields' in first) {
    const names = first.fields.map((f) => f.trim().toLowerCase());
    if (names.some((n) => TEXT_NAMES.has(n))) {
      records.shift();
      textColumn = names.findIndex((n) => TEXT_NAMES.has(n));
      const theme = names.findIndex((n) => THEME_NAMES.has(n));
      themeColumn = theme === -1 ? null : theme;
      const unknown = names.filter((n) => !TEXT_NAMES.has(n) && !THEME_NAMES.has(n));
      if (unknown.length || names.length > 2) return [{ line: first.line, problem: `The header names unknown columns (${unknown.join(', ') || names.join(', ')}): use "content" and "theme".` }];
    }
  }
  const width = themeColumn === null ? 1 : 2;
  return records.map((r) => {
    if ('problem' in r) return r;
    if (r.fields.length > width) return { line: r.line, problem: `${r.fields.length} fields: expected the text${width === 2 ? ' and a theme' : ''} (quote a text that holds a comma).` };
    const theme = themeColumn === null ? '' : (r.fields[themeColumn] ?? '').trim();
    return { line: r.line, content: r.fields[textColumn] ?? '', theme: theme || null };
  });
}

/**
 * Lines checked against the consultation: text rules, a theme it has (by id, or by label whatever
 * the case), no text twice. Either every line, cleaned and with its theme id, or every refusal.
 */
export function checkLines(
  lines: ReadonlyArray<Line | { line: number; problem: string }>,
  consultation: Pick<ConsultationConfig, 'themes' | 'proposalMinLength' | 'proposalMaxLength' | 'proposalPrefix'>,
): { lines: Array<{ content: string; themeId: string | null }> } | { errors: BulkLineError[] } {
  if (!lines.length) throw new HttpError('invalid_request', 'No proposal was sent.');
  if (lines.length > MAX_BULK_PROPOSALS) throw new HttpError('too_large', `At most ${MAX_BULK_PROPOSALS} proposals a request.`);
  const rules: TextRules = { min: consultation.proposalMinLength, max: consultation.proposalMaxLength, prefix: consultation.proposalPrefix };
  const themes = consultation.themes;
  const errors: BulkLineError[] = [];
  const ok: Array<{ content: string; themeId: string | null }> = [];
  const seen = new Map<string, number>();
  for (const l of lines) {
    if ('problem' in l) {
      errors.push({ line: l.line, reason: l.problem });
      continue;
    }
    const checked = checkProposalText(l.content, rules);
    if (checked.problem) {
      errors.push({ line: l.line, reason: describeTextProblem(checked, rules) });
      continue;
    }
    let themeId: string | null = null;
    if (l.theme !== null && l.theme.trim() !== '') {
      const name = l.theme.trim();
      const theme = themes.find((t) => t.id === name) ?? themes.find((t) => t.label.toLowerCase() === name.toLowerCase());
      if (!theme) {
        errors.push({ line: l.line, reason: `The consultation has no theme "${name.slice(0, 100)}" (by id or label).` });
        continue;
      }
      themeId = theme.id;
    }
    const earlier = seen.get(checked.content);
    if (earlier !== undefined) {
      errors.push({ line: l.line, reason: `The same text as line ${earlier}.` });
      continue;
    }
    seen.set(checked.content, l.line);
    ok.push({ content: checked.content, themeId });
  }
  return errors.length ? { errors } : { lines: ok };
}
