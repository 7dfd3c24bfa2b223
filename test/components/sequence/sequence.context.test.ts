import { expect, html } from '@open-wc/testing';
import type { CastVote } from '../../../src/adapters/adapter.js';
import { anonymousParticipantId } from '../../../src/adapters/participant.js';
import { registerAdapterInstance } from '../../../src/adapters/registry.js';
import '../../../src/components/consultation/consultation.js';
import type { ConsultConsultationElement } from '../../../src/components/consultation/consultation.component.js';
import { watchPage } from '../../helpers/proposal.js';
import {
  currentCard,
  headingText,
  memory,
  mount,
  ready,
  recording,
  shown,
  stepWithKeyboard,
  voteWithKeyboard,
} from '../../helpers/sequence.js';
import { uniqueName } from '../../helpers/test-adapter.js';

describe('<consult-sequence> adapter, consultation and participant', () => {
  afterEach(() => sessionStorage.clear());

  it('inside <consult-consultation>: its adapter, consultation and participant serve the sequence and its cards', async () => {
    const { adapter, of } = recording();
    const name = uniqueName('sequence-context');
    registerAdapterInstance(name, adapter);
    const el = await mount(html`<consult-consultation adapter=${name} consultation="seq" participant-id="citizen-0042">
      <consult-sequence></consult-sequence>
    </consult-consultation>`);
    await expect(el).to.be.accessible();
    expect(of('getSequence').map((c) => c.args)).to.deep.equal([['seq', 'citizen-0042', 12]]);
    await stepWithKeyboard(el, 'start');
    await voteWithKeyboard(el, 'agree');
    const vote = of('castVote')[0]!.args[0] as CastVote;
    expect([vote.proposalId, vote.participantId]).to.deep.equal(['s1', 'citizen-0042']);
    expect(of('getParticipantVotes').every((c) => c.args[0] === 'citizen-0042')).to.equal(true);
  });

  it('the adapter property wins over the consultation’s, and the cards inside use it too', async () => {
    const outer = recording();
    const inner = recording();
    const name = uniqueName('sequence-outer');
    registerAdapterInstance(name, outer.adapter);
    const el = await mount(html`<consult-consultation adapter=${name} consultation="seq" participant-id="citizen-0043">
      <consult-sequence .adapter=${inner.adapter}></consult-sequence>
    </consult-consultation>`);
    await stepWithKeyboard(el, 'start');
    await currentCard(el);
    expect(inner.of('getProposal').map((c) => c.args[0])).to.deep.equal(['s1']);
    expect(inner.of('getSequence')[0]!.args[1]).to.equal('citizen-0043');
    expect(outer.calls.length).to.equal(0);
  });

  it('the adapter attribute names a registered adapter, and the consultation attribute wins over the context’s', async () => {
    const { adapter, of } = recording();
    const name = uniqueName('sequence-named');
    registerAdapterInstance(name, adapter);
    const el = await mount(html`<consult-consultation consultation="elsewhere" participant-id="citizen-0044" .adapter=${memory()}>
      <consult-sequence adapter=${name} consultation="seq" size="3"></consult-sequence>
    </consult-consultation>`);
    expect(of('getConsultation').map((c) => c.args[0])).to.deep.equal(['seq']);
    expect(of('getSequence').map((c) => c.args)).to.deep.equal([['seq', 'citizen-0044', 3]]);
    await stepWithKeyboard(el, 'start');
    await voteWithKeyboard(el, 'disagree', 'Space');
    expect(of('castVote').length).to.equal(1);
  });

  it('alone on a page it uses the anonymous participant and the default local adapter', async () => {
    const page = watchPage();
    try {
      const id = `nowhere-${Math.random().toString(36).slice(2, 8)}`;
      const el = await mount(html`<consult-sequence consultation=${id}></consult-sequence>`);
      // The local adapter knows no such consultation: its own answer is shown.
      expect(shown(el)).to.equal('error');
      expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain(`No consultation has the id "${id}"`);
      await expect(el).to.be.accessible();

      const { adapter, of } = recording();
      el.adapter = adapter;
      el.consultation = 'seq';
      await ready(el);
      expect(of('getSequence')[0]!.args[1]).to.equal(anonymousParticipantId());
    } finally {
      page.restore();
    }
  });

  it('follows its consultation: a new participant there gets a new sequence', async () => {
    const { adapter, of } = recording();
    const name = uniqueName('sequence-follow');
    registerAdapterInstance(name, adapter);
    const el = await mount(html`<consult-consultation adapter=${name} consultation="seq" participant-id="citizen-aaaa">
      <consult-sequence></consult-sequence>
    </consult-consultation>`);
    await stepWithKeyboard(el, 'start');
    await voteWithKeyboard(el, 'agree');
    const consultation = el.closest<ConsultConsultationElement>('consult-consultation')!;
    consultation.participantId = 'citizen-bbbb';
    await consultation.updateComplete;
    await ready(el);
    expect(of('getSequence').map((c) => c.args[1])).to.deep.equal(['citizen-aaaa', 'citizen-bbbb']);
    // A newcomer starts at the intro, and s1 (voted by the first participant only) is theirs to vote on.
    expect(shown(el)).to.equal('intro');
    await stepWithKeyboard(el, 'start');
    const card = await currentCard(el);
    expect(card.getAttribute('proposal-id')).to.equal('s1');
    expect(card.shadowRoot!.querySelector('button[aria-pressed="true"]')).to.equal(null);
  });

  it('size sets how many proposals one sequence has; nonsense falls back to 12', async () => {
    const { adapter, of } = recording();
    const el = await mount(html`<consult-sequence consultation="seq" size="2" .adapter=${adapter}></consult-sequence>`);
    await stepWithKeyboard(el, 'start');
    expect(headingText(el)).to.equal('Proposal 1 of 2');
    el.setAttribute('size', 'lots');
    await ready(el);
    expect(of('getSequence').map((c) => c.args[2])).to.deep.equal([2, 12]);
  });
});
