import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConsultError } from '../../../src/adapters/errors.js';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { parts, pressed, recordEvents, settled, watchPage } from '../../helpers/proposal.js';
import { seed } from '../../helpers/seed.js';
import { nextTask, TestAdapter } from '../../helpers/test-adapter.js';

async function card(adapter: unknown, id = 'p1') {
  return settled(
    await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id=${id} .adapter=${adapter}></consult-proposal>`),
  );
}

describe('<consult-proposal> events', () => {
  let log: ReturnType<typeof recordEvents>;
  beforeEach(() => (log = recordEvents(document)));
  afterEach(() => log.stop());

  it('is accessible while a listener holds the vote back', async () => {
    const el = await card(new TestAdapter());
    const stop = (event: Event) => event.preventDefault();
    document.addEventListener('consult-before-vote', stop);
    parts(el).buttons.agree.focus();
    await sendKeys({ press: 'Enter' });
    document.removeEventListener('consult-before-vote', stop);
    await el.updateComplete;
    await expect(el).to.be.accessible();
    expect(pressed(el)).to.equal(null);
  });

  it('consult-before-vote is cancelable, and cancelling it means no adapter call at all', async () => {
    const adapter = new TestAdapter();
    const el = await card(adapter);
    const stop = (event: Event) => event.preventDefault();
    document.addEventListener('consult-before-vote', stop);
    parts(el).buttons.disagree.click();
    document.removeEventListener('consult-before-vote', stop);
    await el.updateComplete;
    const [before] = log.of('consult-before-vote');
    expect(before!.cancelable).to.equal(true);
    expect(before!.detail).to.deep.equal({ proposalId: 'p1', key: 'disagree', previousKey: null });
    expect(adapter.count('castVote')).to.equal(0);
    expect(pressed(el)).to.equal(null);
    await nextTask();
    expect(log.of('consult-vote')).to.have.length(0);
  });

  it('consult-vote tells the proposal, the new and previous key and the delivery', async () => {
    const el = await card(new TestAdapter());
    const details = [];
    for (const key of ['agree', 'neutral', 'neutral'] as const) {
      const voted = oneEvent(document, 'consult-vote');
      parts(el).buttons[key].click();
      details.push((await voted).detail);
      await el.updateComplete;
    }
    expect(details).to.deep.equal([
      { proposalId: 'p1', key: 'agree', previousKey: null, delivery: 'acknowledged' },
      { proposalId: 'p1', key: 'neutral', previousKey: 'agree', delivery: 'acknowledged' },
      { proposalId: 'p1', key: null, previousKey: 'neutral', delivery: 'acknowledged' },
    ]);
    // The before-vote event announced each of them, in order.
    expect(log.of('consult-before-vote').map((e) => e.detail.key)).to.deep.equal(['agree', 'neutral', null]);
  });

  it('events bubble out of the shadow root and reach the document from the card', async () => {
    const el = await card(new TestAdapter());
    parts(el).buttons.agree.click();
    await oneEvent(document, 'consult-vote');
    for (const event of log.events) {
      expect(event.bubbles, event.type).to.equal(true);
      expect(event.composed, event.type).to.equal(true);
      expect(event.target, event.type).to.equal(el);
    }
    expect(log.events.map((e) => e.type)).to.include.members(['consult-ready', 'consult-before-vote', 'consult-vote']);
  });

  it('consult-ready fires once the data is loaded, and again after each reload', async () => {
    const adapter = new TestAdapter().hold('getProposal');
    const el = await fixture<ConsultProposalElement>(
      html`<consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>`,
    );
    expect(log.of('consult-ready')).to.have.length(0);
    const ready = oneEvent(el, 'consult-ready');
    adapter.releaseAll('getProposal');
    expect((await ready).detail).to.deep.equal({ proposalId: 'p1' });
    el.proposalId = 'p2';
    await oneEvent(el, 'consult-ready');
    expect(log.of('consult-ready').map((e) => e.detail.proposalId)).to.deep.equal(['p1', 'p2']);
  });

  it('no consult-vote on load, nor when proposal-id, adapter or content change in code', async () => {
    const adapter = new TestAdapter();
    const first = await card(adapter);
    parts(first).buttons.agree.click();
    await oneEvent(first, 'consult-vote');
    first.remove();
    log.events.length = 0;

    // A card that loads an existing vote shows it without announcing a new one.
    const el = await card(adapter);
    expect(pressed(el)).to.equal('agree');
    el.proposalId = 'p2';
    await settled(el);
    el.adapter = new MemoryAdapter(seed);
    await settled(el);
    el.content = 'A text given by the page';
    await settled(el);
    el.proposalId = 'p1';
    el.adapter = adapter;
    await settled(el);
    expect(pressed(el)).to.equal('agree');
    await nextTask();
    expect(log.of('consult-vote')).to.have.length(0);
    expect(log.of('consult-before-vote')).to.have.length(0);
    expect(log.of('consult-ready').length).to.be.greaterThan(3);
  });

  it('consult-error reports load, vote and configuration failures with a code', async () => {
    const page = watchPage();
    try {
      const failing = new TestAdapter({ getProposal: () => Promise.reject(new ConsultError('server', 'Down.')) });
      await card(failing);
      const refusing = new TestAdapter({ castVote: () => Promise.reject(new ConsultError('rate_limited', 'Slow down.')) });
      const el = await card(refusing, 'p2');
      const failed = oneEvent(document, 'consult-error');
      parts(el).buttons.agree.click();
      await failed;
      await fixture(html`<consult-proposal></consult-proposal>`);
    } finally {
      page.restore();
    }
    expect(log.of('consult-error').map((e) => e.detail)).to.deep.equal([
      { code: 'server', message: 'Down.', proposalId: 'p1' },
      { code: 'rate_limited', message: 'Slow down.', proposalId: 'p2' },
      { code: 'config', message: 'This card needs a proposal-id attribute or inline text.', proposalId: undefined },
    ]);
  });
});
