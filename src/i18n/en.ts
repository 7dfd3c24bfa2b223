import type { ConsultLocale } from './locale.js';
import { fill, plural } from './messages.js';

/** The card's English strings: the source of the `card` section of every translation file. */
export const cardMessagesEn = {
  voteLabel: { agree: 'Agree', disagree: 'Disagree', neutral: 'Neutral' },
  voteGroup: 'Your vote',
  /** The share of each vote in the results bar's legend. */
  share: { agree: '{{percent}} agree', disagree: '{{percent}} disagree', neutral: '{{percent}} neutral' },
  voteCount_one: '{{count}} vote',
  voteCount_other: '{{count}} votes',
  /** An author's age, and the author line with both name and age. */
  age_one: '{{count}} year old',
  age_other: '{{count}} years old',
  author: '{{name}}, {{age}}',
  loading: 'Loading proposal…',
  voteRecorded: 'Vote recorded',
  voteWithdrawn: 'Vote withdrawn',
  votePending: 'Saved, will be sent when online',
  voteDelivered: 'Vote delivered',
  resultsHint: 'Vote to see what others think',
  closed: 'This consultation is closed: votes are no longer accepted.',
  retry: 'Try again',
  errorPrefix: 'Error:',
  errors: {
    load: 'The proposal could not be loaded.',
    vote: 'Your vote could not be saved.',
    missingProposal: 'This card needs a proposal-id attribute or inline text.',
    unknownAdapter: 'No adapter is registered as "{{name}}". Registered: {{known}}.',
    emptyProposal: 'This proposal has no text.',
  },
};
export type CardMessages = typeof cardMessagesEn;

/** The card's strings (and the locale's other sections, built on use) from a translation file's `card` messages. */
export function cardLocale(tag: string, m: CardMessages): ConsultLocale {
  return {
    ...m,
    tag,
    share: (key, percent) => fill(m.share[key], { percent }),
    voteCount: (count, formatted) => plural(m, tag, 'voteCount', count, { count: formatted }),
    byAuthor: (name, age) => {
      const years = age === undefined ? undefined : plural(m, tag, 'age', age, { count: String(age) });
      return name && years ? fill(m.author, { name, age: years }) : (name ?? years ?? '');
    },
    errors: { ...m.errors, unknownAdapter: (name, known) => fill(m.errors.unknownAdapter, { name, known: known.join(', ') }) },
  };
}

export const en: ConsultLocale = cardLocale('en', cardMessagesEn);
