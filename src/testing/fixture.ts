import type { ConsultAdapter } from '../adapters/adapter.js';
import type { VoteKey } from '../protocol/index.js';
import { ContractFailure } from './checks.js';
import { Skip } from './runner.js';

/** The adapter methods a backend may leave out; the cases that need one are skipped without it. */
export type OptionalMethod =
  | 'qualify'
  | 'submitProposal'
  | 'getSequence'
  | 'getResults'
  | 'eraseParticipation'
  | 'subscribe'
  | 'getParticipantVote'
  | 'identify';

/** Where the backend is and what it holds (the same in v1 and v2 fixtures). */
export interface ContractData {
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

/** The change of vote `failNextChange` is asked to break: who changes which vote, from what to what. */
export interface ContractChange {
  proposalId: string;
  participantId: string;
  from: VoteKey;
  to: VoteKey;
}

/**
 * Contract v2, optional: hooks with which an adapter's own test makes its backend fail on purpose.
 * The cases that need a hook are skipped (the runner's skip) when the fixture has none.
 */
export interface ContractFaults {
  /**
   * Make the backend fail the NEXT change of vote (`change`: agree → disagree) partway, once. For a
   * backend where a change is several requests (a Make.org-shaped API: `unvote`, then `vote`), let
   * the first succeed and answer the second with an error (e.g. 503); for a one-request backend,
   * fail that request. Called by the case "failed change" just before the `castVote` it must break
   * (in fresh mode that call uses a new adapter instance, so arm the backend or a shared fake
   * server, not one adapter instance). The case then expects `castVote` to reject with a
   * ConsultError whose `state` (HeldState) is what a fresh read returns: `state.key` the participant's
   * vote key, or `null` when the backend now holds none; `state.votes`, when given, the proposal's
   * tally. After that failure the backend must work again: the case changes the vote once more.
   */
  failNextChange?(change: ContractChange): void | Promise<void>;
}

/**
 * What the contract suite needs from the adapter under test: one `adapter` (v1: every step of a
 * test uses it), or a `createAdapter` factory ("fresh adapter per call": every step of a test
 * uses a NEW instance on the same backend, as after a reload or in a second tab, so rules kept
 * only in an instance's memory fail). With both, `adapter` takes the first step of each test.
 */
export type ContractFixture = ContractData &
  ContractFaults &
  (
    | { adapter: ConsultAdapter; createAdapter?: () => ConsultAdapter | Promise<ConsultAdapter> }
    | { adapter?: ConsultAdapter; createAdapter: () => ConsultAdapter | Promise<ConsultAdapter> }
  );

/** What a case sees: the fixture's data, and an adapter for each step. */
export interface CaseContext {
  data: ContractData;
  /** The fixture's fault hooks (contract v2): a case needing one skips itself without it. */
  faults: ContractFaults;
  /** The adapter for the next step: the same one, or a new instance in fresh mode. */
  next(): Promise<ConsultAdapter>;
  /** `next()`, for a step that calls an optional method the case needs (checked before it ran). */
  with<M extends OptionalMethod>(method: M): Promise<ConsultAdapter & Required<Pick<ConsultAdapter, M>>>;
}

/**
 * The steps of one test. The first instance is made early (to see which optional methods the
 * adapter has) and serves the first step; the instances made here are disposed at the end, when
 * they have a `dispose()` (RestAdapter's stops its outbox's timers and listeners).
 */
export class Steps implements CaseContext {
  private readonly made: ConsultAdapter[] = [];
  private first: ConsultAdapter | undefined;
  private started = false;

  constructor(private readonly fixture: ContractFixture) {}

  get data(): ContractData {
    return this.fixture;
  }

  get faults(): ContractFaults {
    return this.fixture;
  }

  /** Skip (runner's skip) when the adapter lacks `method`. */
  async require(method: OptionalMethod): Promise<void> {
    if (typeof (await this.peek())[method] !== 'function') throw new Skip(`${method} (the adapter has none)`);
  }

  async next(): Promise<ConsultAdapter> {
    const adapter = await this.peek();
    this.first = undefined;
    this.started = true;
    return adapter;
  }

  async with<M extends OptionalMethod>(method: M): Promise<ConsultAdapter & Required<Pick<ConsultAdapter, M>>> {
    const adapter = await this.next();
    if (typeof adapter[method] !== 'function') throw new ContractFailure(`an instance of the adapter has no ${method}, an earlier one had`);
    return adapter as ConsultAdapter & Required<Pick<ConsultAdapter, M>>;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.made.map(async (adapter) => (adapter as { dispose?: () => unknown }).dispose?.()));
  }

  private async peek(): Promise<ConsultAdapter> {
    if (this.first) return this.first;
    const { adapter, createAdapter } = this.fixture;
    if (!createAdapter || (adapter && !this.started)) {
      if (!adapter) throw new ContractFailure('the fixture gives neither adapter nor createAdapter');
      this.first = adapter;
    } else {
      this.first = await createAdapter();
      this.made.push(this.first);
    }
    return this.first;
  }
}
