// Issue 14: <consult-proposal> and <consult-sequence> in both page directions. Each widget lays
// itself out in the direction of the locale it actually uses (Arabic, shipped: right to left; a
// right-to-left page in a language it lacks, Urdu: English, left to right); people's text
// (proposals, names, themes, the question) is isolated and carries the consultation's language.
// Checked on what is drawn: bounding boxes of buttons, and the on-screen order of characters
// (Range.getBoundingClientRect), not only attributes.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import '../../src/components/proposal/proposal.js';
import type { ConsultSequenceElement } from '../../src/components/sequence/sequence.component.js';
import '../../src/components/sequence/sequence.js';
import { parts, settled } from '../helpers/proposal.js';
import { qualificationButtons } from '../helpers/qualify.js';
import { button, currentCard, mount } from '../helpers/sequence.js';

const arabicText = 'يجب وضع علامة على كل صورة مولدة بالذكاء الاصطناعي.';
const englishText = 'We should label every AI-generated image.';
const arabicName = 'ليلى';

const adapter = () =>
  new MemoryAdapter({
    consultations: [
      { id: 'ar', locale: 'ar', title: 'الذكاء الاصطناعي', question: 'كيف نضع علامة على الصور؟', themes: [{ id: 't', label: 'الثقة' }] },
      { id: 'en', locale: 'en', title: 'Shaping AI', question: 'How can AI serve the public good?', themes: [{ id: 't', label: 'Trust' }] },
    ],
    proposals: [
      { id: 'ar1', consultationId: 'ar', content: arabicText, themeId: 't', author: { name: arabicName, age: 34 } },
      { id: 'en1', consultationId: 'en', content: englishText, themeId: 't', author: { name: arabicName, age: 34 } },
    ],
  });

const html0 = { dir: document.documentElement.dir, lang: document.documentElement.lang };
function pageIs(dir: 'ltr' | 'rtl', lang: string): void {
  document.documentElement.dir = dir;
  document.documentElement.lang = lang;
}

/** Where `needle` is drawn: the box of its first occurrence in the text under `root`. */
function box(root: Node, needle: string): DOMRect {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent!.indexOf(needle);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + needle.length);
    return range.getBoundingClientRect();
  }
  throw new Error(`"${needle}" is not in the text`);
}

