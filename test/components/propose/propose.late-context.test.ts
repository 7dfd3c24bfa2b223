// In its own page: <consult-consultation> must not be defined before the form is. Every widget's
// entry now registers the provider first (issue 13), so this page registers the form's class
// itself, as a page that takes the classes from 'consult-widgets' and defines its own tags would.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import type { ConsultConsultationElement } from '../../../src/components/consultation/consultation.component.js';
import { ConsultProposeElement } from '../../../src/components/propose/propose.component.js';

const prefixed = { id: 'prefixed', title: 'Prefixed', question: 'How can we cut plastic waste?', proposalPrefix: 'We should' };

describe('<consult-propose> before its <consult-consultation> is defined', () => {
  it('waits for it without reporting a mistake, then uses its adapter and consultation', async () => {
    customElements.define('consult-propose', ConsultProposeElement);
    expect(customElements.get('consult-consultation')).to.equal(undefined);
    const errors: string[] = [];
    const onError = (event: Event) => errors.push((event as CustomEvent).detail.code);
    document.addEventListener('consult-error', onError);
    const wrapper = await fixture<ConsultConsultationElement>(
      html`<consult-consultation consultation="prefixed"><consult-propose></consult-propose></consult-consultation>`,
    );
    // Set before the upgrade: Lit keeps it for the element it becomes.
    wrapper.adapter = new MemoryAdapter({ consultations: [prefixed] });
    const el = wrapper.querySelector<ConsultProposeElement>('consult-propose')!;
    await el.updateComplete;
    const panel = () => el.shadowRoot!.querySelector('.panel');
    expect(panel()!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();

    await import('../../../src/components/consultation/consultation.js');
    await waitUntil(() => el.shadowRoot!.querySelector('form'), 'the form never found its consultation', { timeout: 5000 });
    document.removeEventListener('consult-error', onError);
    expect(el.shadowRoot!.querySelector('.prefix')!.textContent).to.equal('We should');
    expect(errors).to.deep.equal([]);
  });
});
