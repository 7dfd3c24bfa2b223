// Issue 10, erasure, against the protocol test server: the REST adapter erases as the issued
// identity (with its token) when that stands for the browser's anonymous id, drops the writes of
// the participant still queued for that consultation (delivered later, they would undo the
// erasure), and leaves their queued writes elsewhere alone.
import { expect } from '@open-wc/testing';
import { ISSUED_STORAGE_PREFIX } from '../../src/adapters/issued.js';
import { anonymousParticipantId } from '../../src/adapters/participant.js';
import type { RestAdapter } from '../../src/adapters/rest.js';
import type { LogEntry } from '../support/protocol-client.mjs';
import { clock, drain, failure, fresh, quiet } from '../helpers/rest.js';

const erasures = (log: LogEntry[]) => log.filter((e) => e.method === 'DELETE' && /^\/participants\/[^/]+$/.test(e.path));

const adapters: RestAdapter[] = [];
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.dispose()));
});

describe('RestAdapter: eraseParticipation', () => {
  it('erases as the issued identity with its token; the tallies and the participant votes follow', async () => {
    const { backend, adapter } = await fresh();
    adapters.push(adapter);
    await backend.issuance({ offered: true });
    const me = anonymousParticipantId();
    const at = clock();
    const before = (await adapter.getProposal('p1')).votes;
    await adapter.castVote({ proposalId: 'p1', participantId: me, key: 'agree', votedAt: at() });
    await adapter.qualify({ proposalId: 'p1', participantId: me, qualification: 'likeIt', active: true, votedAt: at() });
    await drain(adapter);
    const erased = await adapter.eraseParticipation(me, 'ai');
    expect(erased).to.deep.equal({ votes: 1, qualifications: 1, submissions: 0, pendingProposals: 0 });
    const identity = JSON.parse(localStorage.getItem(`${ISSUED_STORAGE_PREFIX}${backend.endpoint}`)!) as { participantId: string; token: string };
    const [sent] = erasures(await quiet(backend));
    expect(sent!.path).to.equal(`/participants/${identity.participantId}`);
    expect(sent!.headers.authorization).to.equal(`Bearer ${identity.token}`);
    expect((await adapter.getProposal('p1')).votes).to.deep.equal(before);
    expect(await adapter.getParticipantVotes(me, 'ai')).to.deep.equal([]);
  });

  it('drops the participant\u2019s writes still queued for that consultation, and only those', async () => {
    const { backend, adapter } = await fresh();
    adapters.push(adapter);
    const me = 'participant-erasing-0001';
    const at = clock();
    await adapter.getProposal('p2'); // known before going offline
    await backend.setFaults({ dropRate: 1, methods: ['PUT'] });
    expect((await adapter.castVote({ proposalId: 'p2', participantId: me, key: 'disagree', votedAt: at() })).delivery).to.equal('pending');
    await adapter.castVote({ proposalId: 'p3', participantId: 'participant-staying-0001', key: 'agree', votedAt: at() });
    await adapter.eraseParticipation(me, 'ai'); // a DELETE: the faults drop PUTs only
    expect(adapter.pendingWrites()).to.equal(1, 'the other participant\u2019s vote still waits');
    await backend.clearFaults();
    await drain(adapter);
    const state = await backend.state();
    expect(state.votes[me]?.['p2']?.key ?? null).to.equal(null, 'the erased participant\u2019s queued vote never arrived');
    expect(state.votes['participant-staying-0001']?.['p3']?.key).to.equal('agree');
  });

  it('a backend that refuses (401 for an issued id without its token) rejects with unauthorized', async () => {
    const { backend, adapter } = await fresh({ issueParticipants: false });
    adapters.push(adapter);
    await backend.issuance({ offered: true });
    const error = await failure(adapter.eraseParticipation('i_AAAAAAAAAAAAAAAAAAAAAA', 'ai'));
    expect(error.code).to.equal('unauthorized');
  });
});
