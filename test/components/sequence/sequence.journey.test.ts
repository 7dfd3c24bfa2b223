import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../../src/components/consultation/consultation.js';
import { sendKeys } from '@web/test-runner-commands';
import type { SubmitProposal } from '../../../src/adapters/adapter.js';
import type { ConsultSequenceCompleteDetail, ConsultSequenceStepDetail } from '../../../src/internal/events.js';
import {
  button,
  currentCard,
  currentProposalId,
  deepActive,
  headingFocused,
  headingText,
  memory,
  mount,
  progress,
  recording,
  recordSteps,
  shown,
  stepWithKeyboard,
  tabTo,
  voteWithKeyboard,
} from '../../helpers/sequence.js';

const consultationOf = (participant: string) =>
  html`<consult-consultation participant-id=${participant} .adapter=${memory()}>
    <consult-sequence consultation="seq" results-href="/results"></consult-sequence>
  </consult-consultation>`;

let participants = 0;
const participant = () => `journey-${Date.now().toString(36)}-${++participants}`;

describe('<consult-sequence> journey', () => {
  afterEach(() => sessionStorage.clear());

  it('is accessible on its intro card: question, counts, Start', async () => {
    const el = await mount(html`<consult-sequence consultation="seq" .adapter=${memory()}></consult-sequence>`);
    await expect(el).to.be.accessible();
    expect(shown(el)).to.equal('intro');
    expect(el.shadowRoot!.querySelector('h2')!.textContent!.trim()).to.equal('How can AI serve the public good?');
    expect([...el.shadowRoot!.querySelectorAll('.counts li')].map((li) => li.textContent!.trim())).to.deep.equal([
      '1,234 participants',
      '6 proposals',
      '5,678 votes',
    ]);
    expect(button(el, 'start')!.textContent!.trim()).to.equal('Start');
    expect(el.shadowRoot!.querySelector('[role="region"]')!.getAttribute('aria-label')).to.equal('Vote: Shaping AI');
    // Nothing moves focus on first render: the host page keeps it.
    expect(deepActive()?.classList.contains('heading') ?? false).to.equal(false);
  });

  it('walks a whole sequence with the keyboard: votes, a skip, the push card, the final card', async () => {
    const el = await mount(consultationOf(participant()));
    const steps: ConsultSequenceStepDetail[] = [];
    el.addEventListener('consult-sequence-step', (e) => steps.push(e.detail));
    const complete = oneEvent(el, 'consult-sequence-complete');

    await stepWithKeyboard(el, 'start', 'Enter');
    expect(shown(el)).to.equal('proposal');
    expect(headingText(el)).to.equal('Proposal 1 of 6');
    expect(await currentProposalId(el)).to.equal('s1');
    await expect(el).to.be.accessible();

    // Before a vote the participant may skip; after it, the same button says Next.
    expect(button(el, 'skip')!.textContent!.trim()).to.equal('Skip');
    expect(button(el, 'next')).to.equal(null);
    await voteWithKeyboard(el, 'agree', 'Enter');
    expect(button(el, 'skip')).to.equal(null);
    expect(button(el, 'next')!.textContent!.trim()).to.equal('Next');
    await expect(el).to.be.accessible();
    await stepWithKeyboard(el, 'next', 'Enter');

    expect(headingText(el)).to.equal('Proposal 2 of 6');
    await voteWithKeyboard(el, 'disagree', 'Space');
    await stepWithKeyboard(el, 'next', 'Space');

    expect(await currentProposalId(el)).to.equal('s3');
    await stepWithKeyboard(el, 'skip', 'Enter');

    // Half of the six behind: the card inviting a proposal, skippable.
    expect(shown(el)).to.equal('propose');
    expect(headingText(el)).to.equal('Your turn: what do you propose?');
    expect(el.shadowRoot!.querySelector('consult-propose')!.getAttribute('consultation')).to.equal('seq');
    await expect(el).to.be.accessible();
    await stepWithKeyboard(el, 'skip', 'Space');

    for (const [n, id] of [
      [4, 's4'],
      [5, 's5'],
      [6, 's6'],
    ] as const) {
      expect(headingText(el)).to.equal(`Proposal ${n} of 6`);
      expect(await currentProposalId(el)).to.equal(id);
      await voteWithKeyboard(el, 'neutral');
      await stepWithKeyboard(el, 'next');
    }

    expect(shown(el)).to.equal('final');
    expect(headingText(el)).to.equal('Thank you for taking part!');
    expect(el.shadowRoot!.querySelector('[part="summary"]')!.textContent).to.equal('You voted on 5 proposals.');
    await expect(el).to.be.accessible();
    const { detail } = (await complete) as CustomEvent<ConsultSequenceCompleteDetail>;
    expect(detail).to.deep.equal({ consultationId: 'seq', votes: 5 });
    expect(steps.map((s) => `${s.card}:${s.index}:${s.proposalId ?? ''}:${s.total}`)).to.deep.equal([
      'proposal:0:s1:6',
      'proposal:1:s2:6',
      'proposal:2:s3:6',
      'propose:-1::6',
      'proposal:3:s4:6',
      'proposal:4:s5:6',
      'proposal:5:s6:6',
      'final:-1::6',
    ]);

    // The results link is reachable and says where it goes.
    const link = el.shadowRoot!.querySelector<HTMLAnchorElement>('a[part="results-link"]')!;
    await tabTo(link, 'the results link');
    expect(link.getAttribute('href')).to.equal('/results');
    expect(link.textContent!.trim()).to.equal('See the results');
  });

  it('the push card’s form sends the idea through the sequence’s adapter and participant; Skip becomes Next', async () => {
    const { adapter, of } = recording();
    const el = await mount(html`<consult-consultation participant-id="citizen-push-1" .adapter=${adapter}>
      <consult-sequence consultation="seq" size="2"></consult-sequence>
    </consult-consultation>`);
    await stepWithKeyboard(el, 'start');
    await stepWithKeyboard(el, 'skip');
    expect(shown(el)).to.equal('propose');
    const propose = el.shadowRoot!.querySelector('consult-propose')!;
    await waitUntil(() => propose.shadowRoot!.querySelector('textarea'), 'the propose form never showed');
    await tabTo(() => propose.shadowRoot!.querySelector('textarea'), 'the idea field');
    await sendKeys({ type: 'Publish the code of public algorithms' });
    await tabTo(() => propose.shadowRoot!.querySelector('button.submit'), 'the send button');
    const submitted = oneEvent(el, 'consult-submit');
    await sendKeys({ press: 'Enter' });
    await submitted;
    await el.updateComplete;
    const call = of('submitProposal')[0]!.args[0] as SubmitProposal;
    expect([call.consultationId, call.participantId, call.content]).to.deep.equal([
      'seq',
      'citizen-push-1',
      'Publish the code of public algorithms',
    ]);
    expect(button(el, 'skip')).to.equal(null);
    await stepWithKeyboard(el, 'next');
    expect(headingText(el)).to.equal('Proposal 2 of 2');
  });

  it('reports the position with a labelled progress bar', async () => {
    const el = await mount(html`<consult-sequence consultation="seq" size="4" .adapter=${memory()}></consult-sequence>`);
    expect(progress(el)).to.equal(null);
    button(el, 'start')!.click();
    await headingFocused(el);
    expect(progress(el)).to.deep.equal({ now: '1', min: '0', max: '4', text: '1 of 4', label: 'Progress' });
    button(el, 'skip')!.click();
    await headingFocused(el);
    expect(progress(el)!.text).to.equal('2 of 4');
    button(el, 'skip')!.click(); // to the push card, after two of four
    await headingFocused(el);
    expect(shown(el)).to.equal('propose');
    expect(progress(el)!.text).to.equal('2 of 4');
    button(el, 'skip')!.click();
    await headingFocused(el);
    expect(progress(el)).to.deep.equal({ now: '3', min: '0', max: '4', text: '3 of 4', label: 'Progress' });
    const fill = el.shadowRoot!.querySelector<HTMLElement>('[part="progress-fill"]')!;
    expect(fill.style.width).to.equal('75%');
    expect(el.hasAttribute('style')).to.equal(false);
  });

  it('moves focus to each new card’s heading, which is not in the Tab order; Tab goes on to the proposal text', async () => {
    const el = await mount(html`<consult-sequence consultation="seq" .adapter=${memory()}></consult-sequence>`);
    button(el, 'start')!.focus();
    await sendKeys({ press: 'Enter' });
    await headingFocused(el);
    const heading = el.shadowRoot!.querySelector('h2')!;
    expect(heading.getAttribute('tabindex')).to.equal('-1');
    expect(deepActive()).to.equal(heading);
    // Tab goes on into the card: the proposal's text first (issue 14: it was skipped), then its
    // first vote button; Shift+Tab comes back to the text.
    const card = await currentCard(el);
    const text = card.shadowRoot!.querySelector('[part="content"]')!;
    await sendKeys({ press: 'Tab' });
    expect(deepActive() === text, 'Tab from the heading reaches the proposal text').to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(deepActive() === card.shadowRoot!.querySelector('button.agree')).to.equal(true);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive() === text).to.equal(true);
  });

  it('a vote withdrawn on the card turns Next back into Skip', async () => {
    const el = await mount(html`<consult-sequence consultation="seq" .adapter=${memory()}></consult-sequence>`);
    await stepWithKeyboard(el, 'start');
    await voteWithKeyboard(el, 'agree');
    expect(button(el, 'next')).to.not.equal(null);
    const card = await currentCard(el);
    const agree = card.shadowRoot!.querySelector<HTMLButtonElement>('button.agree')!;
    agree.focus();
    const withdrawn = oneEvent(card, 'consult-vote');
    await sendKeys({ press: 'Enter' });
    expect((await withdrawn).detail.key).to.equal(null);
    await el.updateComplete;
    expect(button(el, 'next')).to.equal(null);
    expect(button(el, 'skip')).to.not.equal(null);
  });

  it('fires step events on user action only, not on first render or property changes', async () => {
    const record = recordSteps();
    try {
      const el = await mount(html`<consult-sequence consultation="seq" .adapter=${memory()}></consult-sequence>`);
      el.size = 3;
      await el.updateComplete;
      el.consultation = 'void';
      await el.updateComplete;
      el.adapter = memory();
      el.consultation = 'seq';
      await el.updateComplete;
      await mount(html`<consult-sequence consultation="seq" .adapter=${memory()}></consult-sequence>`);
      expect(record.events.length).to.equal(0);
      button(el, 'start')!.click();
      await headingFocused(el);
      expect(record.events.map((e) => e.type)).to.deep.equal(['consult-sequence-step']);
    } finally {
      record.stop();
    }
  });

  it('a final card without results-href offers the results slot', async () => {
    const el = await mount(html`<consult-sequence consultation="seq" size="1" .adapter=${memory()}
      ><a slot="results" href="#all-results">Our results page</a></consult-sequence
    >`);
    await stepWithKeyboard(el, 'start');
    await stepWithKeyboard(el, 'skip'); // one proposal: no middle, so no push card
    expect(shown(el)).to.equal('final');
    expect(el.shadowRoot!.querySelector('[part="summary"]')!.textContent).to.equal(
      'You did not vote on any proposal this time.',
    );
    expect(el.shadowRoot!.querySelector('a[part="results-link"]')).to.equal(null);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="results"]')!;
    expect(slot.assignedElements().map((a) => a.textContent)).to.deep.equal(['Our results page']);
    await expect(el).to.be.accessible();
  });
});
