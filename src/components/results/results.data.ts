import * as z from 'zod/mini';
import type { ConsultAdapter } from '../../adapters/adapter.js';
import { ConsultError } from '../../adapters/errors.js';
import { coalesceAbortable } from '../../internal/coalesce-abortable.js';
import {
  Consultation,
  ConsultationResults,
  describeIssue,
  Id,
  ProposalResult,
  type ConsultationCounts,
  type ResultsContinent,
  type Tally,
} from '../../protocol/index.js';
import type { ResultsList } from '../../i18n/sections/results.js';
import { shorten } from './results.text.js';

/** Filter value of ideas without a theme: `~` is never part of a protocol id. */
export const NO_THEME = '~';

/** One listed idea, with what its row and its bar show. */
export interface Idea {
  id: string;
  content: string;
  /** The start of a long idea, shown in the lists until "Read more" (results.text.ts); else `undefined`. */
  short: string | undefined;
  list: ResultsList;
  /** Filter value of its theme: the theme id, or NO_THEME. */
  theme: string;
  themeLabel: string;
  votes: Tally;
  total: number;
  shares: ProposalResult['shares'];
  /** How many more votes would take it out of its list; `undefined` when the backend does not say. */
  robustness: ProposalResult['robustness'];
}

export interface ThemeGroup {
  theme: string;
  label: string;
  ideas: Idea[];
}

/** What the widget shows, derived once per answer (rendering and filtering only read it). */
export interface ResultsModel {
  counts: ConsultationCounts;
  minVotes: number;
  closed: boolean;
  title: string;
  question: string;
  /** The consultation's language: the `lang` of its title, question, themes and ideas. */
  locale: string;
  popular: ThemeGroup[];
  divisive: Idea[];
  /** Themes that have a listed idea, in the consultation's order (ideas without a theme last). */
  themes: { value: string; label: string }[];
  /** Accepted proposals per continent of their authors (expert consultations); empty otherwise. */
  continents: ResultsContinent[];
}

/** `getResults` reports `unsupported` when the adapter has none (it is optional in the contract). */
export function hasResults(adapter: ConsultAdapter): boolean {
  return typeof adapter.getResults === 'function';
}

/**
 * The results envelope, every part of it checked except the proposals' details: the widget reads
 * only the ≤ 24 listed proposals (checked one by one below), and checking the other
 * hundreds with zod would cost most of the render budget (tens of ms on a first parse) for data
 * nobody sees. Ids, counts, method and lists are all checked; so is every proposal's `proposalId`.
 */
const ResultsEnvelope = z.extend(ConsultationResults, {
  proposals: z.array(z.object({ proposalId: Id })),
});

/** The checked parts of the results: the envelope, and the listed proposals by id. */
export interface CheckedResults {
  results: Omit<ConsultationResults, 'proposals'>;
  listed: Map<string, ProposalResult>;
}

/** The raw answer of `getResults` (to spot an unchanged one) and its checked parts. */
export interface ResultsAnswer {
  raw: unknown;
  checked: CheckedResults;
}

/**
 * The results, checked against protocol v1. `previous` is the last raw answer: an adapter that
 * knows nothing changed (the REST adapter on a 304) hands back that very object, and checking it
 * again would be wasted work, so `undefined` comes back instead.
 */
export async function fetchResults(
  adapter: ConsultAdapter,
  consultationId: string,
  previous?: unknown,
  signal?: AbortSignal,
): Promise<ResultsAnswer | undefined> {
  let raw: unknown;
  try {
    raw = await coalesceAbortable(adapter, `results:${consultationId}`, (shared) => adapter.getResults!(consultationId, { signal: shared }), signal);
  } catch (error) {
    throw ConsultError.from(error);
  }
  if (previous !== undefined && raw === previous) return undefined;
  return { raw, checked: checkResults(raw) };
}

