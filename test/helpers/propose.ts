// Shared by the <consult-propose> tests: a seed with the consultations the form meets (a fixed
// start, expert contributions, themes, closed), an adapter that records and can hold or fail
// submissions, and the form's parts as a participant sees them.
import { fixture, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import type { ConsultAdapter, SubmitProposal } from '../../src/adapters/adapter.js';
import { MemoryAdapter, type ConsultationSeed } from '../../src/adapters/memory.js';
import '../../src/components/propose/propose.js';
import type { ConsultProposeElement } from '../../src/components/propose/propose.component.js';
import { consultations, proposals } from './seed.js';
import { deferred, type Deferred } from './test-adapter.js';

export const proposeConsultations: ConsultationSeed[] = [
  ...consultations,
  { id: 'prefixed', title: 'Prefixed', question: 'How can we cut plastic waste?', proposalPrefix: 'We should' },
  {
    id: 'experts',
    title: 'Expert contributions',
    question: 'What should the summit commit to?',
    proposalMinLength: 50,
    proposalMaxLength: 5000,
  },
  { id: 'huge', title: 'Huge', question: 'More than the protocol allows?', proposalMaxLength: 9000 },
];

/** One submission the adapter received, and what it did with it. */
export interface Submission {
  input: SubmitProposal;
  outcome: 'stored' | 'failed' | 'held';
}

/**
 * A MemoryAdapter over the seed that records every submission, can hold them until released
 * (a slow backend without timers) and can fail the next ones with a given error (after storing,
 * to play a lost answer, when `afterStoring` is set).
 */
export class SubmitAdapter extends MemoryAdapter {
  readonly received: Submission[] = [];
  private gates: Deferred<void>[] = [];
  private holding = false;
  private failures: Array<{ error: unknown; afterStoring: boolean }> = [];

  constructor() {
    super({ consultations: proposeConsultations, proposals });
  }

  hold(): this {
    this.holding = true;
    return this;
  }

  release(): void {
    this.holding = false;
    for (const gate of this.gates.splice(0)) gate.resolve();
  }

  failNext(error: unknown, afterStoring = false): this {
    this.failures.push({ error, afterStoring });
    return this;
  }

  override async submitProposal(input: SubmitProposal): Promise<{ id: string; status: 'pending' }> {
    const submission: Submission = { input: structuredClone(input), outcome: 'held' };
    this.received.push(submission);
    if (this.holding) {
      const gate = deferred();
      this.gates.push(gate);
      await gate.promise;
    }
    const failure = this.failures.shift();
    if (failure && !failure.afterStoring) {
      submission.outcome = 'failed';
      throw failure.error;
    }
    try {
      const answer = await super.submitProposal(input);
      submission.outcome = 'stored';
      if (failure) throw failure.error;
      return answer;
    } catch (error) {
      if (submission.outcome !== 'stored') submission.outcome = 'failed';
      throw error;
    }
  }

  /** Texts of the proposals the adapter took in a consultation (all wait for moderation). */
  async pending(consultationId: string): Promise<string[]> {
    const seeded = new Set(proposals.map((p) => p.id));
    return [...this.proposals.values()]
      .filter((p) => p.consultationId === consultationId && p.status === 'pending' && !seeded.has(p.id))
      .map((p) => p.content);
  }
}

/** An adapter that reads like `base` but cannot take proposals (an older or read-only backend). */
export function withoutSubmit(base: ConsultAdapter = new SubmitAdapter()): ConsultAdapter {
  return {
    getConsultation: (id) => base.getConsultation(id),
    getProposal: (id) => base.getProposal(id),
    listProposals: (id, query) => base.listProposals(id, query),
    getParticipantVotes: (participant, consultation) => base.getParticipantVotes(participant, consultation),
    castVote: (vote) => base.castVote(vote),
  };
}

export async function mount(template: TemplateResult): Promise<ConsultProposeElement> {
  return settled(await fixture<ConsultProposeElement>(template));
}

/** Wait until the form has left its loading state. */
export async function settled(el: ConsultProposeElement): Promise<ConsultProposeElement> {
  await el.updateComplete;
  await waitUntil(() => el.shadowRoot?.querySelector('form, .panel:not([aria-busy="true"])'), 'the form never loaded', {
    timeout: 5000,
  });
  await el.updateComplete;
  return el;
}

/** The parts of the form a participant sees or a test checks. */
export function parts(el: ConsultProposeElement) {
  const root = el.shadowRoot!;
  const q = <T extends Element = HTMLElement>(selector: string) => root.querySelector<T>(selector);
  return {
    root,
    form: q<HTMLFormElement>('form'),
    panel: q('.panel'),
    title: q('.title'),
    text: q<HTMLTextAreaElement>('textarea#content'),
    prefix: q('.prefix'),
    help: q('#content-help'),
    counter: q('#content-counter'),
    theme: q<HTMLSelectElement>('select#theme'),
    name: q<HTMLInputElement>('input#name'),
    age: q<HTMLInputElement>('input#age'),
    organisation: q<HTMLInputElement>('input#organisation'),
    country: q<HTMLSelectElement>('select#country'),
    submit: q<HTMLButtonElement>('button.submit'),
    status: q('[part~="status"]'),
    alert: q('[role="alert"]'),
    live: q('[role="status"]')!,
    retry: q<HTMLButtonElement>('button.retry'),
    another: q<HTMLButtonElement>('button.another'),
    idea: q('.idea'),
    consent: q('.consent'),
  };
}

/** A field's error message as shown next to it ('' when none). */
export function errorOf(el: ConsultProposeElement, field: string): string {
  return el.shadowRoot!.querySelector(`#${field}-error`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** What a field's aria-describedby makes a screen reader say, element by element (aria-hidden text left out). */
export function descriptionOf(el: ConsultProposeElement, field: Element): string[] {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => {
    const target = el.shadowRoot!.getElementById(id);
    if (!target) return `missing #${id}`;
    const copy = target.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
    return copy.textContent!.replace(/\s+/g, ' ').trim();
  });
}

/** The id of the element focused inside the form ('' when focus is elsewhere). */
export function focusedId(el: ConsultProposeElement): string {
  const active = el.shadowRoot!.activeElement as HTMLElement | null;
  return active ? active.id || `.${active.className}` : '';
}

/** Type into the idea field with the keyboard. */
export async function typeIdea(el: ConsultProposeElement, text: string): Promise<void> {
  parts(el).text!.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

/** What a paste does: the whole value at once, then one input event. */
export async function paste(field: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
  await (field.getRootNode() as ShadowRoot & { host: ConsultProposeElement }).host.updateComplete;
}

/** Press Tab until the focused element inside the form matches `selector` (at most `max` presses). */
export async function tabTo(el: ConsultProposeElement, selector: string, max = 12): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await sendKeys({ press: 'Tab' });
    if (el.shadowRoot!.activeElement?.matches(selector)) return presses;
  }
  throw new Error(`Tab never reached ${selector} (focus is on "${focusedId(el)}").`);
}

/** Wait until the live region says `text`. */
export async function announced(el: ConsultProposeElement, text: string): Promise<void> {
  await waitUntil(
    () => parts(el).live.textContent!.includes(text),
    `the live region never said "${text}" (it says "${parts(el).live.textContent}")`,
  );
}

/** Resolves once the form shows its confirmation. */
export async function sent(el: ConsultProposeElement): Promise<void> {
  await waitUntil(() => el.shadowRoot!.querySelector('.sent'), 'the confirmation never showed', { timeout: 5000 });
  await el.updateComplete;
}

/** Every consult-submit and consult-error event reaching `target` from now on. */
export function recordEvents(target: EventTarget = document) {
  const events: CustomEvent[] = [];
  const listener = (event: Event) => events.push(event as CustomEvent);
  const names = ['consult-submit', 'consult-error'] as const;
  for (const name of names) target.addEventListener(name, listener);
  return {
    events,
    of: (name: (typeof names)[number]) => events.filter((e) => e.type === name),
    stop: () => names.forEach((name) => target.removeEventListener(name, listener)),
  };
}
