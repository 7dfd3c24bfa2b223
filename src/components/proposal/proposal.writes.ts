import type { ReactiveControllerHost } from 'lit';
import * as z from 'zod/mini';
import type { ConsultAdapter, ProposalUpdate } from '../../adapters/adapter.js';
import { checked } from '../../adapters/checked.js';
import { ConsultError } from '../../adapters/errors.js';
import { QualifyReceiptSchema, VoteReceiptSchema } from '../../adapters/receipts.js';
import type { ConsultLocale } from '../../i18n/index.js';
import { emit } from '../../internal/events.js';
import { qualifyStrings } from '../../i18n/sections/qualify.js';
import {
  QUALIFICATIONS_BY_KEY,
  Tally,
  type Proposal,
  type ProposalMeta,
  type QualificationCounts,
  type QualificationKey,
  type VoteKey,
} from '../../protocol/index.js';
import { QUALIFICATION_KEYS, QualificationKey as QualificationKeySchema, VoteKey as VoteKeySchema } from '../../protocol/index.js';
import { moveTally } from '../../results/tally.js';
import type { QualificationsRow } from './proposal.view.js';
import { QualificationState } from './proposal.qualify.js';
import { qualificationsRow } from './proposal.qualify.view.js';
import { VoteSequence } from './proposal.votes.js';

/** Where a write goes. */
export interface WriteTarget {
  adapter: ConsultAdapter;
  proposalId: string;
  participantId: string;
  /** Contract v2: the adapter's opaque data from the card's last read of the proposal, handed back as it came. */
  meta?: ProposalMeta;
}

export interface WritesDelegate {
  /** Where a write goes now; `undefined` when the card takes none (not loaded, or closed). */
  target(): WriteTarget | undefined;
  locale(): ConsultLocale;
  announce(message: string): void;
  /** A write failed for good: the writes show and announce it; the card reports it (and notes a closed consultation). */
  failed(error: ConsultError): void;
}

type Host = ReactiveControllerHost & HTMLElement;

/** Contract v2's `ConsultError.state` (errors.ts `HeldState`), checked before the card believes it. */
const HeldStateSchema = z.object({ key: z.nullable(VoteKeySchema), votes: z.optional(Tally), qualifications: z.optional(z.array(QualificationKeySchema)) });

/**
 * The participant's writes on a card: the vote and the qualifications of it. Optimistic (they show
 * in the click's frame), ordered (only the latest click's answer counts), rolled back with the
 * reason when refused, and "pending" while the adapter keeps them for later delivery.
 *
 * Its own chunk in the module embed (with the qualifications' state, view and strings): the card
 * shows a skeleton without it, and waits for it, fetched alongside its data, before it takes a vote.
 */
