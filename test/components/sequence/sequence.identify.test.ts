// Contract v2's identify (issue 13) in the sequence and the propose form: an adapter that knows its
// visitor (a backend session) names the participant, not the page's participant-id.
import { expect, html, waitUntil } from '@open-wc/testing';
import type { CastVote, ConsultAdapter, SubmitProposal } from '../../../src/adapters/adapter.js';
import { ConsultError } from '../../../src/adapters/errors.js';
import { registerAdapterInstance } from '../../../src/adapters/registry.js';
import '../../../src/components/consultation/consultation.js';
import { failingIdentity } from '../../helpers/identity.js';
import { mount as mountForm, parts as formParts, sent, SubmitAdapter, typeIdea } from '../../helpers/propose.js';
import { mount, recording, stepWithKeyboard, voteWithKeyboard } from '../../helpers/sequence.js';
import { uniqueName } from '../../helpers/test-adapter.js';

describe('identify in <consult-sequence> and <consult-propose>', () => {
  afterEach(() => sessionStorage.clear());

  it("the sequence asks for identify's participant's sequence, and its cards vote in that name", async () => {
    const { adapter, of } = recording({ identify: async () => 'session-seq-0001' });
    const name = uniqueName('sequence-identify');
    registerAdapterInstance(name, adapter);
    const el = await mount(html`<consult-consultation adapter=${name} consultation="seq" participant-id="citizen-0042">
      <consult-sequence></consult-sequence>
    </consult-consultation>`);
    expect(of('getSequence').map((c) => c.args)).to.deep.equal([['seq', 'session-seq-0001', 12]]);
    await stepWithKeyboard(el, 'start');
    await voteWithKeyboard(el, 'agree');
    expect((of('castVote')[0]!.args[0] as CastVote).participantId).to.equal('session-seq-0001');
    expect(of('getParticipantVotes').map((c) => c.args[0])).to.deep.equal(['session-seq-0001']);
    expect(of('identify')).to.have.length(1);
    expect(Object.keys(sessionStorage).join(' '), 'resumed under the identified participant').to.contain('session-seq-0001');
  });

  it('a failing identify is the sequence’s error state with a retry', async () => {
    const session = failingIdentity(new ConsultError('network', 'The session could not be read.'), 'session-seq-0002');
    const { adapter, of } = recording({ identify: session.identify });
    const el = await mount(html`<consult-sequence consultation="seq" .adapter=${adapter}></consult-sequence>`);
    const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('button.retry');
    expect(retry, 'a retry button').to.not.equal(null);
    expect(of('getSequence')).to.deep.equal([]);
    session.heal();
    retry!.click();
    await waitUntil(() => of('getSequence').length === 1, 'the retry never asked for the sequence');
    expect(of('getSequence')[0]!.args[1]).to.equal('session-seq-0002');
  });

  it("the propose form submits in identify's participant's name", async () => {
    const adapter = new SubmitAdapter();
    (adapter as ConsultAdapter).identify = async () => 'session-form-0001';
    const el = await mountForm(html`<consult-propose consultation="ai" .adapter=${adapter}></consult-propose>`);
    await typeIdea(el, 'Open every public dataset about air quality');
    formParts(el).submit!.click();
    await sent(el);
    expect(adapter.received.map((s) => (s.input as SubmitProposal).participantId)).to.deep.equal(['session-form-0001']);
  });
});
