import * as z from 'zod/mini';
import type { ConsultAdapter } from '../adapters/adapter.js';
import { ConsultError } from '../adapters/errors.js';
import { VoteReceiptSchema } from '../adapters/receipts.js';
import { Consultation, ConsultationResults, ParticipantVote, ParticipationErased, Proposal, ProposalPage, type Tally } from '../protocol/index.js';

/** What the contract suite needs from the adapter under test. */
export interface ContractFixture {
  adapter: ConsultAdapter;
  /** An open consultation with at least three accepted proposals. */
  consultationId: string;
  /** Ids of at least two accepted proposals of that consultation. */
  proposalIds: string[];
  /** A proposal of a closed consultation, if the backend can have one: votes on it must fail `closed`. */
  closedProposalId?: string;
  /**
   * A participant the adapter can erase (`eraseParticipation`), when its backend refuses a bare
   * id: consult-server erases only with the participant's token, so a `RestAdapter` fixture names
   * the browser's anonymous participant (it holds the issued token). Default: a fresh id.
   */
  erasableParticipantId?: string;
}

type TestFn = (name: string, body: () => Promise<void>) => unknown;

export interface ContractOptions {
  /** Defaults to the global `describe` (mocha, jest, vitest with globals); pass node:test's otherwise. */
  describe?: (name: string, body: () => void) => unknown;
  it?: TestFn;
}

class ContractFailure extends Error {}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractFailure(message);
}

function conforms<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const result = z.safeParse(schema, value);
  assert(result.success, `${what} does not match protocol v1: ${result.success ? '' : z.prettifyError(result.error)}`);
  return result.data;
}

async function rejectsWith(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert(error instanceof ConsultError, `${what}: rejected with ${String(error)}, not a ConsultError`);
    assert(error.code === code, `${what}: expected code "${code}", got "${error.code}" (${error.message})`);
    return;
  }
  throw new ContractFailure(`${what}: expected a rejection with code "${code}", but it resolved`);
}

