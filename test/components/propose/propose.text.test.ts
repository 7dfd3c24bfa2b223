// The issue-9 text table (test/protocol/text-cases.mjs) typed into <consult-propose>: the form counts
// and refuses each text as test/server/text.test.mjs shows the reference server does, and sends the
// accepted ones cleaned, the way the server stores them.
import { expect, html, waitUntil } from '@open-wc/testing';
import { cleanProposalText } from '../../../src/protocol/index.js';
import { watchPage } from '../../helpers/proposal.js';
import { errorOf, mount, parts, paste, SubmitAdapter } from '../../helpers/propose.js';
import { TEXT_CASES, TEXT_RULES, type TextCase } from '../../protocol/text-cases.mjs';

const MESSAGES: Record<NonNullable<TextCase['problem']>, (t: TextCase) => string> = {
  surrogate: () => 'Your idea contains a character that cannot be saved.',
  control: () => 'Your idea contains a character that cannot be saved.',
  marks: () => 'Your idea stacks too many accents on one letter (at most four).',
  noLetter: () => 'Your idea needs words: write at least one letter.',
  prefix: () => 'no prefix in this consultation',
  tooShort: (t) => `Your idea is too short: at least ${TEXT_RULES.min} characters (it has ${t.length}).`,
  tooLong: (t) => `Your idea is too long: ${t.length! - TEXT_RULES.max} character too many (at most ${TEXT_RULES.max}).`,
};

describe('<consult-propose> counts and refuses texts as the server does (issue 9 table)', () => {
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => {
    page.restore();
    expect(page.escaped, 'errors that reached the host page').to.deep.equal([]);
  });

  it('the consultation has the table’s rules', async () => {
    const adapter = new SubmitAdapter();
    const c = await adapter.getConsultation('ai');
    expect({ min: c.proposalMinLength, max: c.proposalMaxLength, prefix: c.proposalPrefix }).to.deep.equal(TEXT_RULES);
  });

  for (const t of TEXT_CASES) {
    it(`${t.name} → ${t.problem ?? 'sent'}`, async () => {
      const adapter = new SubmitAdapter();
      const el = await mount(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
      await paste(parts(el).text!, t.content);
      if (t.length !== undefined) expect(parts(el).counter!.textContent).to.contain(`${t.length} / ${TEXT_RULES.max}`);
      parts(el).submit!.click();
      await el.updateComplete;
      if (t.problem) {
        expect(errorOf(el, 'content')).to.equal(`Error: ${MESSAGES[t.problem](t)}`);
        expect(adapter.received).to.have.length(0);
      } else {
        expect(errorOf(el, 'content')).to.equal('');
        await waitUntil(() => adapter.received[0]?.outcome !== 'held', 'the adapter never answered');
        // Sent cleaned, and the protocol's in-memory backend takes it as the server does.
        expect(adapter.received.map((s) => [s.input.content, s.outcome])).to.deep.equal([[t.stored ?? cleanProposalText(t.content), 'stored']]);
      }
    });
  }
});
