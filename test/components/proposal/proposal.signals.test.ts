// The card's loads are runs of the base's LoadController: each passes its AbortSignal to the adapter,
// a newer load or the card leaving aborts it, what an aborted load answers is dropped, and a read
// shared by several cards is aborted only when every one of them left.
import { expect, waitUntil } from '@open-wc/testing';
import type { RequestOptions } from '../../../src/adapters/adapter.js';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import type { Consultation, Proposal } from '../../../src/protocol/index.js';
import { seed } from '../../helpers/seed.js';
import { deferred, nextTask, type Deferred } from '../../helpers/test-adapter.js';

type Read = { method: 'getProposal' | 'getConsultation'; id: string; signal?: AbortSignal };

/** A memory adapter that keeps the signal of every read and holds the reads of chosen ids until told. */
class SignalAdapter extends MemoryAdapter {
  readonly reads: Read[] = [];
  readonly gates = new Map<string, Deferred<void>>();

  constructor(...held: string[]) {
    super(seed);
    for (const id of held) this.gates.set(id, deferred());
  }

  override async getProposal(id: string, options?: RequestOptions): Promise<Proposal> {
    this.reads.push({ method: 'getProposal', id, signal: options?.signal });
    await this.gates.get(id)?.promise;
    return super.getProposal(id);
  }

  override async getConsultation(id: string, options?: RequestOptions): Promise<Consultation> {
    this.reads.push({ method: 'getConsultation', id, signal: options?.signal });
    await this.gates.get(id)?.promise;
    return super.getConsultation(id);
  }

  read(method: Read['method'], id: string): Read | undefined {
    return this.reads.find((r) => r.method === method && r.id === id);
  }
}

const textOf = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<consult-proposal> loads with a signal', () => {
  const mounted: Element[] = [];
  const card = (proposalId: string, adapter: SignalAdapter): ConsultProposalElement => {
    const el = document.createElement('consult-proposal');
    el.adapter = adapter;
    el.setAttribute('proposal-id', proposalId);
    document.body.append(el);
    mounted.push(el);
    return el;
  };
  afterEach(() => mounted.splice(0).forEach((el) => el.remove()));

  it('passes its load’s AbortSignal to getProposal and getConsultation, not aborted once loaded', async () => {
    const adapter = new SignalAdapter();
    const el = card('p1', adapter);
    await waitUntil(() => textOf(el).includes('Train the population'), 'p1 never showed');
    const proposal = adapter.read('getProposal', 'p1')!;
    const consultation = adapter.read('getConsultation', 'ai')!;
    expect(proposal.signal).to.be.instanceOf(AbortSignal);
    expect(consultation.signal).to.be.instanceOf(AbortSignal);
    expect(proposal.signal!.aborted).to.equal(false);
  });

  it('a new proposal-id aborts the read in progress, and its late answer is dropped', async () => {
    const adapter = new SignalAdapter('p1');
    const el = card('p1', adapter);
    await waitUntil(() => adapter.read('getProposal', 'p1'), 'p1 was never read');
    el.setAttribute('proposal-id', 'p2');
    await waitUntil(() => textOf(el).includes('Ensure easy identification'), `p2 never showed: ${textOf(el)}`);
    expect(adapter.read('getProposal', 'p1')!.signal!.aborted).to.equal(true);

    adapter.gates.get('p1')!.resolve();
    await nextTask();
    await el.updateComplete;
    expect(textOf(el)).to.contain('Ensure easy identification');
    expect(textOf(el)).not.to.contain('Train the population');
  });

  it('removing the card aborts its read; back in the page, it reads again', async () => {
    const adapter = new SignalAdapter('p1');
    const el = card('p1', adapter);
    await waitUntil(() => adapter.read('getProposal', 'p1'), 'p1 was never read');
    el.remove();
    expect(adapter.read('getProposal', 'p1')!.signal!.aborted).to.equal(true);

    adapter.gates.get('p1')!.resolve();
    document.body.append(el);
    await waitUntil(() => textOf(el).includes('Train the population'), 'p1 never showed after the card came back');
    expect(adapter.reads.filter((r) => r.method === 'getProposal')).to.have.length(2);
  });

  it('a card leaving never cancels the consultation read it shares with another card', async () => {
    const adapter = new SignalAdapter('ai');
    const first = card('p1', adapter);
    const second = card('p2', adapter);
    await waitUntil(() => adapter.read('getConsultation', 'ai'), 'the consultation was never read');
    await waitUntil(() => adapter.reads.filter((r) => r.method === 'getProposal').length === 2, 'both proposals read');
    await nextTask();
    expect(adapter.reads.filter((r) => r.method === 'getConsultation'), 'one shared read').to.have.length(1);
    const shared = adapter.read('getConsultation', 'ai')!.signal!;

    first.remove();
    expect(shared.aborted, 'still wanted by the second card').to.equal(false);
    adapter.gates.get('ai')!.resolve();
    await waitUntil(() => textOf(second).includes('Transparency and Trust'), `the second card never showed its theme: ${textOf(second)}`);
  });

  it('the shared read is aborted once every card waiting for it left', async () => {
    const adapter = new SignalAdapter('ai');
    const first = card('p1', adapter);
    const second = card('p2', adapter);
    await waitUntil(() => adapter.reads.filter((r) => r.method === 'getProposal').length === 2, 'both proposals read');
    await waitUntil(() => adapter.read('getConsultation', 'ai'), 'the consultation was never read');
    await nextTask();
    const shared = adapter.read('getConsultation', 'ai')!.signal!;
    first.remove();
    second.remove();
    expect(shared.aborted).to.equal(true);
  });
});