function sameTally(actual: Tally, expected: Tally, what: string): void {
  assert(
    actual.agree === expected.agree && actual.disagree === expected.disagree && actual.neutral === expected.neutral,
    `${what}: tally ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
  );
}

let sequence = 0;
/** A participant id no earlier test used, so tests never see each other's votes. */
function freshParticipant(): string {
  sequence += 1;
  return `contract-${Date.now().toString(36)}-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Click times in the past: a backend counts a `votedAt` more than a few minutes in its future at
 * its receive time (`countedClick`), so future times would be ordered by arrival, not as written.
 */
const at = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms).toISOString();

/**
 * The behaviour every `ConsultAdapter` must have, as a test suite. Run it against your adapter:
 *
 * ```js
 * import { runAdapterContract } from 'consult-widgets/testing';
 * runAdapterContract('MyAdapter', async () => ({ adapter, consultationId: 'c1', proposalIds: ['p1', 'p2'] }));
 * ```
 * `setup` runs before each test and may return a fresh backend or the same one.
 */
export function runAdapterContract(
  name: string,
  setup: () => ContractFixture | Promise<ContractFixture>,
  options: ContractOptions = {},
): void {
  const g = globalThis as unknown as { describe?: ContractOptions['describe']; it?: TestFn };
  const describe = options.describe ?? g.describe;
  const it = options.it ?? g.it;
  if (!describe || !it) throw new Error('runAdapterContract needs describe and it (pass them in options).');

  const test = (title: string, body: (f: ContractFixture) => Promise<void>) =>
    it(title, async () => body(await setup()));

  describe(`ConsultAdapter contract: ${name}`, () => {
    test('gets a consultation that matches the protocol', async ({ adapter, consultationId }) => {
      const consultation = conforms(Consultation, await adapter.getConsultation(consultationId), 'consultation');
      assert(consultation.id === consultationId, `asked for "${consultationId}", got "${consultation.id}"`);
    });

    test('gets a proposal that matches the protocol', async ({ adapter, proposalIds, consultationId }) => {
      const proposal = conforms(Proposal, await adapter.getProposal(proposalIds[0]!), 'proposal');
      assert(proposal.id === proposalIds[0], `asked for "${proposalIds[0]}", got "${proposal.id}"`);
      assert(proposal.consultationId === consultationId, 'the proposal belongs to another consultation');
    });

    test('rejects unknown ids with not_found', async ({ adapter }) => {
      await rejectsWith(adapter.getProposal('no-such-proposal-9f3a'), 'not_found', 'getProposal(unknown)');
      await rejectsWith(adapter.getConsultation('no-such-consultation-9f3a'), 'not_found', 'getConsultation(unknown)');
    });

    test('lists accepted proposals page by page without repeats', async ({ adapter, consultationId }) => {
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const result = conforms(
          ProposalPage,
          await adapter.listProposals(consultationId, { limit: 2, ...(cursor ? { cursor } : {}) }),
          'proposal page',
        );
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
    });

    test('casts, repeats, changes and withdraws a vote, moving the tally each time', async ({ adapter, proposalIds }) => {
      const proposalId = proposalIds[0]!;
      const participantId = freshParticipant();
      const before = (await adapter.getProposal(proposalId)).votes;
      const cast = (key: 'agree' | 'disagree' | null, ms: number) =>
        adapter.castVote({ proposalId, participantId, key, votedAt: at(ms) }).then((r) =>
          conforms(VoteReceiptSchema, r, 'vote receipt'),
        );
      const agreed = await cast('agree', 1);
      assert(agreed.key === 'agree' && agreed.proposalId === proposalId, 'the receipt does not echo the vote');
      sameTally(agreed.votes, { ...before, agree: before.agree + 1 }, 'after agree');
      sameTally((await cast('agree', 2)).votes, agreed.votes, 'the same vote again (idempotent)');
      const changed = await cast('disagree', 3);
      sameTally(changed.votes, { ...before, disagree: before.disagree + 1 }, 'after changing to disagree');
      const withdrawn = await cast(null, 4);
      assert(withdrawn.key === null, 'a withdrawal answers key null');
      sameTally(withdrawn.votes, before, 'after withdrawal');
    });

    test('ignores a write older than the vote it holds', async ({ adapter, proposalIds }) => {
      const proposalId = proposalIds[1]!;
      const participantId = freshParticipant();
      await adapter.castVote({ proposalId, participantId, key: 'agree', votedAt: at(2000) });
      const late = await adapter.castVote({ proposalId, participantId, key: 'disagree', votedAt: at(1000) });
      assert(late.key === 'agree', `a late write changed the vote to ${String(late.key)}`);
      const lateWithdrawal = await adapter.castVote({ proposalId, participantId, key: null, votedAt: at(1500) });
      assert(lateWithdrawal.key === 'agree', 'a late withdrawal undid a newer vote');
    });

    test("reports the participant's current votes", async ({ adapter, proposalIds, consultationId }) => {
      const participantId = freshParticipant();
      const [first, second] = proposalIds as [string, string];
      await adapter.castVote({ proposalId: first, participantId, key: 'neutral', votedAt: at(1) });
      await adapter.castVote({ proposalId: second, participantId, key: 'agree', votedAt: at(2) });
      await adapter.castVote({ proposalId: second, participantId, key: null, votedAt: at(3) });
      const votes = await adapter.getParticipantVotes(participantId, consultationId);
      votes.forEach((v, i) => conforms(ParticipantVote, v, `vote ${i}`));
      assert(votes.length === 1, `expected 1 current vote, got ${votes.length}`);
      assert(votes[0]!.proposalId === first && votes[0]!.key === 'neutral', `got ${JSON.stringify(votes)}`);
    });

    test('counts one vote per participant', async ({ adapter, proposalIds }) => {
      const proposalId = proposalIds[0]!;
      const before = (await adapter.getProposal(proposalId)).votes;
      const a = freshParticipant();
      const b = freshParticipant();
      await adapter.castVote({ proposalId, participantId: a, key: 'agree', votedAt: at(1) });
      await adapter.castVote({ proposalId, participantId: a, key: 'agree', votedAt: at(2) });
      const last = await adapter.castVote({ proposalId, participantId: b, key: 'agree', votedAt: at(1) });
      sameTally(last.votes, { ...before, agree: before.agree + 2 }, 'two participants, one repeating');
    });

    test('refuses an invalid participant id with invalid_request', async ({ adapter, proposalIds }) => {
      const vote = { proposalId: proposalIds[0]!, key: 'agree' as const, votedAt: at(1) };
      await rejectsWith(adapter.castVote({ ...vote, participantId: 'short' }), 'invalid_request', 'participant "short"');
      await rejectsWith(
        adapter.castVote({ ...vote, participantId: '../../etc/passwd' }),
        'invalid_request',
        'participant "../../etc/passwd"',
      );
    });

    test('refuses votes in a closed consultation with closed', async ({ adapter, closedProposalId }) => {
      if (!closedProposalId) return; // the fixture has no closed consultation
      await rejectsWith(
        adapter.castVote({ proposalId: closedProposalId, participantId: freshParticipant(), key: 'agree', votedAt: at(1) }),
        'closed',
        'vote in a closed consultation',
      );
    });

    // The optional parts: checked when the adapter has them (the widgets that need them say
    // `unsupported` otherwise).
    test('sequence: accepted proposals the participant has not voted on, at most `size`', async ({ adapter, consultationId, proposalIds }) => {
      if (!adapter.getSequence) return;
      const participantId = freshParticipant();
      const before = await adapter.getSequence(consultationId, participantId, 100);
      for (const p of before) conforms(Proposal, p, 'a sequence item');
      assert(before.every((p) => p.status === 'accepted' && p.consultationId === consultationId), 'the sequence holds only accepted proposals of the consultation');
      assert(proposalIds.every((id) => before.some((p) => p.id === id)), 'a fresh participant is offered every proposal of the fixture');
      await adapter.castVote({ proposalId: proposalIds[0]!, participantId, key: 'agree', votedAt: at(1) });
      const after = await adapter.getSequence(consultationId, participantId, 100);
      assert(!after.some((p) => p.id === proposalIds[0]), 'a proposal the participant voted on is not offered again');
      assert((await adapter.getSequence(consultationId, participantId, 1)).length === 1, 'size limits the sequence');
    });

    test('submission: pending, and a repeated requestId is answered with the same id', async ({ adapter, consultationId }) => {
      if (!adapter.submitProposal) return;
      const consultation = await adapter.getConsultation(consultationId);
      const body = 'x'.repeat(Math.max(consultation.proposalMinLength, 20));
      const content = `${consultation.proposalPrefix ? `${consultation.proposalPrefix} ` : ''}${body}`.slice(0, consultation.proposalMaxLength);
      const input = { consultationId, participantId: freshParticipant(), requestId: freshParticipant().slice(0, 40), content };
      const first = await adapter.submitProposal(input);
      assert(first.status === 'pending' && typeof first.id === 'string', 'a submission waits for moderation');
      const again = await adapter.submitProposal(input);
      assert(again.id === first.id, `the same requestId gave another id (${again.id} ≠ ${first.id}): a retry would duplicate it`);
      await rejectsWith(adapter.submitProposal({ ...input, requestId: `${input.requestId}-long`, content: 'y'.repeat(consultation.proposalMaxLength + 1) }), 'unprocessable', 'a proposal over the maximum length');
    });

    test('erasure: votes and qualifications leave the tallies; erasing again answers zeros', async (fixture) => {
      const { adapter, consultationId, proposalIds } = fixture;
      if (!adapter.eraseParticipation) return;
      const participantId = fixture.erasableParticipantId ?? freshParticipant();
      // A clean slate first (a named participant may have voted in earlier tests).
      await adapter.eraseParticipation(participantId, consultationId);
      const [first, second] = [proposalIds[0]!, proposalIds[1]!];
      const before = await Promise.all([first, second].map(async (id) => (await adapter.getProposal(id)).votes));
      await adapter.castVote({ proposalId: first, participantId, key: 'agree', votedAt: at(1) });
      await adapter.castVote({ proposalId: second, participantId, key: 'disagree', votedAt: at(2) });
      if (adapter.qualify) await adapter.qualify({ proposalId: first, participantId, qualification: 'likeIt', active: true, votedAt: at(3) });
      const erased = conforms(ParticipationErased, await adapter.eraseParticipation(participantId, consultationId), 'the erasure');
      assert(erased.votes === 2, `erased ${erased.votes} votes, expected 2`);
      assert(erased.qualifications === (adapter.qualify ? 1 : 0), `erased ${erased.qualifications} qualifications`);
      const after = await Promise.all([first, second].map(async (id) => (await adapter.getProposal(id)).votes));
      sameTally(after[0]!, before[0]!, 'the first tally after erasure');
      sameTally(after[1]!, before[1]!, 'the second tally after erasure');
      assert((await adapter.getParticipantVotes(participantId, consultationId)).length === 0, 'an erased participant has no votes');
      const again = await adapter.eraseParticipation(participantId, consultationId);
      assert(again.votes === 0 && again.qualifications === 0 && again.submissions === 0, 'erasing again erases nothing');
    });

    test('results: match the protocol and count the consultation', async ({ adapter, consultationId }) => {
      if (!adapter.getResults) return;
      const results = conforms(ConsultationResults, await adapter.getResults(consultationId), 'the results');
      assert(results.consultationId === consultationId, 'results of another consultation');
      const votes = results.proposals.reduce((sum, p) => sum + p.votes.agree + p.votes.disagree + p.votes.neutral, 0);
      assert(votes <= results.counts.votes, `counts.votes ${results.counts.votes} < the proposals' tallies (${votes})`);
    });
  });
}
