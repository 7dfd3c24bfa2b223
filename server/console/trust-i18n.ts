/**
 * The trust tab's words, in the tab's own chunk: the console's first file stays within its size
 * budget (bench/size.mjs).
 * English as messages, the `trust` section of every translation file (locales.ts); `trustFrom`
 * builds the functions the views call.
 */
import { fill } from 'consult-widgets/i18n/messages';
import { localized } from './locales.js';

export const trustMessagesEn = {
  title: 'Trust: {{consultation}}',
  intro:
    'Suspicious cohorts are many identities voting as one: from one origin within minutes, or with identical votes. A cohort is a lead for a person to look at: nothing is excluded by itself.',
  refresh: 'Refresh',
  none: 'No suspicious cohort in this consultation now.',
  cohort: 'Cohort {{id}}',
  kinds: { origin: 'One origin within minutes, the same votes', vector: 'Identical votes, from anywhere' } as Record<string, string>,
  kind: 'Kind',
  members: 'Members',
  votes: 'Votes',
  firstAt: 'First vote',
  lastAt: 'Last vote',
  unknown: 'unknown',
  shared: 'Votes they share',
  keys: { agree: 'agree', disagree: 'disagree', neutral: 'neutral' } as Record<string, string>,
  state: 'State',
  states: { counted: 'Counted in the results', excluded: 'Excluded from the results', restored: 'Restored: counted again' },
  effect: 'Effect of its votes on the published lists',
  effectCaption: 'Cohort {{id}}: the ideas its votes move',
  list: 'List',
  popular: 'Popular ideas',
  divisive: 'Divisive ideas',
  onlyWith: 'In the list only with its votes',
  onlyWithout: 'In the list only without its votes',
  noChange: 'Its votes move no idea in or out of either list.',
  nothing: '—',
  exclude: 'Exclude its votes…',
  restore: 'Restore its votes…',
  reason: 'Reason (3 to 500 characters, published with the exclusion)',
  reasonShort: 'Give a reason of at least 3 characters.',
  continue: 'Continue',
  cancel: 'Cancel',
  confirmExclude: 'Exclude the {{votes}} votes of cohort {{id}} from the results?',
  confirmRestore: 'Count the {{votes}} votes of cohort {{id}} in the results again?',
  yesExclude: 'Yes, exclude',
  yesRestore: 'Yes, restore',
  excluded: 'Cohort {{id}} excluded.',
  restored: 'Cohort {{id}} restored.',
  forbidden: 'Refused: {{message}}',
  exclusions: 'Every exclusion',
  exclusionsCaption: 'Every exclusion of this consultation, oldest first: who, why, when',
  noExclusion: 'No cohort was ever excluded in this consultation.',
  excludedCol: 'Excluded',
  restoredCol: 'Restored',
  inForce: 'In force',
  by: 'by {{who}},',
  cohortCol: 'Cohort',
  because: 'Reason:',
};

// No plural here: the tag is unused (every section's glue has the same shape, for `localized`).
function trustFrom(_tag: string, m: typeof trustMessagesEn) {
  return {
    ...m,
    title: (consultation: string) => fill(m.title, { consultation }),
    cohort: (id: string) => fill(m.cohort, { id }),
    effectCaption: (id: string) => fill(m.effectCaption, { id }),
    confirmExclude: (id: string, votes: string) => fill(m.confirmExclude, { id, votes }),
    confirmRestore: (id: string, votes: string) => fill(m.confirmRestore, { id, votes }),
    excluded: (id: string) => fill(m.excluded, { id }),
    restored: (id: string) => fill(m.restored, { id }),
    forbidden: (message: string) => fill(m.forbidden, { message }),
    by: (who: string) => fill(m.by, { who }),
  };
}

export type TrustStrings = ReturnType<typeof trustFrom>;

/** The strings in the console's language (`lang` of the view; English until its file is loaded). */
export const trustStrings = localized('trust', trustMessagesEn, trustFrom);
