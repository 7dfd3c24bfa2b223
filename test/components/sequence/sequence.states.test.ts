import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/consultation/consultation.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import { registerAdapterInstance } from '../../../src/adapters/registry.js';
import type { ConsultErrorDetail } from '../../../src/internal/events.js';
import { watchPage } from '../../helpers/proposal.js';
import {
  button,
  deepActive,
  headingFocused,
  headingText,
  memory,
  mount,
  ready,
  recording,
  shown,
  stepWithKeyboard,
  tabTo,
  voteWithKeyboard,
} from '../../helpers/sequence.js';
import { deferred, uniqueName } from '../../helpers/test-adapter.js';

function alertText(el: Element): string {
  return el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Run `body` while watching the page: nothing may escape into it. */
async function quietly(body: (page: ReturnType<typeof watchPage>) => Promise<void>): Promise<void> {
  const page = watchPage();
  try {
    await body(page);
    expect(page.escaped.map(String)).to.deep.equal([]);
  } finally {
    page.restore();
  }
}

describe('<consult-sequence> states', () => {
  afterEach(() => sessionStorage.clear());

  it('shows an accessible loading state, then the intro', async () => {
    const gate = deferred();
    const { adapter } = recording({
      getConsultation: async (id: string) => {
        await gate.promise;
        return memory().getConsultation(id);
      },
    });
    const el = document.createElement('consult-sequence');
    el.setAttribute('consultation', 'seq');
    el.adapter = adapter;
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(shown(el)).to.equal('loading');
      expect(el.shadowRoot!.querySelector('.sequence')!.getAttribute('aria-busy')).to.equal('true');
      expect(el.shadowRoot!.textContent).to.contain('Loading the consultation…');
      await expect(el).to.be.accessible();
      gate.resolve();
      await ready(el);
      expect(shown(el)).to.equal('intro');
    } finally {
      el.remove();
    }
  });

  it('an empty consultation has its own card, with the results link', async () => {
    const el = await mount(html`<consult-sequence consultation="void" results-href="/r" .adapter=${memory()}></consult-sequence>`);
    await expect(el).to.be.accessible();
    expect(shown(el)).to.equal('empty');
    expect(headingText(el)).to.equal('Nothing left to vote on');
    const link = el.shadowRoot!.querySelector('a')!;
    await tabTo(link, 'the results link');
    expect(link.getAttribute('href')).to.equal('/r');
  });

  it('a participant who voted on everything gets the same card, not proposals again', async () => {
    const adapter = memory();
    const participantId = 'citizen-everything';
    for (const id of ['s1', 's2', 's3', 's4', 's5', 's6']) {
      await adapter.castVote({ proposalId: id, participantId, key: 'agree', votedAt: new Date().toISOString() });
    }
    const el = await mount(html`<consult-consultation .adapter=${adapter} participant-id=${participantId}>
      <consult-sequence consultation="seq"></consult-sequence>
    </consult-consultation>`);
    expect(shown(el)).to.equal('empty');
    expect(el.shadowRoot!.querySelector('consult-proposal')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('a sequence never shows the proposals the participant already voted on', async () => {
    const adapter = memory();
    const participantId = 'citizen-some-votes';
    for (const id of ['s1', 's3']) {
      await adapter.castVote({ proposalId: id, participantId, key: 'disagree', votedAt: new Date().toISOString() });
    }
    const el = await mount(html`<consult-consultation .adapter=${adapter} participant-id=${participantId}>
      <consult-sequence consultation="seq"></consult-sequence>
    </consult-consultation>`);
    const seen: string[] = [];
    el.addEventListener('consult-sequence-step', (e) => e.detail.proposalId && seen.push(e.detail.proposalId));
    await stepWithKeyboard(el, 'start');
    while (shown(el) !== 'final') await stepWithKeyboard(el, 'skip');
    expect(seen).to.deep.equal(['s2', 's4', 's5', 's6']);
  });

  it('a closed consultation shows its results instead of the sequence', async () => {
    const { adapter, of } = recording();
    const el = await mount(html`<consult-sequence consultation="ended" .adapter=${adapter}></consult-sequence>`);
    expect(shown(el)).to.equal('closed');
    expect(headingText(el)).to.equal('This consultation is closed');
    const results = el.shadowRoot!.querySelector('consult-results')!;
    expect(results.getAttribute('consultation')).to.equal('ended');
    expect(button(el, 'start')).to.equal(null);
    expect(el.shadowRoot!.querySelector('consult-proposal')).to.equal(null);
    expect(of('getConsultation').map((c) => c.args[0])).to.include('ended');
    await expect(el).to.be.accessible();
  });

  it('an adapter that fails: an error card with a retry that works with the keyboard', async () => {
    await quietly(async (page) => {
      let fail = true;
      const { adapter } = recording({
        getSequence: (cid: string, pid: string, size?: number) =>
          fail ? Promise.reject(new ConsultError('network', 'The network is down.')) : memory().getSequence(cid, pid, size),
      });
      const errors: ConsultErrorDetail[] = [];
      document.addEventListener('consult-error', (e) => errors.push(e.detail), { once: true });
      const el = await mount(html`<consult-sequence consultation="seq" .adapter=${adapter}></consult-sequence>`);
      expect(shown(el)).to.equal('error');
      expect(alertText(el)).to.equal('The consultation could not be loaded. The network is down.');
      expect(errors).to.deep.equal([{ code: 'network', message: 'The network is down.' }]);
      await expect(el).to.be.accessible();
      expect(page.warnings.map((w) => String(w[0]))).to.deep.equal(['<consult-sequence>: The network is down.']);

      fail = false;
      await tabTo(button(el, 'retry')!, 'the retry button');
      await sendKeys({ press: 'Enter' });
      await ready(el);
      await headingFocused(el);
      expect(shown(el)).to.equal('intro');
      expect(headingText(el)).to.equal('How can AI serve the public good?');
    });
  });

  it('garbage from the adapter is a bad_response error naming what was wrong, not a broken page', async () => {
    await quietly(async () => {
      const { adapter } = recording({ getSequence: async () => [{ id: 's1', content: 42 }] });
      const el = await mount(html`<consult-sequence consultation="seq" .adapter=${adapter}></consult-sequence>`);
      expect(shown(el)).to.equal('error');
      expect(alertText(el)).to.match(/The adapter returned an invalid sequence: .+/);
      await expect(el).to.be.accessible();
    });
  });

  it('an adapter that throws synchronously or answers a bad consultation is contained too', async () => {
    await quietly(async () => {
      const throwing = recording({
        getConsultation: () => {
          throw new TypeError('boom');
        },
      });
      const a = await mount(html`<consult-sequence consultation="seq" .adapter=${throwing.adapter}></consult-sequence>`);
      expect(alertText(a)).to.contain('The adapter failed: boom');
      const garbage = recording({ getConsultation: async () => ({ id: 'seq', status: 'maybe' }) });
      const b = await mount(html`<consult-sequence consultation="seq" .adapter=${garbage.adapter}></consult-sequence>`);
      expect(alertText(b)).to.match(/invalid consultation/);
      await expect(b).to.be.accessible();
    });
  });

  it('an adapter without getSequence is reported as unsupported, without a pointless retry', async () => {
    await quietly(async () => {
      const { adapter } = recording({ getSequence: undefined });
      const error = oneEvent(document, 'consult-error');
      const el = document.createElement('consult-sequence');
      el.setAttribute('consultation', 'seq');
      el.adapter = adapter;
      document.body.append(el);
      try {
        expect((await error).detail.code).to.equal('unsupported');
        await ready(el);
        expect(shown(el)).to.equal('invalid');
        expect(alertText(el)).to.equal('This adapter cannot build a sequence of proposals (it has no getSequence).');
        expect(button(el, 'retry')).to.equal(null);
        await expect(el).to.be.accessible();
      } finally {
        el.remove();
      }
    });
  });

  it('without a consultation id it says what to add', async () => {
    await quietly(async () => {
      const el = await mount(html`<consult-sequence .adapter=${memory()}></consult-sequence>`);
      expect(shown(el)).to.equal('invalid');
      expect(alertText(el)).to.contain('needs a consultation attribute');
      await expect(el).to.be.accessible();
    });
  });

  it('an unknown adapter name is reported, and fixed when the page registers it', async () => {
    await quietly(async () => {
      const name = uniqueName('sequence');
      const el = await mount(html`<consult-sequence consultation="seq" adapter=${name}></consult-sequence>`);
      expect(shown(el)).to.equal('invalid');
      expect(alertText(el)).to.contain(`"${name}"`);
      registerAdapterInstance(name, memory());
      await ready(el);
      await el.updateComplete;
      expect(shown(el)).to.equal('intro');
    });
  });

  it('a vote the adapter refuses stays on the card: the sequence does not count it', async () => {
    await quietly(async () => {
      const { adapter } = recording({ castVote: () => Promise.reject(new ConsultError('server', 'Try later.')) });
      const el = await mount(html`<consult-sequence consultation="seq" size="2" .adapter=${adapter}></consult-sequence>`);
      await stepWithKeyboard(el, 'start');
      const card = el.shadowRoot!.querySelector('consult-proposal')!;
      await tabTo(card.shadowRoot!.querySelector('button.agree')!, 'agree');
      const failed = oneEvent(card, 'consult-error');
      await sendKeys({ press: 'Enter' });
      await failed;
      await el.updateComplete;
      expect(button(el, 'skip')).to.not.equal(null);
      await stepWithKeyboard(el, 'skip');
      await stepWithKeyboard(el, 'skip'); // the push card
      await stepWithKeyboard(el, 'skip');
      expect(el.shadowRoot!.querySelector('[part="summary"]')!.textContent).to.equal(
        'You did not vote on any proposal this time.',
      );
    });
  });

  it('keeps keyboard focus inside after a retry that fails again', async () => {
    await quietly(async () => {
      const { adapter } = recording({ getSequence: () => Promise.reject(new ConsultError('timeout', 'Too slow.')) });
      const el = await mount(html`<consult-sequence consultation="seq" .adapter=${adapter}></consult-sequence>`);
      await tabTo(button(el, 'retry')!, 'retry');
      await sendKeys({ press: 'Space' });
      await ready(el);
      await headingFocused(el);
      expect(shown(el)).to.equal('error');
      expect(deepActive()?.textContent).to.equal('Something went wrong');
    });
  });

  it('a vote cast on a proposal shows its results in the card (after-vote)', async () => {
    const el = await mount(html`<consult-sequence consultation="seq" .adapter=${memory()}></consult-sequence>`);
    await stepWithKeyboard(el, 'start');
    await stepWithKeyboard(el, 'skip');
    await voteWithKeyboard(el, 'agree');
    const card = el.shadowRoot!.querySelector('consult-proposal')!;
    expect(card.shadowRoot!.querySelector('.legend')!.textContent).to.contain('2 votes');
    await expect(el).to.be.accessible();
  });
});
