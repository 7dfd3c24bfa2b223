import { VoteReceiptSchema } from '../adapters/receipts.js';
import { Consultation, ParticipantVote, Proposal, ProposalPage } from '../protocol/index.js';
import { assert, at, conforms, freshParticipant, rejectsWith, sameTally } from './checks.js';
import type { CaseContext, OptionalMethod } from './fixture.js';
import { Skip } from './runner.js';

/** One case of the suite; `needs` names the optional method without which it is skipped. */
export interface ContractCase {
  title: string;
  needs?: OptionalMethod;
  run(t: CaseContext): Promise<void>;
}

/**
 * Reads and votes, every adapter's part. Each call takes `await t.next()`: the same adapter, or in
 * fresh mode a new instance, so a rule that must survive a reload (last writer wins on
 * `votedAt`, a participant's votes read back) is checked across instances.
 */
export const coreCases: ContractCase[] = [
  {
    title: 'gets a consultation that matches the protocol',
    async run(t) {
      const { consultationId } = t.data;
      const consultation = conforms(Consultation, await (await t.next()).getConsultation(consultationId), 'consultation');
      assert(consultation.id === consultationId, `asked for "${consultationId}", got "${consultation.id}"`);
    },
  },
  {
    title: 'gets a proposal that matches the protocol',
    async run(t) {
      const { proposalIds, consultationId } = t.data;
      const proposal = conforms(Proposal, await (await t.next()).getProposal(proposalIds[0]!), 'proposal');
      assert(proposal.id === proposalIds[0], `asked for "${proposalIds[0]}", got "${proposal.id}"`);
      assert(proposal.consultationId === consultationId, 'the proposal belongs to another consultation');
    },
  },
  {
    title: 'rejects unknown ids with not_found',
    async run(t) {
      await rejectsWith((await t.next()).getProposal('no-such-proposal-9f3a'), 'not_found', 'getProposal(unknown)');
      await rejectsWith((await t.next()).getConsultation('no-such-consultation-9f3a'), 'not_found', 'getConsultation(unknown)');
    },
  },
  {
    title: 'lists accepted proposals page by page without repeats',
    async run(t) {
      const { consultationId } = t.data;
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const query = { limit: 2, ...(cursor ? { cursor } : {}) };
        const result = conforms(ProposalPage, await (await t.next()).listProposals(consultationId, query), 'proposal page');
        assert(result.items.length <= 2, `limit 2 gave ${result.items.length} items`);
        for (const item of result.items) {
          assert(item.status === 'accepted', `listed a ${item.status} proposal`);
          assert(item.consultationId === consultationId, 'listed a proposal of another consultation');
          assert(!seen.has(item.id), `proposal "${item.id}" listed twice`);
          seen.add(item.id);
        }
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      assert(seen.size >= 3, `expected at least 3 accepted proposals, listed ${seen.size}`);
    },
  },
  {
    title: 'casts, repeats, changes and withdraws a vote, moving the tally each time',
    async run(t) {
      const proposalId = t.data.proposalIds[0]!;
      const participantId = freshParticipant();
      const before = (await (await t.next()).getProposal(proposalId)).votes;
      const cast = async (key: 'agree' | 'disagree' | null, ms: number) =>
        conforms(VoteReceiptSchema, await (await t.next()).castVote({ proposalId, participantId, key, votedAt: at(ms) }), 'vote receipt');
      const agreed = await cast('agree', 1);
      assert(agreed.key === 'agree' && agreed.proposalId === proposalId, 'the receipt does not echo the vote');
      sameTally(agreed.votes, { ...before, agree: before.agree + 1 }, 'after agree');
      sameTally((await cast('agree', 2)).votes, agreed.votes, 'the same vote again (idempotent)');
      const changed = await cast('disagree', 3);
      sameTally(changed.votes, { ...before, disagree: before.disagree + 1 }, 'after changing to disagree');
      const withdrawn = await cast(null, 4);
      assert(withdrawn.key === null, 'a withdrawal answers key null');
      sameTally(withdrawn.votes, before, 'after withdrawal');
    },
  },
  {
    title: 'ignores a write older than the vote it holds',
    async run(t) {
      const proposalId = t.data.proposalIds[1]!;
      const participantId = freshParticipant();
      await (await t.next()).castVote({ proposalId, participantId, key: 'agree', votedAt: at(2000) });
      const late = await (await t.next()).castVote({ proposalId, participantId, key: 'disagree', votedAt: at(1000) });
      assert(late.key === 'agree', `a late write changed the vote to ${String(late.key)}`);
      const lateWithdrawal = await (await t.next()).castVote({ proposalId, participantId, key: null, votedAt: at(1500) });
      assert(lateWithdrawal.key === 'agree', 'a late withdrawal undid a newer vote');
      const held = await (await t.next()).getParticipantVotes(participantId, t.data.consultationId);
      assert(held.find((v) => v.proposalId === proposalId)?.key === 'agree', `after late writes the participant holds ${JSON.stringify(held)}`);
    },
  },
  {
    title: "reports the participant's current votes",
    async run(t) {
      const { proposalIds, consultationId } = t.data;
      const participantId = freshParticipant();
      const [first, second] = proposalIds as [string, string];
      await (await t.next()).castVote({ proposalId: first, participantId, key: 'neutral', votedAt: at(1) });
      await (await t.next()).castVote({ proposalId: second, participantId, key: 'agree', votedAt: at(2) });
      await (await t.next()).castVote({ proposalId: second, participantId, key: null, votedAt: at(3) });
      const votes = await (await t.next()).getParticipantVotes(participantId, consultationId);
      votes.forEach((v, i) => conforms(ParticipantVote, v, `vote ${i}`));
      assert(votes.length === 1, `expected 1 current vote, got ${votes.length}`);
      assert(votes[0]!.proposalId === first && votes[0]!.key === 'neutral', `got ${JSON.stringify(votes)}`);
    },
  },
  {
    title: 'counts one vote per participant',
    async run(t) {
      const proposalId = t.data.proposalIds[0]!;
      const before = (await (await t.next()).getProposal(proposalId)).votes;
      const a = freshParticipant();
      const b = freshParticipant();
      await (await t.next()).castVote({ proposalId, participantId: a, key: 'agree', votedAt: at(1) });
      await (await t.next()).castVote({ proposalId, participantId: a, key: 'agree', votedAt: at(2) });
      const last = await (await t.next()).castVote({ proposalId, participantId: b, key: 'agree', votedAt: at(1) });
      sameTally(last.votes, { ...before, agree: before.agree + 2 }, 'two participants, one repeating');
    },
  },
  {
    title: 'refuses an invalid participant id with invalid_request',
    async run(t) {
      const vote = { proposalId: t.data.proposalIds[0]!, key: 'agree' as const, votedAt: at(1) };
      await rejectsWith((await t.next()).castVote({ ...vote, participantId: 'short' }), 'invalid_request', 'participant "short"');
      await rejectsWith(
        (await t.next()).castVote({ ...vote, participantId: '../../etc/passwd' }),
        'invalid_request',
        'participant "../../etc/passwd"',
      );
    },
  },
  {
    title: 'refuses votes in a closed consultation with closed',
    async run(t) {
      const { closedProposalId } = t.data;
      if (!closedProposalId) throw new Skip('closed consultation (the fixture names no closedProposalId)');
      await rejectsWith(
        (await t.next()).castVote({ proposalId: closedProposalId, participantId: freshParticipant(), key: 'agree', votedAt: at(1) }),
        'closed',
        'vote in a closed consultation',
      );
    },
  },
];
