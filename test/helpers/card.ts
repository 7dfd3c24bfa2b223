import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConsultAdapter } from '../../src/adapters/adapter.js';
import '../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';

/** Resolves once the card has its data (at once if it already has). */
export async function loaded(el: ConsultProposalElement): Promise<void> {
  await el.updateComplete;
  if (el.shadowRoot!.querySelector('[aria-busy="true"]')) await oneEvent(el, 'consult-ready');
  await el.updateComplete;
}

/**
 * Mount a card on `adapter`, check it is accessible, and vote Agree with the keyboard: the first
 * test of every adapter test file, so each adapter is proven to drive a real card.
 */
export async function voteAgreeWithKeyboard(adapter: ConsultAdapter, proposalId: string): Promise<ConsultProposalElement> {
  const el = await fixture<ConsultProposalElement>(
    html`<consult-proposal proposal-id=${proposalId} .adapter=${adapter}></consult-proposal>`,
  );
  await loaded(el);
  await expect(el).to.be.accessible();
  const agree = el.shadowRoot!.querySelector<HTMLButtonElement>('button.agree')!;
  agree.focus();
  const voted = oneEvent(el, 'consult-vote');
  await sendKeys({ press: 'Enter' });
  await voted;
  expect(agree.getAttribute('aria-pressed')).to.equal('true');
  return el;
}
