import { QualifyReceiptSchema } from '../adapters/receipts.js';
import type { QualificationKey, VoteKey } from '../protocol/index.js';
import { assert, at, conforms, freshParticipant, rejectsWith } from './checks.js';
import type { ContractCase } from './cases-core.js';
import type { CaseContext } from './fixture.js';

/** How many participants chose `q` on the proposal, read back by the next step's adapter. */
async function counted(t: CaseContext, proposalId: string, q: QualificationKey): Promise<number> {
  return (await (await t.next()).getProposal(proposalId)).qualifications[q] ?? 0;
}

/** The qualifications the participant's vote on the proposal reads back with (undefined: no vote). */
async function held(t: CaseContext, participantId: string, proposalId: string): Promise<QualificationKey[] | undefined> {
  const votes = await (await t.next()).getParticipantVotes(participantId, t.data.consultationId);
  return votes.find((v) => v.proposalId === proposalId)?.qualifications;
}

const same = (a: readonly string[] | undefined, b: readonly string[]) =>
  a !== undefined && a.length === b.length && b.every((q) => a.includes(q));

/** A fresh participant on the fixture's n-th proposal, voting and qualifying step by step. */
function participantOn(t: CaseContext, n: number) {
  const proposalId = t.data.proposalIds[n]!;
  const participantId = freshParticipant();
  return {
    proposalId,
    participantId,
    vote: async (key: VoteKey | null, ms: number) => (await t.next()).castVote({ proposalId, participantId, key, votedAt: at(ms) }),
    qualify: async (qualification: QualificationKey, active: boolean, ms: number) =>
      (await t.with('qualify')).qualify({ proposalId, participantId, qualification, active, votedAt: at(ms) }),
    held: () => held(t, participantId, proposalId),
    counted: (q: QualificationKey) => counted(t, proposalId, q),
  };
}

const qualifyCase = (title: string, run: ContractCase['run']): ContractCase => ({ title: `qualify: ${title}`, needs: 'qualify', run });

/**
 * Protocol rule 4 (docs/protocol.md, src/protocol/vote-rules.ts): a qualification belongs to the
 * participant's current vote key; adding twice or removing what is not there changes nothing; a
 * new key or a withdrawal drops the old key's qualifications, the same key again keeps them.
 */
export const qualifyCases: ContractCase[] = [
  qualifyCase('after a vote, a qualification is stored, read back and counted once', async (t) => {
    const p = participantOn(t, 0);
    const before = await p.counted('likeIt');
    await p.vote('agree', 1);
    const likeIt = async (active: boolean, ms: number) => conforms(QualifyReceiptSchema, await p.qualify('likeIt', active, ms), 'qualify receipt');
    const added = await likeIt(true, 2);
    assert(added.proposalId === p.proposalId, 'the receipt names another proposal');
    assert((added.qualifications.likeIt ?? 0) === before + 1, `likeIt counts ${added.qualifications.likeIt ?? 0} after adding it, expected ${before + 1}`);
    const twice = await likeIt(true, 3);
    assert((twice.qualifications.likeIt ?? 0) === before + 1, 'adding the same qualification twice counted it twice');
    const mine = await p.held();
    assert(same(mine, ['likeIt']), `the participant's vote reads back with qualifications ${JSON.stringify(mine)}, expected ["likeIt"]`);
    assert((await p.counted('likeIt')) === before + 1, 'the proposal read back does not count the qualification');
    const removed = await likeIt(false, 4);
    assert((removed.qualifications.likeIt ?? 0) === before, 'removing the qualification did not uncount it');
    assert(same(await p.held(), []), 'a removed qualification is still read back');
  }),
  qualifyCase('refuses a qualification without a vote, or of another vote key, with conflict', async (t) => {
    const p = participantOn(t, 1);
    await rejectsWith(p.qualify('likeIt', true, 1), 'conflict', 'a qualification without a vote');
    await p.vote('disagree', 2);
    await rejectsWith(p.qualify('likeIt', true, 3), 'conflict', 'an agree qualification on a disagree vote');
    await p.vote(null, 4);
    await rejectsWith(p.qualify('noWay', true, 5), 'conflict', 'a qualification after the vote was withdrawn');
  }),
  qualifyCase('a changed or withdrawn vote drops its qualifications, the same key again keeps them', async (t) => {
    const p = participantOn(t, 0);
    const before = await p.counted('likeIt');
    await p.vote('agree', 1);
    await p.qualify('likeIt', true, 2);
    await p.vote('agree', 3);
    assert(same(await p.held(), ['likeIt']), 'voting the same key again dropped its qualification');
    await p.vote('disagree', 4);
    assert(same(await p.held(), []), "a changed vote kept the old key's qualification");
    assert((await p.counted('likeIt')) === before, 'a changed vote left its old qualification counted');
    await p.vote('agree', 5);
    assert(same(await p.held(), []), 'voting agree again brought back a dropped qualification');
    await p.qualify('likeIt', true, 6);
    await p.vote(null, 7);
    assert((await p.counted('likeIt')) === before, 'a withdrawn vote left its qualification counted');
  }),
];
