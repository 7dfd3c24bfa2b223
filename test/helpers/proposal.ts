import { waitUntil } from '@open-wc/testing';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import type { VoteKey } from '../../src/protocol/index.js';

/** The parts of a card's shadow DOM a participant sees or a test checks. */
export function parts(el: ConsultProposalElement) {
  const root = el.shadowRoot!;
  const [agree, disagree, neutral] = [...root.querySelectorAll<HTMLButtonElement>('.actions button')];
  return {
    root,
    card: root.querySelector<HTMLElement>('.card')!,
    buttons: { agree: agree!, disagree: disagree!, neutral: neutral! } as Record<VoteKey, HTMLButtonElement>,
    list: [agree!, disagree!, neutral!].filter(Boolean),
    content: root.querySelector<HTMLElement>('.content'),
    theme: root.querySelector<HTMLElement>('.theme'),
    author: root.querySelector<HTMLElement>('.author'),
    status: root.querySelector<HTMLElement>('p.status')!,
    live: root.querySelector<HTMLElement>('[role="status"]')!,
    results: root.querySelector<HTMLElement>('.results'),
    legend: root.querySelector<HTMLElement>('.legend'),
    retry: root.querySelector<HTMLButtonElement>('button.retry'),
  };
}

/** Which vote button is pressed (`null` for none). */
export function pressed(el: ConsultProposalElement): VoteKey | null {
  const button = el.shadowRoot!.querySelector('.actions button[aria-pressed="true"]');
  return (button?.className as VoteKey | undefined) ?? null;
}

/** The three buttons' visible labels. */
export function labels(el: ConsultProposalElement): string[] {
  return parts(el).list.map((b) => b.textContent!.trim());
}

export function isLoading(el: ConsultProposalElement): boolean {
  return el.shadowRoot?.querySelector('article.card[aria-busy="true"]') != null;
}

/** Wait until the card has left the loading state: loaded, failed or found invalid. */
export async function settled(el: ConsultProposalElement): Promise<ConsultProposalElement> {
  // First let a pending update (e.g. a new proposal-id that starts a reload) reach the DOM.
  await el.updateComplete;
  // The first card of a page also waits for the votes-and-qualifications module (a dynamic import
  // the test server compiles on first request, slowly on a loaded machine): more than waitUntil's 1 s.
  await waitUntil(
    () => el.shadowRoot?.querySelector('article.card[aria-busy="false"], .card.error-state'),
    'the card never left its loading state',
    { timeout: 5000 },
  );
  await el.updateComplete;
  return el;
}

/** Wait until the live region (role=status) says `text`. */
export async function announced(el: ConsultProposalElement, text: string): Promise<void> {
  await waitUntil(
    () => parts(el).live.textContent!.includes(text),
    `the live region never said "${text}" (it says "${el.shadowRoot?.querySelector('[role="status"]')?.textContent}")`,
  );
}

/** Every consult-* event that reaches `target` from now on, until `stop()`. */
export function recordEvents(target: EventTarget = document) {
  const names = ['consult-before-vote', 'consult-vote', 'consult-error', 'consult-ready'] as const;
  const events: CustomEvent[] = [];
  const listener = (event: Event) => events.push(event as CustomEvent);
  for (const name of names) target.addEventListener(name, listener);
  return {
    events,
    of: (name: (typeof names)[number]) => events.filter((e) => e.type === name),
    stop: () => names.forEach((name) => target.removeEventListener(name, listener)),
  };
}

/**
 * Watch what a card lets escape into the host page: exceptions (window `error`), rejected promises
 * nobody handled (`unhandledrejection`) and `console.warn` calls (stubbed: nothing is printed).
 */
export function watchPage() {
  const escaped: unknown[] = [];
  const warnings: unknown[][] = [];
  const onError = (event: ErrorEvent) => escaped.push(event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent) => escaped.push(event.reason);
  const warn = console.warn;
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  console.warn = (...args: unknown[]) => void warnings.push(args);
  return {
    escaped,
    warnings,
    /** Warnings a consult-widgets element printed. */
    cardWarnings: () => warnings.filter((args) => String(args[0]).includes('<consult-proposal>')),
    restore() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      console.warn = warn;
    },
  };
}

/** Whether the card shows the tally (not just the empty bar and the "vote to see" hint). */
export function showsTally(el: ConsultProposalElement): boolean {
  return /\d+ votes?$/.test(parts(el).legend?.textContent ?? '');
}
