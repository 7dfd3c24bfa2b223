import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { VoteReceipt } from '../../../src/adapters/adapter.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { parts, pressed, settled, watchPage } from '../../helpers/proposal.js';
import { animationsDone, atLeast, countOf, CountingAdapter, recordAll } from '../../helpers/qualify.js';
import { nextTask } from '../../helpers/test-adapter.js';

const liveCard = (adapter: CountingAdapter) =>
  fixture<ConsultProposalElement>(
    html`<consult-proposal proposal-id="p1" live live-interval="2" .adapter=${adapter}></consult-proposal>`,
  );

/** Pretend another tab is in front (`hidden`) or this one is back (`visible`), as the browser says it. */
function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

function restoreVisibility(): void {
  Reflect.deleteProperty(document, 'visibilityState'); // the prototype's getter again
}

/**
 * Only to show that nothing happens over time (no read while hidden, removed or busy): there is no
 * event to wait for when the point is that none comes. Each wait is longer than one interval (2 s).
 */
const moreThanAnInterval = () => new Promise((resolve) => setTimeout(resolve, 2600));

async function vote(el: ConsultProposalElement, key: 'agree' | 'disagree' | 'neutral') {
  const voted = oneEvent(el, 'consult-vote');
  parts(el).buttons[key].click();
  await voted;
  await el.updateComplete;
}

const legend = (el: ConsultProposalElement) => parts(el).legend!.textContent ?? '';

/** Count the card's renders from now on. */
function countRenders(el: ConsultProposalElement): () => number {
  const card = el as unknown as { render(): unknown };
  const render = card.render.bind(el);
  let renders = 0;
  card.render = () => {
    renders++;
    return render();
  };
  return () => renders;
}

