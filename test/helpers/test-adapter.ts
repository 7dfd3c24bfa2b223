import type { CastVote, ConsultAdapter, ProposalUpdate, VoteReceipt } from '../../src/adapters/adapter.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { Consultation, ParticipantVote, Proposal, ProposalPage } from '../../src/protocol/index.js';
import { seed } from './seed.js';

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Resolves after every queued microtask has run (a task boundary, not a duration): lets promise
 * chains that a test cannot await directly settle before it checks that nothing happened.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

let names = 0;
/** A registry name no other test uses, since the adapter registry is page-wide. */
export function uniqueName(prefix = 'test'): string {
  return `${prefix}-${++names}-${Math.random().toString(36).slice(2, 8)}`;
}

type Method = 'getConsultation' | 'getProposal' | 'listProposals' | 'getParticipantVotes' | 'castVote';

export interface Call {
  method: Method;
  args: unknown[];
  /** What the call resolved or rejected with, once it has. */
  result: Promise<unknown>;
}

/**
 * An adapter for component tests: by default a MemoryAdapter over the test seed, but it records
 * every call, can hold calls of chosen methods until the test releases them (a "slow" backend
 * with no timers), lets single methods be replaced, and can push updates to subscribed cards.
 */
export class TestAdapter implements ConsultAdapter {
  readonly calls: Call[] = [];
  /**
   * The participant the base adapter sees for every call (`undefined`: the one the card sent).
   * Cards outside a consultation use the browser's anonymous id from localStorage, which test files
   * running at the same time in other pages of this origin may reset; pinning it keeps a vote cast
   * in one step visible to the next. `calls` still records what the card sent.
   */
  oneParticipant: string | undefined = 'test-participant-0';
  private readonly holding = new Set<Method>();
  private readonly gates = new Map<Method, Deferred<void>[]>();
  private readonly listeners = new Map<string, Set<(update: ProposalUpdate) => void>>();

  constructor(
    private readonly overrides: Partial<Pick<ConsultAdapter, Method>> = {},
    readonly base: ConsultAdapter = new MemoryAdapter(seed),
  ) {}

  /** Calls of these methods wait (from now on) until `release`. */
  hold(...methods: Method[]): this {
    for (const method of methods) this.holding.add(method);
    return this;
  }

  /** Stop holding `method` and let its waiting calls go on, in the order they were made. */
  releaseAll(method: Method): void {
    this.holding.delete(method);
    for (const gate of this.gates.get(method)?.splice(0) ?? []) gate.resolve();
  }

  /** Let one waiting call go on (index among those still waiting); later calls keep waiting. */
  releaseOne(method: Method, index = 0): void {
    const gate = this.gates.get(method)?.splice(index, 1)[0];
    if (!gate) throw new Error(`No ${method} call is waiting at index ${index}.`);
    gate.resolve();
  }

  waiting(method: Method): number {
    return this.gates.get(method)?.length ?? 0;
  }

  count(method: Method): number {
    return this.callsOf(method).length;
  }

  callsOf(method: Method): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Send an update to the cards subscribed to `update.proposalId`, as a live backend would. */
  push(update: ProposalUpdate): void {
    for (const listener of this.listeners.get(update.proposalId) ?? []) listener(update);
  }

  subscribers(proposalId: string): number {
    return this.listeners.get(proposalId)?.size ?? 0;
  }

  getConsultation(consultationId: string): Promise<Consultation> {
    return this.run('getConsultation', [consultationId]);
  }

  getProposal(proposalId: string): Promise<Proposal> {
    return this.run('getProposal', [proposalId]);
  }

  listProposals(consultationId: string): Promise<ProposalPage> {
    return this.run('listProposals', [consultationId]);
  }

  getParticipantVotes(participantId: string, consultationId: string): Promise<ParticipantVote[]> {
    return this.run('getParticipantVotes', [participantId, consultationId]);
  }

  castVote(vote: CastVote): Promise<VoteReceipt> {
    return this.run('castVote', [vote]);
  }

  subscribe(proposalId: string, listener: (update: ProposalUpdate) => void): () => void {
    const set = this.listeners.get(proposalId) ?? new Set();
    set.add(listener);
    this.listeners.set(proposalId, set);
    const offBase = this.base.subscribe?.(proposalId, listener);
    return () => {
      set.delete(listener);
      offBase?.();
    };
  }

  private run<T>(method: Method, args: unknown[]): Promise<T> {
    const gate = this.holding.has(method) ? deferred() : undefined;
    if (gate) this.gates.set(method, [...(this.gates.get(method) ?? []), gate]);
    const target = (this.overrides[method] ?? this.base[method]) as (...a: unknown[]) => Promise<T>;
    const sent = this.pinParticipant(method, args);
    const result = (async () => {
      await gate?.promise;
      return target.apply(this.overrides[method] ? this.overrides : this.base, sent);
    })();
    this.calls.push({ method, args, result: result.catch((error: unknown) => error) });
    return result;
  }

  private pinParticipant(method: Method, args: unknown[]): unknown[] {
    const id = this.oneParticipant;
    if (id && method === 'castVote') return [{ ...(args[0] as CastVote), participantId: id }];
    if (id && method === 'getParticipantVotes') return [id, ...args.slice(1)];
    return args;
  }
}
