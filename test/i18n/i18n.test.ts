import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import '../../src/components/proposal/proposal.js';
import { en, langOf, localeFor, registerLocale, registerTranslation, type ConsultLocale } from '../../src/i18n/index.js';
import { languageLoading, translationFileFor } from '../../src/i18n/load.js';
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
    expect(labels(el)).to.deep.equal(['D’accord', 'Pas d’accord', 'Neutre']);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.agree')!.focus();
    const voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Space' });
    await voted;
    await el.updateComplete;
    // French number formatting and plural: "5 votes", shares with a narrow space before "%".
    expect(el.shadowRoot!.querySelector('.legend')!.textContent).to.match(/80\s%\sd’accord/);
  });

  it('uses a locale registered by the host page', async () => {
    registerLocale(de);
    const el = await card('de');
    expect(labels(el)).to.deep.equal(['Zustimmen', 'Ablehnen', 'Neutral']);
    expect(el.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('Ihre Stimme');
  });

  it('falls back from a region to its language, then to English', async () => {
    await languageLoading('fr-CA', ['card']);
    expect(localeFor('fr-CA').tag).to.equal('fr');
    expect(translationFileFor('de-AT')).to.equal('de');
    expect(translationFileFor('pt-BR')).to.equal('pt-BR');
    expect(translationFileFor('pt-PT')).to.equal('pt');
    expect(translationFileFor('zh-CN')).to.equal('zh-Hans');
    expect(translationFileFor('zh-TW'), 'no Traditional Chinese file: English').to.equal(undefined);
    expect(translationFileFor('en-GB')).to.equal(undefined);
    expect(localeFor('xx').tag).to.equal('en');
    expect(localeFor(undefined).tag).to.equal('en');
  });

  it('finds the nearest lang across shadow roots', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="fr"><span></span></div>`);
    const inner = host.querySelector('span')!.attachShadow({ mode: 'open' });
    inner.innerHTML = '<b></b>';
    expect(langOf(inner.querySelector('b')!)).to.equal('fr');
  });

  it('pluralises vote counts and ages with each language’s rules', async () => {
    expect(en.voteCount(1, '1')).to.equal('1 vote');
    expect(en.voteCount(2, '2')).to.equal('2 votes');
    expect(en.byAuthor('Ana', 1)).to.equal('Ana, 1 year old');
    await Promise.all(['fr', 'pl', 'ar'].map((tag) => languageLoading(tag, ['card'])));
    expect(localeFor('fr').voteCount(0, '0')).to.equal('0 vote');
    expect(localeFor('fr').byAuthor('Camille', 1)).to.equal('Camille, 1 an');
    // Polish: one, few (2–4, 22–24…), many (5–21, 25…).
    const pl = localeFor('pl');
    const forms = [1, 2, 5, 22, 25].map((n) => pl.voteCount(n, String(n)));
    expect(new Set(forms.map((f) => f.replace(/\d+\s*/, ''))).size, forms.join(' / ')).to.equal(3);
    expect(forms[1]!.replace(/\d+\s*/, '')).to.equal(forms[3]!.replace(/\d+\s*/, ''));
    // Arabic has six forms: one and two say the number in the word ("صوتان", two votes), 3–10 take
    // the plural, 11–99 the accusative singular, 0 and 100 the singular.
    const ar = localeFor('ar');
    expect([1, 2, 3, 11, 100].map((n) => ar.voteCount(n, String(n)))).to.deep.equal(['صوت واحد', 'صوتان', '3 أصوات', '11 صوتًا', '100 صوت']);
  });

  it('takes a translation file registered by the page: its words, English for the keys it lacks', async () => {
    registerTranslation('ca', { card: { voteLabel: { agree: 'D’acord', disagree: 'En desacord', neutral: 'Neutral' }, voteCount_other: '{{count}} vots' } });
    const el = await card('ca');
    expect(labels(el)).to.deep.equal(['D’acord', 'En desacord', 'Neutral']);
    expect(el.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('Your vote');
    expect(localeFor('ca').voteCount(3, '3')).to.equal('3 vots');
  });

  it('ignores what is not a string in a translation file, and never renders markup from it', async () => {
    registerTranslation('xx-test', {
      card: { voteLabel: { agree: '<img src=x onerror="window.__pwned=1">', disagree: 42, neutral: null } as never, voteGroup: { nested: 'no' } as never },
    });
    const el = await card('xx-test');
    expect(labels(el)).to.deep.equal(['<img src=x onerror="window.__pwned=1">', 'Disagree', 'Neutral']);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('Your vote');
  });

  it('a page switching to a language renders it once its strings arrive, never a mix', async () => {
    const el = await card('en');
    const wrapper = el.parentElement!;
    wrapper.lang = 'ja';
    await el.updateComplete;
    await waitUntil(() => labels(el)[0] !== 'Agree', 'the card never switched to Japanese');
    expect(labels(el)).to.deep.equal(Object.values(localeFor('ja').voteLabel));
    expect(localeFor('ja').tag).to.equal('ja');
  });
});
