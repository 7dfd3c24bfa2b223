import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { ConsultError } from '../../../src/adapters/errors.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { parts, settled } from '../../helpers/proposal.js';
import { TestAdapter } from '../../helpers/test-adapter.js';

async function card(adapter: unknown, id = 'p1') {
  return settled(
    await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id=${id} .adapter=${adapter}></consult-proposal>`),
  );
}

async function voteWithKeyboard(el: ConsultProposalElement) {
  parts(el).buttons.disagree.focus();
  const voted = oneEvent(el, 'consult-vote');
  await sendKeys({ press: 'Enter' });
  await voted;
  await el.updateComplete;
  // The pressed button's colours fade in (0.15 s): axe must judge the colours it ends with, not a
  // frame of the fade (a loaded machine once caught one mid-way, at 3.45:1).
  await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
}

describe('<consult-proposal> look: dark mode, focus, motion', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

  it('is accessible (axe contrast included) when voted, in light and in dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme });
      const el = await card(new TestAdapter());
      await voteWithKeyboard(el);
      await expect(el, colorScheme).to.be.accessible();
    }
  });

  it('switches to dark colours under prefers-color-scheme: dark', async () => {
    const el = await card(new TestAdapter());
    const light = getComputedStyle(parts(el).card).backgroundColor;
    await emulateMedia({ colorScheme: 'dark' });
    const dark = getComputedStyle(parts(el).card).backgroundColor;
    expect(light).to.equal('rgb(255, 255, 255)');
    expect(dark).to.equal('rgb(30, 30, 30)');
  });

  it('the error state is accessible in dark mode', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await card(new TestAdapter({ getProposal: () => Promise.reject(new ConsultError('server', 'Down.')) }));
    expect(parts(el).retry !== null).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows a visible focus ring on the focused button', async () => {
    const el = await card(new TestAdapter());
    parts(el).buttons.agree.focus();
    await sendKeys({ press: 'Tab' });
    const focused = el.shadowRoot!.activeElement as HTMLElement;
    expect(focused.className).to.equal('disagree');
    const style = getComputedStyle(focused);
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
  });

  it('stops the skeleton pulse under prefers-reduced-motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const adapter = new TestAdapter().hold('getProposal');
    const el = await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>`);
    const skeleton = el.shadowRoot!.querySelector('.skeleton')!;
    expect(getComputedStyle(skeleton).animationName).to.equal('none');
    adapter.releaseAll('getProposal');
    await settled(el);
  });

  it('can be restyled from the host page through parts and custom properties', async () => {
    await emulateMedia({ reducedMotion: 'reduce' }); // no colour transition to wait for
    const el = await card(new TestAdapter());
    el.style.setProperty('--consult-agree-color', 'rgb(0, 0, 255)');
    await voteWithKeyboard(el);
    parts(el).buttons.agree.click();
    await oneEvent(el, 'consult-vote');
    await el.updateComplete;
    expect(getComputedStyle(parts(el).buttons.agree).backgroundColor).to.equal('rgb(0, 0, 255)');
    expect(parts(el).buttons.agree.getAttribute('part')).to.equal('button button-agree');
  });
});
