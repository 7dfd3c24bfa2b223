import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { VoteReceipt } from '../../../src/adapters/adapter.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { announced, labels, parts, pressed, settled, watchPage } from '../../helpers/proposal.js';
import { seed } from '../../helpers/seed.js';
import { nextTask, TestAdapter } from '../../helpers/test-adapter.js';

const card = (adapter: unknown, id = 'p1') =>
  fixture<ConsultProposalElement>(html`<consult-proposal proposal-id=${id} .adapter=${adapter}></consult-proposal>`);

describe('<consult-proposal> states', () => {
  it('loading: a busy skeleton with disabled buttons, accessible, until the adapter answers', async () => {
    const adapter = new TestAdapter().hold('getProposal');
    const el = await card(adapter);
    const p = parts(el);
    await expect(el).to.be.accessible();
    expect(p.card.getAttribute('aria-busy')).to.equal('true');
    expect(p.root.querySelectorAll('.content .skeleton')).to.have.length(2);
    expect(p.content!.textContent).to.contain('Loading proposal…');
    expect(p.list.every((b) => b.disabled)).to.equal(true);
    expect(labels(el)).to.deep.equal(['Agree', 'Disagree', 'Neutral']);

    adapter.releaseAll('getProposal');
    await settled(el);
    expect(parts(el).card.getAttribute('aria-busy')).to.equal('false');
    expect(parts(el).root.querySelector('.skeleton')).to.equal(null);
  });

  it('loaded: text, theme, author and enabled buttons, none pressed', async () => {
    const el = await settled(await card(new TestAdapter()));
    const p = parts(el);
    await expect(el).to.be.accessible();
    expect(p.content!.textContent!.trim()).to.equal(seed.proposals[0]!.content);
    expect(p.theme!.textContent).to.equal('AI Education');
    expect(p.author!.textContent).to.equal('Camille, 34 years old');
    expect(p.list.some((b) => b.disabled)).to.equal(false);
    expect(pressed(el)).to.equal(null);
  });

  it('voted: a vote the participant cast earlier is pressed on load, with results', async () => {
    const adapter = new TestAdapter();
    const first = await settled(await card(adapter));
    parts(first).buttons.disagree.click();
    await oneEvent(first, 'consult-vote');
    first.remove();

    const el = await settled(await card(adapter));
    await expect(el).to.be.accessible();
    expect(pressed(el)).to.equal('disagree');
    expect(parts(el).legend!.textContent).to.contain('101 votes');
  });

  it('pending: a vote kept for later is marked, then cleared and announced once delivered', async () => {
    const adapter = new TestAdapter({
      castVote: async (vote): Promise<VoteReceipt> => ({
        proposalId: vote.proposalId,
        key: vote.key,
        votes: { agree: 61, disagree: 20, neutral: 20 },
        delivery: 'pending',
      }),
    });
    const el = await settled(await card(adapter));
    parts(el).buttons.agree.click();
    const vote = await oneEvent(el, 'consult-vote');
    expect(vote.detail.delivery).to.equal('pending');
    await el.updateComplete;
    expect(parts(el).card.classList.contains('pending')).to.equal(true);
    expect(parts(el).status.textContent).to.equal('Saved, will be sent when online');
    await announced(el, 'Saved, will be sent when online');
    await expect(el).to.be.accessible();

    expect(adapter.subscribers('p1')).to.equal(1);
    adapter.push({ proposalId: 'p1', key: 'agree', delivery: 'acknowledged' });
    await el.updateComplete;
    expect(parts(el).card.classList.contains('pending')).to.equal(false);
    expect(parts(el).status.textContent).to.equal('');
    expect(pressed(el)).to.equal('agree');
    await announced(el, 'Vote delivered');
  });

  it('error: a failed load shows why and a retry button that loads once the adapter works', async () => {
    let down = true;
    const base = new MemoryAdapter(seed);
    const adapter = new TestAdapter({
      getProposal: (id) => (down ? Promise.reject(new ConsultError('network', 'The network is down.')) : base.getProposal(id)),
    });
    const page = watchPage(); // the card's console warning is expected here
    const el = await settled(await card(adapter)).finally(() => page.restore());
    expect(page.cardWarnings()).to.have.length(1);
    const p = parts(el);
    await expect(el).to.be.accessible();
    expect(p.card.classList.contains('error-state')).to.equal(true);
    const alert = p.root.querySelector('p.status[role="alert"]')!;
    expect(alert.textContent).to.contain('The proposal could not be loaded.');
    expect(alert.textContent).to.contain('The network is down.');
    expect(p.retry!.textContent).to.equal('Try again');
    await announced(el, 'Error:');

    // A retry that fails again leaves keyboard focus on the new retry button, not on the card.
    p.retry!.focus();
    const again = watchPage();
    const failed = oneEvent(el, 'consult-error');
    await sendKeys({ press: 'Enter' });
    await failed;
    await settled(el).finally(() => again.restore());
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.classList.contains('retry'), 'focus is on the retry button').to.equal(true);

    down = false;
    const ready = oneEvent(el, 'consult-ready');
    await sendKeys({ press: 'Enter' });
    await ready;
    await settled(el);
    expect(parts(el).content!.textContent).to.contain('Train the population');
    expect(adapter.count('getProposal')).to.equal(3);
    // Loaded: focus stays in the card (the retry button is gone).
    expect(el.shadowRoot!.activeElement?.classList.contains('card'), 'focus is on the card').to.equal(true);
  });

  it('closed: buttons disabled, the closed message and the results', async () => {
    const el = await settled(await card(new TestAdapter(), 'closed1'));
    const p = parts(el);
    await expect(el).to.be.accessible();
    expect(p.list.every((b) => b.disabled)).to.equal(true);
    expect(p.status.textContent).to.equal('This consultation is closed: votes are no longer accepted.');
    expect(p.results).to.not.equal(null);
    expect(p.legend!.textContent).to.contain('0 votes');
    expect(labels(el)).to.deep.equal(['Agree', 'Disagree', 'Neutral']);
  });

  it('closed by the backend while open here: the failed vote rolls back and the card closes', async () => {
    const adapter = new TestAdapter({
      castVote: () => Promise.reject(new ConsultError('closed', 'Voting has ended.')),
    });
    const el = await settled(await card(adapter));
    parts(el).buttons.agree.click();
    await oneEvent(el, 'consult-error');
    await el.updateComplete;
    expect(pressed(el)).to.equal(null);
    expect(parts(el).list.every((b) => b.disabled)).to.equal(true);
    expect(parts(el).status.textContent).to.contain('Voting has ended.');
  });

  it('a load still running when the adapter changes never overwrites the newer one', async () => {
    const slow = new TestAdapter().hold('getProposal');
    const el = await card(slow);
    const other = new MemoryAdapter({
      ...seed,
      proposals: [{ id: 'p1', consultationId: 'ai', content: 'Text from the second adapter' }],
    });
    el.adapter = other;
    await settled(el);
    slow.releaseAll('getProposal');
    await slow.calls[0]!.result;
    await nextTask();
    await el.updateComplete;
    expect(parts(el).content!.textContent).to.contain('Text from the second adapter');
  });
});
