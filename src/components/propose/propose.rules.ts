import * as z from 'zod/mini';
import type { ConsultLocale } from '../../i18n/index.js';
import { formatNumber } from '../../i18n/index.js';
import { checkProposalText, cleanProposalText, proposalLength, SubmitProposalRequest, type Author, type Consultation } from '../../protocol/index.js';
import { proposeStrings } from '../../i18n/sections/propose.js';

/** The form's fields, in the order they appear (the first invalid one gets focus). */
export const FIELDS = ['content', 'theme', 'name', 'age', 'organisation', 'country'] as const;
export type Field = (typeof FIELDS)[number];

/** What the participant typed, as typed (strings, so a half-typed age survives a re-render). */
export interface Draft {
  text: string;
  themeId: string;
  name: string;
  age: string;
  organisation: string;
  country: string;
}

export function emptyDraft(themeId = ''): Draft {
  return { text: '', themeId, name: '', age: '', organisation: '', country: '' };
}

/** The consultation's rules for a submission, as the backend applies them. */
export interface FormRules {
  prefix: string | null;
  min: number;
  /** Never above the protocol's 5,000 (ProposalContent), whatever the consultation says. */
  max: number;
  themeIds: string[];
  expert: boolean;
}

const PROTOCOL_MAX = 5000;

export function rulesOf(c: Consultation, expert: boolean): FormRules {
  return {
    prefix: c.proposalPrefix || null,
    min: c.proposalMinLength,
    max: Math.min(c.proposalMaxLength, PROTOCOL_MAX),
    themeIds: c.themes.map((t) => t.id),
    expert,
  };
}

/**
 * The text sent: the fixed start, then what the participant typed, cleaned as the backend cleans it
 * (the backend stores and counts the whole, and refuses a text that does not start with the prefix).
 * A participant who types the start again ("we should ban…" after the locked "We should") does not
 * get it twice.
 */
export function contentOf(prefix: string | null, typed: string): string {
  const text = cleanProposalText(typed);
  if (!prefix) return text;
  const start = prefix.trim();
  const repeated = text.toLowerCase().startsWith(start.toLowerCase()) && /^(\s|$)/.test(text.slice(start.length));
  const rest = repeated ? text.slice(start.length).trim() : text;
  return cleanProposalText(rest ? `${prefix}${/\s$/.test(prefix) ? '' : ' '}${rest}` : prefix);
}

/** The request body without its `requestId` (chosen by the element: the same again for the same body). */
export type Body = Omit<z.infer<typeof SubmitProposalRequest>, 'requestId'>;

export function bodyOf(draft: Draft, rules: FormRules, participantId: string): Body {
  const author: Author = {};
  const name = draft.name.trim();
  if (name) author.name = name;
  if (rules.expert) {
    if (draft.organisation.trim()) author.organisation = draft.organisation.trim();
    if (draft.country) author.country = draft.country;
  } else if (draft.age.trim()) {
    // Only digits make an age; anything else is left to the schema to refuse (NaN is not an integer).
    author.age = /^\d{1,3}$/.test(draft.age.trim()) ? Number(draft.age.trim()) : Number.NaN;
  }
  return {
    participantId,
    content: contentOf(rules.prefix, draft.text),
    ...(draft.themeId ? { themeId: draft.themeId } : {}),
    ...(Object.keys(author).length > 0 ? { author } : {}),
  };
}

export type Problems = Partial<Record<Field | 'form', string>>;

/** The draft after the participant changed the field named `name` (its error goes as it is edited). */
export function edit(draft: Draft, problems: Problems, name: string, value: string): { draft: Draft; problems: Problems } | undefined {
  if (!Object.prototype.hasOwnProperty.call(draft, name)) return undefined;
  const field = (name === 'text' ? 'content' : name === 'themeId' ? 'theme' : name) as Field;
  return { draft: { ...draft, [name]: value }, problems: problems[field] ? { ...problems, [field]: undefined } : problems };
}

