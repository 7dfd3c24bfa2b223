import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LocalAdapter } from '../../../src/adapters/local.js';
import { anonymousParticipantId } from '../../../src/adapters/participant.js';
import '../../../src/components/consultation/consultation.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { idFromContent } from '../../../src/components/proposal/proposal.view.js';
import { parts, pressed, settled } from '../../helpers/proposal.js';

/**
 * The default adapter is a page-wide singleton (namespace "default") and localStorage is shared
 * with test files running at the same time in other pages: each test votes on its own text and
 * nothing here clears storage.
 */
const uniqueText = () => `Plant trees along every school street (${Math.random().toString(36).slice(2, 10)})`;
const STORAGE_KEY = 'consult-widgets:v1:default';

/** The participant and stored vote for one proposal in the default adapter's storage. */
function savedVote(proposalId: string): [string, { key: string | null }] {
  const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{"votes":{}}') as {
    votes: Record<string, Record<string, { key: string | null }>>;
  };
  const found = Object.entries(saved.votes).find(([, byProposal]) => byProposal[proposalId]);
  expect(found, `no stored vote for ${proposalId}`).to.not.equal(undefined);
  return [found![0], found![1][proposalId]!];
}

async function inlineCard(text: string) {
  return settled(await fixture<ConsultProposalElement>(html`<consult-proposal>${text}</consult-proposal>`));
}

describe('<consult-proposal> with inline text and the default local adapter', () => {
  it('is accessible and shows the text with no adapter configured', async () => {
    const text = uniqueText();
    const el = await inlineCard(text);
    await expect(el).to.be.accessible();
    expect(parts(el).content!.textContent!.trim()).to.equal(text);
    expect(parts(el).list.some((b) => b.disabled)).to.equal(false);
    expect(pressed(el)).to.equal(null);
  });

  it('votes by keyboard and keeps the vote in localStorage', async () => {
    const text = uniqueText();
    const el = await inlineCard(text);
    parts(el).buttons.agree.focus();
    const voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Enter' });
    const { detail } = await voted;
    const id = idFromContent(text);
    expect(detail).to.deep.equal({ proposalId: id, key: 'agree', previousKey: null, delivery: 'acknowledged' });
    await el.updateComplete;
    expect(parts(el).legend!.textContent).to.match(/· 1 vote$/);

    const [participant, byProposal] = savedVote(id);
    expect(participant).to.equal(anonymousParticipantId());
    expect(byProposal).to.include({ key: 'agree' });
    // What a reload would build from storage:
    const reloaded = new LocalAdapter({ openWorld: true });
    expect(await reloaded.getParticipantVotes(participant, 'default')).to.deep.equal([
      { proposalId: id, key: 'agree', qualifications: [] },
    ]);
  });

  it('another card with the same text shows the vote; the content attribute works alike', async () => {
    // The participant is pinned by a consultation with no adapter (so still the default local one):
    // the anonymous id could be reset by another test file between the two cards.
    const text = uniqueText();
    const wrapper = await fixture<HTMLElement>(html`<consult-consultation participant-id="inline-voter-1">
      <consult-proposal>${text}</consult-proposal>
    </consult-consultation>`);
    const first = await settled(wrapper.querySelector('consult-proposal')!);
    parts(first).buttons.disagree.click();
    await oneEvent(first, 'consult-vote');
    expect(savedVote(idFromContent(text))[0]).to.equal('inline-voter-1');

    const second = document.createElement('consult-proposal');
    second.textContent = text;
    const third = document.createElement('consult-proposal');
    third.setAttribute('content', text);
    wrapper.append(second, third);
    await Promise.all([settled(second), settled(third)]);
    expect(pressed(second)).to.equal('disagree');
    expect(pressed(third)).to.equal('disagree');
    expect(parts(third).content!.textContent!.trim()).to.equal(text);
  });

  it('inline author-name, author-age and theme-label are shown', async () => {
    const el = await settled(
      await fixture<ConsultProposalElement>(
        html`<consult-proposal author-name="Ana" author-age="27" theme-label="Cities">${uniqueText()}</consult-proposal>`,
      ),
    );
    expect(parts(el).author!.textContent).to.equal('Ana, 27 years old');
    expect(parts(el).theme!.textContent).to.equal('Cities');
  });

  it('withdrawing an inline vote persists too', async () => {
    const text = uniqueText();
    const wrapper = await fixture<HTMLElement>(html`<consult-consultation participant-id="inline-voter-2">
      <consult-proposal>${text}</consult-proposal>
    </consult-consultation>`);
    const el = await settled(wrapper.querySelector('consult-proposal')!);
    parts(el).buttons.neutral.click();
    await oneEvent(el, 'consult-vote');
    await el.updateComplete;
    parts(el).buttons.neutral.click();
    await oneEvent(el, 'consult-vote');
    const [participant, vote] = savedVote(idFromContent(text));
    expect(participant).to.equal('inline-voter-2');
    expect(vote).to.include({ key: null });
  });
});
