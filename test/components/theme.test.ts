import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import '../../src/components/consultation/consultation.js';
import type { ConsultConsultationElement } from '../../src/components/consultation/consultation.component.js';
import '../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import '../../src/components/propose/propose.js';
import type { ConsultProposeElement } from '../../src/components/propose/propose.component.js';
import '../../src/components/results/results.js';
import type { ConsultResultsElement } from '../../src/components/results/results.component.js';
import { settled as cardSettled } from '../helpers/proposal.js';
import { settled as formSettled } from '../helpers/propose.js';
import { resultsSeed, settled as resultsSettled } from '../helpers/results.js';

// A page's palette, far from every default so a computed colour tells which one applied.
const palette = {
  '--consult-surface': 'rgb(255, 250, 235)',
  '--consult-text': 'rgb(20, 20, 60)',
  '--consult-accent': 'rgb(0, 70, 140)',
  '--consult-border': 'rgb(90, 60, 30)',
  '--consult-agree-color': 'rgb(0, 100, 40)',
};

// The card's defaults (the reference the other widgets share).
const light = { surface: 'rgb(255, 255, 255)', text: 'rgb(26, 26, 26)', accent: 'rgb(31, 79, 191)', agree: 'rgb(27, 122, 58)' };
const dark = { surface: 'rgb(30, 30, 30)', accent: 'rgb(138, 180, 248)' };

async function page() {
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <consult-consultation consultation="summit" .adapter=${new MemoryAdapter(resultsSeed)}>
      <consult-proposal proposal-id="edu-1"></consult-proposal>
      <consult-propose></consult-propose>
      <consult-results></consult-results>
    </consult-consultation>
  </div>`);
  const consultation = wrapper.querySelector<ConsultConsultationElement>('consult-consultation')!;
  const card = await cardSettled(wrapper.querySelector<ConsultProposalElement>('consult-proposal')!);
  const form = await formSettled(wrapper.querySelector<ConsultProposeElement>('consult-propose')!);
  const results = await resultsSettled(wrapper.querySelector<ConsultResultsElement>('consult-results')!);
  return { wrapper, consultation, card, form, results };
}

type Page = Awaited<ReturnType<typeof page>>;

const style = (host: HTMLElement, selector: string) => getComputedStyle(host.shadowRoot!.querySelector(selector)!);

/** The colours a participant sees in each widget, as strings. */
function looks({ card, form, results }: Page) {
  return {
    card: style(card, '.card').backgroundColor,
    cardText: style(card, '.content').color,
    agreeBorder: style(card, 'button.agree').borderTopColor,
    form: style(form, '.panel').backgroundColor,
    submit: style(form, 'button.submit').backgroundColor,
    results: style(results, '.results').backgroundColor,
    filterBorder: style(results, 'select').borderTopColor,
    agreeBar: style(results, '.bar > .agree').backgroundColor,
  };
}

function setTokens(target: HTMLElement, tokens: Record<string, string>) {
  for (const [name, value] of Object.entries(tokens)) target.style.setProperty(name, value);
}

function clearTokens(target: HTMLElement) {
  for (const name of Object.keys(palette)) target.style.removeProperty(name);
}

describe('one theme for every widget', () => {
  afterEach(async () => {
    clearTokens(document.documentElement);
    await emulateMedia({ colorScheme: 'light' });
  });

  it('is accessible (contrast included) themed from an ancestor, and the focus ring takes its accent', async () => {
    const p = await page();
    setTokens(p.wrapper, palette);
    // The card's buttons fade to the new colours (0.15 s): axe must judge the colours they end with.
    await Promise.all(p.card.shadowRoot!.getAnimations().map((animation) => animation.finished));
    await expect(p.wrapper).to.be.accessible();
    p.card.shadowRoot!.querySelector<HTMLButtonElement>('button.agree')!.focus();
    await sendKeys({ press: 'Tab' });
    const focused = p.card.shadowRoot!.activeElement as HTMLElement;
    expect(focused.className).to.equal('disagree');
    expect(getComputedStyle(focused).outlineColor).to.equal(palette['--consult-accent']);
  });

  it('without any token, every widget shows the card’s light defaults and follows the page’s font', async () => {
    const p = await page();
    p.wrapper.style.fontFamily = 'monospace';
    expect(looks(p)).to.deep.equal({
      card: light.surface,
      cardText: light.text,
      agreeBorder: light.agree,
      form: light.surface,
      submit: light.accent,
      results: light.surface,
      filterBorder: light.accent,
      agreeBar: light.agree,
    });
    expect(style(p.card, '.content').fontFamily).to.equal('monospace');
    p.card.hidden = true;
    expect(getComputedStyle(p.card).display).to.equal('none');
  });

  it('tokens set on a wrapping element reach the card, the form and the results inside it', async () => {
    const p = await page();
    setTokens(p.wrapper, { ...palette, '--consult-font-family': 'Georgia, serif' });
    expect(looks(p)).to.deep.equal({
      card: palette['--consult-surface'],
      cardText: palette['--consult-text'],
      agreeBorder: palette['--consult-agree-color'],
      form: palette['--consult-surface'],
      submit: palette['--consult-accent'],
      results: palette['--consult-surface'],
      filterBorder: palette['--consult-accent'],
      agreeBar: palette['--consult-agree-color'],
    });
    expect(style(p.card, '.content').fontFamily).to.equal('Georgia, serif');
    // The form's fields have a darker default border (3:1), but a page's border wins there too.
    expect(style(p.form, 'textarea').color).to.equal(palette['--consult-text']);
    expect(style(p.form, '.box').borderTopColor).to.equal(palette['--consult-border']);
  });

  it('tokens set on <consult-consultation> or :root reach them too; the nearest value wins', async () => {
    const p = await page();
    setTokens(p.consultation, palette);
    expect(looks(p).card).to.equal(palette['--consult-surface']);
    expect(looks(p).submit).to.equal(palette['--consult-accent']);
    expect(looks(p).filterBorder).to.equal(palette['--consult-accent']);

    clearTokens(p.consultation);
    setTokens(document.documentElement, palette);
    expect(looks(p).results).to.equal(palette['--consult-surface']);
    expect(looks(p).agreeBorder).to.equal(palette['--consult-agree-color']);

    p.form.style.setProperty('--consult-accent', 'rgb(120, 0, 90)');
    expect(looks(p).submit).to.equal('rgb(120, 0, 90)');
    expect(looks(p).filterBorder).to.equal(palette['--consult-accent']);
  });

  it('switches the defaults to dark, while a page’s token still wins in dark mode', async () => {
    // Dark before mounting: switching under a mounted card would let axe catch its colour fade mid-way.
    await emulateMedia({ colorScheme: 'dark' });
    const p = await page();
    expect([looks(p).card, looks(p).form, looks(p).results, looks(p).submit]).to.deep.equal([
      dark.surface,
      dark.surface,
      dark.surface,
      dark.accent,
    ]);
    await expect(p.wrapper).to.be.accessible();
    setTokens(p.wrapper, { '--consult-surface': 'rgb(10, 20, 30)' });
    expect([looks(p).card, looks(p).form, looks(p).results]).to.deep.equal(['rgb(10, 20, 30)', 'rgb(10, 20, 30)', 'rgb(10, 20, 30)']);
  });
});
