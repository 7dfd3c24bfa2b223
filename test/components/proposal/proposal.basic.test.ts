import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { seed } from '../../helpers/seed.js';

function buttons(el: ConsultProposalElement) {
  const [agree, disagree, neutral] = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')];
  return { agree: agree!, disagree: disagree!, neutral: neutral! };
}

async function ready(adapter = new MemoryAdapter(seed), id = 'p1') {
  const el = await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id=${id} .adapter=${adapter}></consult-proposal>`);
  if (el.shadowRoot!.querySelector('[aria-busy="true"]')) await oneEvent(el, 'consult-ready');
  await el.updateComplete;
  return el;
}

describe('<consult-proposal> basics', () => {
  it('is accessible once loaded', async () => {
    const el = await ready();
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.textContent).to.contain('Train the population');
    expect(el.shadowRoot!.textContent).to.contain('AI Education');
  });

  it('votes with the keyboard and shows the results bar', async () => {
    const adapter = new MemoryAdapter(seed);
    const el = await ready(adapter);
    const { agree } = buttons(el);
    agree.focus();
    const voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Enter' });
    expect(agree.getAttribute('aria-pressed')).to.equal('true');
    const event = await voted;
    expect(event.detail).to.include({ proposalId: 'p1', key: 'agree', previousKey: null, delivery: 'acknowledged' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.legend')!.textContent).to.contain('101 votes');
  });
});
