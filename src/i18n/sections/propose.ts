import type { ConsultLocale } from '../locale.js';
import { sectionOf } from '../index.js';
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

const enPlural = new Intl.PluralRules('en');
const frPlural = new Intl.PluralRules('fr');
const enChars = (n: number) => (enPlural.select(n) === 'one' ? 'character' : 'characters');
const frChars = (n: number) => (frPlural.select(n) === 'one' ? 'caractère' : 'caractères');

export const proposeEn: ProposeStrings = {
  title: 'Propose an idea',
  expertTitle: 'Submit an expert contribution',
  ideaLabel: 'Your idea',
  expertLabel: 'Your contribution',
  startsWith: (prefix) => `, starting with “${prefix}”`,
  lengthHelp: (min, max, prefix) => `${min} to ${max} characters${prefix ? `, “${prefix}” included` : ''}.`,
  counter: (count, max) => `${count} / ${max}`,
  counterSpoken: (count, max) => `${count} of ${max} characters`,
  charactersLeft: (left, formatted) => (left === 0 ? 'No characters left' : `${formatted} ${enChars(left)} left`),
  charactersOver: (over, formatted) => `${formatted} ${enChars(over)} too many`,
  themeLabel: 'Theme (optional)',
  noTheme: 'No particular theme',
  nameLabel: 'Your first name (optional)',
  ageLabel: 'Your age (optional)',
  organisationLabel: 'Organisation',
  countryLabel: 'Country',
  chooseCountry: 'Choose a country',
  consent:
    'Your idea is published after moderation, with the first name and age you give, if any. Ideas that are off-topic, insulting, partisan or advertising are refused.',
  expertConsent:
    'Your contribution is published after moderation, with your organisation, country and the name you give, if any.',
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
    tooShort: (min, count) => `Your idea is too short: at least ${min} characters (it has ${count}).`,
    tooLong: (max, over, formatted) => `Your idea is too long: ${formatted} ${enChars(over)} too many (at most ${max}).`,
    badCharacter: 'Your idea contains a character that cannot be saved.',
    noLetter: 'Your idea needs words: write at least one letter.',
    tooManyMarks: 'Your idea stacks too many accents on one letter (at most four).',
    theme: 'Choose a theme from the list.',
    nameTooLong: (max) => `Your first name can be at most ${max} characters.`,
    age: 'Enter your age as a whole number from 0 to 130, or leave it empty.',
    organisationRequired: 'Enter your organisation.',
    organisationTooLong: (max) => `The organisation can be at most ${max} characters.`,
    countryRequired: 'Choose your country.',
    other: 'The form cannot be sent:',
  },
};

export const proposeFr: ProposeStrings = {
  title: 'Proposer une idée',
  expertTitle: 'Soumettre une contribution d’expert',
  ideaLabel: 'Votre idée',
  expertLabel: 'Votre contribution',
  startsWith: (prefix) => `, qui commence par « ${prefix} »`,
  lengthHelp: (min, max, prefix) => `De ${min} à ${max} caractères${prefix ? `, « ${prefix} » compris` : ''}.`,
  counter: (count, max) => `${count} / ${max}`,
  counterSpoken: (count, max) => `${count} caractères sur ${max}`,
  charactersLeft: (left, formatted) =>
    left === 0 ? 'Plus aucun caractère disponible' : `${formatted} ${frChars(left)} restant${left > 1 ? 's' : ''}`,
  charactersOver: (over, formatted) => `${formatted} ${frChars(over)} de trop`,
  themeLabel: 'Thème (facultatif)',
  noTheme: 'Pas de thème particulier',
  nameLabel: 'Votre prénom (facultatif)',
  ageLabel: 'Votre âge (facultatif)',
  organisationLabel: 'Organisation',
  countryLabel: 'Pays',
  chooseCountry: 'Choisissez un pays',
  consent:
    'Votre idée est publiée après modération, avec le prénom et l’âge indiqués, le cas échéant. Les idées hors sujet, injurieuses, partisanes ou publicitaires sont refusées.',
  expertConsent:
    'Votre contribution est publiée après modération, avec votre organisation, votre pays et le nom indiqué, le cas échéant.',
  submit: 'Proposer mon idée',
  expertSubmit: 'Envoyer ma contribution',
  sending: 'Envoi de votre idée…',
  sentTitle: 'Merci ! Votre idée a bien été reçue.',
  sentBody: 'Elle apparaîtra une fois vérifiée par la modération.',
  sentIdea: 'Votre idée :',
  another: 'Proposer une autre idée',
  closed: 'Cette consultation est terminée : elle ne reçoit plus de nouvelles idées.',
  unsentText: 'Votre texte, non envoyé :',
  notSaved: 'Votre idée n’est pas encore enregistrée (problème de connexion ou de serveur). Votre texte est conservé : réessayez.',
  refused: 'Votre idée n’a pas pu être envoyée.',
  loading: 'Chargement du formulaire…',
  errors: {
    load: 'La consultation n’a pas pu être chargée.',
    missingConsultation: 'Ce formulaire a besoin d’un attribut consultation, ou d’un <consult-consultation> autour de lui.',
    unsupported: 'Ce site ne peut pas recevoir d’idées ici : son serveur n’accepte pas de propositions.',
    required: 'Écrivez votre idée.',
    tooShort: (min, count) => `Votre idée est trop courte : au moins ${min} caractères (elle en a ${count}).`,
    tooLong: (max, over, formatted) => `Votre idée est trop longue : ${formatted} ${frChars(over)} de trop (${max} au plus).`,
    badCharacter: 'Votre idée contient un caractère qui ne peut pas être enregistré.',
    noLetter: 'Votre idée a besoin de mots : écrivez au moins une lettre.',
    tooManyMarks: 'Votre idée empile trop d’accents sur une lettre (quatre au plus).',
    theme: 'Choisissez un thème dans la liste.',
    nameTooLong: (max) => `Votre prénom peut compter au plus ${max} caractères.`,
    age: 'Indiquez votre âge en nombre entier de 0 à 130, ou laissez vide.',
    organisationRequired: 'Indiquez votre organisation.',
    organisationTooLong: (max) => `L’organisation peut compter au plus ${max} caractères.`,
    countryRequired: 'Choisissez votre pays.',
    other: 'Le formulaire ne peut pas être envoyé :',
  },
};

/** These strings in `locale`: its own `propose` section, else the built-in one for its language, else English. */
export function proposeStrings(locale: ConsultLocale): ProposeStrings {
  return sectionOf(locale, locale.propose, { en: proposeEn, fr: proposeFr });
}
