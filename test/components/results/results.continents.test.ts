import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter, type ProposalSeed } from '../../../src/adapters/memory.js';
import { mountLoaded, view } from '../../helpers/results.js';

/** An expert consultation: authors give their organisation and country. */
function expertAdapter(countries: Array<string | undefined>): MemoryAdapter {
  const proposals: ProposalSeed[] = countries.map((country, i) => ({
    id: `x${i}`,
    consultationId: 'experts',
    content: `Expert contribution number ${i + 1}`,
    themeId: null,
    votes: { agree: 30, disagree: 2, neutral: 3 },
    author: { organisation: `Organisation ${i + 1}`, ...(country ? { country } : {}) },
  }));
  return new MemoryAdapter({
    consultations: [{ id: 'experts', title: 'Experts', question: 'What should the summit deliver?', themes: [] }],
    proposals,
  });
}

describe('<consult-results> for an expert consultation', () => {
  it('says from how many continents the proposals came, most first, in the page language', async () => {
    const el = await mountLoaded(expertAdapter(['FR', 'DE', 'SN', 'BR', 'IT', undefined, 'AQ']), 'experts');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Tab' }); // the filter, the widget's only control, stays reachable
    const line = view(el).root.querySelector('[part~="continents"]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(line).to.equal('Proposals from 3 continents: Europe 3 · Africa 1 · Americas 1');

    const fr = await mountLoaded(expertAdapter(['FR', 'SN']), 'experts', { lang: 'fr' });
    const ligne = view(fr).root.querySelector('[part~="continents"]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(ligne).to.equal('Propositions venues de 2 continents : Afrique 1 · Europe 1');
  });

  it('shows no continent line when no author gave a country (a citizen consultation)', async () => {
    const el = await mountLoaded(expertAdapter([undefined, undefined]), 'experts');
    expect(view(el).root.querySelector('[part~="continents"]')).to.equal(null);
  });
});
