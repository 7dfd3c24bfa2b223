import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConsultAdapter, ProposalUpdate } from '../../adapters/adapter.js';
import { ConsultError } from '../../adapters/errors.js';
import { emit } from '../../internal/events.js';
import type { LoadController } from '../../internal/load.js';
import { whenNearViewport } from '../../internal/near-viewport.js';
import { warnOnce } from '../../internal/warn-once.js';
import type { Proposal, ProposalMeta } from '../../protocol/index.js';
import { fetchCardData, rereadProposal, type CardData } from './proposal.data.js';

export type Phase = 'idle' | 'loading' | 'ready' | 'error' | 'invalid';

/** What a load reads from, taken from the element when the load starts. */
export interface LoadInputs {
  adapter: ConsultAdapter | ConsultError;
  participantId: string;
  /** The consultation to use when the adapter does not know the proposal (from the context). */
  fallbackConsultationId: string | undefined;
  hasInlineText: boolean;
  /** The error to show when the card has neither a proposal-id nor inline text. */
  missingId: string;
}

/** What the card does with what its loader finds. */
export interface LoaderDelegate {
  /** The proposal the card shows; `undefined` when it has neither a proposal-id nor inline text (yet). */
  id(): string | undefined;
  /** Whether the card's text is given in the page (its content or the `content` attribute). */
  hasInlineText(): boolean;
  lazy(): boolean;
  inputs(): LoadInputs;
  /** A load starts: forget what was shown, writes in flight included (they were cast on it). */
  starting(): void;
  loaded(data: CardData): void;
  failed(error: ConsultError): void;
  /** A change the adapter pushed (a delivery, a tally). */
  pushed(update: ProposalUpdate): void;
  /** What the card needs, besides its data, before it takes a vote (its writes' code): fetched alongside. */
  prepare(): Promise<void>;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Reads a card's data from its adapter: when the card is ready to (at once, or near the viewport
 * for `loading="lazy"`), again when what it shows changes (its text), and for `live` re-reads.
 * Each load is a run of the base's `LoadController`: its `AbortSignal` goes to the adapter, a newer
 * load or the card leaving the page aborts it, and whatever an aborted run answers is dropped.
 * Keeps the adapter's subscription.
 */
export class CardLoader implements ReactiveController {
  /** The adapter of the last load that found one. */
  adapter?: ConsultAdapter;
  /** Whom the last load acted for (the adapter's `identify()` when it has one): the card's writes go in that name. */
  participantId?: string;
  /**
   * Contract v2: the adapter's opaque data from the last read of the proposal the card took (the
   * load, a `live` re-read), handed back with every write; `undefined` when the adapter gave none.
   */
  meta?: ProposalMeta;
  private currentPhase: Phase = 'idle';
  private near = false;
  private stopWatchingViewport?: () => void;
  private unsubscribe?: () => void;
  private textObserver?: MutationObserver;
  /** The proposal id the last load was for (undefined: none could be found), and whether it had inline text. */
  private loadedId?: string;
  private loadedWithText = false;
  /** The adapter's last answer for the proposal, as it gave it (`live` skips an identical one). */
  private answer: unknown;

  constructor(
    private readonly host: Host,
    private readonly loads: LoadController,
    private readonly delegate: LoaderDelegate,
  ) {
    host.addController(this);
  }

  get phase(): Phase {
    return this.currentPhase;
  }

  private set phase(phase: Phase) {
    this.currentPhase = phase;
    this.host.requestUpdate();
  }

  hostConnected(): void {
    // The card's own text may arrive after it upgrades (a <script> in <head> runs before the parser
    // reaches the text) or be changed later by the page: show it, and reload if it changes the id
    // or whether the card has inline text (an inline card's proposal may be unknown to the adapter).
    this.textObserver = new MutationObserver(() => {
      this.host.requestUpdate();
      if (this.delegate.id() !== this.loadedId || this.delegate.hasInlineText() !== this.loadedWithText) this.request();
    });
    this.textObserver.observe(this.host, { childList: true, characterData: true, subtree: true });
    if (this.phase !== 'idle') this.request();
  }

  hostDisconnected(): void {
    // The load in progress is aborted by the LoadController, a controller of the card too.
    this.textObserver?.disconnect();
    this.stopWatchingViewport?.();
    this.stopWatchingViewport = undefined;
    this.stopListening();
  }

