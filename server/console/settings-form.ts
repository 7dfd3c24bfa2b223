/**
 * The settings form's data (settings-view.ts): a draft of strings as the inputs hold them, made
 * from the consultation the server gave; the PATCH of what the operator changed; a draft moved onto
 * a newer consultation without losing what was typed; the fields someone else changed meanwhile.
 */
import type { AdminConsultationView, ConsultationPatch } from 'consult-widgets/protocol/admin';
import { themeIds } from './setup-parts.js';

export interface DraftTheme {
  id: string;
  label: string;
}

/** What the form holds: one entry per field of ConsultationPatch but `status` (its own buttons). */
export interface Draft {
  title: string;
  question: string;
  locale: string;
  proposalPrefix: string;
  proposalMinLength: string;
  proposalMaxLength: string;
  themes: DraftTheme[];
  /** One origin a line. */
  allowedOrigins: string;
  requireSignedParticipants: boolean;
  countUntrusted: boolean;
  /** `datetime-local` values, in the operator's time zone; empty: no date. */
  opensAt: string;
  closesAt: string;
}

export type DraftField = keyof Draft;
export const DRAFT_FIELDS = [
  'title',
  'question',
  'locale',
  'proposalPrefix',
  'proposalMinLength',
  'proposalMaxLength',
  'themes',
  'allowedOrigins',
  'requireSignedParticipants',
  'countUntrusted',
  'opensAt',
  'closesAt',
] as const satisfies readonly DraftField[];

const two = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` value in this browser's time zone (to the minute). */
export function localInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A `datetime-local` value (this browser's time zone) as an ISO instant; empty: null (no date). */
export function isoOf(local: string): string | null {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function draftOf(c: AdminConsultationView): Draft {
  return {
    title: c.title,
    question: c.question,
    locale: c.locale,
    proposalPrefix: c.proposalPrefix ?? '',
    proposalMinLength: String(c.proposalMinLength),
    proposalMaxLength: String(c.proposalMaxLength),
    themes: c.themes.map((t) => ({ id: t.id, label: t.label })),
    allowedOrigins: c.allowedOrigins.join('\n'),
    requireSignedParticipants: c.requireSignedParticipants,
    countUntrusted: c.countUntrusted ?? false,
    opensAt: localInput(c.opensAt),
    closesAt: localInput(c.closesAt),
  };
}

const origins = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(/\/+$/, ''))
    .filter(Boolean);

/** One field of the draft as the PATCH sends it. */
function patchValue(draft: Draft, field: DraftField): unknown {
  switch (field) {
    case 'title':
    case 'question':
    case 'locale':
      return draft[field].trim();
    case 'proposalPrefix':
      return draft.proposalPrefix.trim() || null;
    case 'proposalMinLength':
    case 'proposalMaxLength':
      return Number(draft[field]);
    case 'themes':
      return draft.themes.map((t) => ({ id: t.id, label: t.label.trim() }));
    case 'allowedOrigins':
      return origins(draft.allowedOrigins);
    case 'opensAt':
    case 'closesAt':
      return isoOf(draft[field]);
    default:
      return draft[field];
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose value in `draft` differs from `base`'s. */
export function changedFields(base: Draft, draft: Draft): DraftField[] {
  return DRAFT_FIELDS.filter((f) => !same(patchValue(base, f), patchValue(draft, f)));
}

/** The PATCH body: only what changed (a cleared date is null: the server removes it). */
export function patchOf(base: Draft, draft: Draft): ConsultationPatch {
  return Object.fromEntries(changedFields(base, draft).map((f) => [f, patchValue(draft, f)])) as ConsultationPatch;
}

/**
 * The draft on a newer consultation: a field the operator left as it was takes the newer value, a
 * field they changed keeps what they typed.
 */
export function rebase(oldBase: Draft, draft: Draft, newBase: Draft): Draft {
  const touched = new Set(changedFields(oldBase, draft));
  const next = { ...newBase };
  for (const f of touched) (next as Record<DraftField, unknown>)[f] = draft[f];
  return next;
}

/** Fields the operator changed that someone else changed too, to another value, since `base`. */
export function conflicts(base: Draft, draft: Draft, current: Draft): DraftField[] {
  const mine = changedFields(base, draft);
  const theirs = new Set(changedFields(base, current));
  return mine.filter((f) => theirs.has(f) && !same(patchValue(draft, f), patchValue(current, f)));
}

/** A new theme's id: from its label, unlike every id the list has. */
export function newThemeId(label: string, themes: readonly DraftTheme[]): string {
  const base = themeIds([label])[0]?.id ?? 'theme';
  const taken = new Set(themes.map((t) => t.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
