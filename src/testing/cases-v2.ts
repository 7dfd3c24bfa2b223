import type { ConsultAdapter } from '../adapters/adapter.js';
import { ConsultError } from '../adapters/errors.js';
import { VoteReceiptSchema } from '../adapters/receipts.js';
import { ParticipantVote, type QualificationKey, type VoteKey } from '../protocol/index.js';
import { assert, at, conforms, ContractFailure, freshParticipant, sameTally } from './checks.js';
import type { ContractCase } from './cases-core.js';
import type { CaseContext } from './fixture.js';
import { Skip } from './runner.js';

/** The participant's vote on a proposal as the list reads it back (`null`: none). */
async function listed(adapter: ConsultAdapter, participantId: string, consultationId: string, proposalId: string): Promise<ParticipantVote | null> {
  const votes = await adapter.getParticipantVotes(participantId, consultationId);
  return votes.find((v) => v.proposalId === proposalId) ?? null;
}

/** Whether `value` is made of JSON values only (plain objects, arrays, strings, finite numbers, booleans, null). */
function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && Object.values(value).every(isJson);
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && b.every((x) => a.includes(x));

/**
 * Opaque data (contract v2): what a read returns in `Proposal.meta` (a Make.org-shaped API's
 * `proposalKey`) comes back in `castVote` / `qualify`, as JSON (withDelivery stores queued writes
 * as JSON: a reload delivers what survived that); a v1 caller, who sends none, is still served.
 * Skipped when the adapter's reads carry no `meta`.
 */
export const opaqueDataCases: ContractCase[] = [
  {
    title: 'opaque data: the meta a read returns is taken back by castVote and qualify; a write without it still works',
    async run(t) {
      const { proposalIds } = t.data;
      const proposalId = proposalIds[0]!;
      const read = await (await t.next()).getProposal(proposalId);
      if (read.meta === undefined) throw new Skip('opaque data (the adapter returns no meta with a proposal)');
      assert(read.meta !== null && typeof read.meta === 'object' && !Array.isArray(read.meta), 'meta is not a plain object');
      assert(isJson(read.meta), 'meta holds values other than JSON ones (withDelivery stores a queued write as JSON: a reload would send another meta)');
      const meta = JSON.parse(JSON.stringify(read.meta)) as typeof read.meta;
      const participantId = freshParticipant();
      const vote = async (key: VoteKey | null, ms: number, withMeta: boolean) =>
        conforms(
          VoteReceiptSchema,
          await (await t.next()).castVote({ proposalId, participantId, key, votedAt: at(ms), ...(withMeta && { meta }) }),
          'vote receipt',
        );
      assert((await vote('agree', 1, true)).key === 'agree', 'a vote given the meta of the read was not taken');
      const qualifier = await t.next();
      if (qualifier.qualify) {
        const receipt = await qualifier.qualify({ proposalId, participantId, qualification: 'likeIt', active: true, votedAt: at(2), meta });
        assert(receipt.proposalId === proposalId, 'a qualification given the meta of the read names another proposal');
        const held = await listed(await t.next(), participantId, t.data.consultationId, proposalId);
        assert(held?.qualifications.includes('likeIt'), 'a qualification given the meta of the read was not stored');
      }
      // A v1 caller (a widget of an older version, a page's own code) sends no meta.
      const v1 = async (key: VoteKey | null, ms: number) => {
        try {
          return await vote(key, ms, false);
        } catch (error) {
          throw new ContractFailure(`a write without meta (a v1 caller) was refused: ${String(error)}`);
        }
      };
      assert((await v1('disagree', 3)).key === 'disagree', 'a change of vote without meta (a v1 caller) was not taken');
      assert((await v1(null, 4)).key === null, 'a withdrawal without meta (a v1 caller) was not taken');
    },
  },
];

