import { expect } from '@open-wc/testing';
import { ConsultError } from '../../src/adapters/errors.js';
import { LocalAdapter } from '../../src/adapters/local.js';
import '../../src/adapters/memory-erasure.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { anonymousParticipantId, PARTICIPANT_STORAGE_KEY } from '../../src/adapters/participant.js';
import { voteAgreeWithKeyboard } from '../helpers/card.js';
import { seed } from '../helpers/seed.js';

const participant = 'participant-0001';
const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s)).toISOString();
let namespace = '';

describe('LocalAdapter', () => {
  beforeEach(() => {
    namespace = `local-${Math.random().toString(36).slice(2)}`;
  });

  it('keeps a keyboard vote from an accessible card across a new adapter (a reload)', async () => {
    await voteAgreeWithKeyboard(new LocalAdapter({ ...seed, namespace }), 'p1');
    const reloaded = new LocalAdapter({ ...seed, namespace });
    expect((await reloaded.getProposal('p1')).votes).to.deep.equal({ agree: 61, disagree: 20, neutral: 20 });
  });

  it('restores votes, withdrawals and qualifications from localStorage', async () => {
    const first = new LocalAdapter({ ...seed, namespace });
    await first.castVote({ proposalId: 'p2', participantId: participant, key: 'disagree', votedAt: at(1) });
    await first.qualify({ proposalId: 'p2', participantId: participant, qualification: 'noWay', active: true, votedAt: at(2) });
    await first.castVote({ proposalId: 'p3', participantId: participant, key: 'agree', votedAt: at(3) });
    await first.castVote({ proposalId: 'p3', participantId: participant, key: null, votedAt: at(4) });

    const second = new LocalAdapter({ ...seed, namespace });
    const p2 = await second.getProposal('p2');
    expect(p2.votes).to.deep.equal({ agree: 3, disagree: 2, neutral: 0 });
    expect(p2.qualifications.noWay).to.equal(1);
    expect((await second.getProposal('p3')).votes).to.deep.equal({ agree: 0, disagree: 0, neutral: 0 });
    const mine = await second.getParticipantVotes(participant, 'ai');
    expect(mine).to.deep.equal([{ proposalId: 'p2', key: 'disagree', qualifications: ['noWay'] }]);
  });

  it('erasure clears the participant\u2019s saved votes (a reload finds none) and keeps everyone else\u2019s', async () => {
    const first = new LocalAdapter({ ...seed, namespace });
    const seedP2 = (await first.getProposal('p2')).votes;
    await first.castVote({ proposalId: 'p2', participantId: participant, key: 'disagree', votedAt: at(1) });
    await first.qualify({ proposalId: 'p2', participantId: participant, qualification: 'noWay', active: true, votedAt: at(2) });
    await first.castVote({ proposalId: 'p3', participantId: 'participant-0002', key: 'agree', votedAt: at(3) });
    const erased = await first.eraseParticipation!(participant, 'ai');
    expect(erased).to.deep.equal({ votes: 1, qualifications: 1, submissions: 0, pendingProposals: 0 });
    expect(localStorage.getItem(`consult-widgets:v1:${namespace}`)).to.not.include(participant);
    const reloaded = new LocalAdapter({ ...seed, namespace });
    const p2 = await reloaded.getProposal('p2');
    expect(p2.votes).to.deep.equal(seedP2);
    expect(p2.qualifications.noWay ?? 0).to.equal(0);
    expect(await reloaded.getParticipantVotes(participant, 'ai')).to.deep.equal([]);
    expect((await reloaded.getParticipantVotes('participant-0002', 'ai')).map((v) => v.proposalId)).to.deep.equal(['p3']);
    // A later vote of someone else does not bring the erased votes back (the save merges with storage).
    await reloaded.castVote({ proposalId: 'p1', participantId: 'participant-0002', key: 'neutral', votedAt: at(4) });
    expect(localStorage.getItem(`consult-widgets:v1:${namespace}`)).to.not.include(participant);
  });

  it('merges what another tab saved instead of overwriting it', async () => {
    const tabA = new LocalAdapter({ ...seed, namespace });
    const tabB = new LocalAdapter({ ...seed, namespace });
    await tabA.castVote({ proposalId: 'p1', participantId: participant, key: 'agree', votedAt: at(1) });
    await tabB.castVote({ proposalId: 'p2', participantId: participant, key: 'neutral', votedAt: at(2) });
    const reloaded = new LocalAdapter({ ...seed, namespace });
    const keys = (await reloaded.getParticipantVotes(participant, 'ai')).map((v) => `${v.proposalId}:${v.key}`);
    expect(keys.sort()).to.deep.equal(['p1:agree', 'p2:neutral']);
  });

  it('starts afresh when its storage holds garbage', async () => {
    localStorage.setItem(`consult-widgets:v1:${namespace}`, '{not json');
    const adapter = new LocalAdapter({ ...seed, namespace });
    expect((await adapter.getProposal('p1')).votes.agree).to.equal(60);
  });

  it('in open world, a vote on an unknown proposal creates it; reads of unknown ids still fail', async () => {
    const adapter = new LocalAdapter({ namespace, openWorld: true });
    const receipt = await adapter.castVote({ proposalId: 'inline-1', participantId: participant, key: 'agree', votedAt: at(1) });
    expect(receipt.votes).to.deep.equal({ agree: 1, disagree: 0, neutral: 0 });
    const again = new LocalAdapter({ namespace, openWorld: true });
    expect((await again.getProposal('inline-1')).votes.agree).to.equal(1);
    const error = await again.getProposal('never-voted').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConsultError);
    expect((error as ConsultError).code).to.equal('not_found');
  });
});

