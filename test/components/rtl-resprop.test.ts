// Issue 14, right to left in <consult-results> and <consult-propose>: each widget speaks the locale
// it shows (lang, dir on its root), its layout is mirrored in a right-to-left locale, and the
// consultation's texts are isolated, so mixed-direction ideas read in order on either page. Checked
// on the rendered text: the x of each character, not only the attributes.
import { expect, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ConsultResultsElement } from '../../src/components/results/results.component.js';
import { en, registerLocale } from '../../src/i18n/index.js';
import { mountLoaded } from '../helpers/results.js';
import { mount as mountForm } from '../helpers/propose.js';

// A right-to-left locale with English words: until the lead's languages land, `ar` alone falls
// back to English (left to right).
registerLocale({ ...en, tag: 'ar' });

const english = 'Label every AI-generated image.';
// "Teach AI in schools, from 2030." — a clause, a number, a full stop.
const arabic = 'علّموا الذكاء الاصطناعي في المدارس، ابتداءً من 2030.';
const votes = { agree: 80, disagree: 10, neutral: 10 };

function adapter(locale: string): MemoryAdapter {
  return new MemoryAdapter({
    consultations: [
      {
        id: 'mixed',
        locale,
        title: 'Summit',
        question: 'What should we do?',
        themes: [
          { id: 'edu', label: 'التعليم' },
          { id: 'tra', label: 'Transparency' },
        ],
      },
    ],
    proposals: [
      { id: 'en1', consultationId: 'mixed', content: english, themeId: 'tra', votes },
      { id: 'ar1', consultationId: 'mixed', content: arabic, themeId: 'edu', votes: { agree: 70, disagree: 20, neutral: 10 } },
      {
        id: 'div',
        consultationId: 'mixed',
        content: 'Ban facial recognition.',
        themeId: 'tra',
        votes: { agree: 45, disagree: 40, neutral: 15 },
      },
    ],
  });
}

/** The page in a direction and language, as a site in that language would be. */
function page(dir: 'ltr' | 'rtl', lang: string): () => void {
  const root = document.documentElement;
  const before = { dir: root.dir, lang: root.lang };
  root.dir = dir;
  root.lang = lang;
  return () => Object.assign(root, before);
}

/** The on-screen box of `part` (its `nth` occurrence) inside `el`'s text. */
function boxOf(el: Element, part: string, nth = 0): DOMRect {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let at = -1;
    for (let i = 0; i <= nth; i++) at = node.textContent!.indexOf(part, at + 1);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + part.length);
    return range.getBoundingClientRect();
  }
  throw new Error(`"${part}" is not in ${el.outerHTML}`);
}

const centre = (r: DOMRect) => r.left + r.width / 2;

/** The x centres of `parts`, in their logical order in `el`'s text. */
const xs = (el: Element, parts: string[]) => parts.map((p) => centre(boxOf(el, p)));
const increasing = (values: number[]) => values.every((x, i) => i === 0 || x > values[i - 1]!);
const decreasing = (values: number[]) => values.every((x, i) => i === 0 || x < values[i - 1]!);

async function results(lang: string): Promise<ConsultResultsElement> {
  await setViewport({ width: 1000, height: 800 });
  return mountLoaded(adapter('en'), 'mixed', { lang });
}

/** The paragraph that shows `content` in a list (with its marker). */
const ideaOf = (el: ConsultResultsElement, content: string) =>
  [...el.shadowRoot!.querySelectorAll('.list .idea-text')].find((p) => p.textContent!.includes(content))!;

