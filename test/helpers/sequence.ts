// Shared by the <consult-sequence> tests: a seed with six proposals to walk through, an adapter that
// records its calls, and the moves of a participant (mount, wait, tab to a control, vote, step).
import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import type { ConsultAdapter } from '../../src/adapters/adapter.js';
import { MemoryAdapter, type ConsultationSeed, type ProposalSeed } from '../../src/adapters/memory.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import type { ConsultSequenceElement } from '../../src/components/sequence/sequence.component.js';
import '../../src/components/sequence/sequence.js';
import { settled } from './proposal.js';

export const consultations: ConsultationSeed[] = [
  {
    id: 'seq',
    title: 'Shaping AI',
    question: 'How can AI serve the public good?',
    themes: [{ id: 'trust', label: 'Trust' }],
    counts: { participants: 1234, proposals: 6, votes: 5678 },
  },
  { id: 'ended', title: 'Ended', question: 'A closed question?', status: 'closed' },
  { id: 'void', title: 'Void', question: 'Nothing published yet?' },
];

/** s1…s6 in the order the memory adapter sequences them (fewest votes first). */
export const proposals: ProposalSeed[] = [
  { id: 's1', consultationId: 'seq', content: 'Teach AI literacy at school', themeId: 'trust' },
  { id: 's2', consultationId: 'seq', content: 'Label AI-generated images', votes: { agree: 1, disagree: 0, neutral: 0 } },
  { id: 's3', consultationId: 'seq', content: 'Audit public algorithms', votes: { agree: 1, disagree: 1, neutral: 0 } },
  { id: 's4', consultationId: 'seq', content: 'Fund open models', votes: { agree: 2, disagree: 1, neutral: 0 } },
  { id: 's5', consultationId: 'seq', content: 'Protect personal data', votes: { agree: 2, disagree: 2, neutral: 0 } },
  { id: 's6', consultationId: 'seq', content: 'Train civil servants', votes: { agree: 3, disagree: 2, neutral: 0 } },
  { id: 's7', consultationId: 'seq', content: 'Still in moderation', status: 'pending' },
  { id: 'e1', consultationId: 'ended', content: 'An idea of a closed consultation', votes: { agree: 30, disagree: 2, neutral: 1 } },
];

export const sequenceSeed = { consultations, proposals };

export const memory = () => new MemoryAdapter(sequenceSeed);

export interface RecordedCall {
  method: string;
  args: unknown[];
}

/**
 * `base` (a fresh seeded memory adapter by default) that records every call, with some methods
 * replaced by `overrides` (`undefined` removes one, e.g. `{ getSequence: undefined }`).
 */
export function recording(overrides: Partial<Record<keyof ConsultAdapter, unknown>> = {}, base: ConsultAdapter = memory()) {
  const calls: RecordedCall[] = [];
  const adapter = new Proxy(base, {
    get(target, name, receiver) {
      const own = Object.prototype.hasOwnProperty.call(overrides, name);
      const value: unknown = own ? overrides[name as keyof ConsultAdapter] : Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(name), args });
        return (value as (...a: unknown[]) => unknown).apply(own ? overrides : target, args);
      };
    },
    has(target, name) {
      return Object.prototype.hasOwnProperty.call(overrides, name) ? overrides[name as keyof ConsultAdapter] !== undefined : name in target;
    },
  });
  return { adapter, calls, of: (method: string) => calls.filter((c) => c.method === method) };
}

/** Mount `template` and wait until the sequence in it has left its loading state. */
export async function mount(template: TemplateResult): Promise<ConsultSequenceElement> {
  const root = await fixture<HTMLElement>(template);
  const el = root.localName === 'consult-sequence' ? (root as ConsultSequenceElement) : root.querySelector('consult-sequence')!;
  return ready(el);
}

export async function ready(el: ConsultSequenceElement): Promise<ConsultSequenceElement> {
  await el.updateComplete;
  await waitUntil(() => el.shadowRoot!.querySelector('.sequence[aria-busy="false"]'), 'the sequence never loaded');
  await el.updateComplete;
  return el;
}

