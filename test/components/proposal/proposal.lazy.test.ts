import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { isLoading, parts, pressed, settled } from '../../helpers/proposal.js';
import { TestAdapter } from '../../helpers/test-adapter.js';

/**
 * Resolves once the browser has run an intersection check for `target` (with whether it is in
 * view). Observers are notified together, in creation order, so by then the card's own observer
 * (created when it first rendered) has seen the same check: no need to wait for any duration.
 */
function intersectionChecked(target: Element): Promise<boolean> {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => {
      observer.disconnect();
      resolve(entries.some((e) => e.isIntersecting));
    });
    observer.observe(target);
  });
}

describe('<consult-proposal loading="lazy">', () => {
  afterEach(() => window.scrollTo(0, 0));

  it('is accessible while waiting to come into view', async () => {
    const adapter = new TestAdapter();
    const box = await fixture<HTMLElement>(html`<div style="height: 100px; overflow: auto">
      <div style="height: 5000px"></div>
      <consult-proposal loading="lazy" proposal-id="p1" .adapter=${adapter}></consult-proposal>
    </div>`);
    const el = box.querySelector('consult-proposal')!;
    await el.updateComplete;
    await expect(el).to.be.accessible();
    expect(isLoading(el)).to.equal(true);
  });

  it('inside a scroll container: no adapter call until scrolled into view', async () => {
    const adapter = new TestAdapter();
    const box = await fixture<HTMLElement>(html`<div style="height: 100px; overflow: auto">
      <div style="height: 5000px"></div>
      <consult-proposal loading="lazy" proposal-id="p1" .adapter=${adapter}></consult-proposal>
    </div>`);
    const el = box.querySelector('consult-proposal')!;
    await el.updateComplete;
    expect(await intersectionChecked(el), 'the card starts out of view').to.equal(false);
    expect(adapter.calls).to.deep.equal([]);
    expect(isLoading(el)).to.equal(true);
    expect(parts(el).list.every((b) => b.disabled)).to.equal(true);

    const ready = oneEvent(el, 'consult-ready');
    box.scrollTop = box.scrollHeight;
    await ready;
    await settled(el);
    expect(adapter.count('getProposal')).to.equal(1);
    expect(parts(el).content!.textContent).to.contain('Train the population');
  });

  it('after a tall spacer in the page: loads when the page scrolls to it, and votes', async () => {
    const adapter = new TestAdapter();
    const page = await fixture<HTMLElement>(html`<div>
      <div style="height: 5000px"></div>
      <consult-proposal loading="lazy" proposal-id="p2" .adapter=${adapter}></consult-proposal>
    </div>`);
    const el = page.querySelector('consult-proposal')!;
    await el.updateComplete;
    expect(await intersectionChecked(el)).to.equal(false);
    expect(adapter.calls).to.have.length(0);

    const ready = oneEvent(el, 'consult-ready');
    el.scrollIntoView();
    await ready;
    await settled(el);
    parts(el).buttons.agree.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(pressed(el)).to.equal('agree');
  });

  it('a lazy card already in view loads at once', async () => {
    const adapter = new TestAdapter();
    const el = await fixture<ConsultProposalElement>(
      html`<consult-proposal loading="lazy" proposal-id="p1" .adapter=${adapter}></consult-proposal>`,
    );
    await settled(el);
    expect(adapter.count('getProposal')).to.equal(1);
  });

  it('changing inputs while out of view still reads nothing; switching to eager loads', async () => {
    const adapter = new TestAdapter();
    const box = await fixture<HTMLElement>(html`<div style="height: 100px; overflow: auto">
      <div style="height: 5000px"></div>
      <consult-proposal loading="lazy" proposal-id="p1" .adapter=${adapter}></consult-proposal>
    </div>`);
    const el = box.querySelector('consult-proposal')!;
    el.proposalId = 'p2';
    el.adapter = adapter;
    await el.updateComplete;
    expect(await intersectionChecked(el)).to.equal(false);
    expect(adapter.calls).to.have.length(0);
    el.loading = 'eager';
    await settled(el);
    expect(adapter.callsOf('getProposal').map((c) => c.args[0])).to.deep.equal(['p2']);
  });
});
