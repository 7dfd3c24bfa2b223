import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConsultResultsElement } from '../../../src/components/results/results.component.js';
import '../../../src/components/consultation/consultation.js';
import {
  contents,
  CountingAdapter,
  expectedResults,
  memoryAdapter,
  mountLoaded,
  recordResultsEvents,
  settled,
  view,
} from '../../helpers/results.js';

const en = new Intl.NumberFormat('en');

describe('<consult-results> ready', () => {
  it('is accessible and keyboard-reachable: the region, then the theme filter', async () => {
    const el = await mountLoaded(memoryAdapter());
    await expect(el).to.be.accessible();
    const v = view(el);
    expect(v.box.getAttribute('aria-busy')).to.equal('false');
    expect(v.box.getAttribute('aria-labelledby')).to.equal('title');
    // The only interactive control is the filter: Tab from the page lands on it.
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement === v.select).to.equal(true);
    before.remove();
  });

  it('shows the title, the question and the three counters formatted for the locale', async () => {
    const adapter = memoryAdapter();
    const el = await mountLoaded(adapter);
    const results = await expectedResults(adapter);
    const v = view(el);
    expect(v.title).to.equal('AI Action Summit');
    expect(v.root.querySelector('.question')!.textContent).to.equal('What are your ideas for shaping AI to serve the public good?');
    const { participants, proposals, votes } = results.counts;
    expect(participants).to.be.greaterThan(999); // so the test sees a grouping separator
    expect(v.counters).to.deep.equal([
      `${en.format(participants)} participants`,
      `${en.format(proposals)} proposals`,
      `${en.format(votes)} votes`,
    ]);
    expect(v.root.querySelector('.counters')!.getAttribute('aria-label')).to.equal('The consultation in figures');
  });

  it('shows the popular ideas by theme, in rank order, and the divisive ideas in rank order', async () => {
    const adapter = memoryAdapter();
    const el = await mountLoaded(adapter);
    const results = await expectedResults(adapter);
    const v = view(el);
    expect(results.popular.length).to.be.greaterThan(1);
    expect(results.divisive.length).to.be.greaterThan(1);
    const labels = new Map([
      ['education', 'AI Education'],
      ['transparency', 'Transparency and Trust'],
      ['environment', 'Environment'],
    ]);
    expect(v.themes).to.deep.equal(
      results.popular.map((group) => ({
        label: group.themeId === null ? 'No theme' : labels.get(group.themeId),
        ideas: contents(results, group.proposalIds),
      })),
    );
    expect(v.divisive).to.deep.equal(contents(results, results.divisive));
    // The rated but unlisted proposals (limbo, rejection) and the unrated one are not shown.
    for (const hidden of ['Replace juries with AI', 'Let AI vote in elections', 'An idea with few votes so far']) {
      expect(v.root.textContent).to.not.contain(hidden);
    }
  });

  it('marks each idea ♥ or ⚡ with a text alternative, and each list has a heading', async () => {
    const el = await mountLoaded(memoryAdapter());
    const root = view(el).root;
    const markers = (list: string) => [...root.querySelectorAll(`.list.${list} .marker`)];
    expect(markers('popular').length).to.be.greaterThan(0);
    expect(markers('popular').every((m) => m.getAttribute('role') === 'img' && m.getAttribute('aria-label') === 'Popular idea' && m.textContent === '♥')).to.equal(true);
    expect(markers('divisive').every((m) => m.getAttribute('role') === 'img' && m.getAttribute('aria-label') === 'Divisive idea' && m.textContent === '⚡')).to.equal(true);
    const headings = [...root.querySelectorAll('h3')].map((h) => h.textContent!.replace(/\s+/g, ' ').trim());
    expect(headings).to.deep.equal(['♥ Popular ideas', '⚡ Divisive ideas']);
    expect(root.querySelectorAll('h4').length).to.equal(root.querySelectorAll('.theme').length);
  });

  it('gives each idea a hidden share bar sized through the CSSOM and a text legend', async () => {
    const adapter = memoryAdapter();
    const el = await mountLoaded(adapter);
    const results = await expectedResults(adapter);
    const tra1 = results.proposals.find((p) => p.proposalId === 'tra-1')!;
    const idea = [...view(el).root.querySelectorAll('.idea')].find((li) => li.textContent!.includes(tra1.content))!;
    const bar = idea.querySelector('.bar')!;
    expect(bar.getAttribute('aria-hidden')).to.equal('true');
    const widths = [...bar.querySelectorAll('span')].map((s) => (s as HTMLElement).style.width);
    expect(widths).to.deep.equal([`${tra1.shares.agree * 100}%`, `${tra1.shares.disagree * 100}%`, `${tra1.shares.neutral * 100}%`]);
    expect(idea.querySelector('.legend')!.textContent).to.equal('90% agree · 5% disagree · 5% neutral · 100 votes');
  });

  it('repeats the listed ideas in a visually hidden table with a caption and column headers', async () => {
    const adapter = memoryAdapter();
    const el = await mountLoaded(adapter);
    const results = await expectedResults(adapter);
    const table = view(el).root.querySelector('table')!;
    expect(table.classList.contains('visually-hidden')).to.equal(true);
    expect(table.querySelector('caption')!.textContent!.trim()).to.equal(
      'Popular and divisive ideas, with the share of agree, disagree and neutral votes',
    );
    const headers = [...table.querySelectorAll('thead th')].map((th) => [th.textContent, th.getAttribute('scope')]);
    expect(headers).to.deep.equal(
      ['Idea', 'Theme', 'List', 'Agree', 'Disagree', 'Neutral', 'Votes'].map((name) => [name, 'col']),
    );
    const listedIds = [...results.popular.flatMap((g) => g.proposalIds), ...results.divisive];
    const rows = view(el).rows;
    expect(rows.map((r) => r[0])).to.deep.equal(contents(results, listedIds));
    expect(rows.find((r) => r[0] === 'Ban facial recognition in public spaces')).to.deep.equal([
      'Ban facial recognition in public spaces',
      'Transparency and Trust',
      'Divisive',
      '45%',
      '40%',
      '15%',
      '100',
    ]);
    expect([...table.querySelectorAll('tbody th')].every((th) => th.getAttribute('scope') === 'row')).to.equal(true);
  });

  it('speaks French: counters, headings, legends, filter and table', async () => {
    const adapter = memoryAdapter();
    const el = await mountLoaded(adapter, 'summit', { lang: 'fr' });
    await expect(el).to.be.accessible();
    const results = await expectedResults(adapter);
    const fr = new Intl.NumberFormat('fr');
    const v = view(el);
    expect(v.counters).to.deep.equal([
      `${fr.format(results.counts.participants)} participants`,
      `${fr.format(results.counts.proposals)} propositions`,
      `${fr.format(results.counts.votes)} votes`,
    ]);
    expect([...v.root.querySelectorAll('h3')].map((h) => h.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
      '♥ Idées plébiscitées',
      '⚡ Idées controversées',
    ]);
    expect(v.root.querySelector('label')!.textContent).to.equal('Thème');
    expect(v.select!.options[0]!.textContent).to.equal('Tous les thèmes');
    const percent = new Intl.NumberFormat('fr', { style: 'percent' });
    expect(v.legends[0]).to.equal(`${percent.format(0.9)} d’accord · ${percent.format(0.05)} pas d’accord · ${percent.format(0.05)} neutre · 100 votes`);
    expect(v.root.querySelector('caption')!.textContent).to.contain('Idées plébiscitées et controversées');
    expect(v.root.querySelector('.marker')!.getAttribute('aria-label')).to.equal('Idée plébiscitée');
  });

  it('loads with one getResults and one getConsultation, asked at the same time', async () => {
    const adapter = new CountingAdapter();
    adapter.hold();
    const el = await fixture<ConsultResultsElement>(html`<consult-results consultation="summit" .adapter=${adapter}></consult-results>`);
    await el.updateComplete;
    // Both calls are waiting at once: neither waited for the other.
    expect(adapter.timeline.map((c) => c.method).sort()).to.deep.equal(['getConsultation', 'getResults']);
    adapter.release();
    await settled(el);
    expect(adapter.calls).to.deep.equal({ getResults: 1, getConsultation: 1 });
  });

  it('takes its adapter and consultation from <consult-consultation>, and heading-level sets the outline', async () => {
    const adapter = memoryAdapter();
    const wrapper = await fixture(html`<consult-consultation consultation="summit" .adapter=${adapter}>
      <consult-results heading-level="3"></consult-results>
    </consult-consultation>`);
    const el = await settled(wrapper.querySelector('consult-results')!);
    await expect(el).to.be.accessible();
    const root = view(el).root;
    expect(root.querySelector('h3.heading')!.textContent).to.equal('AI Action Summit');
    expect(root.querySelectorAll('.list > h4').length).to.equal(2);
    expect(root.querySelectorAll('.theme > h5').length).to.be.greaterThan(0);
  });

  it('programmatic changes that leave the data alone fire no event and fetch nothing', async () => {
    const adapter = new CountingAdapter();
    const el = await mountLoaded(adapter);
    const events = recordResultsEvents(document);
    el.headingLevel = 4;
    el.live = true;
    el.liveInterval = 60;
    await el.updateComplete;
    el.live = false;
    await el.updateComplete;
    expect(view(el).root.querySelector('h4.heading')!.textContent).to.equal('AI Action Summit');
    expect(events.events).to.have.length(0);
    expect(adapter.calls).to.deep.equal({ getResults: 1, getConsultation: 1 });
    events.stop();
  });
});
