/**
 * The embed builder's live preview: the real widgets, from this server's /widgets/ (same origin, so
 * the console's CSP lets the module in), on a MemoryAdapter seeded with the consultation and its
 * accepted proposals as the admin API gives them. Nothing a visitor of the preview does leaves the
 * page: votes and ideas land in that in-page adapter, never on the server (docs/decisions.md).
 */
import type { AdminConsultation, AdminProposal } from 'consult-widgets/protocol/admin';
import type { AdminApi } from './api.js';
import { tokenStyle, widgetElements, TAGS, WIDGETS_MODULE, type EmbedChoice } from './embed-snippet.js';

/** What the preview uses of the module embed (src/embed.ts). */
export interface WidgetsModule {
  MemoryAdapter: new (options: { consultations: unknown[]; proposals: unknown[] }) => object;
  loadWidget(tag: string): Promise<void>;
}

/** The accepted proposals, page after page up to `max` (the builder's choice and the preview's data). */
export async function acceptedProposals(api: AdminApi, consultationId: string, signal?: AbortSignal, max = 500): Promise<AdminProposal[]> {
  const items: AdminProposal[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.proposalPage(consultationId, 'accepted', cursor, signal);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}

let loading: Promise<WidgetsModule> | undefined;

/** Imports the served module once (a failure may be retried). */
export function loadWidgets(): Promise<WidgetsModule> {
  // A computed specifier: the console's bundler leaves it to the browser.
  const url = new URL(WIDGETS_MODULE, location.href).href;
  loading ??= (import(url) as Promise<WidgetsModule>).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** The in-page adapter: the public fields of the consultation and of each accepted proposal. */
export function previewAdapter(widgets: WidgetsModule, consultation: AdminConsultation, proposals: readonly AdminProposal[]): object {
  const { id, title, question, locale, status, proposalPrefix, proposalMinLength, proposalMaxLength, themes, counts } = consultation;
  return new widgets.MemoryAdapter({
    consultations: [{ id, title, question, locale, status, proposalPrefix, proposalMinLength, proposalMaxLength, themes, counts }],
    proposals: proposals.map(({ duplicateOf: _d, untrustedVotes: _u, ...proposal }) => proposal),
  });
}

/**
 * Puts the chosen widget in `box`, made from the snippet's own elements (`widgetElements`), inside a
 * `<consult-consultation>` given the in-page adapter (never `adapter="rest"`). The tokens go on
 * the wrapper through the CSSOM, which the console's CSP (no inline style) allows.
 */
export async function showPreview(box: HTMLElement, widgets: WidgetsModule, adapter: object, choice: EmbedChoice): Promise<void> {
  const wrapper = document.createElement('consult-consultation') as HTMLElement & { adapter?: object };
  wrapper.adapter = adapter;
  wrapper.setAttribute('consultation', choice.consultationId);
  wrapper.setAttribute('lang', choice.lang);
  // A fixed participant: the preview writes no anonymous id into the console's storage.
  wrapper.setAttribute('participant-id', 'console-preview');
  for (const declaration of tokenStyle(choice.tokens).split('; ').filter(Boolean)) {
    const [name, value] = declaration.split(': ') as [string, string];
    wrapper.style.setProperty(name, value);
  }
  for (const element of widgetElements(choice)) {
    const widget = document.createElement(element.tag);
    for (const [name, value] of element.attributes) widget.setAttribute(name, value === true ? '' : value);
    wrapper.append(widget);
  }
  box.replaceChildren(wrapper);
  // The module embed defines the card at once and the others on first use; inside a shadow root its
  // autoload cannot see them, so they are asked for (README, "Module script").
  if (choice.widget !== 'card') await widgets.loadWidget(TAGS[choice.widget]);
}
