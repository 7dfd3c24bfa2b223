import { expect, fixture, html } from '@open-wc/testing';
import '../../src/adapters/rest-registration.js';
import '../../src/components/consultation/consultation.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import { settled } from '../helpers/proposal.js';
import { ConsultError } from '../../src/adapters/errors.js';
import { RestAdapter } from '../../src/adapters/rest.js';
import { runAdapterContract } from '../../src/testing/index.js';
import { testBackend, type TestBackend } from '../support/protocol-client.mjs';
import { voteAgreeWithKeyboard } from '../helpers/card.js';
import { failure, fresh } from '../helpers/rest.js';

const participant = 'participant-rest-1';
const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s)).toISOString();

describe('RestAdapter against a protocol v1 server', () => {
  it('drives an accessible card with the keyboard, and the server counts the vote', async () => {
    const { backend, adapter } = await fresh();
    await voteAgreeWithKeyboard(adapter, 'p2');
    const state = await backend.state();
    expect(state.proposals.p2!.votes.agree).to.equal(1);
    expect(state.mismatches).to.deep.equal([]);
  });
});

describe('adapter="rest" in HTML', () => {
  it('a consultation with adapter="rest" endpoint=… gives its cards the server\'s data', async () => {
    const backend = testBackend();
    await backend.reset();
    const page = await fixture(html`<consult-consultation adapter="rest" endpoint=${backend.endpoint} participant-id=${participant}>
      <consult-proposal proposal-id="p2"></consult-proposal>
    </consult-consultation>`);
    const card = await settled(page.querySelector('consult-proposal') as ConsultProposalElement);
    await expect(card).to.be.accessible();
    expect(card.shadowRoot!.querySelector('.content')!.textContent).to.contain('identification of AI-generated content');
    expect((await backend.log()).some((e) => e.path === '/proposals/p2')).to.equal(true);
  });

  it('without an endpoint, the card says what is missing', async () => {
    const card = await settled(
      await fixture<ConsultProposalElement>(html`<consult-proposal adapter="rest" proposal-id="p2"></consult-proposal>`),
    );
    expect(card.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('needs an endpoint attribute');
  });
});

runAdapterContract('RestAdapter', async () => {
  const { adapter } = await fresh();
  return { adapter, consultationId: 'ai', proposalIds: ['p1', 'p2', 'p3'], closedProposalId: 'closed1' };
});

describe('RestAdapter requests (protocol v1 conformance)', () => {
  let backend: TestBackend;
  let adapter: RestAdapter;
  beforeEach(async () => ({ backend, adapter } = await fresh({ getToken: () => 'signed-token' })));

  const last = async (method: string) => (await backend.log()).filter((e) => e.method === method).at(-1)!;

  it('reads with GET on the protocol paths, JSON accepted, the token as a bearer', async () => {
    await adapter.getConsultation('ai');
    await adapter.getProposal('p1');
    await adapter.listProposals('ai', { themeId: 'education', limit: 2 });
    await adapter.getParticipantVotes(participant, 'ai');
    const gets = (await backend.log()).filter((e) => e.method === 'GET');
    expect(gets.map((e) => e.path)).to.deep.equal([
      '/consultations/ai',
      '/proposals/p1',
      '/consultations/ai/proposals',
      `/participants/${participant}/votes`,
    ]);
    expect(gets[2]!.query).to.deep.equal({ themeId: 'education', limit: '2' });
    expect(gets[3]!.query).to.deep.equal({ consultationId: 'ai' });
    expect(gets.every((e) => e.headers.authorization === 'Bearer signed-token')).to.equal(true);
  });

  it('votes with PUT { key, votedAt } and withdraws with DELETE ?votedAt=', async () => {
    const cast = await adapter.castVote({ proposalId: 'p1', participantId: participant, key: 'agree', votedAt: at(1) });
    expect(cast).to.deep.equal({ proposalId: 'p1', key: 'agree', votes: cast.votes, delivery: 'acknowledged' });
    const put = await last('PUT');
    expect(put.path).to.equal(`/proposals/p1/votes/${participant}`);
    expect(put.body).to.deep.equal({ key: 'agree', votedAt: at(1) });
    expect(put.headers.contentType).to.contain('application/json');
    expect(put.headers.authorization).to.equal('Bearer signed-token');

    const withdrawn = await adapter.castVote({ proposalId: 'p1', participantId: participant, key: null, votedAt: at(2) });
    expect(withdrawn.key).to.equal(null);
    const del = await last('DELETE');
    expect(del.path).to.equal(`/proposals/p1/votes/${participant}`);
    expect(del.query).to.deep.equal({ votedAt: at(2) });
  });

  it('qualifies with PUT …/qualifications/{key} { votedAt } and removes with DELETE', async () => {
    await adapter.castVote({ proposalId: 'p1', participantId: participant, key: 'agree', votedAt: at(1) });
    const added = await adapter.qualify({ proposalId: 'p1', participantId: participant, qualification: 'likeIt', active: true, votedAt: at(2) });
    expect(added.qualifications.likeIt).to.equal(1);
    const put = await last('PUT');
    expect(put.path).to.equal(`/proposals/p1/votes/${participant}/qualifications/likeIt`);
    expect(put.body).to.deep.equal({ votedAt: at(2) });
    const removed = await adapter.qualify({ proposalId: 'p1', participantId: participant, qualification: 'likeIt', active: false, votedAt: at(3) });
    expect(removed.qualifications.likeIt ?? 0).to.equal(0);
    expect((await last('DELETE')).path).to.equal(`/proposals/p1/votes/${participant}/qualifications/likeIt`);
  });

  it('asks for a sequence with GET …/sequence?participantId=&size=, and submits with POST', async () => {
    const items = await adapter.getSequence('ai', participant, 2);
    const get = await last('GET');
    expect(get.path).to.equal('/consultations/ai/sequence');
    expect(get.query).to.deep.equal({ participantId: participant, size: '2' });
    expect(items.map((p) => p.status)).to.deep.equal(['accepted', 'accepted']);
    const submission = { participantId: participant, requestId: 'req-1', content: 'Publish every algorithm used by the state' };
    const answer = await adapter.submitProposal({ consultationId: 'ai', ...submission });
    expect(answer.status).to.equal('pending');
    const post = await last('POST');
    expect(post.path).to.equal('/consultations/ai/proposals');
    expect(post.body).to.deep.equal(submission);
    expect((await adapter.submitProposal({ consultationId: 'ai', ...submission })).id, 'a retry is answered, not duplicated').to.equal(answer.id);
  });

  it('revalidates results and proposals with their ETag: unchanged answers are the same object, after a 304', async () => {
    const first = await adapter.getResults('ai');
    const again = await adapter.getResults('ai');
    expect(again === first, 'unchanged results are the very same object').to.equal(true);
    const proposal = await adapter.getProposal('p1');
    expect((await adapter.getProposal('p1')) === proposal).to.equal(true);
    const statuses = (await backend.log()).filter((e) => e.method === 'GET').map((e) => `${e.path} ${e.status}`);
    expect(statuses).to.deep.equal([
      '/consultations/ai/results 200',
      '/consultations/ai/results 304',
      '/proposals/p1 200',
      '/proposals/p1 304',
    ]);
    // A vote changes both: the next read is a new object with the new tally.
    await adapter.castVote({ proposalId: 'p1', participantId: participant, key: 'agree', votedAt: at(1) });
    const changed = await adapter.getResults('ai');
    expect(changed === first).to.equal(false);
    expect(changed.counts.votes).to.equal(first.counts.votes + 1);
    expect((await adapter.getProposal('p1')).votes.agree).to.equal(proposal.votes.agree + 1);
  });

  it('refuses ids that would leave the protocol path, without sending anything', async () => {
    for (const bad of ['..', '../consultations/ai', 'a/b', 'a b']) {
      expect((await failure(adapter.getProposal(bad))).code, bad).to.equal('invalid_request');
    }
    const vote = adapter.castVote({ proposalId: '..', participantId: participant, key: 'agree', votedAt: at(1) });
    expect((await failure(vote)).code).to.equal('invalid_request');
    expect(await backend.log()).to.deep.equal([]);
  });

  it('maps protocol errors to ConsultError codes with the server message', async () => {
    const notFound = await failure(adapter.getProposal('nope'));
    expect(notFound.code).to.equal('not_found');
    const closed = await failure(
      adapter.castVote({ proposalId: 'closed1', participantId: participant, key: 'agree', votedAt: at(1) }),
    );
    expect(closed.code).to.equal('closed');
    expect(closed.retryable).to.equal(false);
    const conflict = await failure(
      adapter.qualify({ proposalId: 'p2', participantId: participant, qualification: 'noWay', active: true, votedAt: at(1) }),
    );
    expect(conflict.code).to.equal('conflict');
  });

  it('turns a malformed answer into bad_response naming the field', async () => {
    await backend.malformed({ mode: 'schema', methods: ['GET'] });
    const error = await failure(adapter.getProposal('p1'));
    expect(error.code).to.equal('bad_response');
    expect(error.message).to.match(/not protocol v1: ".+"/);
  });

  it('says plainly when the endpoint is not a protocol v1 server', async () => {
    const lost = new RestAdapter({ endpoint: `${location.origin}/no-such-api` });
    const error = await failure(lost.getConsultation('ai'));
    expect(error.code).to.equal('bad_response');
    expect(error.message).to.contain('No protocol v1 server answers');
  });

  it('needs an endpoint', () => {
    expect(() => new RestAdapter({ endpoint: '' })).to.throw(ConsultError, /endpoint/);
  });
});