export function checkResults(raw: unknown): CheckedResults {
  const envelope = z.safeParse(ResultsEnvelope, raw);
  if (!envelope.success) throw badResponse(describeIssue(envelope.error));
  const { proposals: _all, ...results } = envelope.data;
  // The envelope check proved `raw.proposals` is an array of objects with an id.
  const all = (raw as { proposals: { proposalId: string }[] }).proposals;
  const wanted = new Set([...results.popular.flatMap((g) => g.proposalIds), ...results.divisive]);
  const listed = new Map<string, ProposalResult>();
  for (let i = 0; i < all.length && listed.size < wanted.size; i++) {
    const id = all[i]!.proposalId;
    if (!wanted.has(id) || listed.has(id)) continue;
    const proposal = z.safeParse(ProposalResult, all[i]);
    if (!proposal.success) {
      const issue = proposal.error.issues[0];
      throw badResponse(`"${['proposals', i, ...(issue?.path ?? [])].map(String).join('.')}": ${issue?.message ?? 'invalid'}`);
    }
    listed.set(id, proposal.data);
  }
  for (const id of wanted) {
    if (!listed.has(id)) throw badResponse(`"popular" or "divisive" lists "${id}", which is not among "proposals"`);
  }
  return { results, listed };
}

export { fetchConsultation } from '../../internal/fetch-consultation.js';

function badResponse(detail: string): ConsultError {
  return new ConsultError('bad_response', `The adapter returned invalid results: ${detail}.`);
}

/** Join the listed ideas with the consultation's theme labels. */
export function buildModel({ results, listed }: CheckedResults, consultation: Consultation, noThemeLabel: string): ResultsModel {
  const labels = new Map(consultation.themes.map((t) => [t.id, t.label]));
  const labelOf = (themeId: string | null) => (themeId === null ? noThemeLabel : (labels.get(themeId) ?? themeId));
  const idea = (id: string, list: ResultsList): Idea => {
    const p = listed.get(id)!;
    const { agree, disagree, neutral } = p.votes;
    return {
      id,
      content: p.content,
      short: shorten(p.content),
      list,
      theme: p.themeId ?? NO_THEME,
      themeLabel: labelOf(p.themeId),
      votes: p.votes,
      total: agree + disagree + neutral,
      shares: p.shares,
      robustness: p.robustness,
    };
  };
  const popular = results.popular.map((group) => ({
    theme: group.themeId ?? NO_THEME,
    label: labelOf(group.themeId),
    ideas: group.proposalIds.map((id) => idea(id, 'popular')),
  }));
  const divisive = results.divisive.map((id) => idea(id, 'divisive'));

  const used = new Set([...popular.flatMap((g) => g.ideas), ...divisive].map((i) => i.theme));
  const themes = consultation.themes.filter((t) => used.has(t.id)).map((t) => ({ value: t.id, label: t.label }));
  // Themes the consultation does not name (an adapter out of step) still get an option.
  for (const value of used) {
    if (value !== NO_THEME && !labels.has(value)) themes.push({ value, label: value });
  }
  if (used.has(NO_THEME)) themes.push({ value: NO_THEME, label: noThemeLabel });

  return {
    counts: results.counts,
    minVotes: results.method.minVotes,
    closed: consultation.status === 'closed',
    title: consultation.title,
    question: consultation.question,
    locale: consultation.locale,
    popular,
    divisive,
    themes,
    continents: results.continents ?? [],
  };
}

/** The model with only the ideas of `theme` ('' keeps all). */
export function filterModel(model: ResultsModel, theme: string): Pick<ResultsModel, 'popular' | 'divisive'> {
  if (!theme) return model;
  return {
    popular: model.popular.filter((g) => g.theme === theme),
    divisive: model.divisive.filter((i) => i.theme === theme),
  };
}

/** The ranked lists as one string: a live refresh that leaves it alone changed only figures. */
export function listsSignature({ results }: CheckedResults): string {
  return JSON.stringify([results.popular, results.divisive]);
}

/** Everything the widget shows of an answer, as one string: equal strings, nothing to redraw. */
export function fingerprint({ results, listed }: CheckedResults): string {
  return JSON.stringify([results, [...listed.values()]]);
}
