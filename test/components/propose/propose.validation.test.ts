import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConsultError } from '../../../src/adapters/errors.js';
import { contentOf } from '../../../src/components/propose/propose.rules.js';
import { proposalLength } from '../../../src/protocol/index.js';
import { watchPage } from '../../helpers/proposal.js';
import {
  descriptionOf,
  errorOf,
  focusedId,
  mount,
  parts,
  paste,
  sent,
  SubmitAdapter,
  tabTo,
  typeIdea,
} from '../../helpers/propose.js';

const form = (adapter: SubmitAdapter, consultation = 'ai') =>
  mount(html`<consult-propose consultation=${consultation} .adapter=${adapter}></consult-propose>`);

/** Send the form with the keyboard, from wherever focus is. */
async function sendWithKeyboard(el: HTMLElement & { updateComplete: Promise<boolean> }) {
  await tabTo(el as never, 'button.submit');
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

describe('<consult-propose> checks before sending', () => {
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => {
    page.restore();
    expect(page.escaped, 'errors that reached the host page').to.deep.equal([]);
  });

  it('an empty idea: the error is shown and described, focus goes to the field, nothing is sent', async () => {
    const adapter = new SubmitAdapter();
    const el = await form(adapter);
    parts(el).text!.focus();
    await sendWithKeyboard(el);
    const p = parts(el);
    expect(errorOf(el, 'content')).to.equal('Error: Write your idea.');
    expect(p.text!.getAttribute('aria-invalid')).to.equal('true');
    expect(descriptionOf(el, p.text!)).to.deep.equal(['Error: Write your idea.', '12 to 140 characters.', '0 of 140 characters']);
    expect(focusedId(el)).to.equal('content');
    expect(adapter.received).to.have.length(0);
    await expect(el).to.be.accessible();

    // Typing clears the error at once; the counter keeps describing the field.
    await sendKeys({ type: 'A' });
    await el.updateComplete;
    expect(errorOf(el, 'content')).to.equal('');
    expect(parts(el).text!.getAttribute('aria-invalid')).to.equal('false');
  });

  it('refuses a text too short or too long by the consultation’s rules, counting as the backend does', async () => {
    const adapter = new SubmitAdapter();
    const el = await form(adapter);
    await typeIdea(el, 'Too short');
    await sendWithKeyboard(el);
    expect(errorOf(el, 'content')).to.equal('Error: Your idea is too short: at least 12 characters (it has 9).');
    expect(focusedId(el)).to.equal('content');

    await paste(parts(el).text!, `${'An idea that goes on '.repeat(7)}and on`);
    expect(parts(el).counter!.textContent).to.contain('153 / 140');
    expect(parts(el).counter!.classList.contains('over')).to.equal(true);
    await sendWithKeyboard(el);
    expect(errorOf(el, 'content')).to.equal('Error: Your idea is too long: 13 characters too many (at most 140).');
    expect(adapter.received).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('accepts exactly what the backend accepts at both ends of the length rule', async () => {
    const verdicts: string[] = [];
    for (const length of [11, 12, 140, 141]) {
      const adapter = new SubmitAdapter();
      const el = await form(adapter);
      const text = 'x'.repeat(length);
      await paste(parts(el).text!, text);
      parts(el).submit!.click();
      await el.updateComplete;
      const formSent = adapter.received.length === 1;
      const backend = await adapter.submitProposal({ consultationId: 'ai', participantId: 'participant-1', requestId: `r${length}`, content: text }).then(
        () => 'accepts',
        (e: ConsultError) => e.code,
      );
      verdicts.push(`${length}: form ${formSent ? 'sends' : 'refuses'}, backend ${backend}`);
    }
    expect(verdicts).to.deep.equal([
      '11: form refuses, backend unprocessable',
      '12: form sends, backend accepts',
      '140: form sends, backend accepts',
      '141: form refuses, backend unprocessable',
    ]);
  });

  it('counts an emoji as one character, as the reference server does', async () => {
    const adapter = new SubmitAdapter();
    const el = await form(adapter);
    await paste(parts(el).text!, `${'x'.repeat(139)}🌍`);
    expect(parts(el).counter!.textContent).to.contain('140 / 140');
    parts(el).submit!.click();
    await el.updateComplete;
    expect(errorOf(el, 'content')).to.equal('');
    expect(adapter.received.map((s) => s.input.content)).to.deep.equal([`${'x'.repeat(139)}🌍`]);
  });

  it('puts the fixed start before the text, once, and counts it', async () => {
    const adapter = new SubmitAdapter();
    const el = await form(adapter, 'prefixed');
    const p = parts(el);
    expect(p.prefix!.textContent).to.equal('We should');
    expect(p.prefix!.getAttribute('aria-hidden')).to.equal('true');
    expect(p.root.querySelector('label[for="content"]')!.textContent).to.equal('Your idea, starting with “We should”');
    expect(p.help!.textContent).to.equal('12 to 140 characters, “We should” included.');
    await expect(el).to.be.accessible();

    await typeIdea(el, 'a');
    expect(p.counter!.textContent).to.contain('11 / 140');
    await sendWithKeyboard(el);
    expect(errorOf(el, 'content')).to.equal('Error: Your idea is too short: at least 12 characters (it has 11).');

    // Typed again by the participant, the start is not doubled.
    await paste(parts(el).text!, 'we should ban single-use plastic at events');
    parts(el).submit!.click();
    await sent(el);
    expect(adapter.received.map((s) => s.input.content)).to.deep.equal(['We should ban single-use plastic at events']);
    expect(adapter.received[0]!.outcome).to.equal('stored');
    expect(parts(el).idea!.textContent).to.equal('We should ban single-use plastic at events');
  });

  it('checks first name and age with the protocol’s schema and focuses the first field in error', async () => {
    const adapter = new SubmitAdapter();
    const el = await form(adapter);
    await paste(parts(el).name!, 'N'.repeat(101));
    await paste(parts(el).age!, '12.5');
    parts(el).submit!.click();
    await el.updateComplete;
    expect([errorOf(el, 'content'), errorOf(el, 'name'), errorOf(el, 'age')]).to.deep.equal([
      'Error: Write your idea.',
      'Error: Your first name can be at most 100 characters.',
      'Error: Enter your age as a whole number from 0 to 130, or leave it empty.',
    ]);
    expect(focusedId(el)).to.equal('content');
    await expect(el).to.be.accessible();

    await typeIdea(el, 'Teach AI ethics in every school');
    for (const age of ['131', 'twelve', '-3']) {
      await paste(parts(el).age!, age);
      parts(el).submit!.click();
      await el.updateComplete;
      expect(focusedId(el), age).to.equal('name');
      expect(errorOf(el, 'age'), age).to.contain('whole number from 0 to 130');
    }
    expect(parts(el).age!.getAttribute('aria-invalid')).to.equal('true');
    expect(descriptionOf(el, parts(el).age!)).to.deep.equal(['Error: Enter your age as a whole number from 0 to 130, or leave it empty.']);
    expect(adapter.received).to.have.length(0);

    await paste(parts(el).name!, 'Léa');
    await paste(parts(el).age!, '130');
    parts(el).submit!.click();
    await sent(el);
    expect(adapter.received[0]!.input.author).to.deep.equal({ name: 'Léa', age: 130 });
  });

  it('preselects the theme the page gives, and drops one the consultation does not have', async () => {
    const adapter = new SubmitAdapter();
    const el = await mount(html`<consult-propose consultation="ai" theme="education" .adapter=${adapter}></consult-propose>`);
    expect(parts(el).theme!.value).to.equal('education');
    const other = await mount(html`<consult-propose consultation="ai" theme="sports" .adapter=${adapter}></consult-propose>`);
    expect(parts(other).theme!.value).to.equal('');
    await typeIdea(other, 'Teach AI ethics in every school');
    parts(other).submit!.click();
    await sent(other);
    expect(adapter.received[0]!.input).not.to.have.property('themeId');
  });

  it('has no theme field when the consultation has no themes', async () => {
    const el = await form(new SubmitAdapter(), 'prefixed');
    expect(parts(el).theme).to.equal(null);
  });
});

describe('<consult-propose> rules: the text sent', () => {
  it('joins the fixed start and the typed text with one space, as the backend expects it to start', () => {
    expect([
      contentOf('We should', 'ban plastic'),
      contentOf('We should', '   ban plastic  '),
      contentOf('Il faut ', 'interdire le plastique'),
      contentOf(null, '  An idea without a start '),
    ]).to.deep.equal(['We should ban plastic', 'We should ban plastic', 'Il faut interdire le plastique', 'An idea without a start']);
  });

  it('does not double a start the participant typed again, in any case, but keeps a word that only begins like it', () => {
    expect([
      contentOf('We should', 'we should ban plastic'),
      contentOf('We should', 'WE SHOULD'),
      contentOf('We should', "We shouldn't ban plastic"),
      contentOf('Il faut', 'Il faudrait interdire'),
    ]).to.deep.equal(['We should ban plastic', 'We should', "We should We shouldn't ban plastic", 'Il faut Il faudrait interdire']);
  });

  it('counts with the protocol’s rule, like the reference server: code points of the cleaned text', () => {
    const count = (typed: string) => proposalLength(contentOf(null, typed));
    expect([count('  abc  '), count('🌍🌍'), count('é'), count('e\u0301'), count('a\u200Bb'), count('')]).to.deep.equal([3, 2, 1, 1, 2, 0]);
  });
});
