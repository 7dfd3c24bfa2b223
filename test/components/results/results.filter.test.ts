import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConsultResultsElement } from '../../../src/components/results/results.component.js';
import { contents, expectedResults, memoryAdapter, mountLoaded, recordResultsEvents, view } from '../../helpers/results.js';

/** Focus the filter the way a keyboard user does: Tab from a button placed before the widget. */
async function tabToFilter(el: ConsultResultsElement): Promise<HTMLSelectElement> {
  const before = document.createElement('button');
  before.textContent = 'before';
  el.before(before);
  before.focus();
  await sendKeys({ press: 'Tab' });
  before.remove();
  const select = view(el).select!;
  expect(el.shadowRoot!.activeElement === select).to.equal(true);
  return select;
}

describe('<consult-results> theme filter', () => {
  it('is a labelled native select of every theme with a listed idea, and starts on all themes', async () => {
    const el = await mountLoaded(memoryAdapter());
    await expect(el).to.be.accessible();
    const select = view(el).select!;
    expect(select.labels[0]!.textContent).to.equal('Theme');
    expect([...select.options].map((o) => o.textContent)).to.deep.equal([
      'All themes',
      'AI Education',
      'Transparency and Trust',
      'Environment',
      'No theme',
    ]);
    // "Work" has proposals but none in a list: choosing it could only show nothing.
    expect(select.value).to.equal('');
  });

  it('arrow keys change the theme: both lists and the table show only its ideas, and the count is announced', async () => {
    const adapter = memoryAdapter();
    const el = await mountLoaded(adapter);
    const results = await expectedResults(adapter);
    const events = recordResultsEvents(document);
    const select = await tabToFilter(el);

    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => select.value === 'education', 'ArrowDown did not choose the next theme');
    await el.updateComplete;
    const education = results.popular.find((g) => g.themeId === 'education')!;
    let v = view(el);
    expect(v.themes).to.deep.equal([{ label: 'AI Education', ideas: contents(results, education.proposalIds) }]);
    expect(v.divisive).to.deep.equal([]);
    expect(v.empty).to.deep.equal(['No divisive idea in this theme.']);
    expect(v.rows.map((r) => r[0])).to.deep.equal(contents(results, education.proposalIds));
    expect(v.root.querySelector('caption')!.textContent).to.contain('of the theme AI Education');
    expect(v.live).to.equal(`${education.proposalIds.length} ideas shown.`);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => select.value === 'transparency', 'the second ArrowDown did not move on');
    await el.updateComplete;
    v = view(el);
    expect(v.popular).to.deep.equal(['Label every AI-generated image']);
    expect(v.divisive).to.deep.equal(['Ban facial recognition in public spaces']);
    expect(v.live).to.equal('2 ideas shown.');

    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => select.value === 'environment', 'the third ArrowDown did not move on');
    await el.updateComplete;
    v = view(el);
    expect(v.popular).to.deep.equal([]);
    expect(v.empty).to.deep.equal(['No popular idea in this theme.']);
    expect(v.divisive).to.deep.equal(['Tax the energy AI models use']);
    expect(v.live).to.equal('1 idea shown.');
    await expect(el).to.be.accessible();

    // Home: back to every theme.
    await sendKeys({ press: 'Home' });
    await waitUntil(() => select.value === '', 'Home did not go back to all themes');
    await el.updateComplete;
    expect(view(el).rows).to.have.length(results.popular.flatMap((g) => g.proposalIds).length + results.divisive.length);
    // Choosing a theme is the participant's own view: no event tells the page about it.
    expect(events.of('consult-results')).to.have.length(0);
    events.stop();
  });

  it('ideas without a theme have their own option', async () => {
    const el = await mountLoaded(memoryAdapter());
    const select = await tabToFilter(el);
    await sendKeys({ press: 'End' });
    await waitUntil(() => select.selectedOptions[0]?.textContent === 'No theme', 'End did not choose the last option');
    await el.updateComplete;
    const v = view(el);
    expect(v.themes).to.deep.equal([{ label: 'No theme', ideas: ['Publish every public AI audit'] }]);
    expect(v.rows.map((r) => r.slice(0, 3))).to.deep.equal([['Publish every public AI audit', 'No theme', 'Popular']]);
  });
});
