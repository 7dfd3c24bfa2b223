import { expect, waitUntil } from '@open-wc/testing';
import type { ConsultAdapter } from '../../src/adapters/adapter.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { adapterFactory, DEFAULT_ADAPTER, registerAdapter } from '../../src/adapters/registry.js';
import '../../src/components/proposal/proposal.js';
import '../../src/components/propose/propose.js';
import '../../src/components/results/results.js';
import '../../src/components/sequence/sequence.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import { parts, settled } from '../helpers/proposal.js';
import { seed } from '../helpers/seed.js';
import { nextTask } from '../helpers/test-adapter.js';

// A framework sets `el.adapter` after it appends the element: Vue's onMounted in the same task,
// React's useEffect in the same task or a later one. The widget must never read the default
// adapter first, and a failure of that read must never reach the live region.

/** An adapter that records the name of every method called on it. */
function recording(base: ConsultAdapter) {
  const calls: string[] = [];
  const adapter = new Proxy(base, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { adapter, calls };
}

const realDefault = adapterFactory(DEFAULT_ADAPTER)!;
/** The default adapter, as a page without any configuration gets it: it knows none of the seed's proposals. */
let fallback: ReturnType<typeof recording>;
const added: Element[] = [];

beforeEach(() => {
  fallback = recording(new MemoryAdapter({ openWorld: true }));
  registerAdapter(DEFAULT_ADAPTER, () => fallback.adapter);
});

afterEach(() => {
  registerAdapter(DEFAULT_ADAPTER, realDefault);
  for (const el of added.splice(0)) el.remove();
});

function append<T extends HTMLElement>(tag: string, attributes: Record<string, string> = {}, parent: Element = document.body): T {
  const el = document.createElement(tag) as T;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent.append(el);
  if (parent === document.body) added.push(el);
  return el;
}

/**
 * Every text the card's live region and status line ever hold from now on (a MutationObserver on
 * its shadow root, which exists as soon as the card is connected).
 */
function watchTexts(el: HTMLElement) {
  const texts: string[] = [];
  const read = () => {
    for (const node of el.shadowRoot!.querySelectorAll('[role="status"], [role="alert"], p.status')) texts.push(node.textContent!.trim());
  };
  const observer = new MutationObserver(read);
  observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return { texts, errors: () => texts.filter((text) => /error/i.test(text)), stop: () => observer.disconnect() };
}

const CONTENT = seed.proposals[0]!.content;

describe('an adapter property set after the widget is connected', () => {
  it('in the same task, right after append: the default adapter is never called', async () => {
    const mine = recording(new MemoryAdapter(seed));
    const el = append<ConsultProposalElement>('consult-proposal', { 'proposal-id': 'p1' });
    el.adapter = mine.adapter;
    await settled(el);
    expect(parts(el).content!.textContent!.trim()).to.equal(CONTENT);
    expect(mine.calls).to.include('getProposal');
    expect(fallback.calls).to.deep.equal([]);
  });

  it('in a microtask of the connecting task: the default adapter is never called', async () => {
    const mine = recording(new MemoryAdapter(seed));
    const el = append<ConsultProposalElement>('consult-proposal', { 'proposal-id': 'p1' });
    const texts = watchTexts(el);
    queueMicrotask(() => void Promise.resolve().then(() => (el.adapter = mine.adapter)));
    await settled(el);
    expect(parts(el).content!.textContent!.trim()).to.equal(CONTENT);
    expect(fallback.calls).to.deep.equal([]);
    expect(texts.errors()).to.deep.equal([]);
    texts.stop();
  });

  it('after a setTimeout(0), as React 19 effects may come: nothing read from the default, no error ever in the live region', async () => {
    const mine = recording(new MemoryAdapter(seed));
    const el = append<ConsultProposalElement>('consult-proposal', { 'proposal-id': 'p1' });
    const texts = watchTexts(el);
    setTimeout(() => (el.adapter = mine.adapter));
    await nextTask();
    await settled(el);
    await nextTask();
    expect(parts(el).content!.textContent!.trim()).to.equal(CONTENT);
    expect(parts(el).live.textContent!.trim()).to.equal('');
    expect(texts.errors()).to.deep.equal([]);
    expect(fallback.calls).to.deep.equal([]);
    texts.stop();
  });

  it('much later, once the default failed: the error leaves the live region and the status line when the data shows', async () => {
    const el = append<ConsultProposalElement>('consult-proposal', { 'proposal-id': 'p1' });
    await waitUntil(() => el.shadowRoot!.querySelector('.error-state'), 'the default adapter (which knows no p1) never failed');
    expect(parts(el).live.textContent).to.match(/Error/);
    const texts = watchTexts(el);
    el.adapter = new MemoryAdapter(seed);
    await settled(el);
    await el.updateComplete;
    expect(parts(el).content!.textContent!.trim()).to.equal(CONTENT);
    expect(parts(el).live.textContent!.trim()).to.equal('');
    expect(parts(el).status.textContent!.trim()).to.equal('');
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    expect(texts.texts.at(-1) ?? '').to.not.match(/Error/);
  });

  it('changed later: the card reads the new adapter and shows its data', async () => {
    const first = recording(new MemoryAdapter(seed));
    const el = append<ConsultProposalElement>('consult-proposal', { 'proposal-id': 'p1' });
    el.adapter = first.adapter;
    await settled(el);
    const other = new MemoryAdapter({ consultations: seed.consultations, proposals: [{ ...seed.proposals[0]!, content: 'Another backend' }] });
    el.adapter = other;
    await waitUntil(() => parts(el).content?.textContent?.trim() === 'Another backend', 'the card never showed the new adapter');
    expect(first.calls.filter((name) => name === 'getProposal')).to.have.length(1);
    expect(fallback.calls).to.deep.equal([]);
  });

  it('on the <consult-consultation> around cards, in a microtask: its participant-id is used, the default never', async () => {
    const mine = recording(new MemoryAdapter(seed));
    const votes: string[] = [];
    const base = mine.adapter;
    const spied: ConsultAdapter = Object.assign(Object.create(base) as ConsultAdapter, {
      getParticipantVotes: (participantId: string, consultationId: string) => {
        votes.push(participantId);
        return base.getParticipantVotes(participantId, consultationId);
      },
    });
    const provider = append<HTMLElement & { adapter?: ConsultAdapter }>('consult-consultation', { 'participant-id': 'from-the-page' });
    const el = append<ConsultProposalElement>('consult-proposal', { 'proposal-id': 'p1' }, provider);
    queueMicrotask(() => (provider.adapter = spied));
    await settled(el);
    expect(parts(el).content!.textContent!.trim()).to.equal(CONTENT);
    expect(votes).to.deep.equal(['from-the-page']);
    expect(fallback.calls).to.deep.equal([]);
  });

  for (const tag of ['consult-sequence', 'consult-propose', 'consult-results']) {
    it(`<${tag}>, in a microtask: read through it, never through the default`, async () => {
      const mine = recording(new MemoryAdapter(seed));
      const el = append<HTMLElement & { adapter?: ConsultAdapter }>(tag, { consultation: 'ai' });
      queueMicrotask(() => (el.adapter = mine.adapter));
      await waitUntil(() => mine.calls.length > 0, `<${tag}> never read its adapter`);
      await nextTask();
      await nextTask();
      expect(fallback.calls).to.deep.equal([]);
    });
  }
});
