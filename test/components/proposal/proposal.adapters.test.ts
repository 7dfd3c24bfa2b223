import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  adapterFactory,
  DEFAULT_ADAPTER,
  registerAdapter,
  registerAdapterInstance,
} from '../../../src/adapters/registry.js';
import '../../../src/components/consultation/consultation.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { parts, pressed, settled } from '../../helpers/proposal.js';
import { TestAdapter, uniqueName } from '../../helpers/test-adapter.js';

/** A fresh adapter registered under a fresh name (the registry is page-wide). */
function registered() {
  const adapter = new TestAdapter();
  const name = uniqueName('adapter');
  registerAdapterInstance(name, adapter);
  return { adapter, name };
}

async function inside(template: ReturnType<typeof html>) {
  const root = await fixture<HTMLElement>(template);
  return settled(root.matches('consult-proposal') ? (root as ConsultProposalElement) : root.querySelector('consult-proposal')!);
}

describe('<consult-proposal> adapter selection', () => {
  it('is accessible with a registered adapter, voting by keyboard', async () => {
    const { adapter, name } = registered();
    const el = await inside(html`<consult-proposal proposal-id="p1" adapter=${name}></consult-proposal>`);
    await expect(el).to.be.accessible();
    parts(el).buttons.agree.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(pressed(el)).to.equal('agree');
    expect(adapter.count('castVote')).to.equal(1);
  });

  it('the .adapter property wins over the attribute and over the consultation', async () => {
    const byProperty = new TestAdapter();
    const byName = registered();
    const byContext = registered();
    await inside(html`<consult-consultation adapter=${byContext.name}>
      <consult-proposal proposal-id="p1" adapter=${byName.name} .adapter=${byProperty}></consult-proposal>
    </consult-consultation>`);
    expect(byProperty.count('getProposal')).to.equal(1);
    expect(byName.adapter.count('getProposal')).to.equal(0);
    expect(byContext.adapter.count('getProposal')).to.equal(0);
  });

  it('the adapter="name" attribute wins over the consultation', async () => {
    const byName = registered();
    const byContext = registered();
    const el = await inside(html`<consult-consultation adapter=${byContext.name}>
      <consult-proposal proposal-id="p1" adapter=${byName.name}></consult-proposal>
    </consult-consultation>`);
    parts(el).buttons.neutral.click();
    await el.updateComplete;
    expect(byName.adapter.count('getProposal')).to.equal(1);
    expect(byName.adapter.count('castVote')).to.equal(1);
    expect(byContext.adapter.calls).to.have.length(0);
  });

  it('a card without its own adapter uses the consultation’s', async () => {
    const byContext = registered();
    await inside(html`<consult-consultation adapter=${byContext.name}>
      <consult-proposal proposal-id="p1"></consult-proposal>
    </consult-consultation>`);
    expect(byContext.adapter.count('getProposal')).to.equal(1);
  });

  it('a registerAdapter factory is called with the element that names it', async () => {
    const adapter = new TestAdapter();
    const name = uniqueName('factory');
    const seen: HTMLElement[] = [];
    registerAdapter(name, (element) => (seen.push(element), adapter));
    const el = await inside(html`<consult-proposal proposal-id="p1" adapter=${name}></consult-proposal>`);
    expect(seen).to.include(el);
    expect(adapter.count('getProposal')).to.equal(1);
  });

  it('with nothing named, the card uses the adapter registered as "local"', async () => {
    expect(DEFAULT_ADAPTER).to.equal('local');
    const original = adapterFactory('local')!;
    const adapter = new TestAdapter();
    registerAdapterInstance('local', adapter);
    try {
      await inside(html`<consult-proposal proposal-id="p2"></consult-proposal>`);
      await inside(html`<consult-consultation><consult-proposal proposal-id="p3"></consult-proposal></consult-consultation>`);
    } finally {
      registerAdapter('local', original);
    }
    expect(adapter.callsOf('getProposal').map((c) => c.args[0])).to.deep.equal(['p2', 'p3']);
  });

  it('the consultation’s participant-id reaches the adapter', async () => {
    const { adapter, name } = registered();
    const el = await inside(html`<consult-consultation adapter=${name} participant-id="participant-42">
      <consult-proposal proposal-id="p1"></consult-proposal>
    </consult-consultation>`);
    parts(el).buttons.disagree.click();
    await el.updateComplete;
    expect(adapter.callsOf('getParticipantVotes')[0]!.args).to.deep.equal(['participant-42', 'ai']);
    expect(adapter.callsOf('castVote')[0]!.args[0]).to.include({
      participantId: 'participant-42',
      proposalId: 'p1',
      key: 'disagree',
    });
  });

  it('changing the .adapter property reloads from the new adapter', async () => {
    const first = new TestAdapter();
    const second = new TestAdapter();
    const el = await inside(html`<consult-proposal proposal-id="p1" .adapter=${first}></consult-proposal>`);
    el.adapter = second;
    await settled(el);
    expect(second.count('getProposal')).to.equal(1);
    parts(el).buttons.agree.click();
    expect(second.count('castVote')).to.equal(1);
    expect(first.count('castVote')).to.equal(0);
  });

  it('changing the adapter attribute reloads from the newly named adapter', async () => {
    const first = registered();
    const second = registered();
    const el = await inside(html`<consult-proposal proposal-id="p1" adapter=${first.name}></consult-proposal>`);
    el.setAttribute('adapter', second.name);
    await settled(el);
    expect(second.adapter.count('getProposal')).to.equal(1);
    expect(first.adapter.count('getProposal')).to.equal(1);
  });
});