/** Contract v2's optional reads: `getParticipantVote` and `identify`, skipped when missing. */
export const identityCases: ContractCase[] = [
  {
    title: 'getParticipantVote: agrees with getParticipantVotes, null without a vote',
    needs: 'getParticipantVote',
    async run(t) {
      const { consultationId, proposalIds } = t.data;
      const [first, second] = proposalIds as [string, string];
      const participantId = freshParticipant();
      const one = async (proposalId: string) => {
        const vote = await (await t.with('getParticipantVote')).getParticipantVote(participantId, proposalId);
        return vote === null ? null : conforms(ParticipantVote, vote, 'getParticipantVote answer');
      };
      assert((await one(first)) === null, 'a participant who never voted has a vote');
      await (await t.next()).castVote({ proposalId: first, participantId, key: 'agree', votedAt: at(1) });
      const qualifier = await t.next();
      if (qualifier.qualify) await qualifier.qualify({ proposalId: first, participantId, qualification: 'likeIt', active: true, votedAt: at(2) });
      const alone = await one(first);
      const inList = await listed(await t.next(), participantId, consultationId, first);
      assert(alone && inList, `getParticipantVote says ${JSON.stringify(alone)}, getParticipantVotes ${JSON.stringify(inList)}`);
      assert(alone.proposalId === first && alone.key === inList.key, `getParticipantVote says ${alone.key} on ${alone.proposalId}, the list ${inList.key}`);
      assert(sameSet(alone.qualifications, inList.qualifications), `qualifications ${JSON.stringify(alone.qualifications)}, the list ${JSON.stringify(inList.qualifications)}`);
      assert((await one(second)) === null, 'a vote on one proposal shows on another');
      await (await t.next()).castVote({ proposalId: first, participantId, key: null, votedAt: at(3) });
      assert((await one(first)) === null, 'a withdrawn vote is still read back');
    },
  },
  {
    title: 'identify: a stable non-empty id, usable in castVote and the vote reads',
    needs: 'identify',
    async run(t) {
      const { consultationId, proposalIds } = t.data;
      const proposalId = proposalIds[2] ?? proposalIds[0]!;
      // An identity belongs to a session: this case uses one adapter throughout (as subscribe does).
      const adapter = await t.with('identify');
      const id = await adapter.identify();
      assert(typeof id === 'string' && id.trim() !== '', `identify answered ${JSON.stringify(id)}, not a participant id`);
      assert((await adapter.identify()) === id, 'identify answered another id the second time');
      // Real click times: the identified participant may have voted in an earlier run on this backend.
      const now = Date.now();
      const receipt = await adapter.castVote({ proposalId, participantId: id, key: 'agree', votedAt: new Date(now).toISOString() });
      assert(receipt.key === 'agree', `a vote in the identified participant's name answered ${String(receipt.key)}`);
      const held = await listed(adapter, id, consultationId, proposalId);
      assert(held?.key === 'agree', `the identified participant's votes read back ${JSON.stringify(held)}`);
      if (adapter.getParticipantVote) {
        const alone = await adapter.getParticipantVote(id, proposalId);
        assert(alone?.key === 'agree', `getParticipantVote for the identified participant says ${JSON.stringify(alone)}`);
      }
      await adapter.castVote({ proposalId, participantId: id, key: null, votedAt: new Date(now + 1).toISOString() });
    },
  },
];

/** What a fresh read says the participant holds on the proposal: key, qualifications, tally. */
async function freshState(t: CaseContext, participantId: string, proposalId: string) {
  const vote = await listed(await t.next(), participantId, t.data.consultationId, proposalId);
  const proposal = await (await t.next()).getProposal(proposalId);
  return { key: vote?.key ?? null, qualifications: vote?.qualifications ?? ([] as QualificationKey[]), votes: proposal.votes };
}

/**
 * A failed change of vote (contract v2): the rejection says what the backend now holds
 * (`ConsultError.state`), so the card shows that, never a vote the backend does not hold. Needs the
 * fixture's `failNextChange` hook (see ContractFaults); skipped without it.
 */
export const failedChangeCases: ContractCase[] = [
  {
    title: 'failed change: a change of vote that fails partway rejects with the state the backend holds',
    async run(t) {
      const breakChange = t.faults.failNextChange;
      if (typeof breakChange !== 'function') throw new Skip('failed change (the fixture has no failNextChange)');
      const proposalId = t.data.proposalIds[1]!;
      const participantId = freshParticipant();
      await (await t.next()).castVote({ proposalId, participantId, key: 'agree', votedAt: at(1) });
      await breakChange.call(t.faults, { proposalId, participantId, from: 'agree', to: 'disagree' });
      let failure: unknown;
      try {
        const receipt = await (await t.next()).castVote({ proposalId, participantId, key: 'disagree', votedAt: at(2) });
        failure = `it resolved (key ${String(receipt.key)}, delivery ${receipt.delivery})`;
      } catch (error) {
        failure = error;
      }
      assert(
        failure instanceof ConsultError,
        `the change failNextChange broke should reject with a ConsultError, but ${failure instanceof Error ? `rejected with ${String(failure)}` : String(failure)}` +
          ' (an adapter wrapped by withDelivery keeps a retryable failure for later: run this case on the adapter itself)',
      );
      const { state } = failure;
      assert(state, `the rejection (${failure.code}: ${failure.message}) carries no state: the card cannot know which vote the backend holds`);
      const held = await freshState(t, participantId, proposalId);
      assert(state.key === held.key, `the rejection says the backend holds ${String(state.key)}, a fresh read says ${String(held.key)}`);
      if (state.votes) sameTally(state.votes, held.votes, "the rejection's tally against a fresh read");
      if (state.qualifications) {
        const said = state.qualifications;
        assert(sameSet(said, held.qualifications), `the rejection says qualifications ${JSON.stringify(said)}, a fresh read ${JSON.stringify(held.qualifications)}`);
      }
      // The fault was for one change: the participant can change the vote again.
      const again = await (await t.next()).castVote({ proposalId, participantId, key: 'disagree', votedAt: at(3) });
      assert(again.key === 'disagree', `changing the vote again after the failure answered ${String(again.key)}`);
    },
  },
];
