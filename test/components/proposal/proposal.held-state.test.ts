// Contract v2: a failed write may say what the backend now holds (`ConsultError.state`), and the card
// shows that state, never a vote the backend does not hold (issue 13: unvote + vote, second fails).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { CastVote, VoteReceipt } from '../../../src/adapters/adapter.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { parts, pressed, settled, showsTally, watchPage } from '../../helpers/proposal.js';
import { countOf, CountingAdapter, qualificationButton, qualifiedSeed } from '../../helpers/qualify.js';
import { TestAdapter } from '../../helpers/test-adapter.js';

async function card(adapter: unknown) {
  return settled(await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>`));
}

async function vote(el: ConsultProposalElement, key: 'agree' | 'disagree') {
  const voted = oneEvent(el, 'consult-vote');
  parts(el).buttons[key].click();
  await voted;
  await el.updateComplete;
}

/** Click Disagree, a change the backend fails partway: wait until the card has said so. */
async function failedChange(el: ConsultProposalElement) {
  const failed = oneEvent(el, 'consult-error');
  parts(el).buttons.disagree.click();
  await failed;
  await el.updateComplete;
}

/** A card voted Agree on an adapter whose changes of vote fail with `state(withdrawal receipt)`. */
async function agreedOn(state: (withdrawn: VoteReceipt) => unknown) {
  const base = new MemoryAdapter(qualifiedSeed);
  const el = await card(new TestAdapter({ castVote: changeInTwo(base, state) }, base));
  await vote(el, 'agree');
  return { base, el };
}

/**
 * A backend that changes a vote in two requests (withdraw, then vote) whose second one fails: the
 * withdrawal stays, and the error says so (`state`), as a Make.org-shaped adapter does.
 */
function changeInTwo(base: MemoryAdapter, state: (withdrawn: VoteReceipt) => unknown) {
  return async (vote: CastVote): Promise<VoteReceipt> => {
    const held = (await base.getParticipantVotes(vote.participantId, 'ai')).find((v) => v.proposalId === vote.proposalId)?.key ?? null;
    if (!held || !vote.key || held === vote.key) return base.castVote(vote);
    const withdrawn = await base.castVote({ ...vote, key: null });
    throw new ConsultError('server', 'The server is busy.', { state: state(withdrawn) as never });
  };
}

describe('<consult-proposal> a failed write that says what the backend holds', () => {
  it('a change whose second request failed shows no vote (what the backend holds), says the vote failed, and a reload agrees', async () => {
    const { base, el } = await agreedOn((w) => ({ key: null, votes: w.votes }));
    expect(parts(el).legend!.textContent).to.contain('101 votes');
    await failedChange(el);
    expect(pressed(el), 'the card shows the vote the backend holds: none').to.equal(null);
    expect(parts(el).status.textContent).to.equal('Your vote could not be saved. The server is busy.');
    expect(showsTally(el), 'no results without a vote').to.equal(false);

    // The held state is now the confirmed one: a vote from there moves the tally from 100, not 101.
    await vote(el, 'agree');
    expect(parts(el).legend!.textContent).to.contain('101 votes');

    const reloaded = await card(new TestAdapter({}, base));
    expect(pressed(reloaded)).to.equal('agree');
  });

  it('without votes in the state, the tally is estimated from the last confirmed one', async () => {
    const { base, el } = await agreedOn(() => ({ key: null }));
    await failedChange(el);
    expect(pressed(el)).to.equal(null);
    await vote(el, 'disagree');
    // 60/20/20 + one disagree: had the card kept "agree" confirmed, it would count 101 with 61 agree.
    expect(parts(el).legend!.textContent).to.contain('101 votes');
    expect(await base.getProposal('p1').then((p) => p.votes)).to.deep.equal({ agree: 60, disagree: 21, neutral: 20 });
  });

  it("drops the old vote's qualifications with it (they are gone at the backend too)", async () => {
    const adapter = new CountingAdapter();
    adapter.overrides.castVote = changeInTwo(adapter.base, (w) => ({ key: null, votes: w.votes, qualifications: [] }));
    const el = await card(adapter);
    await vote(el, 'agree');
    const qualified = oneEvent(el, 'consult-qualify');
    qualificationButton(el, 'likeIt')!.click();
    await qualified;
    await el.updateComplete;
    expect(countOf(el, 'likeIt')).to.equal(6);
    await failedChange(el);
    expect(pressed(el)).to.equal(null);
    await vote(el, 'agree');
    expect(qualificationButton(el, 'likeIt')!.getAttribute('aria-pressed')).to.equal('false');
    expect(countOf(el, 'likeIt'), "the backend dropped the participant's likeIt").to.equal(5);
  });

  it('an invalid state is ignored (with a warning): back to the last confirmed vote', async () => {
    const page = watchPage();
    try {
      const { el } = await agreedOn(() => ({ key: 'maybe' }));
      await failedChange(el);
      expect(pressed(el)).to.equal('agree');
      expect(page.cardWarnings().some((w) => String(w[0]).includes('invalid state'))).to.equal(true);
    } finally {
      page.restore();
    }
  });

  it('a pending vote refused later (pushed) with a state shows that state', async () => {
    const base = new MemoryAdapter(qualifiedSeed);
    const adapter = new TestAdapter(
      { castVote: async (v): Promise<VoteReceipt> => (v.key === 'agree' ? base.castVote(v) : { proposalId: 'p1', key: v.key, votes: { agree: 59, disagree: 21, neutral: 20 }, delivery: 'pending' }) },
      base,
    );
    const el = await card(adapter);
    await vote(el, 'agree');
    await vote(el, 'disagree');
    expect(pressed(el)).to.equal('disagree');
    const failed = oneEvent(el, 'consult-error');
    adapter.push({ proposalId: 'p1', error: new ConsultError('conflict', 'Refused.', { state: { key: null, votes: { agree: 60, disagree: 20, neutral: 20 } } }) });
    await failed;
    await el.updateComplete;
    expect(pressed(el)).to.equal(null);
    expect(parts(el).status.textContent).to.equal('Your vote could not be saved. Refused.');
  });
});
