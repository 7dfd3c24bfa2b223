import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConsultProposeElement } from '../../../src/components/propose/propose.component.js';
import { descriptionOf, mount, parts, paste, SubmitAdapter } from '../../helpers/propose.js';

/** Every text the live region takes from now on (what a screen reader would speak). */
function listen(el: ConsultProposeElement) {
  const said: string[] = [];
  const region = parts(el).live;
  const observer = new MutationObserver(() => said.push(region.textContent!.trim()));
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return {
    said,
    /** Mutation records arrive in a microtask: let them in before reading. */
    async settle() {
      await el.updateComplete;
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      return said.filter(Boolean);
    },
    stop: () => observer.disconnect(),
  };
}

describe('<consult-propose> character counter', () => {
  it('shows n / max as the participant types and describes the field with it', async () => {
    const el = await mount(html`<consult-propose consultation="ai" .adapter=${new SubmitAdapter()}></consult-propose>`);
    await expect(el).to.be.accessible();
    const p = parts(el);
    expect(p.counter!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('0 / 1400 of 140 characters');
    p.text!.focus();
    await sendKeys({ type: 'Open data' });
    await el.updateComplete;
    expect(p.counter!.querySelector('[aria-hidden="true"]')!.textContent).to.equal('9 / 140');
    expect(descriptionOf(el, p.text!)).to.deep.equal(['12 to 140 characters.', '9 of 140 characters']);
  });

  it('speaks only when the text crosses 20, 10 or 0 characters left, goes over, or comes back', async () => {
    const el = await mount(html`<consult-propose consultation="ai" .adapter=${new SubmitAdapter()}></consult-propose>`);
    const text = parts(el).text!;
    const live = listen(el);
    await paste(text, 'x'.repeat(110));
    // Ten keystrokes from 30 to 20 left: one announcement, at 20.
    text.focus();
    text.setSelectionRange(110, 110);
    await sendKeys({ type: 'abcdefghij' });
    expect(await live.settle()).to.deep.equal(['20 characters left']);
    await sendKeys({ type: 'klm' });
    expect(await live.settle()).to.deep.equal(['20 characters left']);

    await paste(text, 'x'.repeat(131));
    await paste(text, 'x'.repeat(135));
    await paste(text, 'x'.repeat(140));
    await paste(text, 'x'.repeat(143));
    await paste(text, 'x'.repeat(145));
    await paste(text, 'x'.repeat(139));
    await paste(text, 'x'.repeat(100));
    await paste(text, 'x'.repeat(139));
    live.stop();
    expect(await live.settle()).to.deep.equal([
      '20 characters left',
      '9 characters left',
      'No characters left',
      '3 characters too many',
      '1 character left',
      // Deleted far below the limit and typed back up: worth saying again.
      '1 character left',
    ]);
    await expect(el).to.be.accessible();
  });

  it('counts in French with French plurals', async () => {
    const el = await mount(html`<consult-propose lang="fr" consultation="ai" .adapter=${new SubmitAdapter()}></consult-propose>`);
    const live = listen(el);
    await paste(parts(el).text!, 'x'.repeat(121));
    await paste(parts(el).text!, 'x'.repeat(141));
    await paste(parts(el).text!, 'x'.repeat(139));
    live.stop();
    expect(await live.settle()).to.deep.equal(['19 caractères restants', '1 caractère de trop', '1 caractère restant']);
    expect(descriptionOf(el, parts(el).text!)).to.deep.equal(['De 12 à 140 caractères.', '139 caractères sur 140']);
  });
});
