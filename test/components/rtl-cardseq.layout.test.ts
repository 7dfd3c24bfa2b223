// Issue 14: nothing of <consult-proposal> or <consult-sequence> is cut at 320 px, nor with the
// text at 200 % (the page's root font size doubled, as a browser's text size setting does: the
// widgets size their text in rem, and the host inherits it), in either direction. The host has `contain: content`, so what overflows it is not
// scrolled to but clipped: each text box must hold its text (scrollWidth ≤ clientWidth) and every
// box must lie inside the host. A 60-letter German word stands for the long words of theme labels,
// titles and proposals ("Digitalkompetenzvermittlungsprogram▌" was cut).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import '../../src/components/proposal/proposal.js';
import '../../src/components/sequence/sequence.js';
import { parts, settled } from '../helpers/proposal.js';
import { qualificationButtons } from '../helpers/qualify.js';
import { button, currentCard, ready } from '../helpers/sequence.js';

const word = 'Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenantrag'.slice(0, 60);

const adapter = () =>
  new MemoryAdapter({
    consultations: [{ id: 'c', locale: 'de', title: word, question: `${word}?`, themes: [{ id: 't', label: word }] }],
    proposals: [{ id: 'p', consultationId: 'c', content: word, themeId: 't', author: { name: word, age: 34 }, qualifications: { likeIt: 1234 } }],
  });

/** What does not fit in `host`'s shadow root: text boxes narrower than their text, boxes outside the host. */
function cut(host: HTMLElement): string[] {
  const outer = host.getBoundingClientRect();
  const found: string[] = [];
  if (host.scrollWidth > host.clientWidth) found.push(`the host scrolls (${host.scrollWidth} > ${host.clientWidth})`);
  for (const element of host.shadowRoot!.querySelectorAll<HTMLElement>('*')) {
    if (element.closest('.visually-hidden') || ['style', 'slot'].includes(element.localName)) continue;
    const name = `${element.localName}.${[...element.classList].join('.')}`;
    const style = getComputedStyle(element);
    if (style.display !== 'inline' && element.scrollWidth > element.clientWidth) {
      found.push(`${name}: text ${element.scrollWidth} px in ${element.clientWidth} px`);
    }
    const r = element.getBoundingClientRect();
    if (r.width > 0 && (r.left < outer.left - 0.5 || r.right > outer.right + 0.5 || r.bottom > outer.bottom + 0.5)) {
      found.push(`${name}: outside the host (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(outer.left)}–${Math.round(outer.right)})`);
    }
  }
  return found;
}

const cases = [
  { name: '320 px', dir: 'ltr', size: '' },
  { name: '320 px, text at 200 %', dir: 'ltr', size: '200%' },
  { name: '320 px, right to left, text at 200 %', dir: 'rtl', size: '200%' },
] as const;

describe('<consult-proposal> and <consult-sequence> at 320 px and 200 % text (issue 14)', () => {
  before(() => setViewport({ width: 320, height: 800 }));
  // A sequence resumes where the last left off (sessionStorage): each case starts at the intro.
  beforeEach(() => sessionStorage.clear());
  afterEach(() => document.documentElement.style.removeProperty('font-size'));

  for (const c of cases) {
    it(`the card: nothing cut at ${c.name}, long words wrapped, buttons at least 44 px high`, async () => {
      const lang = c.dir === 'rtl' ? 'ar' : 'en';
      document.documentElement.style.fontSize = c.size;
      const el = await fixture<ConsultProposalElement>(
        html`<div dir=${c.dir} lang=${lang}><consult-proposal proposal-id="p" .adapter=${adapter()}></consult-proposal></div>`,
      ).then((wrapper) => settled(wrapper.querySelector('consult-proposal')!));
      expect(cut(el), 'before the vote').to.deep.equal([]);
      parts(el).buttons.agree.click();
      await waitUntil(() => qualificationButtons(el).length === 3, 'no qualifications after the vote');
      await Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished));
      expect(cut(el), 'after the vote').to.deep.equal([]);
      // The word is there whole, on several lines (not one line cut at the edge).
      expect(parts(el).theme!.textContent).to.equal(word);
      const theme = parts(el).theme!;
      expect(theme.getBoundingClientRect().height, 'on two lines or more').to.be.above(1.9 * parseFloat(getComputedStyle(theme).lineHeight));
      const heights = [...parts(el).list, ...qualificationButtons(el)].map((b) => b.getBoundingClientRect().height);
      expect(Math.min(...heights), `button heights ${heights.join(', ')}`).to.be.at.least(44);
    });

    it(`the sequence: nothing cut at ${c.name}, on the intro and on a card`, async () => {
      const lang = c.dir === 'rtl' ? 'ar' : 'en';
      document.documentElement.style.fontSize = c.size;
      const wrapper = await fixture<HTMLElement>(
        html`<div dir=${c.dir} lang=${lang}><consult-sequence consultation="c" .adapter=${adapter()}></consult-sequence></div>`,
      );
      const el = await ready(wrapper.querySelector('consult-sequence')!);
      expect(cut(el), 'the intro').to.deep.equal([]);
      button(el, 'start')!.click();
      await el.updateComplete;
      const shown = await currentCard(el);
      expect(cut(el), 'the sequence around the card').to.deep.equal([]);
      expect(cut(shown), 'the card in the sequence').to.deep.equal([]);
    });
  }
});
