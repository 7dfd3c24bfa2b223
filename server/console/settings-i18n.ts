/**
 * The settings tab's words, kept in the tab's own chunk so the console's first file stays within
 * its size budget (bench/size.mjs). English as messages, the `settings` section of every
 * translation file (locales.ts); `settingsFrom` builds the functions the views call.
 */
import { fill, plural } from 'consult-widgets/i18n/messages';
import { localized } from './locales.js';

export const settingsMessagesEn = {
  title: 'Settings: {{consultation}}',
  state: 'State',
  phaseIs: 'Phase now:',
  phases: { upcoming: 'Upcoming', open: 'Open', ended: 'Ended', closed: 'Closed' } as Record<'upcoming' | 'open' | 'ended' | 'closed', string>,
  phaseHint: {
    upcoming: 'Votes and proposals are refused until it opens, on {{date}}.',
    open: 'Participants can vote and propose.',
    ended: 'Its closing date has passed ({{date}}): votes and proposals are refused. Move or clear the closing date to reopen it.',
    closed: 'Closed by an operator: votes and proposals are refused, whatever the dates.',
  },
  openNow: 'Open now',
  closeNow: 'Close now',
  opened: 'The consultation is open.',
  closedNow: 'The consultation is closed.',
  edit: 'Consultation',
  question: 'Question',
  locale: 'Language of the consultation (code, like fr or en-GB)',
  themes: 'Themes',
  themesHint: 'Renaming a theme keeps its proposals. The server refuses to remove a theme that proposals use (whatever their status): rename it instead.',
  themeLabel: 'Theme label (id {{id}})',
  noThemes: 'No theme.',
  removeTheme: 'Remove the theme: {{label}}',
  remove: 'Remove',
  toBeRemoved: 'To be removed on save: {{label}}',
  keep: 'Keep the theme: {{label}}',
  keepIt: 'Keep it',
  newTheme: 'New theme',
  addTheme: 'Add the theme',
  origins: 'Allowed partner origins, one per line',
  signed: 'Require signed participants (votes without a token from the partner site are refused)',
  countUntrusted: 'Count the votes of unsigned participants in the results',
  dates: 'Opening and closing dates (optional)',
  datesHint: 'In your time zone ({{zone}}). They take effect by themselves, on the server’s clock.',
  opensAt: 'Opens on',
  closesAt: 'Closes on',
  clearOpens: 'Clear the opening date',
  clearCloses: 'Clear the closing date',
  clear: 'Clear',
  save: 'Save the changes',
  saving: 'Saving…',
  unchanged: 'Nothing changed.',
  changed_one: '{{count}} field changed',
  changed_other: '{{count}} fields changed',
  saved: 'Saved: {{fields}}.',
  refused: 'Not saved: {{message}}',
  conflict: 'While you were editing, someone else changed: {{fields}}. Your values are still in the form: save again to replace theirs, or take theirs.',
  takeTheirs: 'Take their values',
  fieldNames: {
    title: 'title',
    question: 'question',
    locale: 'language',
    proposalPrefix: 'proposal prefix',
    proposalMinLength: 'minimum length',
    proposalMaxLength: 'maximum length',
    themes: 'themes',
    allowedOrigins: 'allowed origins',
    requireSignedParticipants: 'signed participants',
    countUntrusted: 'unsigned votes counted',
    opensAt: 'opening date',
    closesAt: 'closing date',
  },
  bulk: {
    title: 'Add proposals in bulk',
    hint: 'One proposal a line, published at once. After a comma, a theme may follow (its id or label); put a text that holds a comma in double quotes. An optional first line “content,theme” names the columns. Up to 5,000 lines.',
    text: 'Proposals, one per line',
    file: 'Or read a file (.csv or .txt, UTF-8)',
    notUtf8: '{{name}} is not UTF-8: save it as “CSV UTF-8” and choose it again.',
    fileRead_one: '{{name}} read: {{count}} line.',
    fileRead_other: '{{name}} read: {{count}} lines.',
    check: 'Check the lines',
    checking_one: 'Checking {{count}} line…',
    checking_other: 'Checking {{count}} lines…',
    adding_one: 'Adding {{count}} proposal…',
    adding_other: 'Adding {{count}} proposals…',
    empty: 'Paste or read some lines first.',
    allGood_one: 'The line can be added.',
    allGood_other: 'All {{count}} lines can be added.',
    /** `{{ok}}` is `canBeAdded`, `{{refused}}` is `refusedLeftOut`, each with its own plural. */
    someRefused: '{{ok}}; {{refused}}:',
    canBeAdded_one: '{{count}} line can be added',
    canBeAdded_other: '{{count}} lines can be added',
    refusedLeftOut_one: '{{count}} refused (left out)',
    refusedLeftOut_other: '{{count}} refused (left out)',
    noneGood: 'No line can be added:',
    refusedCaption: 'Refused lines',
    line: 'Line',
    reason: 'Reason',
    more_one: 'And {{count}} more refused line.',
    more_other: 'And {{count}} more refused lines.',
    add_one: 'Add {{count}} proposal',
    add_other: 'Add {{count}} proposals',
    added_one: '{{count}} proposal added.',
    added_other: '{{count}} proposals added.',
    leftInBox: 'The refused lines are left in the box, to correct and check again.',
  },
};

/** The strings of `m` in `tag`: counts are plurals of `tag` and its digits (`5 000` in French). */
function settingsFrom(tag: string, m: typeof settingsMessagesEn) {
  const b = m.bulk;
  const count = (of: typeof b, key: string, n: number, params: Record<string, string> = {}) => plural(of, tag, key, n, { count: n.toLocaleString(tag), ...params });
  return {
    ...m,
    phases: m.phases as Record<'upcoming' | 'open' | 'ended' | 'closed', string>,
    title: (consultation: string) => fill(m.title, { consultation }),
    phaseHint: {
      ...m.phaseHint,
      upcoming: (date: string) => fill(m.phaseHint.upcoming, { date }),
      ended: (date: string) => fill(m.phaseHint.ended, { date }),
    },
    themeLabel: (id: string) => fill(m.themeLabel, { id }),
    removeTheme: (label: string) => fill(m.removeTheme, { label }),
    toBeRemoved: (label: string) => fill(m.toBeRemoved, { label }),
    keep: (label: string) => fill(m.keep, { label }),
    datesHint: (zone: string) => fill(m.datesHint, { zone }),
    changed: (n: number) => plural(m, tag, 'changed', n, { count: String(n) }),
    saved: (fields: string) => fill(m.saved, { fields }),
    refused: (message: string) => fill(m.refused, { message }),
    conflict: (fields: string) => fill(m.conflict, { fields }),
    bulk: {
      ...b,
      notUtf8: (name: string) => fill(b.notUtf8, { name }),
      fileRead: (name: string, n: number) => count(b, 'fileRead', n, { name }),
      checking: (n: number) => count(b, 'checking', n),
      adding: (n: number) => count(b, 'adding', n),
      allGood: (n: number) => count(b, 'allGood', n),
      someRefused: (ok: number, refused: number) => fill(b.someRefused, { ok: count(b, 'canBeAdded', ok), refused: count(b, 'refusedLeftOut', refused) }),
      more: (n: number) => count(b, 'more', n),
      add: (n: number) => count(b, 'add', n),
      added: (n: number) => count(b, 'added', n),
    },
  };
}

export type SettingsStrings = ReturnType<typeof settingsFrom>;

/** The strings in the console's language (`lang` of the view). */
export const settingsStrings = localized('settings', settingsMessagesEn, settingsFrom);
