import type { ConsultLocale } from '../locale.js';
import { sectionOf } from '../index.js';
import { fill, merge, plural } from '../messages.js';
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

/** English: the source of the `qualify` section of every translation file. */
export const qualifyMessagesEn = {
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
  added: 'Qualification added: {{label}}',
  removed: 'Qualification removed: {{label}}',
  delivered: 'Qualification delivered',
  error: 'Your qualification could not be saved.',
  count_one: '{{label}}, {{count}} person',
  count_other: '{{label}}, {{count}} people',
};

function qualifyFrom(tag: string, m: typeof qualifyMessagesEn): Required<QualifyStrings> {
  return {
    ...m,
    added: (label) => fill(m.added, { label }),
    removed: (label) => fill(m.removed, { label }),
    count: (label, count, formatted) => plural(m, tag, 'count', count, { label, count: formatted }),
  };
}

export const qualifyEn = qualifyFrom('en', qualifyMessagesEn);

/** These strings in `locale`: its own `qualify` section, else its translation file's, else English. */
export function qualifyStrings(locale: ConsultLocale): QualifyStrings {
  return sectionOf(locale, 'qualify', locale.qualify, qualifyEn, (tag, m) => qualifyFrom(tag, merge(qualifyMessagesEn, m)));
}
