import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { watchPage } from '../../helpers/proposal.js';
import { focusedId, mount, parts, recordEvents, sent, settled, SubmitAdapter, tabTo, typeIdea } from '../../helpers/propose.js';

describe('<consult-propose>', () => {
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => {
    page.restore();
    expect(page.escaped, 'errors that reached the host page').to.deep.equal([]);
  });

  it('takes an idea typed with the keyboard and shows it pending moderation', async () => {
    const adapter = new SubmitAdapter();
    const el = await mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
    await expect(el).to.be.accessible();

    await typeIdea(el, 'Teach AI ethics in every school');
    expect(parts(el).counter!.textContent).to.contain('31 / 140');
    const presses = await tabTo(el, 'button.submit');
    // The idea, then theme, first name and age, then the button: nothing else on the way.
    expect(presses).to.equal(4);
    const submitted = oneEvent(el, 'consult-submit');
    await sendKeys({ press: 'Enter' });
    const { detail } = await submitted;
    await sent(el);

    expect(adapter.received).to.have.length(1);
    const input = adapter.received[0]!.input;
    expect(input.consultationId).to.equal('ai');
    expect(input.content).to.equal('Teach AI ethics in every school');
    expect(input).not.to.have.property('themeId');
    expect(input).not.to.have.property('author');
    expect(detail).to.deep.equal({ consultationId: 'ai', proposalId: detail.proposalId, requestId: input.requestId });
    const stored = await adapter.getProposal(detail.proposalId);
    expect([stored.status, stored.content]).to.deep.equal(['pending', 'Teach AI ethics in every school']);

    const p = parts(el);
    expect(p.form).to.equal(null);
    expect(p.title!.textContent).to.equal('Thank you! Your idea has been received.');
    expect(p.status!.textContent).to.equal('It will appear once a moderator has checked it.');
    expect(p.idea!.textContent).to.equal('Teach AI ethics in every school');
    expect(focusedId(el)).to.equal('.panel sent');
    await expect(el).to.be.accessible();
  });

  it('sends the theme, first name and age chosen, trimmed', async () => {
    const adapter = new SubmitAdapter();
    const el = await mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
    await typeIdea(el, '  Label every AI-generated picture  ');
    await tabTo(el, 'select#theme');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await tabTo(el, 'input#name');
    await sendKeys({ type: ' Léa ' });
    await tabTo(el, 'input#age');
    await sendKeys({ type: '27' });
    await sendKeys({ press: 'Enter' });
    await sent(el);
    const input = adapter.received[0]!.input;
    expect([input.content, input.themeId, input.author]).to.deep.equal([
      'Label every AI-generated picture',
      'transparency',
      { name: 'Léa', age: 27 },
    ]);
  });

  it('“propose another idea” gives an empty form with the idea field focused, and a new request id', async () => {
    const adapter = new SubmitAdapter();
    const el = await mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
    for (const idea of ['Teach AI ethics in every school', 'Teach AI ethics in every school']) {
      await typeIdea(el, idea);
      await tabTo(el, 'button.submit');
      await sendKeys({ press: 'Enter' });
      await sent(el);
      parts(el).another!.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(parts(el).text!.value).to.equal('');
      expect(focusedId(el)).to.equal('content');
      expect(parts(el).counter!.textContent).to.contain('0 / 140');
    }
    const [first, second] = adapter.received.map((s) => s.input.requestId);
    expect(first).not.to.equal(second);
    // The same text twice is two ideas: a fresh request id after a success, not a replay.
    expect(await adapter.pending('ai')).to.deep.equal(['Teach AI ethics in every school', 'Teach AI ethics in every school']);
    await expect(el).to.be.accessible();
  });

  it('speaks French inside a French page', async () => {
    const adapter = new SubmitAdapter();
    const wrapper = await fixture(html`<div lang="fr"><consult-propose consultation="prefixed" .adapter=${adapter}></consult-propose></div>`);
    const el = await settled(wrapper.querySelector('consult-propose')!);
    const p = parts(el);
    await expect(el).to.be.accessible();
    expect(p.title!.textContent).to.equal('Proposer une idée');
    expect(p.root.querySelector('label[for="content"]')!.textContent).to.equal('Votre idée, qui commence par «\u202fWe should\u202f»');
    expect(p.help!.textContent).to.equal('De 12 à 140 caractères, «\u202fWe should\u202f» compris.');
    expect(p.submit!.textContent!.trim()).to.equal('Proposer mon idée');
    expect(p.name!.labels![0]!.textContent).to.equal('Votre prénom (facultatif)');
  });

  it('fires consult-submit only when the participant sends, never on load or on changes by the page', async () => {
    const adapter = new SubmitAdapter();
    const events = recordEvents();
    const el = await mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
    el.theme = 'education';
    el.mode = 'expert';
    await el.updateComplete;
    el.consultationId = 'prefixed';
    await el.updateComplete;
    events.stop();
    expect(events.of('consult-submit')).to.have.length(0);
    expect(adapter.received).to.have.length(0);
  });
});
