import { expect, fixture, html } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import '../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import { settled } from '../helpers/proposal.js';

/**
 * The first test of each protocol file: a card whose every adapter answer is checked with these
 * schemas is still accessible (the convention of every browser test file).
 */
export async function expectAccessibleCard(): Promise<void> {
  const el = await fixture<ConsultProposalElement>(
    html`<consult-proposal content="Plant trees along school streets" .adapter=${new MemoryAdapter()}></consult-proposal>`,
  );
  await settled(el);
  expect(el.shadowRoot!.querySelector('.actions button')).to.not.equal(null);
  await expect(el).to.be.accessible();
}
