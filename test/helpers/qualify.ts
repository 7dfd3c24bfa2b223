// Shared by the qualification and `live` tests of <consult-proposal>: an adapter that counts and
// can hold its calls, and what a participant sees of the qualification buttons.
import { waitUntil } from '@open-wc/testing';
import type { CastVote, ConsultAdapter, ProposalUpdate, Qualify, QualifyReceipt, VoteReceipt } from '../../src/adapters/adapter.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import type { Consultation, ParticipantVote, Proposal, ProposalPage, QualificationKey } from '../../src/protocol/index.js';
import { consultations, proposals } from './seed.js';
import { deferred, type Deferred } from './test-adapter.js';

/** The test seed, with qualification counts on p1 (other people's). */
export const qualifiedSeed = {
  consultations,
  proposals: proposals.map((p) => (p.id === 'p1' ? { ...p, qualifications: { likeIt: 5, doable: 2, noWay: 1 } } : p)),
};

type Held = 'getProposal' | 'castVote' | 'qualify';

/**
 * A MemoryAdapter that counts what the card asks, can hold calls until the test releases them, can
 * have single methods replaced, and can push updates to the card like a live backend. A held
 * `getProposal` answers what the backend held when it was called (a read that started before a
 * write and ends after it). The participant is pinned (see TestAdapter.oneParticipant).
 */
export class CountingAdapter implements ConsultAdapter {
  readonly base: MemoryAdapter;
  /** When each `getProposal` call started (ms, performance.now()). */
  readonly reads: number[] = [];
  readsInFlight = 0;
  maxReadsInFlight = 0;
  readonly votes: CastVote[] = [];
  readonly qualifies: Qualify[] = [];
  /**
   * Answer the very same object while the proposal is unchanged, as the REST adapter does with
   * ETags; `answerTouches` then counts every property read of such an answer.
   */
  sameObjectWhenUnchanged = false;
  answerTouches = 0;
  participant = 'test-participant-q';
  private readonly holding = new Set<Held>();
  private readonly gates = new Map<Held, Deferred<void>[]>();
  private readonly listeners = new Map<string, Set<(update: ProposalUpdate) => void>>();
  private lastAnswer?: { json: string; value: Proposal };

  constructor(
    readonly overrides: { castVote?: ConsultAdapter['castVote']; qualify?: ConsultAdapter['qualify'] } = {},
    base = new MemoryAdapter(qualifiedSeed),
  ) {
    this.base = base;
  }

  hold(...methods: Held[]): this {
    for (const method of methods) this.holding.add(method);
    return this;
  }

  /** Stop holding `method` and let its waiting calls go on, in order. */
  release(method: Held): void {
    this.holding.delete(method);
    for (const gate of this.gates.get(method)?.splice(0) ?? []) gate.resolve();
  }

  waiting(method: Held): number {
    return this.gates.get(method)?.length ?? 0;
  }

  push(update: ProposalUpdate): void {
    for (const listener of this.listeners.get(update.proposalId) ?? []) listener(update);
  }

  getConsultation(id: string): Promise<Consultation> {
    return this.base.getConsultation(id);
  }

  async getProposal(id: string): Promise<Proposal> {
    this.reads.push(performance.now());
    this.readsInFlight++;
    this.maxReadsInFlight = Math.max(this.maxReadsInFlight, this.readsInFlight);
    try {
      const seen = await this.base.getProposal(id);
      await this.gate('getProposal');
      if (!this.sameObjectWhenUnchanged) return seen;
      const json = JSON.stringify(seen);
      if (this.lastAnswer?.json === json) return this.lastAnswer.value;
      // `then` is read by every promise that resolves with the answer: not a look at it.
      const touch = (key: PropertyKey) => void (key !== 'then' && this.answerTouches++);
      const value = new Proxy(seen, { get: (target, key, receiver) => (touch(key), Reflect.get(target, key, receiver)) });
      this.lastAnswer = { json, value };
      return value;
    } finally {
      this.readsInFlight--;
    }
  }

  listProposals(id: string): Promise<ProposalPage> {
    return this.base.listProposals(id);
  }

