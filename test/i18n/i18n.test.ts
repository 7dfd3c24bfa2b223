import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import '../../src/components/proposal/proposal.js';
import { en, langOf, localeFor, registerLocale, type ConsultLocale } from '../../src/i18n/index.js';
import { loaded } from '../helpers/card.js';
import { seed } from '../helpers/seed.js';

const de: ConsultLocale = {
  ...en,
  tag: 'de',
  voteLabel: { agree: 'Zustimmen', disagree: 'Ablehnen', neutral: 'Neutral' },
  voteGroup: 'Ihre Stimme',
  voteCount: (count, formatted) => `${formatted} ${count === 1 ? 'Stimme' : 'Stimmen'}`,
};

async function card(lang: string) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><consult-proposal proposal-id="p2" .adapter=${new MemoryAdapter(seed)}></consult-proposal></div>`,
  );
  const el = wrapper.querySelector('consult-proposal') as ConsultProposalElement;
  await loaded(el);
  return el;
}

const labels = (el: ConsultProposalElement) =>
  [...el.shadowRoot!.querySelectorAll('.actions button')].map((b) => b.textContent!.trim());

describe('localisation', () => {
  it('shows a French card, accessible and keyboard-operable, under an ancestor lang="fr"', async () => {
    const el = await card('fr-FR');
    await expect(el).to.be.accessible();
    expect(labels(el)).to.deep.equal(["D'accord", "Pas d'accord", 'Neutre']);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.agree')!.focus();
    const voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Space' });
    await voted;
    await el.updateComplete;
    // French number formatting and plural: "5 votes", shares with a narrow space before "%".
    expect(el.shadowRoot!.querySelector('.legend')!.textContent).to.match(/80\s%\sd'accord/);
  });

  it('uses a locale registered by the host page', async () => {
    registerLocale(de);
    const el = await card('de');
    expect(labels(el)).to.deep.equal(['Zustimmen', 'Ablehnen', 'Neutral']);
    expect(el.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('Ihre Stimme');
  });

  it('falls back from a region to its language, then to English', () => {
    expect(localeFor('fr-CA').tag).to.equal('fr');
    expect(localeFor('xx').tag).to.equal('en');
    expect(localeFor(undefined).tag).to.equal('en');
  });

  it('finds the nearest lang across shadow roots', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="fr"><span></span></div>`);
    const inner = host.querySelector('span')!.attachShadow({ mode: 'open' });
    inner.innerHTML = '<b></b>';
    expect(langOf(inner.querySelector('b')!)).to.equal('fr');
  });

  it('pluralises vote counts', () => {
    expect(en.voteCount(1, '1')).to.equal('1 vote');
    expect(en.voteCount(2, '2')).to.equal('2 votes');
    expect(localeFor('fr').voteCount(0, '0')).to.equal('0 vote');
  });
});
