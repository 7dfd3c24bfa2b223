import type { ConsultLocale } from '../locale.js';
import { sectionOf } from '../index.js';
import { fill, merge, plural } from '../messages.js';
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

/** English: the source of the `results` section of every translation file. */
export const resultsMessagesEn = {
  region: 'Results',
  loading: 'Loading results…',
  counters: 'The consultation in figures',
  continents_one: 'Proposals from {{count}} continent:',
  continents_other: 'Proposals from {{count}} continents:',
  continentName: { africa: 'Africa', americas: 'Americas', asia: 'Asia', europe: 'Europe', oceania: 'Oceania' },
  /** The word after a counter's big number. */
  counterLabel: {
    participants_one: 'participant',
    participants_other: 'participants',
    proposals_one: 'proposal',
    proposals_other: 'proposals',
    votes_one: 'vote',
    votes_other: 'votes',
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
  emptyList: {
    popular: 'No popular idea yet.',
    divisive: 'No divisive idea yet.',
    popularFiltered: 'No popular idea in this theme.',
    divisiveFiltered: 'No divisive idea in this theme.',
  },
  notEnoughVotes: 'Not enough votes yet: an idea is rated once it has at least {{minVotes}} votes. Come back when more people have voted.',
  closedNote: 'This consultation is closed: these are its final results.',
  tableCaption: 'Popular and divisive ideas, with the share of agree, disagree and neutral votes',
  tableCaptionTheme: 'Popular and divisive ideas of the theme {{theme}}, with the share of agree, disagree and neutral votes',
  columns: { idea: 'Idea', theme: 'Theme', list: 'List', agree: 'Agree', disagree: 'Disagree', neutral: 'Neutral', votes: 'Votes' },
  listName: { popular: 'Popular', divisive: 'Divisive' },
  /** Under an idea: how many more votes of each kind would take it out of its list. */
  robustness: {
    agree_one: 'It would take {{count}} more vote in favour to leave this list.',
    agree_other: 'It would take {{count}} more votes in favour to leave this list.',
    disagree_one: 'It would take {{count}} more vote against to leave this list.',
    disagree_other: 'It would take {{count}} more votes against to leave this list.',
    neutral_one: 'It would take {{count}} more neutral vote to leave this list.',
    neutral_other: 'It would take {{count}} more neutral votes to leave this list.',
  },
  /** The same in the table's column, short. */
  robustnessCell: {
    agree_one: '{{count}} vote in favour',
    agree_other: '{{count}} votes in favour',
    disagree_one: '{{count}} vote against',
    disagree_other: '{{count}} votes against',
    neutral_one: '{{count}} neutral vote',
    neutral_other: '{{count}} neutral votes',
  },
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
  shown_one: '{{count}} idea shown.',
  shown_other: '{{count}} ideas shown.',
};

function resultsFrom(tag: string, m: typeof resultsMessagesEn): Required<ResultsStrings> {
  return {
    ...m,
    continents: (count, formatted) => plural(m, tag, 'continents', count, { count: formatted }),
    counterLabel: (counter, count) => plural(m.counterLabel, tag, counter, count, {}),
    emptyList: (list, filtered) => m.emptyList[filtered ? (`${list}Filtered` as const) : list],
    notEnoughVotes: (minVotes) => fill(m.notEnoughVotes, { minVotes }),
    tableCaption: (theme) => (theme ? fill(m.tableCaptionTheme, { theme }) : m.tableCaption),
    robustness: (key, count, formatted) => plural(m.robustness, tag, key, count, { count: formatted }),
    robustnessCell: (key, count, formatted) => plural(m.robustnessCell, tag, key, count, { count: formatted }),
    shown: (count, formatted) => plural(m, tag, 'shown', count, { count: formatted }),
  };
}

export const resultsEn = resultsFrom('en', resultsMessagesEn);

/** The robustness strings of `strings`, English for a locale that has none. */
export function robustnessStrings(strings: ResultsStrings): Pick<Required<ResultsStrings>, 'robustness' | 'robustnessCell' | 'robustnessColumn'> {
  return {
    robustness: strings.robustness ?? resultsEn.robustness,
    robustnessCell: strings.robustnessCell ?? resultsEn.robustnessCell,
    robustnessColumn: strings.robustnessColumn ?? resultsEn.robustnessColumn,
  };
}

/** These strings in `locale`: its own `results` section, else its translation file's, else English. */
export function resultsStrings(locale: ConsultLocale): ResultsStrings {
  return sectionOf(locale, 'results', locale.results, resultsEn, (tag, m) => resultsFrom(tag, merge(resultsMessagesEn, m)));
}
