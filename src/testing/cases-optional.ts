import type { ProposalUpdate } from '../adapters/adapter.js';
import { ConsultationResults, ParticipationErased, Proposal, Tally } from '../protocol/index.js';
import { assert, at, conforms, freshParticipant, rejectsWith, sameTally } from './checks.js';
import type { ContractCase } from './cases-core.js';

/**
 * The optional parts, checked when the adapter has them (the widgets that need them say
 * `unsupported` otherwise); without the method, the case is reported skipped, never passed.
 */
export const optionalCases: ContractCase[] = [
  {
    title: 'getSequence: accepted proposals the participant has not voted on, at most `size`',
    needs: 'getSequence',
    async run(t) {
      const { consultationId, proposalIds } = t.data;
      const participantId = freshParticipant();
      const before = await (await t.with('getSequence')).getSequence(consultationId, participantId, 100);
      for (const p of before) conforms(Proposal, p, 'a sequence item');
      assert(before.every((p) => p.status === 'accepted' && p.consultationId === consultationId), 'the sequence holds only accepted proposals of the consultation');
      assert(proposalIds.every((id) => before.some((p) => p.id === id)), 'a fresh participant is offered every proposal of the fixture');
      await (await t.next()).castVote({ proposalId: proposalIds[0]!, participantId, key: 'agree', votedAt: at(1) });
      const after = await (await t.with('getSequence')).getSequence(consultationId, participantId, 100);
      assert(!after.some((p) => p.id === proposalIds[0]), 'a proposal the participant voted on is not offered again');
      assert((await (await t.with('getSequence')).getSequence(consultationId, participantId, 1)).length === 1, 'size limits the sequence');
    },
  },
  {
    title: 'submitProposal: pending, and a repeated requestId is answered with the same id',
    needs: 'submitProposal',
    async run(t) {
      const { consultationId } = t.data;
      const consultation = await (await t.next()).getConsultation(consultationId);
      const body = 'x'.repeat(Math.max(consultation.proposalMinLength, 20));
      const content = `${consultation.proposalPrefix ? `${consultation.proposalPrefix} ` : ''}${body}`.slice(0, consultation.proposalMaxLength);
      const input = { consultationId, participantId: freshParticipant(), requestId: freshParticipant().slice(0, 40), content };
      const first = await (await t.with('submitProposal')).submitProposal(input);
      assert(first.status === 'pending' && typeof first.id === 'string', 'a submission waits for moderation');
      // In fresh mode from another instance: a retry after a reload must not make a second proposal.
      const again = await (await t.with('submitProposal')).submitProposal(input);
      assert(again.id === first.id, `the same requestId gave another id (${again.id} ≠ ${first.id}): a retry would duplicate it`);
      await rejectsWith(
        (await t.with('submitProposal')).submitProposal({ ...input, requestId: `${input.requestId}-long`, content: 'y'.repeat(consultation.proposalMaxLength + 1) }),
        'unprocessable',
        'a proposal over the maximum length',
      );
    },
  },
  {
    title: 'eraseParticipation: votes and qualifications leave the tallies; erasing again answers zeros',
    needs: 'eraseParticipation',
    async run(t) {
      const { consultationId, proposalIds } = t.data;
      const participantId = t.data.erasableParticipantId ?? freshParticipant();
      // A clean slate first (a named participant may have voted in earlier tests).
      await (await t.with('eraseParticipation')).eraseParticipation(participantId, consultationId);
      const [first, second] = [proposalIds[0]!, proposalIds[1]!];
      const tallies = async () => Promise.all([first, second].map(async (id) => (await (await t.next()).getProposal(id)).votes));
      const before = await tallies();
      await (await t.next()).castVote({ proposalId: first, participantId, key: 'agree', votedAt: at(1) });
      await (await t.next()).castVote({ proposalId: second, participantId, key: 'disagree', votedAt: at(2) });
      const qualifier = await t.next();
      if (qualifier.qualify) await qualifier.qualify({ proposalId: first, participantId, qualification: 'likeIt', active: true, votedAt: at(3) });
      const erased = conforms(ParticipationErased, await (await t.with('eraseParticipation')).eraseParticipation(participantId, consultationId), 'the erasure');
      assert(erased.votes === 2, `erased ${erased.votes} votes, expected 2`);
      assert(erased.qualifications === (qualifier.qualify ? 1 : 0), `erased ${erased.qualifications} qualifications`);
      const after = await tallies();
      sameTally(after[0]!, before[0]!, 'the first tally after erasure');
      sameTally(after[1]!, before[1]!, 'the second tally after erasure');
      assert((await (await t.next()).getParticipantVotes(participantId, consultationId)).length === 0, 'an erased participant has no votes');
      const again = await (await t.with('eraseParticipation')).eraseParticipation(participantId, consultationId);
      assert(again.votes === 0 && again.qualifications === 0 && again.submissions === 0, 'erasing again erases nothing');
    },
  },
  {
    title: 'getResults: match the protocol and count the consultation',
    needs: 'getResults',
    async run(t) {
      const { consultationId } = t.data;
      const results = conforms(ConsultationResults, await (await t.with('getResults')).getResults(consultationId), 'the results');
      assert(results.consultationId === consultationId, 'results of another consultation');
      const votes = results.proposals.reduce((sum, p) => sum + p.votes.agree + p.votes.disagree + p.votes.neutral, 0);
      assert(votes <= results.counts.votes, `counts.votes ${results.counts.votes} < the proposals' tallies (${votes})`);
    },
  },
  {
    title: 'subscribe: updates name the proposal; an unsubscribed listener hears nothing more',
    needs: 'subscribe',
    async run(t) {
      const proposalId = t.data.proposalIds[0]!;
      const participantId = freshParticipant();
      // A subscription lives in one instance: this case uses one adapter throughout.
      const adapter = await t.with('subscribe');
      const heard: ProposalUpdate[] = [];
      const unsubscribe = adapter.subscribe(proposalId, (update) => heard.push(update));
      assert(typeof unsubscribe === 'function', 'subscribe returns no unsubscribe function');
      await adapter.castVote({ proposalId, participantId, key: 'agree', votedAt: at(1) });
      for (const update of heard) {
        assert(update.proposalId === proposalId, `a listener of "${proposalId}" heard about "${update.proposalId}"`);
        if (update.votes) conforms(Tally, update.votes, 'an update\'s tally');
      }
      unsubscribe();
      const count = heard.length;
      await adapter.castVote({ proposalId, participantId, key: null, votedAt: at(2) });
      await new Promise((resolve) => setTimeout(resolve, 0));
      assert(heard.length === count, 'a listener heard an update after unsubscribing');
    },
  },
];