/**
 * Why the backend would refuse this body, per field, in the participant's language: the
 * consultation's rules exactly as the reference server checks them (server/http/protocol-routes.ts),
 * then the protocol's own schema (SubmitProposalRequest) for everything else. Empty: send it.
 */
export function problemsOf(draft: Draft, body: Body, requestId: string, rules: FormRules, locale: ConsultLocale): Problems {
  const l = proposeStrings(locale).errors;
  const n = (value: number) => formatNumber(locale, value);
  const problems: Problems = {};
  const add = (field: Field | 'form', message: string) => (problems[field] ??= message);

  // The protocol's own rule (src/protocol/text.ts), so the form counts and refuses as the server does.
  const { length: count, problem } = checkProposalText(body.content, rules);
  // Only invisible characters typed: "needs words" (as the server says), not "write your idea".
  if (!draft.text.trim() || (rules.prefix && body.content === contentOf(rules.prefix, ''))) add('content', l.required);
  else if (problem === 'surrogate' || problem === 'control') add('content', l.badCharacter);
  else if (problem === 'marks') add('content', l.tooManyMarks);
  else if (problem === 'noLetter') add('content', l.noLetter);
  else if (problem === 'tooShort') add('content', l.tooShort(n(rules.min), n(count)));
  else if (problem === 'tooLong') add('content', l.tooLong(n(rules.max), count - rules.max, n(count - rules.max)));
  if (body.themeId && !rules.themeIds.includes(body.themeId)) add('theme', l.theme);
  if (rules.expert && !draft.organisation.trim()) add('organisation', l.organisationRequired);
  if (rules.expert && !draft.country) add('country', l.countryRequired);

  const parsed = z.safeParse(SubmitProposalRequest, { ...body, requestId });
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const [top, inner] = issue.path;
    const maximum = issue.code === 'too_big' ? Number(issue.maximum) : 0;
    if (top === 'content') {
      // Past 5,000 UTF-16 units: the schema counts those, not code points.
      const over = Math.max(1, body.content.length - maximum);
      add('content', issue.code === 'too_big' ? l.tooLong(n(rules.max), over, n(over)) : l.required);
    } else if (top === 'themeId') add('theme', l.theme);
    else if (top === 'author' && inner === 'name') add('name', l.nameTooLong(n(maximum)));
    else if (top === 'author' && inner === 'age') add('age', l.age);
    else if (top === 'author' && inner === 'organisation') add('organisation', l.organisationTooLong(n(maximum)));
    else if (top === 'author' && inner === 'country') add('country', l.countryRequired);
    else add('form', `${l.other} "${issue.path.join('.')}": ${issue.message}.`);
  }
  return problems;
}

/** The first field (in form order) with a problem, if any. */
export function firstInvalid(problems: Problems): Field | undefined {
  return FIELDS.find((field) => problems[field]);
}

/** Which stretch of the limit a text is in: over it, at it, within 10, within 20, or further. */
function stretch(left: number): number {
  if (left < 0) return -1;
  if (left === 0) return 0;
  if (left <= 10) return 10;
  if (left <= 20) return 20;
  return Infinity;
}

/**
 * What to tell a screen reader as the text grows or shrinks: something only when it crosses into
 * 20, 10 or 0 characters left, goes over the limit, or comes back under it; never on every keystroke.
 */
export function counterNews(rules: FormRules, before: Draft, after: Draft, locale: ConsultLocale): string | undefined {
  const count = (draft: Draft) => proposalLength(contentOf(rules.prefix, draft.text));
  const was = stretch(rules.max - count(before));
  const left = rules.max - count(after);
  const is = stretch(left);
  if (is === was || (is > was && was !== -1)) return undefined;
  const l = proposeStrings(locale);
  if (left < 0) return l.charactersOver(-left, formatNumber(locale, -left));
  return l.charactersLeft(left, formatNumber(locale, left));
}

/** A fresh request id (protocol `Id`: letters, digits, `_` and `-`). */
export function newRequestId(): string {
  // randomUUID exists only in secure contexts; a partner page on http:// still needs ids.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
