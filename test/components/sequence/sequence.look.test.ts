import { expect, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { ConsultSequenceElement } from '../../../src/components/sequence/sequence.component.js';
import {
  button,
  currentCard,
  headingText,
  memory,
  mount,
  progress,
  shown,
  stepWithKeyboard,
  voteWithKeyboard,
} from '../../helpers/sequence.js';

const text = (el: ConsultSequenceElement, selector: string) =>
  el.shadowRoot!.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

describe('<consult-sequence> language and look', () => {
  afterEach(async () => {
    sessionStorage.clear();
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  it('speaks French under lang="fr", card by card, accessible and keyboard-operable', async () => {
    const el = await mount(html`<div lang="fr">
      <consult-sequence consultation="seq" size="2" results-href="/resultats" .adapter=${memory()}></consult-sequence>
    </div>`);
    await expect(el).to.be.accessible();
    expect([...el.shadowRoot!.querySelectorAll('.counts li')].map((li) => li.textContent!.replace(/\s/g, ' '))).to.deep.equal([
      '1 234 participants',
      '6 propositions',
      '5 678 votes',
    ]);
    expect(el.shadowRoot!.querySelector('[role="region"]')!.getAttribute('aria-label')).to.equal('Votez\u00a0: Shaping AI');
    expect(button(el, 'start')!.textContent!.trim()).to.equal('Commencer');

    await stepWithKeyboard(el, 'start', 'Space');
    expect(headingText(el)).to.equal('Proposition 1 sur 2');
    expect(progress(el)).to.deep.include({ text: '1 sur 2', label: 'Progression' });
    expect(button(el, 'skip')!.textContent!.trim()).to.equal('Passer');
    const card = await currentCard(el);
    expect(card.shadowRoot!.querySelector('button.agree')!.textContent!.trim()).to.equal("D’accord");
    await voteWithKeyboard(el, 'agree', 'Space');
    expect(button(el, 'next')!.textContent!.trim()).to.equal('Suivant');
    await expect(el).to.be.accessible();

    await stepWithKeyboard(el, 'next', 'Space');
    expect(headingText(el)).to.equal('À vous\u00a0: que proposez-vous\u202f?');
    await stepWithKeyboard(el, 'skip', 'Space');
    await stepWithKeyboard(el, 'skip', 'Space');
    expect(headingText(el)).to.equal('Merci de votre participation\u202f!');
    expect(text(el, '[part="summary"]')).to.equal('Vous avez voté sur 1 proposition.');
    expect(text(el, '[part="results-link"]')).to.equal('Voir les résultats');
    await expect(el).to.be.accessible();
  });

  it('says the other states in French too', async () => {
    const empty = await mount(html`<div lang="fr">
      <consult-sequence consultation="void" .adapter=${memory()}></consult-sequence>
    </div>`);
    expect(headingText(empty)).to.equal('Plus rien à voter');
    const closed = await mount(html`<div lang="fr">
      <consult-sequence consultation="ended" .adapter=${memory()}></consult-sequence>
    </div>`);
    expect(headingText(closed)).to.equal('Cette consultation est terminée');
    await expect(closed).to.be.accessible();
  });

  it('is accessible (contrast included) in dark mode, before and after a vote', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await mount(html`<consult-sequence consultation="seq" .adapter=${memory()}></consult-sequence>`);
    await expect(el).to.be.accessible();
    await stepWithKeyboard(el, 'start');
    await voteWithKeyboard(el, 'agree');
    await expect(el).to.be.accessible();
    expect(getComputedStyle(el.shadowRoot!.querySelector('.sequence')!).backgroundColor).to.equal('rgb(30, 30, 30)');
  });

  it('can be restyled from the page: custom properties reach the cards inside, parts are exposed', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await mount(html`<consult-sequence consultation="seq" .adapter=${memory()}></consult-sequence>`);
    el.style.setProperty('--consult-accent', 'rgb(0, 0, 200)');
    el.style.setProperty('--consult-agree-color', 'rgb(0, 90, 0)');
    await stepWithKeyboard(el, 'start');
    await voteWithKeyboard(el, 'agree');
    const next = button(el, 'next')!;
    expect(getComputedStyle(next).backgroundColor).to.equal('rgb(0, 0, 200)');
    const card = await currentCard(el);
    expect(getComputedStyle(card.shadowRoot!.querySelector('button.agree')!).backgroundColor).to.equal('rgb(0, 90, 0)');
    const parts = [...el.shadowRoot!.querySelectorAll('[part]')].map((p) => p.getAttribute('part'));
    expect(parts).to.include.members(['sequence', 'progress', 'progress-fill', 'card', 'heading', 'proposal', 'next']);
  });

  it('stops its animations under prefers-reduced-motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await mount(html`<consult-sequence consultation="seq" .adapter=${memory()}></consult-sequence>`);
    await stepWithKeyboard(el, 'start');
    expect(shown(el)).to.equal('proposal');
    expect(getComputedStyle(el.shadowRoot!.querySelector('.progress-fill')!).transitionDuration).to.equal('0s');
  });
});
