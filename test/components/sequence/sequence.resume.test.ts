import { expect, html, waitUntil } from '@open-wc/testing';
import type { ConsultAdapter } from '../../../src/adapters/adapter.js';
import '../../../src/components/consultation/consultation.js';
import type { ConsultSequenceElement } from '../../../src/components/sequence/sequence.component.js';
import { watchPage } from '../../helpers/proposal.js';
import {
  button,
  currentProposalId,
  deepActive,
  headingText,
  liveText,
  memory,
  mount,
  recordSteps,
  shown,
  stepWithKeyboard,
  voteWithKeyboard,
} from '../../helpers/sequence.js';

/** A page of the host site: the sequence in a consultation, for one participant. */
function page(adapter: ConsultAdapter, participantId: string, size = 12): Promise<ConsultSequenceElement> {
  return mount(html`<consult-consultation .adapter=${adapter} consultation="seq" participant-id=${participantId}>
    <consult-sequence size=${size}></consult-sequence>
  </consult-consultation>`);
}

/** A reload: the old page goes, the same backend and participant come back in a new one. */
async function reload(el: ConsultSequenceElement, adapter: ConsultAdapter, participantId: string, size = 12) {
  el.closest('consult-consultation')!.remove();
  return page(adapter, participantId, size);
}

describe('<consult-sequence> resume', () => {
  afterEach(() => sessionStorage.clear());

  it('a reload comes back to the same proposal, silently, and keeps counting the votes cast before it', async () => {
    const adapter = memory();
    let el = await page(adapter, 'citizen-resume-1');
    await stepWithKeyboard(el, 'start');
    await voteWithKeyboard(el, 'agree');
    await stepWithKeyboard(el, 'next');
    expect(await currentProposalId(el)).to.equal('s2');

    const record = recordSteps();
    try {
      el = await reload(el, adapter, 'citizen-resume-1');
      expect(shown(el)).to.equal('proposal');
      expect(headingText(el)).to.equal('Proposal 2 of 6');
      expect(await currentProposalId(el)).to.equal('s2');
      await waitUntil(() => liveText(el).includes('Back where you left off: proposal 2 of 6.'));
      expect(deepActive()?.classList.contains('heading') ?? false).to.equal(false);
      expect(record.events.length).to.equal(0);
      await expect(el).to.be.accessible();
    } finally {
      record.stop();
    }

    await voteWithKeyboard(el, 'neutral');
    while (shown(el) !== 'final') await stepWithKeyboard(el, button(el, 'next') ? 'next' : 'skip');
    expect(el.shadowRoot!.querySelector('[part="summary"]')!.textContent).to.equal('You voted on 2 proposals.');
  });

  it('a reload on the push card keeps it, and whether the participant proposed', async () => {
    const adapter = memory();
    let el = await page(adapter, 'citizen-resume-2', 2);
    await stepWithKeyboard(el, 'start');
    await stepWithKeyboard(el, 'skip');
    expect(shown(el)).to.equal('propose');
    // What <consult-propose> fires once the backend took a proposal.
    el.shadowRoot!.querySelector('consult-propose')!.dispatchEvent(
      new CustomEvent('consult-submit', {
        detail: { consultationId: 'seq', proposalId: 'p-new', requestId: 'r-1' },
        bubbles: true,
        composed: true,
      }),
    );
    await el.updateComplete;
    expect(button(el, 'next')!.textContent!.trim()).to.equal('Next');
    el = await reload(el, adapter, 'citizen-resume-2', 2);
    expect(shown(el)).to.equal('propose');
    expect(button(el, 'next')).to.not.equal(null);
    await stepWithKeyboard(el, 'next');
    expect(headingText(el)).to.equal('Proposal 2 of 2');
  });

  it('after the final card a reload starts a new sequence without the proposals voted on', async () => {
    const adapter = memory();
    let el = await page(adapter, 'citizen-resume-3', 2);
    await stepWithKeyboard(el, 'start');
    await voteWithKeyboard(el, 'agree');
    await stepWithKeyboard(el, 'next');
    await stepWithKeyboard(el, 'skip'); // push card
    await voteWithKeyboard(el, 'disagree');
    await stepWithKeyboard(el, 'next');
    expect(shown(el)).to.equal('final');

    el = await reload(el, adapter, 'citizen-resume-3', 2);
    expect(shown(el)).to.equal('intro');
    await stepWithKeyboard(el, 'start');
    expect(await currentProposalId(el)).to.equal('s3');
  });

  it('another participant, or another size, does not take over a saved position', async () => {
    const adapter = memory();
    let el = await page(adapter, 'citizen-resume-4');
    await stepWithKeyboard(el, 'start');
    await stepWithKeyboard(el, 'skip');
    el = await reload(el, adapter, 'citizen-resume-5');
    expect(shown(el)).to.equal('intro');
    el = await reload(el, adapter, 'citizen-resume-4', 3);
    expect(shown(el)).to.equal('intro');
    el = await reload(el, adapter, 'citizen-resume-4');
    expect(headingText(el)).to.equal('Proposal 2 of 6');
  });

  it('garbage in sessionStorage is ignored', async () => {
    const watch = watchPage();
    try {
      sessionStorage.setItem('consult-widgets:sequence:seq:citizen-resume-6', '{"ids": 42');
      const a = await page(memory(), 'citizen-resume-6');
      expect(shown(a)).to.equal('intro');
      sessionStorage.setItem(
        'consult-widgets:sequence:seq:citizen-resume-6',
        JSON.stringify({ size: 12, ids: ['../x'], card: 'proposal', index: 0, votes: {}, submitted: false }),
      );
      const b = await reload(a, memory(), 'citizen-resume-6');
      expect(shown(b)).to.equal('intro');
      expect(watch.escaped).to.deep.equal([]);
    } finally {
      watch.restore();
    }
  });
});
