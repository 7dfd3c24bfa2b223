/**
 * The audit tab's words, en and fr like the rest of the console (i18n.ts), kept in the tab's own
 * chunk: the console's first file stays within its size budget (bench/size.mjs).
 */
const en = {
  title: (consultation: string) => `Audit log: ${consultation}`,
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
  caption: (shown: string, more: boolean) => `${shown} decisions shown${more ? ', more to load' : ''}`,
  time: 'Time',
  proposal: 'Proposal',
  nobody: 'not recorded',
  none: 'No decision matches.',
  more: 'Load more',
  loaded: (count: string) => `${count} decisions shown.`,
  badRange: 'The first day must come before the last one.',
};

export type AuditStrings = typeof en;

const fr: AuditStrings = {
  title: (consultation) => `Journal de modération : ${consultation}`,
  filters: 'Filtres',
  decision: 'Décision',
  any: 'Toutes',
  accept: 'Acceptée',
  refuse: 'Refusée',
  reason: 'Motif',
  operator: 'Opérateur',
  from: 'Du (jour)',
  to: 'Au (jour, inclus)',
  order: 'Ordre',
  oldest: 'Les plus anciennes d’abord',
  newest: 'Les plus récentes d’abord',
  apply: 'Appliquer',
  clear: 'Effacer les filtres',
  csv: 'Télécharger le CSV (ces filtres)',
  caption: (shown, more) => `${shown} décisions affichées${more ? ', d’autres à charger' : ''}`,
  time: 'Heure',
  proposal: 'Proposition',
  nobody: 'non enregistré',
  none: 'Aucune décision ne correspond.',
  more: 'Charger la suite',
  loaded: (count) => `${count} décisions affichées.`,
  badRange: 'Le premier jour doit précéder le dernier.',
};

/** The strings in the console's language (`lang` of the view: `en` or `fr`). */
export const auditStrings = (lang: string | undefined): AuditStrings => (lang === 'fr' ? fr : en);
