// Shared by the <consult-results> tests: a seed whose votes (≥ 20 per rated proposal, the
// method's minVotes) give popular and divisive ideas, and accessors for the widget's shadow DOM.
import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { ConsultAdapter } from '../../src/adapters/adapter.js';
import { MemoryAdapter, type ConsultationSeed, type ProposalSeed } from '../../src/adapters/memory.js';
import '../../src/components/results/results.js';
import type { ConsultResultsElement } from '../../src/components/results/results.component.js';
import type { ConsultationResults } from '../../src/protocol/index.js';

const themes = [
  { id: 'education', label: 'AI Education' },
  { id: 'transparency', label: 'Transparency and Trust' },
  { id: 'environment', label: 'Environment' },
  { id: 'work', label: 'Work' },
];

export const consultations: ConsultationSeed[] = [
  {
    id: 'summit',
    title: 'AI Action Summit',
    question: 'What are your ideas for shaping AI to serve the public good?',
    themes,
    counts: { participants: 11_661, proposals: 0, votes: 0 },
  },
  { id: 'final', title: 'Final summit', question: 'What did we decide?', status: 'closed', themes },
  { id: 'fresh', title: 'Fresh', question: 'Just started?', themes },
];

/** Per consultation: three popular ideas in two themes plus one without a theme, two divisive ones, and others. */
function proposalsOf(consultationId: string, prefix: string): ProposalSeed[] {
  const p = (id: string, content: string, themeId: string | null, agree: number, disagree: number, neutral: number): ProposalSeed => ({
    id: `${prefix}${id}`,
    consultationId,
    content,
    themeId,
    votes: { agree, disagree, neutral },
  });
  return [
    p('edu-1', 'Train everyone in the ethical use of AI', 'education', 80, 10, 10),
    p('edu-2', 'Teach how AI works at school', 'education', 40, 5, 5),
    p('tra-1', 'Label every AI-generated image', 'transparency', 90, 5, 5),
    p('tra-2', 'Ban facial recognition in public spaces', 'transparency', 45, 40, 15),
    p('env-1', 'Tax the energy AI models use', 'environment', 30, 30, 10),
    p('free-1', 'Publish every public AI audit', null, 25, 2, 3),
    p('limbo-1', 'Replace juries with AI', 'work', 10, 10, 30),
    p('rej-1', 'Let AI vote in elections', 'work', 2, 70, 5),
    p('few-1', 'An idea with few votes so far', 'work', 5, 1, 0),
    { ...p('pending-1', 'Waiting for moderation', 'work', 0, 0, 0), status: 'pending' },
  ];
}

export const proposals: ProposalSeed[] = [
  ...proposalsOf('summit', ''),
  ...proposalsOf('final', 'f-'),
  // Votes, but under minVotes everywhere: nothing can be rated yet.
  { id: 'fresh-1', consultationId: 'fresh', content: 'A first idea', themeId: 'education', votes: { agree: 12, disagree: 1, neutral: 2 } },
  { id: 'fresh-2', consultationId: 'fresh', content: 'A second idea', themeId: 'work', votes: { agree: 3, disagree: 4, neutral: 0 } },
];

export const resultsSeed = { consultations, proposals };

export function memoryAdapter(): MemoryAdapter {
  return new MemoryAdapter(resultsSeed);
}

/** The widget's results as its adapter computes them (what the page must show). */
export function expectedResults(adapter: ConsultAdapter, consultationId = 'summit'): Promise<ConsultationResults> {
  return adapter.getResults!(consultationId);
}

export async function mount(adapter: unknown, consultation = 'summit', extra: { lang?: string } = {}): Promise<ConsultResultsElement> {
  return fixture<ConsultResultsElement>(
    html`<consult-results consultation=${consultation} lang=${extra.lang ?? 'en'} .adapter=${adapter}></consult-results>`,
  );
}

/** Wait until the widget has left its loading state (results, empty or error). */
export async function settled(el: ConsultResultsElement): Promise<ConsultResultsElement> {
  await el.updateComplete;
  await waitUntil(() => el.shadowRoot?.querySelector('.results[aria-busy="false"], .error-state'), 'the results never left loading');
  await el.updateComplete;
  return el;
}

/** Mount and wait for the first `consult-results`. */
export async function mountLoaded(adapter: unknown, consultation = 'summit', extra: { lang?: string } = {}): Promise<ConsultResultsElement> {
  const el = await mount(adapter, consultation, extra);
  if (!el.shadowRoot!.querySelector('.results[aria-busy="false"]')) await oneEvent(el, 'consult-results');
  return settled(el);
}

// Collapses the template's line breaks, not the no-break spaces numbers are formatted with.
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/[ \t\n\r]+/g, ' ').trim();