  /** Load (again) once the card may read from its adapter; lazy cards wait to be near the viewport. */
  request(): void {
    if (this.delegate.lazy() && !this.near) {
      this.phase = 'loading';
      this.stopWatchingViewport ??= whenNearViewport(this.host, () => {
        this.near = true;
        this.stopWatchingViewport = undefined;
        void this.load();
      });
      return;
    }
    void this.load();
  }

  async load(): Promise<void> {
    const signal = this.loads.start();
    this.delegate.starting();
    this.stopListening();
    const id = this.delegate.id();
    const inputs = this.delegate.inputs();
    const { adapter } = inputs;
    this.loadedId = id;
    this.loadedWithText = inputs.hasInlineText;
    if (document.readyState === 'loading' && (!id || (!inputs.hasInlineText && mayStillBeParsed(this.host)))) {
      // Upgraded by a <script> in <head> before the parser reached the card's text: wait for it
      // (the text observer reloads when it arrives) and judge the card only once parsing ends.
      // With a proposal-id too: read without its text, an inline card unknown to the adapter fails.
      this.phase = 'loading';
      document.addEventListener('DOMContentLoaded', () => signal.aborted || this.request(), { once: true });
      return;
    }
    if (!id) return this.fail(new ConsultError('config', inputs.missingId), 'invalid');
    if (adapter instanceof ConsultError) return this.fail(adapter, 'invalid');
    this.adapter = adapter;
    this.phase = 'loading';
    try {
      const [data] = await Promise.all([fetchCardData({ ...inputs, adapter, proposalId: id, signal }), this.delegate.prepare()]);
      if (signal.aborted) return;
      this.answer = data.answer;
      ({ participantId: this.participantId, meta: this.meta } = data);
      this.delegate.loaded(data);
      this.phase = 'ready';
      // A custom adapter may return anything here; keep it only if it can be called later.
      const off: unknown = adapter.subscribe?.(id, (update) => this.delegate.pushed(update));
      this.unsubscribe = typeof off === 'function' ? (off as () => void) : undefined;
      // Listeners of consult-ready read the card: let it show the data first.
      await this.host.updateComplete;
      if (!signal.aborted) emit(this.host, 'consult-ready', { proposalId: id });
    } catch (error) {
      if (!signal.aborted) this.fail(ConsultError.from(error), 'error');
    }
  }

  /**
   * Re-read the proposal (`live`) and hand it to `show` if it is new; `show` says whether it took
   * it. A failed re-read keeps what the card shows (the next one tries again) and fires nothing.
   */
  async reread(show: (proposal: Proposal) => boolean): Promise<void> {
    const { adapter, loadedId: id } = this;
    if (this.phase !== 'ready' || !adapter || !id) return;
    // A re-read belongs to the load it refreshes: a new load or the card leaving aborts it too.
    const { signal } = this.loads;
    try {
      const fresh = await rereadProposal(adapter, id, this.answer, signal);
      if (fresh && !signal.aborted && show(fresh.proposal)) {
        this.answer = fresh.answer;
        // The backend's newest token travels with the next write (a re-read shown is the card's last read).
        this.meta = fresh.proposal.meta;
      }
    } catch (error) {
      if (signal.aborted) return;
      const problem = ConsultError.from(error);
      // An inline-text card's proposal is unknown to the adapter until someone votes: not a fault.
      if (problem.code !== 'not_found') warnOnce(this.host, `a live re-read failed: ${problem.message}`);
    }
  }

  /** Drop the adapter subscription; a custom adapter's failing unsubscribe must not throw into the page. */
  private stopListening(): void {
    const off = this.unsubscribe;
    this.unsubscribe = undefined;
    try {
      off?.();
    } catch (error) {
      console.warn('<consult-proposal>: the adapter failed to unsubscribe.', error);
    }
  }

  private fail(error: ConsultError, phase: 'error' | 'invalid'): void {
    this.phase = phase;
    warnOnce(this.host, error.message);
    this.delegate.failed(error);
  }
}

/**
 * Whether the parser may still be adding children to `element`: while a document loads, an element
 * whose end tag has been parsed has a following node (at worst the whitespace after it), at its own
 * level or at an ancestor's.
 */
function mayStillBeParsed(element: Node): boolean {
  for (let node: Node | null = element; node && node !== element.ownerDocument; node = node.parentNode) {
    if (node.nextSibling) return false;
  }
  return true;
}
