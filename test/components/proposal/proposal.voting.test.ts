import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CastVote } from '../../../src/adapters/adapter.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { announced, parts, pressed, settled, showsTally } from '../../helpers/proposal.js';
import { seed } from '../../helpers/seed.js';
import { nextTask, TestAdapter } from '../../helpers/test-adapter.js';

async function card(adapter: unknown, id = 'p1') {
  return settled(
    await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id=${id} .adapter=${adapter}></consult-proposal>`),
  );
}

const keysCast = (adapter: TestAdapter) => adapter.callsOf('castVote').map((c) => (c.args[0] as CastVote).key);

describe('<consult-proposal> voting', () => {
  it('is accessible after a vote', async () => {
    const el = await card(new TestAdapter());
    parts(el).buttons.agree.click();
    await oneEvent(el, 'consult-vote');
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('presses the button in the same task as the click, before the adapter answers', async () => {
    const adapter = new TestAdapter().hold('castVote');
    const el = await card(adapter);
    let laterTaskRan = false;
    setTimeout(() => (laterTaskRan = true));
    parts(el).buttons.agree.click();
    await el.updateComplete; // microtasks only: still the click's task
    expect(laterTaskRan, 'the assertion ran in a later task').to.equal(false);
    expect(parts(el).buttons.agree.getAttribute('aria-pressed')).to.equal('true');
    expect(adapter.waiting('castVote')).to.equal(1);
    expect(parts(el).legend!.textContent).to.contain('101 votes');
    adapter.releaseAll('castVote');
    await oneEvent(el, 'consult-vote');
  });

  it('clicking the pressed button withdraws the vote', async () => {
    const adapter = new TestAdapter();
    const el = await card(adapter);
    parts(el).buttons.agree.click();
    await oneEvent(el, 'consult-vote');
    parts(el).buttons.agree.click();
    const withdrawn = await oneEvent(el, 'consult-vote');
    expect(withdrawn.detail).to.include({ key: null, previousKey: 'agree' });
    await el.updateComplete;
    expect(pressed(el)).to.equal(null);
    expect(keysCast(adapter)).to.deep.equal(['agree', null]);
    await announced(el, 'Vote withdrawn');
  });

  it('clicking another button changes the vote', async () => {
    const adapter = new TestAdapter();
    const el = await card(adapter);
    parts(el).buttons.agree.click();
    await oneEvent(el, 'consult-vote');
    parts(el).buttons.neutral.click();
    expect(pressed(el)).to.equal('agree'); // not rendered yet
    await el.updateComplete;
    expect(pressed(el)).to.equal('neutral');
    await oneEvent(el, 'consult-vote');
    await el.updateComplete;
    expect(pressed(el)).to.equal('neutral');
    expect(parts(el).root.querySelectorAll('[aria-pressed="true"]')).to.have.length(1);
    await announced(el, 'Vote recorded');
  });

  it('votes with the keyboard: Tab to a button, Enter and Space', async () => {
    const adapter = new TestAdapter();
    const wrapper = await fixture<HTMLElement>(html`<div>
      <button id="before">Before</button>
      <consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>
    </div>`);
    const el = await settled(wrapper.querySelector('consult-proposal')!);
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(parts(el).buttons.agree);
    let voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Enter' });
    await voted;
    await el.updateComplete;
    expect(pressed(el)).to.equal('agree');

    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(parts(el).buttons.disagree);
    voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Space' });
    await voted;
    await el.updateComplete;
    expect(pressed(el)).to.equal('disagree');
    expect(keysCast(adapter)).to.deep.equal(['agree', 'disagree']);
  });

  it('rolls back when the adapter refuses, with the reason shown and announced', async () => {
    const adapter = new TestAdapter({ castVote: () => Promise.reject(new ConsultError('network', 'You are offline.')) });
    const el = await card(adapter);
    parts(el).buttons.agree.click();
    await el.updateComplete;
    expect(pressed(el)).to.equal('agree');
    const failed = await oneEvent(el, 'consult-error');
    expect(failed.detail).to.include({ code: 'network', proposalId: 'p1' });
    await el.updateComplete;
    const p = parts(el);
    expect(pressed(el)).to.equal(null);
    expect(showsTally(el), 'results of a vote that did not happen').to.equal(false);
    expect(p.status.textContent).to.equal('Your vote could not be saved. You are offline.');
    expect(p.status.classList.contains('error')).to.equal(true);
    await announced(el, 'Error: Your vote could not be saved. You are offline.');
    await expect(el).to.be.accessible();
  });

  it('rapid clicks end in the latest intention when the slow adapter answers in order', async () => {
    const adapter = new TestAdapter().hold('castVote');
    const el = await card(adapter);
    parts(el).buttons.agree.click();
    parts(el).buttons.disagree.click();
    await el.updateComplete;
    expect(pressed(el)).to.equal('disagree');
    expect(keysCast(adapter)).to.deep.equal(['agree', 'disagree']);
    const votes = adapter.callsOf('castVote').map((c) => (c.args[0] as CastVote).votedAt);
    expect(votes[0]! < votes[1]!, 'votedAt strictly increases').to.equal(true);
    const vote = oneEvent(el, 'consult-vote');
    adapter.releaseAll('castVote');
    expect((await vote).detail).to.include({ key: 'disagree', previousKey: 'agree' });
    await Promise.all(adapter.calls.map((c) => c.result));
    await nextTask();
    await el.updateComplete;
    expect(pressed(el)).to.equal('disagree');
    expect(await adapter.base.getParticipantVotes(adapter.oneParticipant!, 'ai')).to.deep.equal([
      { proposalId: 'p1', key: 'disagree', qualifications: [] },
    ]);
  });

  it('rapid clicks end in the latest intention when the answers come back in reverse', async () => {
    const adapter = new TestAdapter().hold('castVote');
    const el = await card(adapter);
    parts(el).buttons.agree.click();
    parts(el).buttons.disagree.click();
    adapter.releaseOne('castVote', 1);
    await oneEvent(el, 'consult-vote');
    adapter.releaseOne('castVote', 0);
    await Promise.all(adapter.calls.map((c) => c.result));
    await nextTask();
    await el.updateComplete;
    expect(pressed(el)).to.equal('disagree');
    expect(parts(el).legend!.textContent).to.contain('101 votes');
  });

  it('a failed second click rolls back to the first vote, which the backend did take', async () => {
    const base = new MemoryAdapter(seed);
    const adapter = new TestAdapter(
      {
        castVote: (vote) =>
          vote.key === 'disagree' ? Promise.reject(new ConsultError('server', 'Try later.')) : base.castVote(vote),
      },
      base,
    ).hold('castVote');
    const el = await card(adapter);
    parts(el).buttons.agree.click();
    parts(el).buttons.disagree.click();
    adapter.releaseOne('castVote', 0);
    await adapter.calls.at(-2)!.result;
    const failed = oneEvent(el, 'consult-error');
    adapter.releaseAll('castVote');
    await failed;
    await el.updateComplete;
    expect(pressed(el), 'the vote the backend holds').to.equal('agree');
    expect(parts(el).legend!.textContent).to.contain('101 votes');
  });

  it('a vote answered after the card moved to another proposal leaves the new one alone', async () => {
    const adapter = new TestAdapter().hold('castVote');
    const el = await card(adapter);
    parts(el).buttons.agree.click();
    el.proposalId = 'p2';
    await settled(el);
    expect(parts(el).content!.textContent).to.contain('identification of AI-generated content');
    adapter.releaseAll('castVote');
    await adapter.calls.find((c) => c.method === 'castVote')!.result;
    await nextTask();
    await el.updateComplete;
    expect(pressed(el)).to.equal(null);
    expect(showsTally(el)).to.equal(false);
  });
});