/** What a participant sees, as strings. */
export function view(el: ConsultResultsElement) {
  const root = el.shadowRoot!;
  const ideaTexts = (scope: ParentNode) => [...scope.querySelectorAll('.idea-text')].map((p) => text(p).replace(/^[♥⚡] */, ''));
  const popular = root.querySelector('.list.popular');
  const divisive = root.querySelector('.list.divisive');
  return {
    root,
    box: root.querySelector<HTMLElement>('.results')!,
    title: text(root.querySelector('.heading')),
    counters: [...root.querySelectorAll('.counter')].map(text),
    note: root.querySelector('.note') ? text(root.querySelector('.note')) : null,
    select: root.querySelector<HTMLSelectElement>('select'),
    themes: [...root.querySelectorAll('.theme')].map((group) => ({
      label: text(group.querySelector('.heading')),
      ideas: ideaTexts(group),
    })),
    popular: popular ? ideaTexts(popular) : [],
    divisive: divisive ? ideaTexts(divisive) : [],
    legends: [...root.querySelectorAll('.legend')].map(text),
    empty: [...root.querySelectorAll('.empty')].map(text),
    rows: [...root.querySelectorAll('table tbody tr')].map((tr) => [...tr.children].map(text)),
    live: text(root.querySelector('[role="status"]')),
    alert: root.querySelector('[role="alert"]') ? text(root.querySelector('[role="alert"]')) : null,
    retry: root.querySelector<HTMLButtonElement>('button.retry'),
  };
}

/** Content of each listed proposal id, from the results. */
export function contents(results: ConsultationResults, ids: string[]): string[] {
  const byId = new Map(results.proposals.map((p) => [p.proposalId, p.content]));
  return ids.map((id) => byId.get(id)!);
}

/** Fake the page's visibility (restore with the returned function). */
export function fakeVisibility(state: DocumentVisibilityState): () => void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
  return () => {
    // The own property shadows the prototype's getter: deleting it brings the real one back.
    delete (document as { visibilityState?: unknown }).visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  };
}

/** Every consult-results and consult-error event reaching `target` from now on. */
export function recordResultsEvents(target: EventTarget) {
  const events: CustomEvent[] = [];
  const listener = (event: Event) => events.push(event as CustomEvent);
  target.addEventListener('consult-results', listener);
  target.addEventListener('consult-error', listener);
  return {
    events,
    of: (name: 'consult-results' | 'consult-error') => events.filter((e) => e.type === name),
    stop() {
      target.removeEventListener('consult-results', listener);
      target.removeEventListener('consult-error', listener);
    },
  };
}

/**
 * A MemoryAdapter over the results seed that counts calls and lets a test script `getResults`:
 * `results` replaces its answers (return `previous` for "nothing changed", as the REST adapter
 * does on a 304), `hold()` keeps the next calls waiting until `release()` (or until the function
 * it returns is called, after `stopHolding()` let later calls through).
 */
export class CountingAdapter extends MemoryAdapter {
  readonly calls = { getResults: 0, getConsultation: 0 };
  /** When each call started and ended (performance.now()), in call order. */
  readonly timeline: { method: 'getResults' | 'getConsultation'; start: number; end?: number }[] = [];
  results?: (previous: ConsultationResults | undefined) => Promise<ConsultationResults> | ConsultationResults;
  private previous?: ConsultationResults;
  private gate?: Promise<void>;
  private open?: () => void;

  constructor() {
    super(resultsSeed);
  }

  hold(): () => void {
    let open!: () => void;
    this.gate = new Promise((resolve) => (open = resolve));
    this.open = open;
    return open;
  }

  /** Calls from now on go through; those already waiting keep waiting. */
  stopHolding(): void {
    this.gate = undefined;
  }

  release(): void {
    this.gate = undefined;
    this.open?.();
  }

  override async getConsultation(consultationId: string) {
    const entry = { method: 'getConsultation' as const, start: performance.now(), end: undefined as number | undefined };
    this.calls.getConsultation++;
    this.timeline.push(entry);
    await this.gate;
    return super.getConsultation(consultationId).finally(() => (entry.end = performance.now()));
  }

  override getResults = async (consultationId: string): Promise<ConsultationResults> => {
    const entry = { method: 'getResults' as const, start: performance.now(), end: undefined as number | undefined };
    this.calls.getResults++;
    this.timeline.push(entry);
    try {
      await this.gate;
      const answer = this.results ? await this.results(this.previous) : await MemoryAdapter.prototype.getResults!.call(this, consultationId);
      this.previous = answer;
      return answer;
    } finally {
      entry.end = performance.now();
    }
  };
}