  getParticipantVotes(_participantId: string, consultationId: string): Promise<ParticipantVote[]> {
    return this.base.getParticipantVotes(this.participant, consultationId);
  }

  async castVote(vote: CastVote): Promise<VoteReceipt> {
    this.votes.push(vote);
    await this.gate('castVote');
    const pinned = { ...vote, participantId: this.participant };
    return this.overrides.castVote ? this.overrides.castVote(pinned) : this.base.castVote(pinned);
  }

  async qualify(q: Qualify): Promise<QualifyReceipt> {
    this.qualifies.push(q);
    await this.gate('qualify');
    const pinned = { ...q, participantId: this.participant };
    return this.overrides.qualify ? this.overrides.qualify(pinned) : this.base.qualify(pinned);
  }

  subscribe(proposalId: string, listener: (update: ProposalUpdate) => void): () => void {
    const set = this.listeners.get(proposalId) ?? new Set();
    set.add(listener);
    this.listeners.set(proposalId, set);
    const off = this.base.subscribe(proposalId, listener);
    return () => {
      set.delete(listener);
      off();
    };
  }

  /** Another participant votes (and qualifies) on the backend directly. */
  async someoneElse(id: string, proposalId: string, key: CastVote['key'], qualifications: QualificationKey[] = []): Promise<void> {
    const votedAt = new Date().toISOString();
    await this.base.castVote({ proposalId, participantId: id, key, votedAt });
    for (const qualification of qualifications) {
      await this.base.qualify({ proposalId, participantId: id, qualification, active: true, votedAt });
    }
  }

  private async gate(method: Held): Promise<void> {
    if (!this.holding.has(method)) return;
    const gate = deferred();
    this.gates.set(method, [...(this.gates.get(method) ?? []), gate]);
    await gate.promise;
  }
}

/** The qualification buttons, in order (none before a vote). */
export function qualificationButtons(el: ConsultProposalElement): HTMLButtonElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.qualifications button')];
}

export function qualificationButton(el: ConsultProposalElement, q: QualificationKey): HTMLButtonElement {
  const button = el.shadowRoot!.querySelector<HTMLButtonElement>(`.qualifications button[data-qualification="${q}"]`);
  if (!button) throw new Error(`no "${q}" button (shown: ${qualificationButtons(el).map((b) => b.dataset.qualification).join(', ') || 'none'})`);
  return button;
}

/** Each shown qualification's visible text: label and count, e.g. "I like it 5". */
export function qualificationTexts(el: ConsultProposalElement): string[] {
  return qualificationButtons(el).map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
}

/** The qualifications shown pressed. */
export function qualified(el: ConsultProposalElement): string[] {
  return qualificationButtons(el)
    .filter((b) => b.getAttribute('aria-pressed') === 'true')
    .map((b) => b.dataset.qualification!);
}

/** The count shown on a qualification's button. */
export function countOf(el: ConsultProposalElement, q: QualificationKey): number {
  return Number(qualificationButton(el, q).querySelector('.count')!.textContent);
}

/** Let the card's animations end (the qualification row opens; a pressed button fades in): axe judges final colours. */
export async function animationsDone(el: ConsultProposalElement): Promise<void> {
  await el.updateComplete;
  await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
}

/** Every consult-* event that reaches `target` from now on, qualifications included, until `stop()`. */
export function recordAll(target: EventTarget = document) {
  const names = ['consult-before-vote', 'consult-vote', 'consult-qualify', 'consult-error', 'consult-ready'] as const;
  const events: CustomEvent[] = [];
  const listener = (event: Event) => events.push(event as CustomEvent);
  for (const name of names) target.addEventListener(name, listener);
  return {
    events,
    of: (name: (typeof names)[number]) => events.filter((e) => e.type === name),
    types: () => events.map((e) => e.type),
    stop: () => names.forEach((name) => target.removeEventListener(name, listener)),
  };
}

/** Wait until `count()` is at least `n` (a real interval elapses: allow for a busy machine). */
export async function atLeast(count: () => number, n: number, what: string, timeout = 8000): Promise<void> {
  await waitUntil(() => count() >= n, `${what}: ${count()} after ${timeout} ms, wanted ${n}`, { timeout, interval: 50 });
}