async function card(id: string, page = ''): Promise<ConsultProposalElement> {
  const el = await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id=${id} lang=${page || undefined} .adapter=${adapter()}></consult-proposal>`);
  return settled(el);
}

describe('<consult-proposal> and <consult-sequence> right to left (issue 14)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => pageIs((html0.dir || 'ltr') as 'ltr', html0.lang));

  it('the widget root says the language and direction the widget uses, not the page’s', async () => {
    pageIs('rtl', 'ar');
    let el = await card('en1');
    expect([parts(el).card.lang, parts(el).card.dir]).to.deep.equal(['ar', 'rtl']);
    // No Urdu strings: English, laid out left to right, even on a right-to-left page.
    pageIs('rtl', 'ur');
    el = await card('en1');
    expect([parts(el).card.lang, parts(el).card.dir]).to.deep.equal(['en', 'ltr']);
    const { agree, disagree } = parts(el).buttons;
    expect(agree.getBoundingClientRect().left).to.be.below(disagree.getBoundingClientRect().left);
    // An Arabic card on an English page is right to left.
    pageIs('ltr', 'en');
    el = await card('en1', 'ar');
    expect([parts(el).card.lang, parts(el).card.dir]).to.deep.equal(['ar', 'rtl']);
    expect(parts(el).buttons.agree.getBoundingClientRect().left).to.be.above(parts(el).buttons.disagree.getBoundingClientRect().left);
  });

  it('mirrored on an Arabic page: votes and qualifications run right to left', async () => {
    pageIs('rtl', 'ar');
    const el = await card('ar1');
    const card0 = parts(el).card.getBoundingClientRect();
    const [agree, disagree, neutral] = parts(el).list.map((b) => b.getBoundingClientRect());
    expect(agree!.left, 'Agree right of Disagree').to.be.above(disagree!.right - 1);
    expect(disagree!.left, 'Disagree right of Neutral').to.be.above(neutral!.right - 1);
    expect(card0.right - agree!.right, 'the row starts on the right').to.be.within(15, 18); // the card's padding (1rem) and border
    parts(el).buttons.agree.click();
    await waitUntil(() => qualificationButtons(el).length === 3, 'no qualifications after the vote');
    const row = el.shadowRoot!.querySelector('.qualifications')!.getBoundingClientRect();
    const q = qualificationButtons(el).map((b) => b.getBoundingClientRect());
    expect(Math.abs(row.right - q[0]!.right), 'the qualifications start on the right').to.be.below(1);
    expect(q[0]!.left).to.be.above(q[1]!.right - 1);
    // The pressed mark (::before) stands at the start of the label: on the right.
    const pressed = parts(el).buttons.agree;
    const label = box(pressed, pressed.textContent!.trim());
    expect(pressed.getBoundingClientRect().right - label.right, 'room for the ✓ on the right').to.be.above(12);
  });

  for (const [dir, lang] of [
    ['ltr', 'en'],
    ['rtl', 'ar'],
  ] as const) {
    it(`mixed-direction text reads in order on a ${dir} page`, async () => {
      pageIs(dir, lang);
      const english = await card('en1');
      const arabic = await card('ar1');
      // An English proposal ends with its full stop on the right ("…image." not ".We…").
      const text = parts(english).content!;
      expect(box(text, '.').left, 'the full stop after the last word').to.be.above(box(text, 'image').right - 1);
      expect(box(text, 'We').left).to.be.below(box(text, 'image').left);
      // An Arabic proposal ends with its full stop on the left, its first word on the right.
      const arabicContent = parts(arabic).content!;
      expect(box(arabicContent, '.').right).to.be.below(box(arabicContent, 'الاصطناعي').left + 1);
      expect(box(arabicContent, 'يجب').left).to.be.above(box(arabicContent, 'الاصطناعي').right - 1);
      // "ليلى, 34 years old" (in Arabic: "ليلى، 34 سنة"): the name, then the age, in the widget's reading order.
      const author = parts(english).author!;
      const name = box(author, arabicName);
      const age = box(author, '34');
      if (dir === 'ltr') {
        expect(name.right, 'the name before the age ("34 ليلى, years old" is the bug)').to.be.below(age.left + 1);
        expect(age.right).to.be.below(box(author, 'years').left + 1);
      } else {
        expect(name.left, 'the name first, on the right').to.be.above(age.right - 1);
      }
    });
  }

  it('people’s text carries the consultation’s language and is isolated; inline text the page’s', async () => {
    pageIs('ltr', 'en');
    const el = await card('ar1');
    const { content, theme, author } = parts(el);
    expect([content!.lang, content!.dir, theme!.lang, theme!.dir]).to.deep.equal(['ar', 'auto', 'ar', 'auto']);
    const bdi = author!.querySelector('bdi')!;
    expect([bdi.lang, bdi.textContent]).to.deep.equal(['ar', arabicName]);
    expect(author!.textContent).to.equal(`${arabicName}, 34 years old`);
    // Inline text is the page's: an Urdu page the widget has no strings for keeps its language.
    pageIs('rtl', 'ur');
    const inline = await fixture<ConsultProposalElement>(html`<consult-proposal author-name="علی" author-age="40">ہر تصویر پر نشان لگائیں.</consult-proposal>`);
    await settled(inline);
    expect([parts(inline).card.lang, parts(inline).content!.lang, parts(inline).content!.dir]).to.deep.equal(['en', 'ur', 'auto']);
    expect(parts(inline).author!.querySelector('bdi')!.lang).to.equal('ur');
    const inlineText = parts(inline).content!;
    // Right to left inside the English (left-to-right) card: the full stop on the left.
    expect(box(inlineText, '.').right).to.be.below(box(inlineText, 'ہر').left);
  });

  it('the sequence: its root in its locale’s direction, the question isolated in the consultation’s language', async () => {
    pageIs('rtl', 'ar');
    const el = await mount(html`<consult-sequence consultation="en" .adapter=${adapter()}></consult-sequence>`);
    const root = el.shadowRoot!.querySelector<HTMLElement>('.sequence')!;
    expect([root.lang, root.dir]).to.deep.equal(['ar', 'rtl']);
    const question = el.shadowRoot!.querySelector<HTMLElement>('.heading')!;
    const title = el.shadowRoot!.querySelector<HTMLElement>('.title')!;
    expect([question.lang, question.dir, title.lang, title.dir]).to.deep.equal(['en', 'auto', 'en', 'auto']);
    // "How can AI serve the public good?" on a right-to-left page: the question mark at the end, right.
    expect(box(question, '?').left).to.be.above(box(question, 'good').right - 1);
    // Mirrored: Start (at the inline end) is on the left.
    const start = button(el, 'start')!.getBoundingClientRect();
    expect(start.left - root.getBoundingClientRect().left).to.be.below(20);
    // The card shown inside is in the same locale.
    button(el, 'start')!.click();
    await el.updateComplete;
    const shownCard = await currentCard(el as ConsultSequenceElement);
    expect([parts(shownCard).card.lang, parts(shownCard).card.dir, parts(shownCard).content!.lang]).to.deep.equal(['ar', 'rtl', 'en']);
    // On an Urdu page (no Urdu strings): English, left to right, Start on the right.
    pageIs('rtl', 'ur');
    const fallback = await mount(html`<consult-sequence consultation="ar" .adapter=${adapter()}></consult-sequence>`);
    const fallbackRoot = fallback.shadowRoot!.querySelector<HTMLElement>('.sequence')!;
    expect([fallbackRoot.lang, fallbackRoot.dir]).to.deep.equal(['en', 'ltr']);
    expect(fallbackRoot.getBoundingClientRect().right - button(fallback, 'start')!.getBoundingClientRect().right).to.be.below(20);
    const arabicQuestion = fallback.shadowRoot!.querySelector<HTMLElement>('.heading')!;
    expect(arabicQuestion.lang).to.equal('ar');
    // The Arabic question reads right to left inside the English card: its question mark on the left.
    expect(box(arabicQuestion, '؟').right).to.be.below(box(arabicQuestion, 'كيف').left + 1);
  });
});
