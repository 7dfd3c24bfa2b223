// What every element built on ConsultElement (src/internal/consult-element.ts) must do, written once
// and run against each of them (test/components/base.test.ts), in the manner of Lion's `*.suite`.
import { expect, waitUntil } from '@open-wc/testing';
import type { RequestOptions } from '../../src/adapters/adapter.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { Consultation } from '../../src/protocol/index.js';
import { resultsSeed } from '../helpers/results.js';
import { deferred, nextTask, uniqueName, type Deferred } from '../helpers/test-adapter.js';

export interface WidgetCase {
  tag: 'consult-propose' | 'consult-sequence' | 'consult-results' | 'consult-proposal';
  /** The attributes that make it show something of consultation `summit` or `fresh` (default: `consultation`). */
  attrs?: (consultation: 'summit' | 'fresh') => Record<string, string>;
  /** A text it shows for each (default: the consultation's question). */
  shows?: Record<'summit' | 'fresh', string>;
}

const questions = { summit: 'What are your ideas for shaping AI', fresh: 'Just started?' };

/** A memory adapter whose `getConsultation` answers for `gated` ids only when the test says so, and keeps the signals it got. */
export class GatedAdapter extends MemoryAdapter {
  readonly signals: { id: string; signal?: AbortSignal }[] = [];
  readonly gates = new Map<string, Deferred<void>>();

  constructor(gated: string[] = []) {
    super(resultsSeed);
    for (const id of gated) this.gates.set(id, deferred());
  }

  override async getConsultation(consultationId: string, options?: RequestOptions): Promise<Consultation> {
    this.signals.push({ id: consultationId, signal: options?.signal });
    await this.gates.get(consultationId)?.promise;
    return super.getConsultation(consultationId);
  }
}

const textOf = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function create(tag: string, attrs: Record<string, string>, adapter?: MemoryAdapter): HTMLElement {
  const el = document.createElement(tag) as HTMLElement & { adapter?: unknown };
  if (adapter) el.adapter = adapter;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.body.append(el);
  return el;
}

export function runConsultElementSuite({ tag, attrs = (consultation) => ({ consultation }), shows = questions }: WidgetCase): void {
  describe(`<${tag}> on the shared base`, () => {
    const mounted: Element[] = [];
    const mount = (attrs: Record<string, string>, adapter?: MemoryAdapter) => {
      const el = create(tag, attrs, adapter);
      mounted.push(el);
      return el;
    };
    afterEach(() => mounted.splice(0).forEach((el) => el.remove()));

    it('passes each load an AbortSignal; a newer load aborts it and the older answer, come late, is dropped', async () => {
      const adapter = new GatedAdapter(['summit']);
      const el = mount(attrs('summit'), adapter);
      await waitUntil(() => adapter.signals.some((s) => s.id === 'summit'), 'the adapter was never asked for summit');
      const first = adapter.signals.find((s) => s.id === 'summit')!;
      expect(first.signal).to.be.instanceOf(AbortSignal);
      expect(first.signal!.aborted).to.equal(false);

      for (const [name, value] of Object.entries(attrs('fresh'))) el.setAttribute(name, value);
      await waitUntil(() => first.signal!.aborted, 'the first load was not aborted');
      await waitUntil(() => textOf(el).includes(shows.fresh), `fresh never showed: ${textOf(el)}`);

      adapter.gates.get('summit')!.resolve();
      await nextTask();
      await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expect(textOf(el)).to.contain(shows.fresh);
      expect(textOf(el)).not.to.contain(shows.summit);
    });

    it('aborts the load in progress when it leaves the page', async () => {
      const adapter = new GatedAdapter(['summit']);
      const el = mount(attrs('summit'), adapter);
      await waitUntil(() => adapter.signals.length > 0, 'the adapter was never asked');
      el.remove();
      expect(adapter.signals[0]!.signal!.aborted).to.equal(true);
    });

    it('re-renders in the new language when a `lang` changes on it or on an ancestor', async () => {
      const holder = document.createElement('div');
      document.body.append(holder);
      mounted.push(holder);
      const el = create(tag, attrs('summit'), new GatedAdapter());
      holder.append(el);
      await waitUntil(() => textOf(el).includes(shows.summit), 'summit never showed');
      const english = textOf(el);
      holder.setAttribute('lang', 'fr');
      await waitUntil(() => textOf(el) !== english, 'no French after lang="fr" on the parent');
      el.setAttribute('lang', 'en');
      await waitUntil(() => textOf(el) === english, 'not English again after lang="en" on the widget');
    });

    it('warns once in the console however often the same failure comes back, and reports each', async () => {
      const warnings: string[] = [];
      const errors: string[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(String(args[0]));
      const onError = (event: Event) => errors.push((event as CustomEvent<{ code: string }>).detail.code);
      document.addEventListener('consult-error', onError);
      try {
        const el = mount({ ...attrs('summit'), adapter: uniqueName('missing') }) as HTMLElement & { reload(): Promise<void> };
        await waitUntil(() => errors.length === 1, 'no consult-error');
        await el.reload();
        await el.reload();
        expect(errors).to.deep.equal(['config', 'config', 'config']);
        expect(warnings.filter((w) => w.startsWith(`<${tag}>:`))).to.have.length(1);
      } finally {
        console.warn = warn;
        document.removeEventListener('consult-error', onError);
      }
    });
  });
}
