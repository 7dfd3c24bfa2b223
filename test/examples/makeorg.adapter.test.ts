// The example adapter's v2 features against the fake Make.org-shaped API: `proposalKey` travels in
// `meta` (one request per click, two per change), a change whose second request fails says what
// the backend holds (`state`), visitors are server sessions (`identify`).
import { expect } from '@open-wc/testing';
import { ConsultError, type CastVote } from 'consult-widgets';
import { MakeOrgAdapter } from '../../examples/makeorg/adapter.js';
import { failNextChange, MemoryStorage, newSpace, requests } from './makeorg-fixture.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

async function rejection(promise: Promise<unknown>): Promise<ConsultError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ConsultError);
    return error as ConsultError;
  }
  throw new Error('expected a rejection');
}

describe('MakeOrgAdapter (examples/makeorg)', () => {
  let baseUrl: string;
  let adapter: MakeOrgAdapter;
  let participantId: string;
  beforeEach(async () => {
    baseUrl = newSpace();
    adapter = new MakeOrgAdapter({ baseUrl, storage: new MemoryStorage() });
    participantId = await adapter.identify();
  });

  it('identify: the session the API issued, kept across instances on one storage, another in another browser', async () => {
    const storage = new MemoryStorage();
    const first = await new MakeOrgAdapter({ baseUrl, storage }).identify();
    expect(first).to.match(/^visitor-/);
    expect(await new MakeOrgAdapter({ baseUrl, storage }).identify()).to.equal(first);
    expect(await new MakeOrgAdapter({ baseUrl, storage: new MemoryStorage() }).identify()).not.to.equal(first);
    expect((await requests(baseUrl)).filter((r) => r === 'POST /sessions')).to.have.length(3); // beforeEach's, first, the other browser's
  });

  it("a vote with the read's meta is one request; a change two (unvote, vote); no re-read", async () => {
    // The proposal read by another instance (another page of the site): nothing cached here.
    const { meta } = await new MakeOrgAdapter({ baseUrl, storage: new MemoryStorage() }).getProposal('mk-1');
    expect(meta).to.have.property('proposalKey').that.is.a('string');
    const fresh = new MakeOrgAdapter({ baseUrl, storage: new MemoryStorage() });
    const id = await fresh.identify();
    const before = (await requests(baseUrl)).length;
    const vote = (key: CastVote['key'], ms: number) => fresh.castVote({ proposalId: 'mk-1', participantId: id, key, votedAt: at(ms), meta: meta! });
    expect((await vote('agree', 1)).votes).to.deep.equal({ agree: 61, disagree: 20, neutral: 20 });
    expect((await requests(baseUrl)).slice(before)).to.deep.equal(['POST /proposals/mk-1/vote']);
    expect((await vote('disagree', 2)).votes).to.deep.equal({ agree: 60, disagree: 21, neutral: 20 });
    expect((await requests(baseUrl)).slice(before + 1)).to.deep.equal(['POST /proposals/mk-1/unvote', 'POST /proposals/mk-1/vote']);
  });

  it('without meta (a v1 caller) and nothing read before, the adapter reads the proposal once for its key', async () => {
    const before = (await requests(baseUrl)).length;
    await adapter.castVote({ proposalId: 'mk-2', participantId, key: 'agree', votedAt: at(1) });
    expect((await requests(baseUrl)).slice(before)).to.deep.equal(['GET /proposals/mk-2', 'POST /proposals/mk-2/vote']);
  });

  it('a wrong proposalKey is refused by the API (invalid_request) and changes nothing', async () => {
    const error = await rejection(
      adapter.castVote({ proposalId: 'mk-1', participantId, key: 'agree', votedAt: at(1), meta: { proposalKey: 'made-up' } }),
    );
    expect(error.code).to.equal('invalid_request');
    expect((await adapter.getProposal('mk-1')).votes.agree).to.equal(60);
    expect(await adapter.getParticipantVote(participantId, 'mk-1')).to.equal(null);
  });

  it('a change whose second request fails (503) rejects retryable with state: no vote, and the tally after the unvote', async () => {
    const { meta } = await adapter.getProposal('mk-1');
    await adapter.castVote({ proposalId: 'mk-1', participantId, key: 'agree', votedAt: at(1), meta: meta! });
    await adapter.qualify({ proposalId: 'mk-1', participantId, qualification: 'likeIt', active: true, votedAt: at(2), meta: meta! });
    await failNextChange(baseUrl);
    const before = (await requests(baseUrl)).length;
    const error = await rejection(adapter.castVote({ proposalId: 'mk-1', participantId, key: 'disagree', votedAt: at(3), meta: meta! }));
    expect((await requests(baseUrl)).slice(before)).to.deep.equal(['POST /proposals/mk-1/unvote', 'POST /proposals/mk-1/vote']);
    expect(error.code).to.equal('server');
    expect(error.retryable).to.equal(true);
    expect(error.retryAfterMs).to.equal(1000);
    expect(error.state).to.deep.equal({ key: null, votes: { agree: 60, disagree: 20, neutral: 20 }, qualifications: [] });
    // What the state says is what a reload finds.
    const reloaded = new MakeOrgAdapter({ baseUrl, storage: new MemoryStorage() });
    expect(await reloaded.getProposal('mk-1').then((p) => [p.votes, p.qualifications])).to.deep.equal([{ agree: 60, disagree: 20, neutral: 20 }, {}]);
    expect(await adapter.getParticipantVote(participantId, 'mk-1')).to.equal(null);
  });

  it('a vote changed elsewhere (another device): the API says what it holds (409) and the adapter changes from there', async () => {
    const storage = new MemoryStorage();
    const here = new MakeOrgAdapter({ baseUrl, storage });
    const id = await here.identify();
    await here.castVote({ proposalId: 'mk-3', participantId: id, key: 'neutral', votedAt: at(1) });
    // This browser still believes "neutral"; the session's vote became "agree" elsewhere.
    const elsewhere = JSON.parse(storage.getItem(`makeorg:${baseUrl}:participant:${id}`)!);
    const other = new MemoryStorage();
    other.setItem(`makeorg:${baseUrl}:participant:${id}`, JSON.stringify({ sessionId: elsewhere.sessionId, votes: {} }));
    const device = new MakeOrgAdapter({ baseUrl, storage: other });
    await device.castVote({ proposalId: 'mk-3', participantId: id, key: null, votedAt: at(2) });
    await device.castVote({ proposalId: 'mk-3', participantId: id, key: 'agree', votedAt: at(3) });
    const receipt = await here.castVote({ proposalId: 'mk-3', participantId: id, key: 'disagree', votedAt: at(4) });
    expect(receipt.key).to.equal('disagree');
    expect(receipt.votes).to.deep.equal({ agree: 0, disagree: 1, neutral: 0 });
  });
});
