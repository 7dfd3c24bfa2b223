import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { QualifyReceipt } from '../../../src/adapters/adapter.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { announced, parts, pressed, settled, watchPage } from '../../helpers/proposal.js';
import {
  animationsDone,
  countOf,
  CountingAdapter,
  qualificationButton,
  qualificationButtons,
  qualificationTexts,
  qualified,
  recordAll,
} from '../../helpers/qualify.js';
import { fresh, hears } from '../../helpers/rest.js';
import { nextTask, TestAdapter } from '../../helpers/test-adapter.js';

async function card(adapter: unknown, id = 'p1') {
  return settled(
    await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id=${id} .adapter=${adapter}></consult-proposal>`),
  );
}

/** Vote `key` with a click and wait until the adapter took it. */
async function vote(el: ConsultProposalElement, key: 'agree' | 'disagree' | 'neutral') {
  const voted = oneEvent(el, 'consult-vote');
  parts(el).buttons[key].click();
  await voted;
  await el.updateComplete;
}

/** What the backend holds for the card's participant on `proposalId`. */
async function backendQualifications(adapter: CountingAdapter, proposalId = 'p1') {
  const mine = await adapter.base.getParticipantVotes(adapter.participant, 'ai');
  const proposal = await adapter.base.getProposal(proposalId);
  return { mine: mine.find((v) => v.proposalId === proposalId)?.qualifications ?? [], counts: proposal.qualifications };
}

describe('<consult-proposal> qualifications', () => {
  let log: ReturnType<typeof recordAll>;
  beforeEach(() => (log = recordAll(document)));
  afterEach(() => log.stop());

  it('is accessible once voted, and qualifies by keyboard: Tab to a qualification, Space toggles it', async () => {
    const adapter = new CountingAdapter();
    const wrapper = await fixture<HTMLElement>(html`<div>
      <button id="before">Before</button>
      <consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>
    </div>`);
    const el = await settled(wrapper.querySelector('consult-proposal')!);
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    const voted = oneEvent(el, 'consult-vote');
    await sendKeys({ press: 'Enter' });
    await voted;
    await animationsDone(el);
    await expect(el).to.be.accessible();

    // Agree, Disagree, Neutral, then the first qualification of the vote.
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'Tab' });
    expect((el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.qualification).to.equal('likeIt');
    let qualifiedEvent = oneEvent(el, 'consult-qualify');
    await sendKeys({ press: 'Space' });
    expect((await qualifiedEvent).detail).to.deep.equal({ proposalId: 'p1', qualification: 'likeIt', active: true, delivery: 'acknowledged' });
    await el.updateComplete;
    expect(qualified(el)).to.deep.equal(['likeIt']);
    expect(countOf(el, 'likeIt')).to.equal(6);
    await announced(el, 'Qualification added: I like it');
    await animationsDone(el);
    await expect(el).to.be.accessible();

    qualifiedEvent = oneEvent(el, 'consult-qualify');
    await sendKeys({ press: 'Space' });
    expect((await qualifiedEvent).detail).to.include({ qualification: 'likeIt', active: false });
    await el.updateComplete;
    expect(qualified(el)).to.deep.equal([]);
    expect(countOf(el, 'likeIt')).to.equal(5);
    await announced(el, 'Qualification removed: I like it');
    expect(await backendQualifications(adapter)).to.deep.equal({ mine: [], counts: { likeIt: 5, doable: 2, noWay: 1 } });
  });

  it('shows nothing before a vote, then the three qualifications of the vote key, with their counts', async () => {
    const el = await card(new CountingAdapter());
    expect(el.shadowRoot!.querySelector('.qualifications')).to.equal(null);
    await vote(el, 'disagree');
    const group = el.shadowRoot!.querySelector('.qualifications')!;
    expect(group.getAttribute('role')).to.equal('group');
    expect(group.getAttribute('aria-label')).to.equal('Qualify your vote');
    expect(group.getAttribute('part')).to.equal('qualifications');
    expect(qualificationTexts(el)).to.deep.equal(['No way! 1', 'Impossible 0', 'Platitude 0']);
    expect(qualificationButtons(el).map((b) => [b.getAttribute('part'), b.getAttribute('aria-pressed')])).to.deep.equal([
      ['qualification', 'false'],
      ['qualification', 'false'],
      ['qualification', 'false'],
    ]);
    await vote(el, 'neutral');
    expect(qualificationTexts(el)).to.deep.equal(["I don't understand 0", 'No opinion 0', "I don't care 0"]);
  });

  it('the row opens with a short animation, and without one under prefers-reduced-motion', async () => {
    try {
      const el = await card(new CountingAdapter());
      await vote(el, 'agree');
      const row = el.shadowRoot!.querySelector<HTMLElement>('.qualifications')!;
      expect(getComputedStyle(row).animationName).to.equal('open-row');
      await emulateMedia({ reducedMotion: 'reduce' });
      expect(getComputedStyle(row).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('changing or withdrawing the vote clears the qualifications and their counts, as the backend does', async () => {
    const adapter = new CountingAdapter();
    const el = await card(adapter);
    await vote(el, 'agree');
    qualificationButton(el, 'likeIt').click();
    qualificationButton(el, 'doable').click();
    await el.updateComplete;
    expect(qualified(el)).to.deep.equal(['likeIt', 'doable']);
    expect([countOf(el, 'likeIt'), countOf(el, 'doable')]).to.deep.equal([6, 3]);
    await waitUntil(() => log.of('consult-qualify').length === 2, 'both qualifications taken');

    await vote(el, 'disagree');
    expect(qualified(el)).to.deep.equal([]);
    expect(qualificationTexts(el)).to.deep.equal(['No way! 1', 'Impossible 0', 'Platitude 0']);
    await vote(el, 'agree');
    expect(qualified(el)).to.deep.equal([]);
    expect([countOf(el, 'likeIt'), countOf(el, 'doable')]).to.deep.equal([5, 2]);
    expect(await backendQualifications(adapter)).to.deep.equal({ mine: [], counts: { likeIt: 5, doable: 2, noWay: 1 } });

    qualificationButton(el, 'platitudeAgree').click();
    await oneEvent(el, 'consult-qualify');
    await el.updateComplete;
    // The receipt's counts and what the card knows the participant holds agree with each other.
    expect(qualificationTexts(el)).to.deep.equal(['I like it 5', 'Doable 2', 'Platitude 1']);
    await vote(el, 'agree'); // the pressed button again: withdrawn
    expect(pressed(el)).to.equal(null);
    expect(el.shadowRoot!.querySelector('.qualifications')).to.equal(null);
    expect((await backendQualifications(adapter)).counts).to.deep.equal({ likeIt: 5, doable: 2, noWay: 1, platitudeAgree: 0 });
  });

  it('a vote change that fails gives the participant back the qualifications the backend kept', async () => {
    const page = watchPage();
    try {
      const adapter: CountingAdapter = new CountingAdapter({
        castVote: (v) => (v.key === 'disagree' ? Promise.reject(new ConsultError('server', 'Down.')) : adapter.base.castVote(v)),
      });
      const el = await card(adapter);
      await vote(el, 'agree');
      qualificationButton(el, 'likeIt').click();
      await oneEvent(el, 'consult-qualify');
      const failed = oneEvent(el, 'consult-error');
      parts(el).buttons.disagree.click();
      await el.updateComplete;
      expect(qualified(el), 'optimistic: none for the new key').to.deep.equal([]);
      await failed;
      await el.updateComplete;
      expect(pressed(el)).to.equal('agree');
      expect(qualified(el)).to.deep.equal(['likeIt']);
      expect(countOf(el, 'likeIt')).to.equal(6);
      expect(await backendQualifications(adapter)).to.deep.equal({ mine: ['likeIt'], counts: { likeIt: 6, doable: 2, noWay: 1 } });
    } finally {
      page.restore();
    }
  });

  it('a participant’s earlier qualifications are pressed on load, and nothing fires', async () => {
    const adapter = new CountingAdapter();
    const first = await card(adapter);
    await vote(first, 'agree');
    qualificationButton(first, 'doable').click();
    await oneEvent(first, 'consult-qualify');
    first.remove();
    log.events.length = 0;

    const el = await card(adapter);
    await animationsDone(el);
    await expect(el).to.be.accessible();
    expect(pressed(el)).to.equal('agree');
    expect(qualified(el)).to.deep.equal(['doable']);
    expect(countOf(el, 'doable')).to.equal(3);
    // Moving the card elsewhere and back, in code, fires no qualification either.
    el.proposalId = 'p2';
    await settled(el);
    expect(qualificationButtons(el)).to.have.length(0);
    el.proposalId = 'p1';
    await settled(el);
    expect(qualified(el)).to.deep.equal(['doable']);
    await nextTask();
    expect(log.of('consult-qualify')).to.have.length(0);
    expect(log.of('consult-vote')).to.have.length(0);
  });

  it('takes the counts of the adapter’s receipt (others qualified meanwhile)', async () => {
    const adapter = new CountingAdapter();
    const el = await card(adapter);
    await vote(el, 'agree');
    await adapter.someoneElse('participant-other-1', 'p1', 'agree', ['likeIt']);
    await adapter.someoneElse('participant-other-2', 'p1', 'agree', ['likeIt']);
    qualificationButton(el, 'likeIt').click();
    await el.updateComplete;
    expect(countOf(el, 'likeIt'), 'optimistic: the card’s own count plus one').to.equal(6);
    await oneEvent(el, 'consult-qualify');
    await el.updateComplete;
    expect(countOf(el, 'likeIt'), 'the backend’s count').to.equal(8);
  });

  it('rolls back a refused qualification, with the reason shown and announced, and no consult-qualify', async () => {
    const page = watchPage();
    try {
      const adapter = new CountingAdapter({ qualify: () => Promise.reject(new ConsultError('server', 'Try later.')) });
      const el = await card(adapter);
      await vote(el, 'agree');
      const failed = oneEvent(el, 'consult-error');
      qualificationButton(el, 'likeIt').click();
      await el.updateComplete;
      expect(qualified(el), 'optimistic').to.deep.equal(['likeIt']);
      expect((await failed).detail).to.deep.equal({ code: 'server', message: 'Try later.', proposalId: 'p1' });
      await el.updateComplete;
      expect(qualified(el)).to.deep.equal([]);
      expect(countOf(el, 'likeIt')).to.equal(5);
      expect(parts(el).status.textContent).to.equal('Your qualification could not be saved. Try later.');
      expect(parts(el).status.classList.contains('error')).to.equal(true);
      await announced(el, 'Error: Your qualification could not be saved. Try later.');
      await animationsDone(el);
      await expect(el).to.be.accessible();
      expect(log.of('consult-qualify')).to.have.length(0);
      expect(pressed(el), 'the vote stays').to.equal('agree');
    } finally {
      page.restore();
    }
    expect(page.escaped).to.deep.equal([]);
  });

  it('a garbage receipt is an error shown in the card, never an exception in the page', async () => {
    const page = watchPage();
    try {
      const adapter = new CountingAdapter({ qualify: async () => ({ nonsense: true }) as unknown as QualifyReceipt });
      const el = await card(adapter);
      await vote(el, 'agree');
      const failed = oneEvent(el, 'consult-error');
      qualificationButton(el, 'doable').click();
      expect((await failed).detail.code).to.equal('bad_response');
      await el.updateComplete;
      expect(qualified(el)).to.deep.equal([]);
      expect(parts(el).status.textContent).to.contain('The adapter returned an invalid qualification receipt');
    } finally {
      page.restore();
    }
    expect(page.escaped).to.deep.equal([]);
  });

  it('rapid toggles end in the latest intention; only its answer fires', async () => {
    const adapter = new CountingAdapter().hold('qualify');
    const el = await card(adapter);
    await vote(el, 'agree');
    qualificationButton(el, 'likeIt').click();
    qualificationButton(el, 'likeIt').click();
    qualificationButton(el, 'likeIt').click();
    await el.updateComplete;
    expect(qualified(el)).to.deep.equal(['likeIt']);
    expect(countOf(el, 'likeIt')).to.equal(6);
    await waitUntil(() => adapter.waiting('qualify') === 3, 'three calls sent');
    expect(adapter.qualifies.map((q) => q.active)).to.deep.equal([true, false, true]);
    const times = adapter.qualifies.map((q) => q.votedAt);
    expect(times[0]! < times[1]! && times[1]! < times[2]!, 'votedAt strictly increases').to.equal(true);
    const done = oneEvent(el, 'consult-qualify');
    adapter.release('qualify');
    expect((await done).detail).to.include({ qualification: 'likeIt', active: true });
    await nextTask();
    await el.updateComplete;
    expect(qualified(el)).to.deep.equal(['likeIt']);
    expect(countOf(el, 'likeIt')).to.equal(6);
    expect(log.of('consult-qualify')).to.have.length(1);
    expect(await backendQualifications(adapter)).to.deep.equal({ mine: ['likeIt'], counts: { likeIt: 6, doable: 2, noWay: 1 } });
  });

  it('a qualification clicked while its vote is in flight is sent after the vote', async () => {
    const adapter = new CountingAdapter().hold('castVote');
    const el = await card(adapter);
    parts(el).buttons.agree.click();
    await el.updateComplete;
    qualificationButton(el, 'likeIt').click();
    await el.updateComplete;
    expect(qualified(el)).to.deep.equal(['likeIt']);
    await nextTask();
    expect(adapter.qualifies, 'nothing sent before the vote is in').to.have.length(0);
    adapter.release('castVote');
    await oneEvent(el, 'consult-qualify');
    expect(await backendQualifications(adapter)).to.deep.equal({ mine: ['likeIt'], counts: { likeIt: 6, doable: 2, noWay: 1 } });
  });

  it('a qualification in flight when the vote changes is dropped', async () => {
    const adapter = new CountingAdapter().hold('castVote');
    const el = await card(adapter);
    parts(el).buttons.agree.click();
    await el.updateComplete;
    qualificationButton(el, 'likeIt').click();
    parts(el).buttons.disagree.click();
    await el.updateComplete;
    expect(qualificationTexts(el)).to.deep.equal(['No way! 1', 'Impossible 0', 'Platitude 0']);
    const voted = oneEvent(el, 'consult-vote');
    adapter.release('castVote');
    await voted;
    await nextTask();
    await el.updateComplete;
    expect(adapter.qualifies).to.have.length(0);
    expect(log.of('consult-qualify')).to.have.length(0);
    expect(log.of('consult-error')).to.have.length(0);
    expect(parts(el).status.textContent).to.equal('');
  });

  it('pending: kept by the adapter for later, marked, then announced once delivered', async () => {
    const adapter = new CountingAdapter({
      qualify: async (q): Promise<QualifyReceipt> => ({ proposalId: q.proposalId, qualifications: {}, delivery: 'pending' }),
    });
    const el = await card(adapter);
    await vote(el, 'agree');
    const kept = oneEvent(el, 'consult-qualify');
    qualificationButton(el, 'likeIt').click();
    expect((await kept).detail).to.include({ qualification: 'likeIt', active: true, delivery: 'pending' });
    await el.updateComplete;
    expect(countOf(el, 'likeIt'), 'an empty pending receipt is no count').to.equal(6);
    expect(qualificationButton(el, 'likeIt').classList.contains('waiting')).to.equal(true);
    expect(parts(el).status.textContent).to.equal('Saved, will be sent when online');
    await announced(el, 'Saved, will be sent when online');
    await animationsDone(el);
    await expect(el).to.be.accessible();

    adapter.push({ proposalId: 'p1', delivery: 'acknowledged' });
    await announced(el, 'Qualification delivered');
    await el.updateComplete;
    expect(qualificationButton(el, 'likeIt').classList.contains('waiting')).to.equal(false);
    expect(parts(el).status.textContent).to.equal('');
    expect(qualified(el)).to.deep.equal(['likeIt']);
    expect(countOf(el, 'likeIt')).to.equal(6);
  });

  it('pending, then refused for good: rolled back with the reason', async () => {
    const page = watchPage();
    try {
      const adapter = new CountingAdapter({
        qualify: async (q): Promise<QualifyReceipt> => ({ proposalId: q.proposalId, qualifications: {}, delivery: 'pending' }),
      });
      const el = await card(adapter);
      await vote(el, 'agree');
      qualificationButton(el, 'doable').click();
      await oneEvent(el, 'consult-qualify');
      const failed = oneEvent(el, 'consult-error');
      adapter.push({ proposalId: 'p1', error: new ConsultError('conflict', 'Not your vote.') });
      await failed;
      await el.updateComplete;
      expect(qualified(el)).to.deep.equal([]);
      expect(countOf(el, 'doable')).to.equal(2);
      expect(pressed(el), 'the vote was not the refused write').to.equal('agree');
      expect(parts(el).status.textContent).to.equal('Your qualification could not be saved. Not your vote.');
    } finally {
      page.restore();
    }
  });

  it('no buttons with no-qualifications, nor with an adapter that cannot qualify', async () => {
    const bare = await settled(
      await fixture<ConsultProposalElement>(
        html`<consult-proposal proposal-id="p1" no-qualifications .adapter=${new CountingAdapter()}></consult-proposal>`,
      ),
    );
    await vote(bare, 'agree');
    await expect(bare).to.be.accessible();
    expect(bare.shadowRoot!.querySelector('.qualifications')).to.equal(null);
    bare.noQualifications = false;
    await bare.updateComplete;
    expect(qualificationButtons(bare)).to.have.length(3);

    const without = await card(new TestAdapter()); // no qualify method
    await vote(without, 'agree');
    expect(without.shadowRoot!.querySelector('.qualifications')).to.equal(null);
  });

  it('closed consultation: the participant’s qualifications stay visible, disabled', async () => {
    const adapter = new CountingAdapter();
    adapter.getParticipantVotes = async () => [{ proposalId: 'closed1', key: 'neutral', qualifications: ['noOpinion'] }];
    const el = await card(adapter, 'closed1');
    await animationsDone(el);
    await expect(el).to.be.accessible();
    expect(qualified(el)).to.deep.equal(['noOpinion']);
    expect(qualificationButtons(el).every((b) => b.disabled)).to.equal(true);
    qualificationButton(el, 'doNotCare').click();
    await nextTask();
    expect(adapter.qualifies).to.have.length(0);
  });

  it('a qualification refused because the consultation closed disables the buttons', async () => {
    const page = watchPage();
    try {
      const adapter = new CountingAdapter({ qualify: () => Promise.reject(new ConsultError('closed', 'This consultation is closed.')) });
      const el = await card(adapter);
      await vote(el, 'agree');
      qualificationButton(el, 'likeIt').click();
      await oneEvent(el, 'consult-error');
      await el.updateComplete;
      expect(qualificationButtons(el).every((b) => b.disabled)).to.equal(true);
      expect(parts(el).list.every((b) => b.disabled)).to.equal(true);
    } finally {
      page.restore();
    }
  });

  it('speaks French under lang="fr"', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div lang="fr">
      <consult-proposal proposal-id="p1" .adapter=${new CountingAdapter()}></consult-proposal>
    </div>`);
    const el = await settled(wrapper.querySelector('consult-proposal')!);
    await vote(el, 'agree');
    expect(el.shadowRoot!.querySelector('.qualifications')!.getAttribute('aria-label')).to.equal('Précisez votre vote');
    expect(qualificationTexts(el)).to.deep.equal(['Coup de cœur 5', 'Réaliste 2', 'Banalité 0']);
    qualificationButton(el, 'likeIt').focus();
    await sendKeys({ press: 'Space' });
    await announced(el, 'Qualification ajoutée\u00a0: Coup de cœur');
    await vote(el, 'disagree');
    // A narrow no-break space (French typography) keeps the "!" on the label's line.
    expect(qualificationButton(el, 'noWay').textContent!.trim().startsWith('Pas du tout\u202f!')).to.equal(true);
    await animationsDone(el);
    await expect(el).to.be.accessible();
  });
});

