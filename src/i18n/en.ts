import type { ConsultLocale } from './locale.js';

const plural = new Intl.PluralRules('en');

export const en: ConsultLocale = {
  tag: 'en',
  voteLabel: { agree: 'Agree', disagree: 'Disagree', neutral: 'Neutral' },
  voteGroup: 'Your vote',
  share: (key, percent) => `${percent} ${key}`,
  voteCount: (count, formatted) => `${formatted} ${plural.select(count) === 'one' ? 'vote' : 'votes'}`,
  byAuthor: (name, age) => [name, age === undefined ? undefined : `${age} ${plural.select(age) === 'one' ? 'year' : 'years'} old`].filter(Boolean).join(', '),
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
    unknownAdapter: (name, known) => `No adapter is registered as "${name}". Registered: ${known.join(', ')}.`,
    emptyProposal: 'This proposal has no text.',
  },
};
