/**
 * The embed builder's words, in the view's own chunk: the console's first load stays within its
 * size budget (bench/size.mjs); the tab's label is in i18n.ts with the others.
 * English as messages, the `embed` section of every translation file (locales.ts); `embedFrom`
 * builds the functions the views call.
 */
import { fill, plural } from 'consult-widgets/i18n/messages';
import { localized } from './locales.js';

export const embedMessagesEn = {
  title: 'Embed: {{title}}',
  widget: 'Widget',
  widgets: {
    card: 'Cards: one or several proposals to vote on',
    sequence: 'Sequence: the whole consultation, one proposal at a time',
    propose: 'Propose form: visitors submit ideas',
    results: 'Results: popular and divisive ideas',
  },
  proposals: 'Proposals',
  proposalsHint: 'Accepted proposals; Ctrl-click (⌘-click on a Mac) or Shift with the arrows to choose several.',
  noProposal: 'No accepted proposal yet: accept some in moderation first.',
  chooseProposal: 'Choose at least one proposal: the snippet has no card yet.',
  options: 'Options',
  language: 'Language of the widgets',
  loading: 'Loading',
  loadingEager: 'At once (eager)',
  loadingLazy: 'When the card nears the screen (lazy)',
  showResults: 'Show the results',
  showAfterVote: 'After the visitor’s vote',
  showAlways: 'Always',
  showNever: 'Never',
  live: 'Live: refresh while the page is open',
  colours: 'Colours',
  coloursHint: 'Only the colours you change go into the snippet; they replace the widgets’ light and dark defaults. Each is checked against the background for WCAG AA (4.5:1).',
  background: 'Background (surface)',
  contrast: '{{ratio}} on the background: passes AA',
  contrastFails: '{{ratio}} on the background: fails AA (needs 4.5:1)',
  resetColours: 'Reset the colours',
  contrastProblem_one: 'One colour does not contrast enough with the background: some visitors will not be able to read it.',
  contrastProblem_other: '{{count}} colours do not contrast enough with the background: some visitors will not be able to read them.',
  partner: 'Partner page',
  pageOrigin: 'The page’s origin',
  pageOriginHint: 'Where the snippet will be pasted, like https://news.example.org',
  notAnOrigin: 'This is not an origin: write the scheme and the host, like https://news.example.org',
  notAllowed: '{{origin}} is not in this consultation’s allowed origins: its visitors’ browsers will refuse the votes. An admin adds it in the consultation’s settings.',
  allowed: '{{origin}} is allowed.',
  allowedList: 'Allowed origins: {{origins}}',
  noOrigins: 'Allowed origins: none yet.',
  snippet: 'Snippet',
  scriptKind: 'Script',
  widgetsFrom: 'Widgets served from',
  widgetsFromHint: 'This server serves them at /widgets/; another address works too (the package’s dist/ folder).',
  noWidgets: 'This server was built without the widgets (no /widgets/): write where the partner page loads them from. The preview needs them here.',
  snippetLabel: 'The code to paste into the partner page',
  cspHint: 'A page whose Content-Security-Policy forbids inline styles: move the style attribute’s declarations into its stylesheet, on consult-consultation.',
  copyLabel: 'Copy the snippet',
  fallbackLabel: 'The snippet, selected',
  preview: 'Live preview',
  previewNote: 'The real widgets with this consultation’s data. Votes and ideas here stay in this page: they never reach the server and never count.',
  previewLoading: 'Loading the widgets…',
  previewUnavailable: 'No preview: {{message}}',
};

function embedFrom(tag: string, m: typeof embedMessagesEn) {
  return {
    ...m,
    title: (title: string) => fill(m.title, { title }),
    contrast: (ratio: string, passes: boolean) => fill(passes ? m.contrast : m.contrastFails, { ratio }),
    contrastProblem: (count: number) => plural(m, tag, 'contrastProblem', count, { count: String(count) }),
    notAllowed: (origin: string) => fill(m.notAllowed, { origin }),
    allowed: (origin: string) => fill(m.allowed, { origin }),
    allowedList: (origins: string) => fill(m.allowedList, { origins }),
    previewUnavailable: (message: string) => fill(m.previewUnavailable, { message }),
  };
}

export type EmbedStrings = ReturnType<typeof embedFrom>;

/** The strings in the console's language (`lang` of the view; English until its file is loaded). */
export const embedStrings = localized('embed', embedMessagesEn, embedFrom);
