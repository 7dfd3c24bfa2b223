/**
 * Proposal text: THE rules, one copy for the widget (which counts and refuses as people type) and
 * every backend (which refuses the same texts and stores the cleaned one). Pure, no dependency:
 * browser bundles carry it, so it stays small. docs/server.md "Proposal text" explains the choices.
 *
 * Every rule uses only what is stable across JavaScript engines (NFC, Unicode properties, code
 * points), so a browser and the server always count the same: grapheme clusters were rejected
 * because their rules change between Unicode versions (15.1 made an Indic conjunct one cluster).
 */

/** More combining marks than this in a row on one character is "zalgo" text, refused. */
export const MAX_MARKS_PER_CHARACTER = 4;

// Property names are the short aliases (DI, ExtPict, EMod, Latn…): every browser bundle
// carries these patterns. DI is Default_Ignorable_Code_Point: every character that renders as
// nothing (zero-width space and joiners, word joiner, BOM, soft hyphen, Hangul fillers, combining
// grapheme joiner, bidi embeddings, overrides, isolates and marks, variation selectors, tags, …).
const IGNORABLE = /\p{DI}/u;
const IGNORABLES = /\p{DI}/gu;
const JOINER = /^[\u200C\u200D]$/;
const VARIATION_SELECTOR = /^[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
// What a joiner may stand between when it does a job: letters and marks of the scripts that join
// or form conjuncts (ZWNJ in Persian, ZWJ in Sinhala; never in Latin, Greek or Cyrillic, where it
// only hides a copy), emoji and what ends an emoji (skin tone, presentation selector) in sequences.
const JOINS_AFTER = /^(?:[\p{ExtPict}\p{EMod}\uFE0F]|(?![\p{sc=Latn}\p{sc=Grek}\p{sc=Cyrl}])[\p{L}\p{M}])$/u;
const JOINS_BEFORE = /^(?:\p{ExtPict}|(?![\p{sc=Latn}\p{sc=Grek}\p{sc=Cyrl}])[\p{L}\p{M}])$/u;
// A variation selector picks the look of the character just before it (❤️, 1️⃣, CJK variants).
const SELECTABLE = /^[^\p{M}\s\p{DI}]$/u;
/** Braille pattern blank: looks like a space but is a symbol, so `trim` keeps it. */
const BRAILLE_BLANK = /\u2800/g;
/**
 * Controls other than tab, line feed and carriage return: C0 (NUL, ESC…), DEL and C1. ESC starts
 * terminal escapes in logs and CSV viewers; PostgreSQL cannot even store NUL (SQLite would).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** With the `u` flag a surrogate matches alone only when it is not half of a pair. */
const LONE_SURROGATE = /\p{Cs}/u;
/** MAX_MARKS_PER_CHARACTER + 1 marks in a row. */
const ZALGO = /\p{M}{5,}/u;
const LETTER = /\p{L}/u;

/** False when the string holds half of a UTF-16 surrogate pair (JSON's `"\ud800"` gives one). */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Text for a place that must never hold control characters (a CSV file): each becomes U+FFFD. */
export function replaceControls(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}

/**
 * The invisible characters taken out, except a joiner inside a word or an emoji sequence and one
 * variation selector right after a visible character (those change what is shown). Runs of them,
 * and those at either end or beside a space, go.
 */
function withoutInvisible(text: string): string {
  if (!IGNORABLE.test(text)) return text; // the common case, about 20 times faster
  const points = Array.from(text);
  let out = '';
  let previous = '';
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const keep =
      !IGNORABLE.test(point) ||
      (JOINER.test(point) && JOINS_AFTER.test(previous) && JOINS_BEFORE.test(points[i + 1] ?? '')) ||
      (VARIATION_SELECTOR.test(point) && SELECTABLE.test(previous));
    if (keep) out += point;
    previous = keep ? point : '';
  }
  return out;
}

/**
 * A proposal text as it is counted and stored: NFC (one code point for "é" however it was typed),
 * invisible and bidi control characters removed, the braille blank read as a space, trimmed.
 * Idempotent: cleaning a cleaned text changes nothing.
 */
export function cleanProposalText(text: string): string {
  return withoutInvisible(text.normalize('NFC')).replace(BRAILLE_BLANK, ' ').trim();
}

/**
 * Characters as people count them: code points of the cleaned text (an emoji is one, "é" is one),
 * without the joiners and selectors kept inside emoji sequences (👨‍👩‍👧 is three).
 */
export function proposalLength(cleaned: string): number {
  let count = 0;
  for (const point of cleaned) if (!IGNORABLE.test(point)) count++;
  return count;
}

/** What a backend and the widget need of a consultation to check a text. */
export interface TextRules {
  min: number;
  max: number;
  prefix: string | null;
}

/**
 * Why a text is refused. `surrogate` is a malformed request (400 `invalid_request`); the others
 * are 422 `unprocessable`.
 */
export type TextProblem = 'surrogate' | 'control' | 'marks' | 'noLetter' | 'prefix' | 'tooShort' | 'tooLong';

export interface CheckedText {
  /** The text to store (`cleanProposalText`). */
  content: string;
  /** Its length (`proposalLength`). */
  length: number;
  /** The first rule it breaks, in the order listed in `TextProblem`, or null. */
  problem: TextProblem | null;
}

/** The characters no proposal may hold, whatever the consultation: see `TextProblem`. */
export function characterProblem(cleaned: string): 'surrogate' | 'control' | 'marks' | 'noLetter' | null {
  if (!isWellFormed(cleaned)) return 'surrogate';
  if (cleaned.search(CONTROL) !== -1) return 'control';
  // Kept joiners and selectors between marks must not split a zalgo run.
  if (ZALGO.test(cleaned.replace(IGNORABLES, ''))) return 'marks';
  if (!LETTER.test(cleaned)) return 'noLetter';
  return null;
}

/** A submitted text against the protocol's character rules and the consultation's prefix and length. */
export function checkProposalText(text: string, rules: TextRules): CheckedText {
  const content = cleanProposalText(text);
  const length = proposalLength(content);
  const prefix = rules.prefix ? withoutInvisible(rules.prefix.normalize('NFC')) : '';
  const problem =
    characterProblem(content) ??
    (prefix && !content.startsWith(prefix) ? 'prefix' : length < rules.min ? 'tooShort' : length > rules.max ? 'tooLong' : null);
  return { content, length, problem };
}

/** A backend's message for a refused text, in English (widgets word it themselves, per locale). */
export function describeTextProblem({ problem, length }: CheckedText, { min, max, prefix }: TextRules): string {
  switch (problem) {
    case 'surrogate':
      return 'The text holds an unpaired UTF-16 surrogate: send well-formed Unicode.';
    case 'control':
      return 'A proposal cannot contain control characters (NUL, ESC, …); tabs and line breaks are fine.';
    case 'marks':
      return `A proposal cannot stack more than ${MAX_MARKS_PER_CHARACTER} accents or marks on one character.`;
    case 'noLetter':
      return 'A proposal needs at least one visible letter (invisible characters, fillers and direction marks are removed first).';
    default:
      return `A proposal must be ${min}–${max} characters long${prefix ? ` and start with "${prefix}"` : ''} (this one has ${length}).`;
  }
}