/** Which card the sequence shows: intro, proposal, propose, final, empty, closed, error, invalid. */
export function shown(el: ConsultSequenceElement): string {
  const card = el.shadowRoot!.querySelector('.card')!;
  return ['intro', 'proposal', 'propose', 'final', 'empty', 'closed', 'error', 'invalid', 'loading'].find((kind) =>
    card.classList.contains(kind),
  )!;
}

export function headingText(el: ConsultSequenceElement): string {
  return el.shadowRoot!.querySelector('.heading')?.textContent?.trim() ?? '';
}

export function button(el: ConsultSequenceElement, part: 'start' | 'skip' | 'next' | 'retry'): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector<HTMLButtonElement>(`button[part~="${part}"]`);
}

/** The `<consult-proposal>` on screen, once it has loaded. */
export async function currentCard(el: ConsultSequenceElement): Promise<ConsultProposalElement> {
  const card = el.shadowRoot!.querySelector('consult-proposal');
  expect(card, 'a proposal card is shown').to.not.equal(null);
  return settled(card!);
}

export async function currentProposalId(el: ConsultSequenceElement): Promise<string> {
  return (await currentCard(el)).getAttribute('proposal-id') ?? '';
}

/** The element that has keyboard focus, looking inside shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Press Tab until `target` has focus (the order in between, e.g. qualification buttons, may vary). */
export async function tabTo(target: Element | (() => Element | null), what: string, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActive();
    if (active && active === (typeof target === 'function' ? target() : target)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

/** Wait until the heading of the card now shown has focus (focus moves there on each step). */
export async function headingFocused(el: ConsultSequenceElement): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => deepActive()?.classList.contains('heading'), `focus is not on the heading ("${headingText(el)}")`);
}

/** Vote on the card shown, with the keyboard: Tab to the button and press `key`. */
export async function voteWithKeyboard(
  el: ConsultSequenceElement,
  vote: 'agree' | 'disagree' | 'neutral',
  key: 'Enter' | 'Space' = 'Enter',
): Promise<void> {
  const card = await currentCard(el);
  const target = card.shadowRoot!.querySelector(`button.${vote}`)!;
  await tabTo(target, `the ${vote} button`);
  const voted = oneEvent(card, 'consult-vote');
  await sendKeys({ press: key });
  await voted;
  await el.updateComplete;
  await card.updateComplete;
  // The pressed button's colours fade in: axe must judge the colours it ends with.
  await Promise.all(card.shadowRoot!.getAnimations().map((animation) => animation.finished));
}

/** Tab to the Start, Skip or Next button and press `key`; resolves with the step event it fired. */
export async function stepWithKeyboard(
  el: ConsultSequenceElement,
  part: 'start' | 'skip' | 'next',
  key: 'Enter' | 'Space' = 'Enter',
) {
  const target = button(el, part);
  expect(target, `a ${part} button`).to.not.equal(null);
  await tabTo(target!, `the ${part} button`);
  const step = oneEvent(el, 'consult-sequence-step');
  await sendKeys({ press: key });
  const event = await step;
  await headingFocused(el);
  return event;
}

/** Every consult-sequence-* event that reaches `target` from now on. */
export function recordSteps(target: EventTarget = document) {
  const names = ['consult-sequence-step', 'consult-sequence-complete'] as const;
  const events: CustomEvent[] = [];
  const listener = (event: Event) => events.push(event as CustomEvent);
  for (const name of names) target.addEventListener(name, listener);
  return { events, stop: () => names.forEach((name) => target.removeEventListener(name, listener)) };
}

/** The progress bar's ARIA, as strings. */
export function progress(el: ConsultSequenceElement) {
  const bar = el.shadowRoot!.querySelector('[role="progressbar"]');
  if (!bar) return null;
  return {
    now: bar.getAttribute('aria-valuenow'),
    min: bar.getAttribute('aria-valuemin'),
    max: bar.getAttribute('aria-valuemax'),
    text: bar.getAttribute('aria-valuetext'),
    label: bar.getAttribute('aria-label'),
  };
}

export function liveText(el: ConsultSequenceElement): string {
  return el.shadowRoot!.querySelector('[role="status"]')?.textContent ?? '';
}
