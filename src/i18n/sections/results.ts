import type { ConsultLocale } from '../locale.js';
import { sectionOf } from '../index.js';
import type { Continent, VoteKey } from '../../protocol/index.js';
// Strings of <consult-results>.

/** The three counters at the top of the results. */
export type ResultsCounter = 'participants' | 'proposals' | 'votes';
/** The two published lists. */
export type ResultsList = 'popular' | 'divisive';

export interface ResultsStrings {
  /** Accessible name of the widget's region when the consultation has no title yet. */
  region: string;
  /** Said by the loading skeleton. */
  loading: string;
  /** Accessible name of the counters list. */
  counters: string;
  /** Before the list of continents of an expert consultation's authors: "Proposals from 3 continents:". */
  continents: (count: number, formatted: string) => string;
  /** (Chromium's own region names do not cover continents everywhere: ours.) */
  continentName: Record<Continent, string>;
  /** The word after a counter's number: "11,661 participants". */
  counterLabel: (counter: ResultsCounter, count: number) => string;
  heading: Record<ResultsList, string>;
  /** One line under each list's heading saying what puts an idea there. */
  intro: Record<ResultsList, string>;
  /** Text alternative of the ♥ and ⚡ markers. */
  marker: Record<ResultsList, string>;
  filterLabel: string;
  allThemes: string;
  /** Filter option and theme heading of ideas without a theme. */
  noTheme: string;
  /** A list with no idea: `filtered` when a theme is chosen. */
  emptyList: (list: ResultsList, filtered: boolean) => string;
  /** Neither list has an idea: no proposal has enough votes to be rated yet. */
  notEnoughVotes: (minVotes: string) => string;
  closedNote: string;
  /** Caption of the table that repeats the lists for screen readers; `theme` when filtered. */
  tableCaption: (theme: string | undefined) => string;
  columns: { idea: string; theme: string; list: string; agree: string; disagree: string; neutral: string; votes: string };
  /** The table's "list" column. */
  listName: Record<ResultsList, string>;
  /**
   * `show-robustness`: under an idea, how many more votes of `key` would take it out of its list
   * (docs/methodology.md, "Robustness"): "It would take 125 more votes against to leave this list".
   * Optional, like the two below, so that a locale written before them still type-checks: English
   * stands in.
   */
  robustness?: (key: VoteKey, count: number, formatted: string) => string;
  /** The same in the table's extra column, short: "125 votes against". */
  robustnessCell?: (key: VoteKey, count: number, formatted: string) => string;
  /** Header of that column. */
  robustnessColumn?: string;
  /** A long idea shortened in a list: the button that shows it whole, and the one that shortens it again. */
  readMore?: string;
  readLess?: string;
  errors: {
    load: string;
    unsupported: string;
    missingConsultation: string;
    /** A live refresh failed: the results shown are the last ones that loaded. */
    refresh: string;
  };
  /** Announced when a live refresh changes the popular or divisive lists. */
  updated: string;
  /** Announced when the theme filter changes what the lists show. */
  shown: (count: number, formatted: string) => string;
}

const enPlural = new Intl.PluralRules('en');
const frPlural = new Intl.PluralRules('fr');

/** "125 more votes against", "1 more neutral vote", "3 votes in favour". */
function enVotes(key: VoteKey, count: number, formatted: string, more: string): string {
  const votes = enPlural.select(count) === 'one' ? 'vote' : 'votes';
  return key === 'neutral' ? `${formatted} ${more}neutral ${votes}` : `${formatted} ${more}${votes} ${key === 'agree' ? 'in favour' : 'against'}`;
}

/** "125 votes contre", "1 vote neutre", "3 votes pour". */
function frVotes(key: VoteKey, count: number, formatted: string): string {
  const one = frPlural.select(count) === 'one';
  const what = key === 'agree' ? 'pour' : key === 'disagree' ? 'contre' : one ? 'neutre' : 'neutres';
  return `${formatted} ${one ? 'vote' : 'votes'} ${what}`;
}

