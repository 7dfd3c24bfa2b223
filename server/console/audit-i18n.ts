/**
 * The audit tab's words, in the tab's own chunk: the console's first file stays within its size
 * budget (bench/size.mjs).
 * English as messages, the `audit` section of every translation file (locales.ts); `auditFrom`
 * builds the functions the views call.
 */
import { fill } from 'consult-widgets/i18n/messages';
import { localized } from './locales.js';

export const auditMessagesEn = {
  title: 'Audit log: {{consultation}}',
  filters: 'Filters',
  decision: 'Decision',
  any: 'Any',
  accept: 'Accepted',
  refuse: 'Refused',
  reason: 'Reason',
  operator: 'Operator',
  from: 'From (day)',
  to: 'To (day, included)',
  order: 'Order',
  oldest: 'Oldest first',
  newest: 'Newest first',
  apply: 'Apply',
  clear: 'Clear filters',
  csv: 'Download CSV (these filters)',
  caption: '{{shown}} decisions shown',
  captionMore: '{{shown}} decisions shown, more to load',
  time: 'Time',
  proposal: 'Proposal',
  nobody: 'not recorded',
  none: 'No decision matches.',
  more: 'Load more',
  loaded: '{{count}} decisions shown.',
  badRange: 'The first day must come before the last one.',
};

// No plural here: the tag is unused (every section's glue has the same shape, for `localized`).
function auditFrom(_tag: string, m: typeof auditMessagesEn) {
  return {
    ...m,
    title: (consultation: string) => fill(m.title, { consultation }),
    caption: (shown: string, more: boolean) => fill(more ? m.captionMore : m.caption, { shown }),
    loaded: (count: string) => fill(m.loaded, { count }),
  };
}

export type AuditStrings = ReturnType<typeof auditFrom>;

/** The strings in the console's language (`lang` of the view; English until its file is loaded). */
export const auditStrings = localized('audit', auditMessagesEn, auditFrom);
