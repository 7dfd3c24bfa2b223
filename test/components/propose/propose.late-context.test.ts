// In its own page: <consult-consultation> must not be defined before the form is.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ConsultConsultationElement } from '../../../src/components/consultation/consultation.component.js';
import type { ConsultProposeElement } from '../../../src/components/propose/propose.component.js';
import { parts, SubmitAdapter } from '../../helpers/propose.js';

describe('<consult-propose> before its <consult-consultation> is defined', () => {
  it('waits for it without reporting a mistake, then uses its adapter and consultation', async () => {
    expect(customElements.get('consult-consultation')).to.equal(undefined);
    const errors: string[] = [];
    const onError = (event: Event) => errors.push((event as CustomEvent).detail.code);
    document.addEventListener('consult-error', onError);
    const wrapper = await fixture<ConsultConsultationElement>(
      html`<consult-consultation consultation="prefixed"><consult-propose></consult-propose></consult-consultation>`,
    );
    // Set before the upgrade: Lit keeps it for the element it becomes.
    wrapper.adapter = new SubmitAdapter();
    const el = wrapper.querySelector<ConsultProposeElement>('consult-propose')!;
    await el.updateComplete;
    expect(parts(el).panel!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();

    await import('../../../src/components/consultation/consultation.js');
    await waitUntil(() => parts(el).form, 'the form never found its consultation', { timeout: 5000 });
    document.removeEventListener('consult-error', onError);
    expect(parts(el).prefix!.textContent).to.equal('We should');
    expect(errors).to.deep.equal([]);
  });
});
