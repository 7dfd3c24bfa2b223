// Issue 14: what a screen-reader user hears about each card: the article named by its proposal, the
// "Your vote" group described by it (24 cards must not be 24 identical groups), the qualification
// buttons named with their count ("I like it, 3 people", not a bare number). Names are computed by
// axe-core's accessible-name algorithm over the shadow DOM, as assistive technology would.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type axeCore from 'axe-core';
import 'axe-core/axe.min.js';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { deepActive } from '../../helpers/sequence.js';
import { parts, settled } from '../../helpers/proposal.js';
import { qualificationButton } from '../../helpers/qualify.js';

const axe = (window as unknown as { axe: typeof axeCore }).axe;

/** The accessible name of `element` (axe-core's implementation of accname). */
function nameOf(element: Element): string {
  axe.setup(document);
  try {
    return axe.commons.text.accessibleText(element);
  } finally {
    axe.teardown();
  }
}

/** The accessible description: the text of what `aria-describedby` points at, in the element's own tree. */
function descriptionOf(element: Element): string {
  const root = element.getRootNode() as ShadowRoot;
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => root.getElementById(id)?.textContent?.trim() ?? '').join(' ');
}

const texts = ['Teach AI literacy at school', 'Label AI-generated images', 'Audit public algorithms'];

const seed = () =>
  new MemoryAdapter({
    consultations: [{ id: 'c' }],
    proposals: texts.map((content, i) => ({ id: `p${i}`, consultationId: 'c', content, qualifications: { likeIt: 2, doable: 1 } })),
  });

describe('<consult-proposal> names and context (issue 14)', () => {
  it('a page of cards: each article is named by its proposal, each vote group described by it, as Tab reaches it', async () => {
    const adapter = seed();
    const page = await fixture<HTMLElement>(html`<div>
      ${texts.map((_, i) => html`<consult-proposal proposal-id="p${i}" .adapter=${adapter}></consult-proposal>`)}
    </div>`);
    const cards = [...page.querySelectorAll<ConsultProposalElement>('consult-proposal')];
    await Promise.all(cards.map((card) => settled(card)));
    const heard: string[] = [];
    for (const card of cards) {
      expect(nameOf(parts(card).card)).to.equal(texts[cards.indexOf(card)]);
      // Tab into the card as a keyboard user: the Agree button, whose group says which proposal it is.
      for (let i = 0; i < 10 && deepActive() !== parts(card).buttons.agree; i++) await sendKeys({ press: 'Tab' });
      const group = deepActive()!.closest('[role="group"]')!;
      heard.push(`${nameOf(group)}: ${descriptionOf(group)}`);
    }
    expect(heard).to.deep.equal(texts.map((text) => `Your vote: ${text}`));
  });

  it('inline text names the article too', async () => {
    const el = await fixture<ConsultProposalElement>(html`<consult-proposal>A text given by the page</consult-proposal>`);
    await settled(el);
    expect(nameOf(parts(el).card)).to.equal('A text given by the page');
    expect(descriptionOf(el.shadowRoot!.querySelector('.actions')!)).to.equal('A text given by the page');
  });

  it('qualification buttons are named "I like it, 2 people", the visible text unchanged, the name following the count', async () => {
    const el = await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p0" .adapter=${seed()}></consult-proposal>`);
    await settled(el);
    parts(el).buttons.agree.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.qualification'), 'no qualification buttons after the vote');
    const likeIt = qualificationButton(el, 'likeIt');
    expect(nameOf(likeIt)).to.equal('I like it, 2 people');
    expect(nameOf(qualificationButton(el, 'doable'))).to.equal('Doable, 1 person');
    expect(nameOf(qualificationButton(el, 'platitudeAgree'))).to.equal('Platitude, 0 people');
    // Seen: the label and its count, as before (the count in its own span).
    expect(likeIt.textContent!.replace(/\s+/g, ' ').trim()).to.equal('I like it 2');
    expect(likeIt.querySelector('.count')!.textContent).to.equal('2');
    likeIt.click();
    await waitUntil(() => nameOf(likeIt) === 'I like it, 3 people', `the name did not follow the count: "${nameOf(likeIt)}"`);
  });

  it('in French: "Coup de cœur, 2 personnes"', async () => {
    const el = await fixture<ConsultProposalElement>(html`<consult-proposal lang="fr" proposal-id="p0" .adapter=${seed()}></consult-proposal>`);
    await settled(el);
    parts(el).buttons.agree.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.qualification'), 'no qualification buttons after the vote');
    expect(nameOf(qualificationButton(el, 'likeIt'))).to.equal('Coup de cœur, 2 personnes');
    expect(nameOf(qualificationButton(el, 'doable'))).to.equal('Réaliste, 1 personne');
  });
});
