import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CastVote } from '../../../src/adapters/adapter.js';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import { anonymousParticipantId } from '../../../src/adapters/participant.js';
import { registeredAdapterNames, registerAdapterInstance } from '../../../src/adapters/registry.js';
import { ConsultConsultationElement } from '../../../src/components/consultation/consultation.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { parts, pressed, settled, watchPage } from '../../helpers/proposal.js';
import { seed } from '../../helpers/seed.js';
import { TestAdapter, uniqueName } from '../../helpers/test-adapter.js';

function registered(adapter = new TestAdapter()) {
  const name = uniqueName('consultation');
  registerAdapterInstance(name, adapter);
  return { adapter, name };
}

async function mount(template: ReturnType<typeof html>) {
  const consultation = await fixture<ConsultConsultationElement>(template);
  const cards = [...consultation.querySelectorAll('consult-proposal')];
  await Promise.all(cards.map(settled));
  return { consultation, cards };
}

describe('<consult-consultation>', () => {
  it('is accessible and shows the page’s own markup around the cards', async () => {
    const { name } = registered();
    const { consultation, cards } = await mount(html`<consult-consultation adapter=${name} consultation="ai">
      <h2>Shaping AI</h2>
      <consult-proposal proposal-id="p1"></consult-proposal>
      <consult-proposal proposal-id="p2"></consult-proposal>
    </consult-consultation>`);
    await expect(consultation).to.be.accessible();
    expect(consultation.querySelector('h2')!.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(consultation.shadowRoot!.querySelector('slot')).to.not.equal(null);
    expect(cards.map((c) => parts(c).content!.textContent!.trim().slice(0, 12))).to.deep.equal([
      'Train the po',
      'Ensure easy ',
    ]);
  });

  it('gives every card inside its adapter and participant; keyboard votes go there', async () => {
    const { adapter, name } = registered();
    const { cards } = await mount(html`<consult-consultation adapter=${name} participant-id="citizen-0001">
      <consult-proposal proposal-id="p1"></consult-proposal>
      <consult-proposal proposal-id="p2"></consult-proposal>
    </consult-consultation>`);
    expect(adapter.callsOf('getProposal').map((c) => c.args[0]).sort()).to.deep.equal(['p1', 'p2']);
    for (const card of cards) {
      parts(card).buttons.agree.focus();
      const voted = oneEvent(card, 'consult-vote');
      await sendKeys({ press: 'Enter' });
      await voted;
    }
    expect(adapter.callsOf('castVote').map((c) => (c.args[0] as CastVote).participantId)).to.deep.equal([
      'citizen-0001',
      'citizen-0001',
    ]);
    expect(adapter.callsOf('getParticipantVotes').every((c) => c.args[0] === 'citizen-0001')).to.equal(true);
  });

  it('without participant-id, cards use the anonymous id of this browser', async () => {
    const { adapter, name } = registered();
    const { cards } = await mount(html`<consult-consultation adapter=${name}>
      <consult-proposal proposal-id="p1"></consult-proposal>
    </consult-consultation>`);
    parts(cards[0]!).buttons.neutral.click();
    expect((adapter.callsOf('castVote')[0]!.args[0] as CastVote).participantId).to.equal(anonymousParticipantId());
  });

  it('its consultation id serves cards whose text is inline', async () => {
    const { adapter, name } = registered(new TestAdapter({}, new MemoryAdapter({ ...seed, openWorld: true })));
    await mount(html`<consult-consultation adapter=${name} consultation="ai" participant-id="citizen-0002">
      <consult-proposal>An inline proposal of this consultation</consult-proposal>
    </consult-consultation>`);
    expect(adapter.callsOf('getConsultation').map((c) => c.args[0])).to.deep.equal(['ai']);
    expect(adapter.callsOf('getParticipantVotes').map((c) => c.args)).to.deep.equal([['citizen-0002', 'ai']]);
  });

  it('changing its adapter attribute reloads every card from the new adapter', async () => {
    const first = registered();
    const second = registered(
      new TestAdapter({}, new MemoryAdapter({ ...seed, proposals: [{ id: 'p1', consultationId: 'ai', content: 'Second text' }] })),
    );
    const { consultation, cards } = await mount(html`<consult-consultation adapter=${first.name}>
      <consult-proposal proposal-id="p1"></consult-proposal>
    </consult-consultation>`);
    const [card] = cards as [ConsultProposalElement];
    const ready = oneEvent(card, 'consult-ready');
    consultation.setAttribute('adapter', second.name);
    await ready;
    await settled(card);
    expect(parts(card).content!.textContent!.trim()).to.equal('Second text');
    expect(first.adapter.count('getProposal')).to.equal(1);
  });

  it('changing its .adapter property reloads the cards too', async () => {
    const { name } = registered();
    const replacement = new TestAdapter();
    const { consultation, cards } = await mount(html`<consult-consultation adapter=${name}>
      <consult-proposal proposal-id="p2"></consult-proposal>
    </consult-consultation>`);
    const ready = oneEvent(cards[0]!, 'consult-ready');
    consultation.adapter = replacement;
    await ready;
    expect(replacement.count('getProposal')).to.equal(1);
  });

  it('changing participant-id shows that participant’s own votes', async () => {
    const { adapter, name } = registered();
    adapter.oneParticipant = undefined; // the point here is two different participants
    const { consultation, cards } = await mount(html`<consult-consultation adapter=${name} participant-id="citizen-aaaa">
      <consult-proposal proposal-id="p1"></consult-proposal>
    </consult-consultation>`);
    const card = cards[0]!;
    parts(card).buttons.agree.click();
    await oneEvent(card, 'consult-vote');
    consultation.participantId = 'citizen-bbbb';
    await consultation.updateComplete; // the new context reaches the card when the consultation updates
    await settled(card);
    expect(pressed(card)).to.equal(null);
    consultation.participantId = 'citizen-aaaa';
    await consultation.updateComplete;
    await settled(card);
    expect(pressed(card)).to.equal('agree');
    expect(adapter.count('getProposal')).to.equal(3);
  });

  it('an unknown adapter name: each card says so and lists the registered names', async () => {
    const page = watchPage();
    try {
      const { consultation, cards } = await mount(html`<consult-consultation adapter="no-such-adapter">
        <consult-proposal proposal-id="p1"></consult-proposal>
      </consult-consultation>`);
      const alert = parts(cards[0]!).root.querySelector('[role="alert"]')!.textContent!;
      expect(alert).to.contain('"no-such-adapter"');
      expect(alert).to.contain(registeredAdapterNames().join(', '));
      // Fixing the name fixes the card.
      const { name } = registered();
      consultation.setAttribute('adapter', name);
      await consultation.updateComplete;
      await settled(cards[0]!);
      expect(parts(cards[0]!).content!.textContent).to.contain('Train the population');
      expect(page.escaped).to.deep.equal([]);
    } finally {
      page.restore();
    }
  });

  it('a card added later finds the consultation', async () => {
    const { adapter, name } = registered();
    const { consultation } = await mount(html`<consult-consultation adapter=${name}><div></div></consult-consultation>`);
    const card = document.createElement('consult-proposal');
    card.setAttribute('proposal-id', 'p3');
    consultation.querySelector('div')!.append(card);
    await settled(card);
    expect(adapter.callsOf('getProposal').map((c) => c.args[0])).to.deep.equal(['p3']);
  });

  it('a consultation element defined after its cards still gives them its adapter', async () => {
    const { adapter, name } = registered();
    const tag = `late-consultation-${Math.random().toString(36).slice(2, 8)}`;
    const page = watchPage();
    try {
      const host = await fixture<HTMLElement>(html`<div></div>`);
      host.innerHTML = `<${tag} adapter="${name}"><consult-proposal proposal-id="p1"></consult-proposal></${tag}>`;
      const card = host.querySelector('consult-proposal')!;
      await settled(card); // with the default local adapter, which does not know "p1"
      customElements.define(tag, class extends ConsultConsultationElement {});
      await settled(card);
      await expect(card).to.be.accessible();
      expect(adapter.count('getProposal')).to.equal(1);
      expect(parts(card).content!.textContent).to.contain('Train the population');
    } finally {
      page.restore();
    }
  });
});