describe('MemoryAdapter', () => {
  it('refuses a bad seed with a config error that names the field', () => {
    expect(() => new MemoryAdapter({ proposals: [{ id: 'bad id!', content: 'x' }] }))
      .to.throw(ConsultError)
      .with.property('message')
      .that.contains('"id"');
  });

  it('answers qualifications only for the current vote key, and drops them when the vote changes', async () => {
    const adapter = new MemoryAdapter(seed);
    await adapter.castVote({ proposalId: 'p3', participantId: participant, key: 'agree', votedAt: at(1) });
    const wrong = await adapter
      .qualify({ proposalId: 'p3', participantId: participant, qualification: 'noWay', active: true, votedAt: at(2) })
      .catch((e: ConsultError) => e.code);
    expect(wrong).to.equal('conflict');
    await adapter.qualify({ proposalId: 'p3', participantId: participant, qualification: 'likeIt', active: true, votedAt: at(2) });
    expect((await adapter.getProposal('p3')).qualifications.likeIt).to.equal(1);
    await adapter.castVote({ proposalId: 'p3', participantId: participant, key: 'disagree', votedAt: at(3) });
    expect((await adapter.getProposal('p3')).qualifications.likeIt).to.equal(0);
  });

  it('dedupes submissions by requestId and checks length and prefix', async () => {
    const adapter = new MemoryAdapter({ ...seed, consultations: [{ id: 'ai', proposalPrefix: 'We should' }] });
    const input = { consultationId: 'ai', participantId: participant, requestId: 'req-1', content: 'We should teach AI ethics' };
    const first = await adapter.submitProposal(input);
    expect(await adapter.submitProposal(input)).to.deep.equal(first);
    const refused = await adapter
      .submitProposal({ ...input, requestId: 'req-2', content: 'No prefix here at all' })
      .catch((e: ConsultError) => e.code);
    expect(refused).to.equal('unprocessable');
  });

  it('gives a sequence of unvoted accepted proposals, fewest votes first', async () => {
    const adapter = new MemoryAdapter(seed);
    await adapter.castVote({ proposalId: 'p3', participantId: participant, key: 'agree', votedAt: at(1) });
    const ids = (await adapter.getSequence('ai', participant)).map((p) => p.id);
    expect(ids).to.deep.equal(['p2', 'p1']);
  });
});

describe('anonymous participant id', () => {
  // Test pages share this origin's localStorage, so the id is not removed here: another page may use it.
  it('is created once, kept in localStorage, and never in a cookie', () => {
    const id = anonymousParticipantId();
    expect(id).to.match(/^[A-Za-z0-9_-]{8,128}$/);
    expect(anonymousParticipantId()).to.equal(id);
    expect(localStorage.getItem(PARTICIPANT_STORAGE_KEY)).to.equal(id);
    expect(document.cookie).not.to.contain(id);
  });
});