describe('<consult-proposal> qualifications on the REST adapter', function () {
  this.timeout(15_000);

  it('a qualification cast while the network drops is pending, then delivered and counted by the server', async () => {
    const page = watchPage();
    try {
      const { backend, adapter } = await fresh();
      const el = await card(adapter);
      await vote(el, 'agree');
      await animationsDone(el);
      await expect(el).to.be.accessible();
      await backend.setFaults({ dropRate: 1, methods: ['PUT'] });
      qualificationButton(el, 'likeIt').focus();
      await sendKeys({ press: 'Space' });
      await hears(el, 'Saved, will be sent when online');
      await el.updateComplete;
      expect(qualified(el)).to.deep.equal(['likeIt']);
      expect(countOf(el, 'likeIt')).to.equal(1);
      expect(parts(el).status.textContent).to.equal('Saved, will be sent when online');

      await backend.clearFaults();
      await hears(el, 'Qualification delivered');
      await el.updateComplete;
      expect(parts(el).status.textContent).to.equal('');
      expect(countOf(el, 'likeIt')).to.equal(1);
      expect((await backend.state()).proposals.p1!.qualifications).to.deep.equal({ likeIt: 1 });
    } finally {
      page.restore();
    }
    expect(page.escaped).to.deep.equal([]);
  });
});