describe('right to left: <consult-results> and <consult-propose> (issue 14)', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());
  after(() => setViewport({ width: 800, height: 600 }));

  it('speaks the locale it shows: lang and dir on its root, the consultation’s language on its texts', async () => {
    restore = page('rtl', 'yi');
    // Yiddish (right to left) is not shipped: English is shown, and said to be English, left to right.
    const fallback = await results('yi');
    const box = fallback.shadowRoot!.querySelector('.results')!;
    expect([box.getAttribute('lang'), box.getAttribute('dir')]).to.deep.equal(['en', 'ltr']);
    const ar = await mountLoaded(adapter('fr'), 'mixed', { lang: 'ar' });
    const root = ar.shadowRoot!;
    expect([root.querySelector('.results')!.getAttribute('lang'), root.querySelector('.results')!.getAttribute('dir')]).to.deep.equal([
      'ar',
      'rtl',
    ]);
    for (const user of root.querySelectorAll('#title, .question, .list .text, [part="theme-heading"], tbody th')) {
      expect([user.getAttribute('lang'), user.getAttribute('dir')], user.outerHTML).to.deep.equal(['fr', 'auto']);
    }
  });

  it('mirrors the results in a right-to-left locale: bars fill from the right, markers on the right', async () => {
    restore = page('rtl', 'ar');
    const el = await results('ar');
    const root = el.shadowRoot!;
    const bars = [...root.querySelectorAll('.bar')];
    expect(bars.length).to.equal(3);
    for (const bar of bars) {
      const b = bar.getBoundingClientRect();
      const agree = bar.querySelector('.agree')!.getBoundingClientRect();
      const disagree = bar.querySelector('.disagree')!.getBoundingClientRect();
      expect(agree.right).to.be.closeTo(b.right, 1);
      expect(disagree.right).to.be.closeTo(agree.left, 1);
    }
    for (const [p, start] of [
      [ideaOf(el, english), 'Label'],
      [ideaOf(el, arabic), 'علّموا'],
    ] as const) {
      const marker = p.querySelector('.marker')!.getBoundingClientRect();
      expect(marker.left, p.textContent!).to.be.greaterThan(boxOf(p, start).right - 1);
      expect(marker.right).to.be.closeTo(p.getBoundingClientRect().right, 1);
    }
    const counters = [...root.querySelectorAll('.counter')].map((c) => c.getBoundingClientRect());
    expect(counters[0]!.left).to.be.greaterThan(counters[1]!.right);
  });

  it('keeps an English idea’s full stop at its end on a right-to-left page', async () => {
    restore = page('rtl', 'ar');
    const el = await results('ar');
    expect(increasing(xs(ideaOf(el, english), ['Label', 'every', 'image', '.']))).to.equal(true);
  });

  it('reads an Arabic idea right to left on a left-to-right page, its full stop at its end (leftmost)', async () => {
    restore = page('ltr', 'en');
    const el = await results('en');
    const idea = ideaOf(el, arabic);
    expect(decreasing(xs(idea, ['علّموا', 'المدارس', 'ابتداءً', '2030', '.']))).to.equal(true);
    // And the ♥ stays at the start of the widget's line: the left.
    const marker = idea.querySelector('.marker')!.getBoundingClientRect();
    expect(marker.right).to.be.at.most(boxOf(idea, '.').left + 1);
  });

  it('reads each idea in order in either page direction', async () => {
    for (const [dir, lang] of [
      ['ltr', 'en'],
      ['rtl', 'ar'],
    ] as const) {
      restore();
      restore = page(dir, lang);
      const el = await results(lang);
      expect(increasing(xs(ideaOf(el, english), ['Label', 'image', '.'])), `${dir}: English`).to.equal(true);
      expect(decreasing(xs(ideaOf(el, arabic), ['علّموا', 'ابتداءً', '.'])), `${dir}: Arabic`).to.equal(true);
      el.remove();
    }
  });

  it('isolates the chosen theme inside the table caption, in the consultation’s language', async () => {
    restore = page('ltr', 'en');
    const el = await mountLoaded(adapter('ar'), 'mixed');
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = 'edu';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const bdi = el.shadowRoot!.querySelector('caption bdi')!;
    expect(bdi.textContent).to.equal('التعليم');
    expect(bdi.getAttribute('lang')).to.equal('ar');
    expect(el.shadowRoot!.querySelector('caption')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Popular and divisive ideas of the theme التعليم, with the share of agree, disagree and neutral votes',
    );
  });

  it('the form: right to left in a right-to-left locale, an English question keeps its question mark at its end', async () => {
    restore = page('rtl', 'ar');
    await setViewport({ width: 1000, height: 800 });
    const el = await mountForm(html`<consult-propose lang="ar" consultation="mixed" .adapter=${adapter('en')}></consult-propose>`);
    const question = el.shadowRoot!.querySelector('.question')!;
    expect(increasing(xs(question, ['What', 'do', '?']))).to.equal(true);
    const form = el.shadowRoot!.querySelector('form')!;
    expect([form.getAttribute('lang'), form.getAttribute('dir')]).to.deep.equal(['ar', 'rtl']);
    // Mirrored: the submit button at the right.
    const submit = el.shadowRoot!.querySelector('.submit')!.getBoundingClientRect();
    expect(submit.right).to.be.greaterThan(form.getBoundingClientRect().right - 40);
    const option = el.shadowRoot!.querySelector('select#theme option[value="edu"]')!;
    expect(option.getAttribute('lang')).to.equal('en');
  });

  it('the form of an Arabic consultation on an English page: the fixed start at the right of its box, isolated in the help', async () => {
    restore = page('ltr', 'en');
    await setViewport({ width: 1000, height: 800 });
    const arabicForm = new MemoryAdapter({
      consultations: [{ id: 'ar', locale: 'ar', title: 'قمة', question: 'ماذا نفعل؟', proposalPrefix: 'يجب أن' }],
    });
    const el = await mountForm(html`<consult-propose lang="en" consultation="ar" .adapter=${arabicForm}></consult-propose>`);
    const root = el.shadowRoot!;
    const box = root.querySelector('.box')!.getBoundingClientRect();
    const prefix = root.querySelector('.prefix')!.getBoundingClientRect();
    const text = root.querySelector('textarea')!.getBoundingClientRect();
    expect(prefix.right).to.be.greaterThan(box.right - 20);
    expect(text.right).to.be.at.most(prefix.left);
    // The question, an Arabic paragraph, ends with its question mark at its left.
    expect(decreasing(xs(root.querySelector('.question')!, ['ماذا', 'نفعل', '؟']))).to.equal(true);
    const bdi = root.querySelector('.help bdi')!;
    expect([bdi.textContent, bdi.getAttribute('lang')]).to.deep.equal(['يجب أن', 'ar']);
    // The form itself stays English, left to right.
    expect(root.querySelector('form')!.getAttribute('dir')).to.equal('ltr');
    await expect(el).to.be.accessible();
  });
});
