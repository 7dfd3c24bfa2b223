import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConsultAdapter } from '../../../src/adapters/adapter.js';
import { registeredAdapterNames } from '../../../src/adapters/registry.js';
import '../../../src/components/proposal/proposal.js';
import type { ConsultProposalElement } from '../../../src/components/proposal/proposal.component.js';
import { parts, pressed, recordEvents, settled, watchPage } from '../../helpers/proposal.js';
import { nextTask, TestAdapter, uniqueName } from '../../helpers/test-adapter.js';

/** What the card says in its alert, and whether it offers a retry. */
function problem(el: ConsultProposalElement) {
  const p = parts(el);
  expect(p.card.classList.contains('error-state'), 'error state').to.equal(true);
  return { text: p.root.querySelector('p.status[role="alert"]')!.textContent!.trim(), retry: p.retry };
}

/** An adapter whose every method throws a plain Error synchronously, as buggy integrations do. */
const throwing = {
  getConsultation: () => { throw new Error('boom'); },
  getProposal: () => { throw new Error('boom'); },
  listProposals: () => { throw new Error('boom'); },
  getParticipantVotes: () => { throw new Error('boom'); },
  castVote: () => { throw new Error('boom'); },
} as unknown as ConsultAdapter;

describe('<consult-proposal> with a wrong configuration', () => {
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => page.restore());

  /** Nothing the card did reached the page as an exception or an unhandled rejection. */
  async function nothingEscaped() {
    await nextTask();
    expect(page.escaped).to.deep.equal([]);
  }

  it('no proposal-id and no text: an accessible message, no retry, a config error and one warning', async () => {
    const log = recordEvents();
    const el = await fixture<ConsultProposalElement>(html`<consult-proposal></consult-proposal>`);
    log.stop();
    await expect(el).to.be.accessible();
    expect(problem(el)).to.deep.equal({
      text: 'This card needs a proposal-id attribute or inline text.',
      retry: null,
    });
    expect(log.of('consult-error').map((e) => e.detail.code)).to.deep.equal(['config']);
    expect(page.cardWarnings()).to.have.length(1);
    await nothingEscaped();
  });

  it('an unknown adapter name: the message names it and lists the registered adapters', async () => {
    const name = uniqueName('nowhere');
    const el = await fixture<ConsultProposalElement>(
      html`<consult-proposal proposal-id="p1" adapter=${name}></consult-proposal>`,
    );
    const { text, retry } = problem(el);
    expect(text).to.contain(`"${name}"`);
    expect(text).to.contain(`Registered: ${registeredAdapterNames().join(', ')}.`);
    expect(text).to.contain('local');
    expect(text).to.contain('memory');
    expect(retry).to.equal(null);
    await nothingEscaped();
  });

  it('an adapter whose methods throw a plain Error: the card shows it and keeps the page running', async () => {
    const el = await settled(
      await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${throwing}></consult-proposal>`),
    );
    const { text, retry } = problem(el);
    expect(text).to.contain('The adapter failed: boom');
    expect(retry).to.not.equal(null);
    await nothingEscaped();
  });

  it('an object that is no adapter at all fails the same way', async () => {
    const el = await settled(
      await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${{}}></consult-proposal>`),
    );
    expect(problem(el).text).to.contain('The adapter failed:');
    await nothingEscaped();
  });

  it('an adapter returning garbage for the proposal: the error names what is wrong', async () => {
    const adapter = new TestAdapter({ getProposal: async () => ({ foo: 1 }) as never });
    const log = recordEvents();
    const el = await settled(
      await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>`),
    );
    log.stop();
    const { text } = problem(el);
    expect(text).to.contain('The adapter returned an invalid proposal');
    expect(text).to.contain('"id"');
    expect(log.of('consult-error').map((e) => e.detail.code)).to.deep.equal(['bad_response']);
    await nothingEscaped();
  });

  it('an adapter returning garbage for a vote: the vote rolls back with the reason', async () => {
    const adapter = new TestAdapter({ castVote: async () => ({ foo: 1 }) as never });
    const el = await settled(
      await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>`),
    );
    parts(el).buttons.agree.click();
    await oneEvent(el, 'consult-error');
    await el.updateComplete;
    expect(pressed(el)).to.equal(null);
    expect(parts(el).status.textContent).to.contain('The adapter returned an invalid vote receipt');
    await nothingEscaped();
  });

  it('an adapter whose subscribe returns no function: removing the card throws nothing', async () => {
    const adapter = new TestAdapter();
    (adapter as { subscribe: unknown }).subscribe = () => 42;
    const el = await settled(
      await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>`),
    );
    expect(pressed(el)).to.equal(null);
    el.proposalId = 'p2';
    await settled(el);
    el.remove();
    await nothingEscaped();
  });

  it('warns once per problem, however often it recurs (retried from the keyboard)', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div>
      <button>Before</button>
      <consult-proposal proposal-id="p1" .adapter=${throwing}></consult-proposal>
    </div>`);
    const el = await settled(wrapper.querySelector('consult-proposal')!);
    wrapper.querySelector('button')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement, 'Tab reaches the retry button').to.equal(parts(el).retry);
    for (const key of ['Enter', 'Space']) {
      const failed = oneEvent(el, 'consult-error');
      parts(el).retry!.focus();
      await sendKeys({ press: key });
      await failed;
      await settled(el);
    }
    expect(page.cardWarnings()).to.have.length(1);
    expect(String(page.cardWarnings()[0]![0])).to.contain('boom');
    await nothingEscaped();
  });
});
