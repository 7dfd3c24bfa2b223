import type { ConsultLocale } from '../locale.js';
import { sectionOf } from '../index.js';
import { fill, merge, plural } from '../messages.js';
// Strings of <consult-propose>. Numbers arrive formatted (formatNumber) with their raw value where
// a plural depends on it.

export interface ProposeStrings {
  /** Accessible name of the form (standard and expert mode). */
  title: string;
  expertTitle: string;
  /** Label of the text field; `startsWith` is added (visually hidden) when the text has a fixed start. */
  ideaLabel: string;
  expertLabel: string;
  startsWith: (prefix: string) => string;
  /** Help under the label: the length rule, in the units the backend counts (the fixed start included). */
  lengthHelp: (min: string, max: string, prefix: string | null) => string;
  /** The counter's visible text, e.g. "12 / 140", and what it says to a screen reader. */
  counter: (count: string, max: string) => string;
  counterSpoken: (count: string, max: string) => string;
  /** Announced when the text nears the limit (20, 10 and 0 characters left) or goes over it. */
  charactersLeft: (left: number, formatted: string) => string;
  charactersOver: (over: number, formatted: string) => string;
  themeLabel: string;
  noTheme: string;
  nameLabel: string;
  ageLabel: string;
  organisationLabel: string;
  countryLabel: string;
  chooseCountry: string;
  /** Default text of the `consent` slot. */
  consent: string;
  expertConsent: string;
  submit: string;
  expertSubmit: string;
  sending: string;
  /** The confirmation once the backend has the idea (it waits for moderation). */
  sentTitle: string;
  sentBody: string;
  sentIdea: string;
  another: string;
  /** The consultation takes no more ideas (closed), with the unsent text if there was one. */
  closed: string;
  unsentText: string;
  /** Not stored yet, and worth trying again: the network, a timeout, the server (5xx) or a rate limit. */
  notSaved: string;
  /** The backend refused the idea; its message follows. */
  refused: string;
  loading: string;
  errors: {
    load: string;
    missingConsultation: string;
    unsupported: string;
    required: string;
    tooShort: (min: string, count: string) => string;
    tooLong: (max: string, over: number, formatted: string) => string;
    badCharacter: string;
    /** Nothing but digits, symbols or emoji once invisible characters are taken out. */
    noLetter: string;
    /** "Zalgo": more than four accents or marks stacked on one character. */
    tooManyMarks: string;
    theme: string;
    nameTooLong: (max: string) => string;
    age: string;
    organisationRequired: string;
    organisationTooLong: (max: string) => string;
    countryRequired: string;
    /** A field the form cannot fix (e.g. a participant id from the page): the schema's words follow. */
    other: string;
  };
}

/** English: the source of the `propose` section of every translation file. */
export const proposeMessagesEn = {
  title: 'Propose an idea',
  expertTitle: 'Submit an expert contribution',
  ideaLabel: 'Your idea',
  expertLabel: 'Your contribution',
  startsWith: ', starting with “{{prefix}}”',
  lengthHelp: '{{min}} to {{max}} characters.',
  lengthHelpPrefix: '{{min}} to {{max}} characters, “{{prefix}}” included.',
  counter: '{{count}} / {{max}}',
  counterSpoken: '{{count}} of {{max}} characters',
  charactersLeftNone: 'No characters left',
  charactersLeft_one: '{{count}} character left',
  charactersLeft_other: '{{count}} characters left',
  charactersOver_one: '{{count}} character too many',
  charactersOver_other: '{{count}} characters too many',
  themeLabel: 'Theme (optional)',
  noTheme: 'No particular theme',
  nameLabel: 'Your first name (optional)',
  ageLabel: 'Your age (optional)',
  organisationLabel: 'Organisation',
  countryLabel: 'Country',
  chooseCountry: 'Choose a country',
  consent:
    'Your idea is published after moderation, with the first name and age you give, if any. Ideas that are off-topic, insulting, partisan or advertising are refused.',
  expertConsent: 'Your contribution is published after moderation, with your organisation, country and the name you give, if any.',
  submit: 'Propose my idea',
  expertSubmit: 'Submit my contribution',
  sending: 'Sending your idea…',
  sentTitle: 'Thank you! Your idea has been received.',
  sentBody: 'It will appear once a moderator has checked it.',
  sentIdea: 'Your idea:',
  another: 'Propose another idea',
  closed: 'This consultation is closed: it no longer takes new ideas.',
  unsentText: 'Your text, not sent:',
  notSaved: 'Your idea is not saved yet (connection or server problem). Your text is kept: try again.',
  refused: 'Your idea could not be sent.',
  loading: 'Loading the form…',
  errors: {
    load: 'The consultation could not be loaded.',
    missingConsultation: 'This form needs a consultation attribute, or a <consult-consultation> around it.',
    unsupported: 'This site cannot take new ideas here: its backend does not accept proposals.',
    required: 'Write your idea.',
    tooShort: 'Your idea is too short: at least {{min}} characters (it has {{count}}).',
    tooLong_one: 'Your idea is too long: {{count}} character too many (at most {{max}}).',
    tooLong_other: 'Your idea is too long: {{count}} characters too many (at most {{max}}).',
    badCharacter: 'Your idea contains a character that cannot be saved.',
    noLetter: 'Your idea needs words: write at least one letter.',
    tooManyMarks: 'Your idea stacks too many accents on one letter (at most four).',
    theme: 'Choose a theme from the list.',
    nameTooLong: 'Your first name can be at most {{max}} characters.',
    age: 'Enter your age as a whole number from 0 to 130, or leave it empty.',
    organisationRequired: 'Enter your organisation.',
    organisationTooLong: 'The organisation can be at most {{max}} characters.',
    countryRequired: 'Choose your country.',
    other: 'The form cannot be sent:',
  },
};

function proposeFrom(tag: string, m: typeof proposeMessagesEn): ProposeStrings {
  const e = m.errors;
  return {
    ...m,
    startsWith: (prefix) => fill(m.startsWith, { prefix }),
    lengthHelp: (min, max, prefix) => fill(prefix ? m.lengthHelpPrefix : m.lengthHelp, { min, max, prefix: prefix ?? '' }),
    counter: (count, max) => fill(m.counter, { count, max }),
    counterSpoken: (count, max) => fill(m.counterSpoken, { count, max }),
    charactersLeft: (left, formatted) => (left === 0 ? m.charactersLeftNone : plural(m, tag, 'charactersLeft', left, { count: formatted })),
    charactersOver: (over, formatted) => plural(m, tag, 'charactersOver', over, { count: formatted }),
    errors: {
      ...e,
      tooShort: (min, count) => fill(e.tooShort, { min, count }),
      tooLong: (max, over, formatted) => plural(e, tag, 'tooLong', over, { max, count: formatted }),
      nameTooLong: (max) => fill(e.nameTooLong, { max }),
      organisationTooLong: (max) => fill(e.organisationTooLong, { max }),
    },
  };
}

export const proposeEn = proposeFrom('en', proposeMessagesEn);

/** These strings in `locale`: its own `propose` section, else its translation file's, else English. */
export function proposeStrings(locale: ConsultLocale): ProposeStrings {
  return sectionOf(locale, 'propose', locale.propose, proposeEn, (tag, m) => proposeFrom(tag, merge(proposeMessagesEn, m)));
}