export class CardWrites {
  myKey: VoteKey | null = null;
  tally?: Tally;
  /** The vote waits in the adapter for later delivery. */
  pending = false;
  /** Why the last write failed (the status line says it). */
  problem?: string;
  readonly qualifications = new QualificationState();
  private readonly votes = new VoteSequence();
  /** Writes started, and those not answered yet: a `live` re-read never shows what was read around one. */
  private started = 0;
  private inFlight = 0;
  /** The latest vote in flight: a qualification waits for it (a backend qualifies only the vote it holds). */
  private voteInFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: Host,
    private readonly delegate: WritesDelegate,
  ) {}

  /** A vote or qualification the backend has not acknowledged yet. */
  get writing(): boolean {
    return this.inFlight > 0 || this.pending || this.qualifications.busy;
  }

  get startedCount(): number {
    return this.started;
  }

  /** A load starts: answers to the writes in flight, made on what the card showed, must not land. */
  forget(): void {
    this.votes.reset({ key: null });
    this.qualifications.reset(null, [], {});
    this.problem = undefined;
  }

  /** Start from what a load found. */
  reset(key: VoteKey | null, tally: Tally, mine: readonly QualificationKey[], counts: QualificationCounts): void {
    this.myKey = key;
    this.tally = tally;
    this.pending = false;
    this.votes.reset({ key, tally });
    this.qualifications.reset(key, mine, counts);
    this.host.requestUpdate();
  }

  /** Counts a `live` re-read found (taken only when nothing is being written). */
  refreshed(proposal: Proposal): void {
    this.tally = proposal.votes;
    this.votes.confirmed = { ...this.votes.confirmed, tally: proposal.votes };
    this.qualifications.refreshed(proposal.qualifications);
    this.host.requestUpdate();
  }

  /** The qualification buttons of the participant's vote; none before a vote. */
  qualificationsRow(locale: ConsultLocale, disabled: boolean, onClick: (event: Event) => void): QualificationsRow | undefined {
    const key = this.myKey;
    if (!key) return undefined;
    const state = this.qualifications;
    const items = QUALIFICATIONS_BY_KEY[key].map((q) => ({ key: q, count: state.count(q), pressed: state.has(q), waiting: state.isWaiting(q) }));
    return { row: qualificationsRow(locale, { key, items, disabled, onClick }), waiting: items.some((item) => item.waiting) };
  }

  /** Cast, change or withdraw the vote as the participant's click on `key` means. */
  async vote(key: VoteKey): Promise<void> {
    const target = this.delegate.target();
    if (!target) return;
    const { adapter, proposalId, participantId, meta } = target;
    const previousKey = this.myKey;
    const next = previousKey === key ? null : key;
    if (!emit(this.host, 'consult-before-vote', { proposalId, key: next, previousKey }, { cancelable: true })) return;

    // Optimistic: the buttons and the bar change in this frame; the adapter's answer corrects them.
    const { token, votedAt } = this.votes.next();
    this.myKey = next;
    this.tally = moveTally(this.tally, previousKey, next);
    // Another key or none: the backends drop the old key's qualifications, and so does the card.
    this.qualifications.voteChanged();
    const end = this.start();
    const call = checked(VoteReceiptSchema, 'vote receipt', () => adapter.castVote({ proposalId, participantId, key: next, votedAt, ...(meta && { meta }) }));
    this.voteInFlight = call.catch(() => undefined);
    try {
      const receipt = await call;
      if (receipt.delivery === 'acknowledged' && this.votes.acknowledged(token, { key: receipt.key, tally: receipt.votes })) {
        this.qualifications.voteAcknowledged(receipt.key);
      }
      if (!this.votes.isLatest(token)) return;
      this.myKey = receipt.key;
      this.tally = receipt.votes;
      this.pending = receipt.delivery === 'pending';
      const l = this.delegate.locale();
      this.delegate.announce(this.pending ? l.votePending : receipt.key ? l.voteRecorded : l.voteWithdrawn);
      emit(this.host, 'consult-vote', { proposalId, key: receipt.key, previousKey, delivery: receipt.delivery });
    } catch (error) {
      if (this.votes.isLatest(token)) this.rollback(ConsultError.from(error));
    } finally {
      end();
    }
  }

  /** Add or remove a qualification of the participant's vote. */
  async qualify(q: QualificationKey): Promise<void> {
    const target = this.delegate.target();
    if (!target || typeof target.adapter.qualify !== 'function' || !this.myKey) return;
    const { adapter, proposalId, participantId, meta } = target;
    const toggle = this.qualifications.toggle(q);
    const votedAt = this.votes.clock();
    const end = this.start();
    const l = this.delegate.locale();
    try {
      await this.voteInFlight;
      // The vote changed or failed meanwhile: this qualified a vote the participant no longer has.
      if (toggle.generation !== this.qualifications.generation) return void this.qualifications.failed(q, toggle);
      const receipt = await checked(QualifyReceiptSchema, 'qualification receipt', () =>
        adapter.qualify!({ proposalId, participantId, qualification: q, active: toggle.active, votedAt, ...(meta && { meta }) }),
      );
      if (!this.qualifications.settled(q, toggle, receipt)) return;
      const label = qualifyStrings(l).label[q];
      this.delegate.announce(
        receipt.delivery === 'pending' ? l.votePending : toggle.active ? qualifyStrings(l).added(label) : qualifyStrings(l).removed(label),
      );
      emit(this.host, 'consult-qualify', { proposalId, qualification: q, active: toggle.active, delivery: receipt.delivery });
    } catch (error) {
      if (this.qualifications.failed(q, toggle)) this.fail(ConsultError.from(error), qualifyStrings(l).error);
    } finally {
      end();
    }
  }

  /** A later word from the adapter: a delivery, a final refusal, a tally. */
  pushed(update: ProposalUpdate): void {
    if (update.votes) {
      const votes = z.safeParse(Tally, update.votes);
      if (votes.success) this.tally = votes.data;
      else console.warn('<consult-proposal>: the adapter pushed an invalid tally; ignored.', update.votes);
    }
    // Adapters deliver in order, a vote before its qualifications: the word is about the oldest
    // write still pending.
    const aboutQualification = !this.pending && this.qualifications.waiting;
    const l = this.delegate.locale();
    if (update.error) {
      if (!aboutQualification) return this.rollback(update.error);
      this.qualifications.refused();
      this.fail(update.error, qualifyStrings(l).error);
    } else if (update.delivery === 'acknowledged' && this.pending) {
      this.pending = false;
      const key = update.key ?? this.myKey;
      this.votes.confirmed = { key, tally: this.tally };
      this.qualifications.voteAcknowledged(key);
      this.delegate.announce(l.voteDelivered);
    } else if (update.delivery === 'acknowledged' && aboutQualification) {
      if (this.qualifications.delivered()) this.delegate.announce(qualifyStrings(l).delivered);
    }
    this.host.requestUpdate();
  }

  /** A write starts (the card shows its optimistic state now); returns the function that ends it. */
  private start(): () => void {
    this.started++;
    this.inFlight++;
    this.problem = undefined;
    this.host.requestUpdate();
    return () => {
      this.inFlight--;
      this.host.requestUpdate();
    };
  }

  /**
   * The vote failed: back to what the backend holds, its qualifications included. That is the last
   * state it confirmed, unless the error says otherwise (contract v2 `state`: a change made of two
   * requests whose second failed leaves the backend with no vote, not with the old one).
   */
  private rollback(error: ConsultError): void {
    this.holdReported(error);
    ({ key: this.myKey, tally: this.tally } = this.votes.confirmed);
    this.pending = false;
    this.qualifications.voteRolledBack();
    this.fail(error, this.delegate.locale().errors.vote);
  }

  /**
   * Take a failed vote's `state` (checked: an adapter's word is not trusted blindly) as what the
   * backend confirmed: the key, the tally (left out: the last confirmed one moved to that key) and
   * the participant's qualifications (left out: those held for the same key, none for another).
   */
  private holdReported(error: ConsultError): void {
    const parsed = z.safeParse(HeldStateSchema, error.state);
    if (!parsed.success) {
      if (error.state !== undefined) console.warn('<consult-proposal>: the adapter sent an invalid state; ignored.', error.state);
      return;
    }
    const { key, votes, qualifications } = parsed.data;
    const { key: was, tally } = this.votes.confirmed;
    this.votes.confirmed = { key, tally: votes ?? (tally && moveTally(tally, was, key)) };
    const q = this.qualifications;
    q.voteAcknowledged(key); // another key: the backend dropped the old key's qualifications
    if (qualifications) {
      q.voteRolledBack(); // what the card wants = what it believes held: `count` is the held count
      q.reset(key, qualifications, Object.fromEntries(QUALIFICATION_KEYS.map((k) => [k, q.count(k) + +qualifications.includes(k) - +q.has(k)])));
    }
  }

  private fail(error: ConsultError, what: string): void {
    this.problem = `${what} ${error.message}`;
    this.delegate.announce(`${this.delegate.locale().errorPrefix} ${this.problem}`);
    this.delegate.failed(error);
    this.host.requestUpdate();
  }
}
