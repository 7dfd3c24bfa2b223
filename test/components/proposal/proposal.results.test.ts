import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { VoteReceipt } from '../../../src/adapters/adapter.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { labels, parts, settled, showsTally } from '../../helpers/proposal.js';
import { TestAdapter } from '../../helpers/test-adapter.js';

type Show = 'after-vote' | 'always' | 'never';

function card(adapter: unknown, show: Show, id = 'p2') {
  return fixture<ConsultProposalElement>(
    html`<consult-proposal proposal-id=${id} show-results=${show} .adapter=${adapter}></consult-proposal>`,
  );
}

async function vote(el: ConsultProposalElement, key: 'agree' | 'disagree' | 'neutral') {
  const done = oneEvent(el, 'consult-vote');
  parts(el).buttons[key].click();
  await done;
  await el.updateComplete;
}

/** The bar segments' widths, as set on them. */
const widths = (el: ConsultProposalElement) =>
  [...parts(el).root.querySelectorAll<HTMLElement>('.bar > span')].map((s) => s.style.width);

describe('<consult-proposal> results', () => {
  it('is accessible with the results shown', async () => {
    const el = await settled(await card(new TestAdapter(), 'always'));
    await expect(el).to.be.accessible();
    expect(parts(el).root.querySelector('.bar')!.getAttribute('aria-hidden')).to.equal('true');
  });

  it('after-vote (the default): a hint in the reserved place until the participant votes, again on withdrawal', async () => {
    const el = await settled(
      await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p2" .adapter=${new TestAdapter()}></consult-proposal>`),
    );
    expect(el.showResults).to.equal('after-vote');
    expect(showsTally(el)).to.equal(false);
    expect(parts(el).legend!.textContent).to.equal('Vote to see what others think');
    expect(widths(el), 'the bar is empty').to.deep.equal([]);
    parts(el).buttons.agree.focus();
    const voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Enter' });
    await voted;
    await el.updateComplete;
    expect(showsTally(el)).to.equal(true);
    await vote(el, 'agree');
    expect(showsTally(el)).to.equal(false);
  });

  it('always: shown before any vote, the legend empty until loaded', async () => {
    const adapter = new TestAdapter().hold('getProposal');
    const el = await card(adapter, 'always');
    expect(parts(el).results).to.not.equal(null);
    expect(parts(el).legend!.textContent!.trim()).to.equal('');
    adapter.releaseAll('getProposal');
    await settled(el);
    expect(parts(el).legend!.textContent).to.equal('75% agree · 25% disagree · 0% neutral · 4 votes');
  });

  it('never: not even after a vote nor on a closed consultation', async () => {
    const el = await settled(await card(new TestAdapter(), 'never'));
    await vote(el, 'neutral');
    expect(parts(el).results === null).to.equal(true);
    const closed = await settled(await card(new TestAdapter(), 'never', 'closed1'));
    expect(parts(closed).results === null).to.equal(true);
  });

  it('the legend and the bar follow the votes, optimistically then as the adapter counts', async () => {
    const el = await settled(await card(new TestAdapter(), 'always'));
    expect(widths(el)).to.deep.equal(['75%', '25%', '0%']);
    await vote(el, 'agree');
    expect(parts(el).legend!.textContent).to.equal('80% agree · 20% disagree · 0% neutral · 5 votes');
    expect(widths(el)).to.deep.equal(['80%', '20%', '0%']);
    await vote(el, 'neutral');
    expect(parts(el).legend!.textContent).to.equal('60% agree · 20% disagree · 20% neutral · 5 votes');
    await vote(el, 'neutral');
    expect(parts(el).legend!.textContent).to.equal('75% agree · 25% disagree · 0% neutral · 4 votes');
  });

  it('counts one vote in the singular and empty tallies as 0%', async () => {
    const el = await settled(await card(new TestAdapter(), 'always', 'p3'));
    expect(parts(el).legend!.textContent).to.equal('0% agree · 0% disagree · 0% neutral · 0 votes');
    expect(widths(el)).to.deep.equal(['0%', '0%', '0%']);
    await vote(el, 'disagree');
    expect(parts(el).legend!.textContent).to.equal('0% agree · 100% disagree · 0% neutral · 1 vote');
  });

  it('the adapter tally wins over the optimistic estimate', async () => {
    const adapter = new TestAdapter({
      castVote: async (v): Promise<VoteReceipt> => ({
        proposalId: v.proposalId,
        key: v.key,
        votes: { agree: 10, disagree: 0, neutral: 0 },
        delivery: 'acknowledged',
      }),
    });
    const el = await settled(await card(adapter, 'after-vote'));
    await vote(el, 'agree');
    expect(parts(el).legend!.textContent).to.equal('100% agree · 0% disagree · 0% neutral · 10 votes');
  });

  it('button labels never change with the state', async () => {
    const expected = ['Agree', 'Disagree', 'Neutral'];
    const adapter = new TestAdapter().hold('getProposal');
    const el = await card(adapter, 'after-vote');
    expect(labels(el), 'loading').to.deep.equal(expected);
    adapter.releaseAll('getProposal');
    await settled(el);
    expect(labels(el), 'loaded').to.deep.equal(expected);
    adapter.hold('castVote');
    parts(el).buttons.agree.click();
    await el.updateComplete;
    expect(labels(el), 'voting').to.deep.equal(expected);
    adapter.releaseAll('castVote');
    await oneEvent(el, 'consult-vote');
    await el.updateComplete;
    expect(labels(el), 'voted').to.deep.equal(expected);
    const closed = await settled(await card(new TestAdapter(), 'after-vote', 'closed1'));
    expect(labels(closed), 'closed').to.deep.equal(expected);
    // Each button's accessible name is its label: the state is in aria-pressed, not the text.
    for (const button of parts(el).list) expect(button.getAttribute('aria-label')).to.equal(null);
  });
});