describe('<consult-proposal live>', function () {
  this.timeout(20_000);

  it('is accessible, and votes by keyboard while it re-reads', async () => {
    const adapter = new CountingAdapter();
    const el = await settled(await liveCard(adapter));
    await expect(el).to.be.accessible();
    parts(el).buttons.agree.focus();
    const voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Enter' });
    await voted;
    await atLeast(() => adapter.reads.length, 2, 'a live re-read');
    await animationsDone(el);
    expect(pressed(el)).to.equal('agree');
    await expect(el).to.be.accessible();
  });

  it('re-reads at the interval and shows others’ votes and qualifications, firing no event', async () => {
    const adapter = new CountingAdapter();
    const el = await settled(await liveCard(adapter));
    await vote(el, 'agree');
    const log = recordAll(document);
    try {
      await adapter.someoneElse('participant-live-1', 'p1', 'agree', ['likeIt', 'doable']);
      await adapter.someoneElse('participant-live-2', 'p1', 'disagree');
      // The MemoryAdapter pushes tallies as they change; qualification counts only come by reading.
      const counts = () => [countOf(el, 'likeIt'), countOf(el, 'doable')].join();
      await waitUntil(() => counts() === '6,3', `the counts never came (they say ${counts()})`, { timeout: 8000 });
      expect(legend(el)).to.contain('103 votes');
      expect(pressed(el)).to.equal('agree');
      await nextTask();
      expect(log.types()).to.deep.equal([]);
    } finally {
      log.stop();
    }
  });

  it('waits at least 2 s between reads whatever live-interval says, and 15 s by default', async () => {
    const fast = new CountingAdapter();
    const usual = new CountingAdapter();
    const wrapper = await fixture<HTMLElement>(html`<div>
      <consult-proposal proposal-id="p1" live live-interval="0.1" .adapter=${fast}></consult-proposal>
      <consult-proposal proposal-id="p1" live .adapter=${usual}></consult-proposal>
    </div>`);
    await Promise.all([...wrapper.querySelectorAll('consult-proposal')].map((card) => settled(card)));
    await atLeast(() => fast.reads.length, 3, 'two re-reads', 12_000);
    const gaps = fast.reads.slice(1).map((t, i) => t - fast.reads[i]!);
    expect(gaps.every((gap) => gap >= 1900), `gaps ${gaps.map(Math.round).join(', ')} ms`).to.equal(true);
    expect(usual.reads.length, 'no re-read within 4 s at the default 15 s').to.equal(1);
  });

  it('pauses while the page is hidden, and reads once on coming back after an interval', async () => {
    const adapter = new CountingAdapter();
    await settled(await liveCard(adapter));
    try {
      setVisibility('hidden');
      const reads = adapter.reads.length;
      await moreThanAnInterval();
      expect(adapter.reads.length, 'reads while hidden').to.equal(reads);
      setVisibility('visible');
      // At once, not an interval later.
      await waitUntil(() => adapter.reads.length > reads, 'no read on coming back', { timeout: 1500 });
      await nextTask();
      expect(adapter.reads.length, 'one read, not one per missed interval').to.equal(reads + 1);
    } finally {
      restoreVisibility();
    }
  });

  it('stops when the card leaves the page or `live` is turned off, and starts again when on', async () => {
    const removed = new CountingAdapter();
    const switched = new CountingAdapter();
    const wrapper = await fixture<HTMLElement>(html`<div>
      <consult-proposal proposal-id="p1" live live-interval="2" .adapter=${removed}></consult-proposal>
      <consult-proposal proposal-id="p1" live live-interval="2" .adapter=${switched}></consult-proposal>
    </div>`);
    const [gone, off] = [...wrapper.querySelectorAll('consult-proposal')];
    await Promise.all([settled(gone!), settled(off!)]);
    gone!.remove();
    off!.live = false;
    await off!.updateComplete;
    const before = [removed.reads.length, switched.reads.length];
    await moreThanAnInterval();
    expect([removed.reads.length, switched.reads.length]).to.deep.equal(before);
    off!.removeAttribute('live');
    off!.toggleAttribute('live', true);
    await atLeast(() => switched.reads.length, before[1]! + 1, 'a read once live again', 5000);
  });

  it('never reads twice at once: the next read waits for a slow one', async () => {
    const adapter = new CountingAdapter();
    await settled(await liveCard(adapter));
    adapter.hold('getProposal');
    await atLeast(() => adapter.waiting('getProposal'), 1, 'a slow re-read');
    await moreThanAnInterval();
    expect(adapter.reads.length, 'reads started while one was on its way').to.equal(2);
    adapter.release('getProposal');
    await atLeast(() => adapter.reads.length, 3, 'the next re-read, after the slow one');
    expect(adapter.maxReadsInFlight).to.equal(1);
  });

  it('a read that started before a vote never shows over the vote’s answer', async () => {
    const adapter = new CountingAdapter();
    const el = await settled(await liveCard(adapter));
    // News the re-read brings, so that showing it would show.
    await adapter.someoneElse('participant-live-4', 'p1', 'neutral');
    adapter.hold('getProposal');
    await atLeast(() => adapter.waiting('getProposal'), 1, 'a re-read on its way'); // it saw 101 votes, likeIt 5
    await vote(el, 'agree');
    qualifyLikeIt(el);
    await oneEvent(el, 'consult-qualify');
    expect(legend(el)).to.contain('102 votes');
    adapter.release('getProposal');
    await waitUntil(() => adapter.readsInFlight === 0, 'the old read never ended');
    await nextTask();
    await el.updateComplete;
    expect(legend(el)).to.contain('102 votes');
    expect(countOf(el, 'likeIt')).to.equal(6);
    expect(pressed(el)).to.equal('agree');
  });

  it('no read while a vote waits for delivery; reads again once it is delivered', async () => {
    const adapter = new CountingAdapter({
      castVote: async (vote): Promise<VoteReceipt> => ({ ...(await adapter.base.castVote(vote)), delivery: 'pending' }),
    });
    const el = await settled(await liveCard(adapter));
    await vote(el, 'disagree');
    const reads = adapter.reads.length;
    await moreThanAnInterval();
    expect(adapter.reads.length).to.equal(reads);
    expect(parts(el).status.textContent).to.equal('Saved, will be sent when online');
    adapter.push({ proposalId: 'p1', delivery: 'acknowledged' });
    await atLeast(() => adapter.reads.length, reads + 1, 'a read once delivered', 5000);
  });

  it('an unchanged answer changes nothing: the same object is not even looked at, an equal copy renders nothing', async () => {
    const same = new CountingAdapter();
    same.sameObjectWhenUnchanged = true;
    const copies = new CountingAdapter();
    const wrapper = await fixture<HTMLElement>(html`<div>
      <consult-proposal proposal-id="p1" live live-interval="2" .adapter=${same}></consult-proposal>
      <consult-proposal proposal-id="p1" live live-interval="2" .adapter=${copies}></consult-proposal>
    </div>`);
    const cards = [...wrapper.querySelectorAll('consult-proposal')];
    await Promise.all(cards.map((card) => settled(card)));
    const renders = cards.map(countRenders);
    same.answerTouches = 0;
    await atLeast(() => Math.min(same.reads.length, copies.reads.length), 3, 'two re-reads each');
    await nextTask();
    await Promise.all(cards.map((card) => card.updateComplete));
    expect(same.answerTouches, 'reads of an answer the card already had').to.equal(0);
    expect(renders.map((count) => count())).to.deep.equal([0, 0]);
  });

  it('a failed re-read keeps what the card shows, fires nothing and warns once', async () => {
    const page = watchPage();
    let log: ReturnType<typeof recordAll> | undefined;
    try {
      const adapter = new CountingAdapter();
      const el = await settled(await liveCard(adapter));
      log = recordAll(document);
      const shown = legend(el);
      adapter.getProposal = async () => {
        adapter.reads.push(performance.now());
        throw new ConsultError('network', 'Offline.');
      };
      await atLeast(() => adapter.reads.length, 3, 'two failed re-reads');
      await el.updateComplete;
      expect(legend(el)).to.equal(shown);
      expect(parts(el).card.getAttribute('aria-busy')).to.equal('false');
      expect(log.types()).to.deep.equal([]);
      expect(page.cardWarnings().map((args) => String(args[0]))).to.deep.equal([
        '<consult-proposal>: a live re-read failed: Offline.',
      ]);
      expect(page.escaped).to.deep.equal([]);
    } finally {
      log?.stop();
      page.restore();
    }
  });
});

function qualifyLikeIt(el: ConsultProposalElement): void {
  el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-qualification="likeIt"]')!.click();
}
