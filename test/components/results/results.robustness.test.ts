import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { ConsultResultsElement } from '../../../src/components/results/results.component.js';
import { en, registerLocale } from '../../../src/i18n/index.js';
import { resultsEn } from '../../../src/i18n/sections/results.js';
import type { ConsultationResults } from '../../../src/protocol/index.js';
import { contents, expectedResults, memoryAdapter, settled, view } from '../../helpers/results.js';

async function mountRobust(lang = 'en', show = true): Promise<ConsultResultsElement> {
  const el = await fixture<ConsultResultsElement>(
    html`<consult-results consultation="summit" lang=${lang} ?show-robustness=${show} .adapter=${memoryAdapter()}></consult-results>`,
  );
  if (!el.shadowRoot!.querySelector('.results[aria-busy="false"]')) await oneEvent(el, 'consult-results');
  return settled(el);
}
const lines = (el: ConsultResultsElement) =>
  [...el.shadowRoot!.querySelectorAll('.idea')].map((idea) => idea.querySelector('.robustness')?.textContent?.trim() ?? null);
const listedIds = (r: ConsultationResults) => [...r.popular.flatMap((g) => g.proposalIds), ...r.divisive];

describe('<consult-results show-robustness>', () => {
  it('without the attribute: no line and no column', async () => {
    const el = await mountRobust('en', false);
    expect(lines(el).every((line) => line === null)).to.equal(true);
    expect(el.shadowRoot!.querySelectorAll('thead th').length).to.equal(7);
  });

  it('says under each listed idea how many more votes would take it out of its list, as the results state it', async () => {
    const el = await mountRobust();
    await expect(el).to.be.accessible();
    const results = await expectedResults(memoryAdapter());
    const byId = new Map(results.proposals.map((p) => [p.proposalId, p]));
    const en = new Intl.NumberFormat('en');
    const words = { agree: 'votes in favour', disagree: 'votes against', neutral: 'neutral votes' };
    expect(lines(el)).to.deep.equal(
      listedIds(results).map((id) => {
        const r = byId.get(id)!.robustness!;
        return `It would take ${en.format(r.votes)} more ${words[r.key]} to leave this list.`;
      }),
    );
    // Worked by hand: 45 agree, 40 disagree, 15 neutral is controversy until agree reaches 0.6: 83 of 138.
    const divisive = [...el.shadowRoot!.querySelectorAll('.idea.divisive')].map((i) => i.textContent!.replace(/\s+/g, ' '));
    expect(divisive.find((t) => t.includes('Ban facial recognition'))).to.contain('It would take 38 more votes in favour to leave this list.');
    // Worked by hand: 90 agree, 5 disagree, 5 neutral: 90 of 150 is still 0.6 agree, 90 of 151 is not (and 56 disagree ≥ 0.15).
    const label = [...el.shadowRoot!.querySelectorAll('.idea.popular')].map((i) => i.textContent!.replace(/\s+/g, ' '));
    expect(label.find((t) => t.includes('Label every AI-generated image'))).to.contain('It would take 51 more votes against to leave this list.');
  });

  it('repeats it in a column of the visually hidden table', async () => {
    const el = await mountRobust();
    const results = await expectedResults(memoryAdapter());
    const headers = [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers.at(-1)).to.equal('Votes that would take it out of its list');
    const rows = view(el).rows;
    expect(rows.map((r) => r[0])).to.deep.equal(contents(results, listedIds(results)));
    expect(rows.find((r) => r[0] === 'Ban facial recognition in public spaces')!.at(-1)).to.equal('38 votes in favour');
    expect(rows.find((r) => r[0] === 'Label every AI-generated image')!.at(-1)).to.equal('51 votes against');
  });

  it('speaks French, accessibly', async () => {
    const el = await mountRobust('fr');
    await expect(el).to.be.accessible();
    const texts = [...el.shadowRoot!.querySelectorAll('.idea')].map((i) => i.textContent!.replace(/\s+/g, ' '));
    expect(texts.find((t) => t.includes('Ban facial recognition'))).to.contain('38 votes pour supplémentaires la feraient sortir de cette liste.');
    expect(texts.find((t) => t.includes('Label every AI-generated image'))).to.contain('51 votes contre supplémentaires la feraient sortir de cette liste.');
    expect([...el.shadowRoot!.querySelectorAll('thead th')].at(-1)!.textContent).to.equal('Votes qui la feraient sortir de sa liste');
  });

  it('a backend that does not state it: no line, an empty cell', async () => {
    const adapter = memoryAdapter();
    const original = adapter.getResults!.bind(adapter);
    adapter.getResults = async (id: string) => {
      const results = await original(id);
      return { ...results, proposals: results.proposals.map(({ robustness: _r, ...p }) => p) };
    };
    const el = await fixture<ConsultResultsElement>(
      html`<consult-results consultation="summit" lang="en" show-robustness .adapter=${adapter}></consult-results>`,
    );
    await settled(el);
    await expect(el).to.be.accessible();
    expect(lines(el).every((line) => line === null)).to.equal(true);
    expect(view(el).rows.every((r) => r.at(-1) === '')).to.equal(true);
  });

  it('a locale whose results strings predate robustness: English stands in, nothing breaks', async () => {
    const { robustness: _a, robustnessCell: _b, robustnessColumn: _c, ...older } = resultsEn;
    registerLocale({ ...en, tag: 'de', results: { ...older, heading: { popular: 'Beliebt', divisive: 'Umstritten' } } });
    const el = await mountRobust('de');
    await expect(el).to.be.accessible();
    expect(lines(el).every((line) => line !== null && line.startsWith('It would take '))).to.equal(true);
    expect([...el.shadowRoot!.querySelectorAll('thead th')].at(-1)!.textContent).to.equal('Votes that would take it out of its list');
  });
});
