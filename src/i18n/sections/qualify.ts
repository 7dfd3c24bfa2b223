import type { ConsultLocale } from '../locale.js';
import { sectionOf } from '../index.js';
// Strings of the qualification buttons on <consult-proposal> (owned by the card's qualifications).
import type { QualificationKey } from '../../protocol/index.js';

export interface QualifyStrings {
  /** Button label of each qualification. */
  label: Record<QualificationKey, string>;
  /** Accessible name of the group of qualification buttons. */
  group: string;
  /** Announced once the adapter took an added / removed qualification (`label` is its button label). */
  added: (label: string) => string;
  removed: (label: string) => string;
  /** Announced when a qualification kept for later (offline) reached the backend. */
  delivered: string;
  /** Shown, before the reason, when a qualification could not be saved. */
  error: string;
  /**
   * Accessible name of a qualification button with its count: "I like it, 3 people" (a bare number
   * after the label means nothing to a screen-reader user). Optional: English stands in.
   */
  count?: (label: string, count: number, formatted: string) => string;
}

export const qualifyEn: QualifyStrings = {
  label: {
    likeIt: 'I like it',
    doable: 'Doable',
    platitudeAgree: 'Platitude',
    noWay: 'No way!',
    impossible: 'Impossible',
    platitudeDisagree: 'Platitude',
    doNotUnderstand: "I don't understand",
    noOpinion: 'No opinion',
    doNotCare: "I don't care",
  },
  group: 'Qualify your vote',
  added: (label) => `Qualification added: ${label}`,
  removed: (label) => `Qualification removed: ${label}`,
  delivered: 'Qualification delivered',
  error: 'Your qualification could not be saved.',
  count: (label, count, formatted) => `${label}, ${formatted} ${count === 1 ? 'person' : 'people'}`,
};

export const qualifyFr: QualifyStrings = {
  label: {
    likeIt: 'Coup de cœur',
    doable: 'Réaliste',
    platitudeAgree: 'Banalité',
    noWay: 'Pas du tout\u00a0!', // never "!" alone on a line
    impossible: 'Infaisable',
    platitudeDisagree: 'Banalité',
    doNotUnderstand: 'Je ne comprends pas',
    noOpinion: "Pas d'avis",
    doNotCare: 'Ça m’est égal',
  },
  group: 'Précisez votre vote',
  added: (label) => `Qualification ajoutée : ${label}`,
  removed: (label) => `Qualification retirée : ${label}`,
  delivered: 'Qualification envoyée',
  error: "Votre qualification n'a pas pu être enregistrée.",
  count: (label, count, formatted) => `${label}, ${formatted} ${count < 2 ? 'personne' : 'personnes'}`,
};

/** These strings in `locale`: its own `qualify` section, else the built-in one for its language, else English. */
export function qualifyStrings(locale: ConsultLocale): QualifyStrings {
  return sectionOf(locale, locale.qualify, { en: qualifyEn, fr: qualifyFr });
}
