import { QualifyReceiptSchema } from '../adapters/receipts.js';
import type { QualificationKey } from '../protocol/index.js';
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

/**
 * Protocol rule 4 (docs/protocol.md, src/protocol/vote-rules.ts): a qualification belongs to the
 * participant's current vote key; adding twice or removing what is not there changes nothing; a
 * new key or a withdrawal drops the old key's qualifications, the same key again keeps them.
 */
export const qualifyCases: ContractCase[] = [
  {
    title: 'qualify: after a vote, a qualification is stored, read back and counted once',
    needs: 'qualify',
    async run(t) {
      const proposalId = t.data.proposalIds[0]!;
      const participantId = freshParticipant();
      const before = await counted(t, proposalId, 'likeIt');
      await (await t.next()).castVote({ proposalId, participantId, key: 'agree', votedAt: at(1) });
      const qualify = async (active: boolean, ms: number) =>
        conforms(
          QualifyReceiptSchema,
          await (await t.with('qualify')).qualify({ proposalId, participantId, qualification: 'likeIt', active, votedAt: at(ms) }),
          'qualify receipt',
        );
      const added = await qualify(true, 2);
      assert(added.proposalId === proposalId, 'the receipt names another proposal');
      assert((added.qualifications.likeIt ?? 0) === before + 1, `likeIt counts ${added.qualifications.likeIt ?? 0} after adding it, expected ${before + 1}`);
      const twice = await qualify(true, 3);
      assert((twice.qualifications.likeIt ?? 0) === before + 1, 'adding the same qualification twice counted it twice');
      const mine = await held(t, participantId, proposalId);
      assert(same(mine, ['likeIt']), `the participant's vote reads back with qualifications ${JSON.stringify(mine)}, expected ["likeIt"]`);
      assert((await counted(t, proposalId, 'likeIt')) === before + 1, 'the proposal read back does not count the qualification');
      const removed = await qualify(false, 4);
      assert((removed.qualifications.likeIt ?? 0) === before, 'removing the qualification did not uncount it');
      assert(same(await held(t, participantId, proposalId), []), 'a removed qualification is still read back');
    },
  },
  {
    title: 'qualify: refuses a qualification without a vote, or of another vote key, with conflict',
    needs: 'qualify',
    async run(t) {
      const proposalId = t.data.proposalIds[1]!;
      const participantId = freshParticipant();
      const qualify = async (qualification: QualificationKey, ms: number) =>
        (await t.with('qualify')).qualify({ proposalId, participantId, qualification, active: true, votedAt: at(ms) });
      await rejectsWith(qualify('likeIt', 1), 'conflict', 'a qualification without a vote');
      await (await t.next()).castVote({ proposalId, participantId, key: 'disagree', votedAt: at(2) });
      await rejectsWith(qualify('likeIt', 3), 'conflict', 'an agree qualification on a disagree vote');
      await (await t.next()).castVote({ proposalId, participantId, key: null, votedAt: at(4) });
      await rejectsWith(qualify('noWay', 5), 'conflict', 'a qualification after the vote was withdrawn');
    },
  },
  {
    title: 'qualify: a changed or withdrawn vote drops its qualifications, the same key again keeps them',
    needs: 'qualify',
    async run(t) {
      const proposalId = t.data.proposalIds[0]!;
      const participantId = freshParticipant();
      const before = await counted(t, proposalId, 'likeIt');
      const vote = async (key: 'agree' | 'disagree' | null, ms: number) =>
        (await t.next()).castVote({ proposalId, participantId, key, votedAt: at(ms) });
      const like = async (ms: number) =>
        (await t.with('qualify')).qualify({ proposalId, participantId, qualification: 'likeIt', active: true, votedAt: at(ms) });
      await vote('agree', 1);
      await like(2);
      await vote('agree', 3);
      assert(same(await held(t, participantId, proposalId), ['likeIt']), 'voting the same key again dropped its qualification');
      await vote('disagree', 4);
      assert(same(await held(t, participantId, proposalId), []), 'a changed vote kept the old key\'s qualification');
      assert((await counted(t, proposalId, 'likeIt')) === before, 'a changed vote left its old qualification counted');
      await vote('agree', 5);
      assert(same(await held(t, participantId, proposalId), []), 'voting agree again brought back a dropped qualification');
      await like(6);
      await vote(null, 7);
      assert((await counted(t, proposalId, 'likeIt')) === before, 'a withdrawn vote left its qualification counted');
    },
  },
];
