/**
 * The HTML a partner page pastes (the embed builder, the new poll's embed code): the widgets'
 * script, then `<consult-consultation>` on the REST adapter around the chosen widget. Pure text,
 * unit-tested (but `widgetsServed`); the builder's live preview makes its elements from the same
 * `widgetElements`.
 */

/** The module embed as this server serves it (http/widgets-routes.ts), when it was built with the widgets. */
export const WIDGETS_MODULE = '/widgets/consult-widgets.min.js';

/** Whether this server serves the widgets (a HEAD of the module; same origin). */
export async function widgetsServed(): Promise<boolean> {
  try {
    return (await fetch(WIDGETS_MODULE, { method: 'HEAD', credentials: 'same-origin' })).ok;
  } catch {
    return false;
  }
}

export type EmbedWidget = 'card' | 'sequence' | 'propose' | 'results';
export const EMBED_WIDGETS: readonly EmbedWidget[] = ['card', 'sequence', 'propose', 'results'];
export type ScriptKind = 'module' | 'classic';

export interface EmbedChoice {
  widget: EmbedWidget;
  consultationId: string;
  /** The card's proposals (one `<consult-proposal>` each); other widgets ignore them. */
  proposalIds?: readonly string[];
  /** The widgets' language (`lang` on the wrapper). */
  lang: string;
  /** Card: `lazy` reads nothing until the card nears the viewport (the default is eager). */
  loading?: 'eager' | 'lazy';
  /** Card: when to show the share bar (the default is after-vote). */
  showResults?: 'after-vote' | 'always' | 'never';
  /** Card and results: re-read at the widget's interval. */
  live?: boolean;
  /** Theme tokens the operator set (`--consult-accent` → `#1f4fbf`), in the wrapper's style. */
  tokens?: Readonly<Record<string, string>>;
}

/** One element of the snippet: its tag and attributes (`true`: a boolean attribute). */
export interface SnippetElement {
  tag: string;
  attributes: [string, string | true][];
}

export const TAGS: Record<EmbedWidget, string> = {
  card: 'consult-proposal',
  sequence: 'consult-sequence',
  propose: 'consult-propose',
  results: 'consult-results',
};

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `--name: value; …` of the tokens that are custom properties with a plain value (nothing that could end the attribute or the rule). */
export function tokenStyle(tokens: Readonly<Record<string, string>> = {}): string {
  return Object.entries(tokens)
    .filter(([name, value]) => /^--consult-[a-z-]+$/.test(name) && /^[#a-zA-Z0-9 .,%()-]+$/.test(value))
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
}

/** The widget elements inside the wrapper, in order. */
export function widgetElements(choice: EmbedChoice): SnippetElement[] {
  const live: [string, true][] = choice.live ? [['live', true]] : [];
  switch (choice.widget) {
    case 'card':
      return (choice.proposalIds ?? []).map((id) => ({
        tag: TAGS.card,
        attributes: [
          ['proposal-id', id],
          ...(choice.loading === 'lazy' ? ([['loading', 'lazy']] as [string, string][]) : []),
          ...(choice.showResults && choice.showResults !== 'after-vote' ? ([['show-results', choice.showResults]] as [string, string][]) : []),
          ...live,
        ],
      }));
    case 'results':
      return [{ tag: TAGS.results, attributes: live }];
    default:
      return [{ tag: TAGS[choice.widget], attributes: [] }];
  }
}

/** The wrapper's attributes: the REST adapter on `endpoint`, the consultation, the language, the tokens. */
export function wrapperAttributes(endpoint: string, choice: EmbedChoice): [string, string][] {
  const style = tokenStyle(choice.tokens);
  return [
    ['adapter', 'rest'],
    ['endpoint', endpoint],
    ['consultation', choice.consultationId],
    ['lang', choice.lang],
    ...(style ? ([['style', style]] as [string, string][]) : []),
  ];
}

const open = (tag: string, attributes: [string, string | true][]) =>
  `<${tag}${attributes.map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escape(value)}"`)).join('')}>`;

/** The script tag: the module embed (chunks on demand) or the classic-script bundle (every widget). */
export function scriptTag(kind: ScriptKind, base: string): string {
  const from = escape(base.endsWith('/') ? base : `${base}/`);
  return kind === 'module' ? `<script type="module" src="${from}consult-widgets.min.js"></script>` : `<script src="${from}consult-widgets.iife.min.js"></script>`;
}

/** The whole snippet. */
export function embedSnippet(kind: ScriptKind, base: string, endpoint: string, choice: EmbedChoice): string {
  return [
    scriptTag(kind, base),
    open('consult-consultation', wrapperAttributes(endpoint, choice)),
    ...widgetElements(choice).map((element) => `  ${open(element.tag, element.attributes)}</${element.tag}>`),
    '</consult-consultation>',
  ].join('\n');
}