export const resultsEn = {
  region: 'Results',
  loading: 'Loading results…',
  counters: 'The consultation in figures',
  continents: (count, formatted) => `Proposals from ${formatted} ${count === 1 ? 'continent' : 'continents'}:`,
  continentName: { africa: 'Africa', americas: 'Americas', asia: 'Asia', europe: 'Europe', oceania: 'Oceania' },
  counterLabel: (counter, count) => {
    const one = enPlural.select(count) === 'one';
    return { participants: one ? 'participant' : 'participants', proposals: one ? 'proposal' : 'proposals', votes: one ? 'vote' : 'votes' }[counter];
  },
  heading: { popular: 'Popular ideas', divisive: 'Divisive ideas' },
  intro: {
    popular: 'Ideas a large majority agreed with, by theme.',
    divisive: 'Ideas that split participants between agree and disagree.',
  },
  marker: { popular: 'Popular idea', divisive: 'Divisive idea' },
  filterLabel: 'Theme',
  allThemes: 'All themes',
  noTheme: 'No theme',
  emptyList: (list, filtered) =>
    `${list === 'popular' ? 'No popular idea' : 'No divisive idea'} ${filtered ? 'in this theme.' : 'yet.'}`,
  notEnoughVotes: (minVotes) =>
    `Not enough votes yet: an idea is rated once it has at least ${minVotes} votes. Come back when more people have voted.`,
  closedNote: 'This consultation is closed: these are its final results.',
  tableCaption: (theme) =>
    `Popular and divisive ideas${theme ? ` of the theme ${theme}` : ''}, with the share of agree, disagree and neutral votes`,
  columns: { idea: 'Idea', theme: 'Theme', list: 'List', agree: 'Agree', disagree: 'Disagree', neutral: 'Neutral', votes: 'Votes' },
  listName: { popular: 'Popular', divisive: 'Divisive' },
  robustness: (key, count, formatted) => `It would take ${enVotes(key, count, formatted, 'more ')} to leave this list.`,
  robustnessCell: (key, count, formatted) => enVotes(key, count, formatted, ''),
  robustnessColumn: 'Votes that would take it out of its list',
  readMore: 'Read more',
  readLess: 'Show less',
  errors: {
    load: 'The results could not be loaded.',
    unsupported: 'This adapter cannot give results (it has no getResults method).',
    missingConsultation: 'No consultation is set: add consultation="…" or place the widget inside <consult-consultation>.',
    refresh: 'The results could not be refreshed: the figures shown may be out of date.',
  },
  updated: 'Results updated.',
  shown: (count, formatted) => `${formatted} ${enPlural.select(count) === 'one' ? 'idea' : 'ideas'} shown.`,
} satisfies Required<ResultsStrings>;

export const resultsFr: ResultsStrings = {
  region: 'Résultats',
  loading: 'Chargement des résultats…',
  counters: 'La consultation en chiffres',
  continents: (count, formatted) => `Propositions venues de ${formatted} ${count > 1 ? 'continents' : 'continent'} :`,
  continentName: { africa: 'Afrique', americas: 'Amériques', asia: 'Asie', europe: 'Europe', oceania: 'Océanie' },
  counterLabel: (counter, count) => {
    const one = frPlural.select(count) === 'one';
    return { participants: one ? 'participant' : 'participants', proposals: one ? 'proposition' : 'propositions', votes: one ? 'vote' : 'votes' }[counter];
  },
  heading: { popular: 'Idées plébiscitées', divisive: 'Idées controversées' },
  intro: {
    popular: "Idées qu'une large majorité a approuvées, par thème.",
    divisive: 'Idées qui partagent les participants entre pour et contre.',
  },
  marker: { popular: 'Idée plébiscitée', divisive: 'Idée controversée' },
  filterLabel: 'Thème',
  allThemes: 'Tous les thèmes',
  noTheme: 'Sans thème',
  emptyList: (list, filtered) =>
    `${list === 'popular' ? 'Aucune idée plébiscitée' : 'Aucune idée controversée'} ${filtered ? 'dans ce thème.' : 'pour le moment.'}`,
  notEnoughVotes: (minVotes) =>
    `Pas encore assez de votes : une idée est classée à partir de ${minVotes} votes. Revenez quand plus de personnes auront voté.`,
  closedNote: 'Cette consultation est terminée : voici ses résultats définitifs.',
  tableCaption: (theme) =>
    `Idées plébiscitées et controversées${theme ? ` du thème ${theme}` : ''}, avec la part des votes pour, contre et neutres`,
  columns: { idea: 'Idée', theme: 'Thème', list: 'Liste', agree: "D'accord", disagree: "Pas d'accord", neutral: 'Neutre', votes: 'Votes' },
  listName: { popular: 'Plébiscitée', divisive: 'Controversée' },
  robustness: (key, count, formatted) =>
    `${frVotes(key, count, formatted)} ${frPlural.select(count) === 'one' ? 'supplémentaire la ferait' : 'supplémentaires la feraient'} sortir de cette liste.`,
  robustnessCell: (key, count, formatted) => frVotes(key, count, formatted),
  robustnessColumn: 'Votes qui la feraient sortir de sa liste',
  readMore: 'Lire la suite',
  readLess: 'Réduire',
  errors: {
    load: "Les résultats n'ont pas pu être chargés.",
    unsupported: "Cet adaptateur ne fournit pas de résultats (il n'a pas de méthode getResults).",
    missingConsultation: 'Aucune consultation indiquée : ajoutez consultation="…" ou placez le widget dans <consult-consultation>.',
    refresh: "Les résultats n'ont pas pu être actualisés : les chiffres affichés peuvent être dépassés.",
  },
  updated: 'Résultats mis à jour.',
  shown: (count, formatted) => (frPlural.select(count) === 'one' ? `${formatted} idée affichée.` : `${formatted} idées affichées.`),
};

/** The robustness strings of `strings`, English for a locale that has none. */
export function robustnessStrings(strings: ResultsStrings): Pick<Required<ResultsStrings>, 'robustness' | 'robustnessCell' | 'robustnessColumn'> {
  return {
    robustness: strings.robustness ?? resultsEn.robustness,
    robustnessCell: strings.robustnessCell ?? resultsEn.robustnessCell,
    robustnessColumn: strings.robustnessColumn ?? resultsEn.robustnessColumn,
  };
}

/** These strings in `locale`: its own `results` section, else the built-in one for its language, else English. */
export function resultsStrings(locale: ConsultLocale): ResultsStrings {
  return sectionOf(locale, locale.results, { en: resultsEn, fr: resultsFr });
}
