import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { labels, parts, pressed, settled, watchPage } from '../../helpers/proposal.js';
import { nextTask, TestAdapter } from '../../helpers/test-adapter.js';

const attack = '<img src=x onerror="window.__xss=1">';
const xss = () => (window as { __xss?: unknown }).__xss;

describe('<consult-proposal> rendering', () => {
  afterEach(() => {
    document.documentElement.removeAttribute('lang');
    delete (window as { __xss?: unknown }).__xss;
  });

  it('is accessible in French, and votes by keyboard', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div lang="fr">
      <consult-proposal proposal-id="p1" .adapter=${new TestAdapter()}></consult-proposal>
    </div>`);
    const el = await settled(wrapper.querySelector('consult-proposal')!);
    await expect(el).to.be.accessible();
    parts(el).buttons.neutral.focus();
    const voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Space' });
    await voted;
    await el.updateComplete;
    expect(pressed(el)).to.equal('neutral');
  });

  describe('security', () => {
    it('proposal text, author and theme from the adapter stay text', async () => {
      const adapter = new MemoryAdapter({
        consultations: [{ id: 'c', themes: [{ id: 't', label: attack }] }],
        proposals: [{ id: 'x', consultationId: 'c', themeId: 't', content: attack, author: { name: attack } }],
      });
      const el = await settled(
        await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="x" .adapter=${adapter}></consult-proposal>`),
      );
      const p = parts(el);
      expect(p.root.querySelector('img')).to.equal(null);
      expect(p.content!.textContent!.trim()).to.equal(attack);
      expect(p.theme!.textContent).to.equal(attack);
      expect(p.author!.textContent).to.equal(attack);
      await nextTask();
      expect(xss()).to.equal(undefined);
    });

    it('inline content, author-name and theme-label stay text', async () => {
      const el = await settled(
        await fixture<ConsultProposalElement>(html`<consult-proposal
          content=${attack}
          author-name=${attack}
          theme-label=${attack}
          .adapter=${new MemoryAdapter({ openWorld: true })}
        ></consult-proposal>`),
      );
      const p = parts(el);
      expect(p.root.querySelector('img')).to.equal(null);
      expect(p.content!.textContent!.trim()).to.equal(attack);
      expect(p.theme!.textContent).to.equal(attack);
      expect(p.author!.textContent).to.equal(attack);
      expect(xss()).to.equal(undefined);
    });

    it('markup-like text given as the element’s own text stays text', async () => {
      // The page's own text node (escaped by the template), as a CMS would print it.
      const el = await settled(
        await fixture<ConsultProposalElement>(
          html`<consult-proposal .adapter=${new MemoryAdapter({ openWorld: true })}>${attack}</consult-proposal>`,
        ),
      );
      expect(parts(el).root.querySelector('img')).to.equal(null);
      expect(el.querySelector('img')).to.equal(null);
      expect(parts(el).content!.textContent!.trim()).to.equal(attack);
      await nextTask();
      expect(xss()).to.equal(undefined);
    });
  });

  describe('i18n', () => {
    it('lang="fr" on an ancestor: French labels, group name and legend', async () => {
      const wrapper = await fixture<HTMLElement>(html`<section lang="fr">
        <div><consult-proposal proposal-id="p1" show-results="always" .adapter=${new TestAdapter()}></consult-proposal></div>
      </section>`);
      const el = await settled(wrapper.querySelector('consult-proposal')!);
      expect(labels(el)).to.deep.equal(["D’accord", "Pas d’accord", 'Neutre']);
      expect(parts(el).root.querySelector('.actions')!.getAttribute('aria-label')).to.equal('Votre vote');
      expect(parts(el).author!.textContent).to.equal('Camille, 34 ans');
      expect(parts(el).legend!.textContent).to.contain("d’accord");
      expect(parts(el).legend!.textContent).to.contain('100 votes');
    });

    it('a language switcher changing an ancestor’s lang re-renders the card in that language', async () => {
      const wrapper = await fixture<HTMLElement>(html`<section lang="en">
        <consult-proposal proposal-id="p1" show-results="always" .adapter=${new TestAdapter()}></consult-proposal>
      </section>`);
      const el = await settled(wrapper.querySelector('consult-proposal')!);
      expect(labels(el)).to.deep.equal(['Agree', 'Disagree', 'Neutral']);
      wrapper.lang = 'fr';
      await new Promise((resolve) => setTimeout(resolve, 0)); // the MutationObserver's turn
      await el.updateComplete;
      expect(labels(el)).to.deep.equal(["D’accord", "Pas d’accord", 'Neutre']);
      expect(parts(el).root.querySelector('.actions')!.getAttribute('aria-label')).to.equal('Votre vote');
    });

    it('the card’s own lang wins over its ancestors’', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div lang="fr">
        <consult-proposal lang="en" proposal-id="p1" .adapter=${new TestAdapter()}></consult-proposal>
      </div>`);
      const el = await settled(wrapper.querySelector('consult-proposal')!);
      expect(labels(el)).to.deep.equal(['Agree', 'Disagree', 'Neutral']);
    });

    it('falls back to the document language, then to English for unknown ones', async () => {
      document.documentElement.lang = 'fr-CA';
      const el = await settled(
        await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${new TestAdapter()}></consult-proposal>`),
      );
      expect(labels(el)[0]).to.equal("D’accord");
      document.documentElement.lang = 'xx';
      const other = await settled(
        await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${new TestAdapter()}></consult-proposal>`),
      );
      expect(labels(other)[0]).to.equal('Agree');
    });

    it('error messages are translated too', async () => {
      const page = watchPage();
      try {
        const wrapper = await fixture<HTMLElement>(html`<div lang="fr">
          <consult-proposal></consult-proposal>
          <consult-proposal proposal-id="p1" adapter="nope-fr"></consult-proposal>
        </div>`);
        const [missing, unknown] = [...wrapper.querySelectorAll('consult-proposal')];
        await unknown!.updateComplete;
        const alert = (el: ConsultProposalElement) => parts(el).root.querySelector('[role="alert"]')!.textContent;
        expect(alert(missing!)).to.contain('Cette carte a besoin d’un attribut proposal-id');
        expect(alert(unknown!)).to.contain("Aucun adaptateur n’est enregistré sous «\u202fnope-fr\u202f»");
      } finally {
        page.restore();
      }
    });
  });

  describe('layout', () => {
    it('vote buttons are at least 24×24 px (WCAG 2.2 target size)', async () => {
      const el = await settled(
        await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${new TestAdapter()}></consult-proposal>`),
      );
      for (const button of parts(el).list) {
        const box = button.getBoundingClientRect();
        expect(box.width, button.className).to.be.at.least(24);
        expect(box.height, button.className).to.be.at.least(24);
      }
    });

    for (const show of ['after-vote', 'always'] as const) {
      it(`a short proposal's card keeps its height from loading to loaded (show-results=${show})`, async () => {
        const adapter = new TestAdapter().hold('getProposal');
        const wrapper = await fixture<HTMLElement>(html`<div style="width: 480px">
          <consult-proposal proposal-id="p3" show-results=${show} .adapter=${adapter}></consult-proposal>
        </div>`);
        const el = wrapper.querySelector('consult-proposal')!;
        await el.updateComplete;
        const loading = el.getBoundingClientRect().height;
        adapter.releaseAll('getProposal');
        await settled(el);
        const loaded = el.getBoundingClientRect().height;
        expect(Math.abs(loaded - loading), `loading ${loading}px, loaded ${loaded}px`).to.be.at.most(1);
      });
    }
  });
});
