import { consume } from '@lit/context';
import { LitElement, type PropertyValues } from 'lit';
import * as z from 'zod/mini';
import { property, state } from 'lit/decorators.js';
import type { ConsultAdapter, ProposalUpdate } from '../../adapters/adapter.js';
import { checked } from '../../adapters/checked.js';
import { ConsultError } from '../../adapters/errors.js';
import { anonymousParticipantId } from '../../adapters/participant.js';
import { onAdapterRegistered } from '../../adapters/registry.js';
import { VoteReceiptSchema } from '../../adapters/receipts.js';
import { langOf, localeFor, warmFormats, type ConsultLocale } from '../../i18n/index.js';
import { consultContext, type ConsultContext } from '../../internal/context.js';
import { emit } from '../../internal/events.js';
import { whenNearViewport } from '../../internal/near-viewport.js';
import { resolveAdapter } from '../../internal/resolve-adapter.js';
import { Tally, type Consultation, type Proposal, type VoteKey } from '../../protocol/index.js';
import { moveTally } from '../../results/tally.js';
import { fetchCardData } from './proposal.data.js';
import { VoteSequence } from './proposal.votes.js';
import { proposalStyles } from './proposal.styles.js';
import { cardTemplate, idFromContent } from './proposal.view.js';

type Phase = 'idle' | 'loading' | 'ready' | 'error' | 'invalid';

/**
 * A proposal card: the proposal's text, its author and theme, three vote buttons and, after a vote,
 * how everyone voted.
 *
 * @event consult-before-vote - Cancelable, before a vote is cast or withdrawn: call `preventDefault()` to ask for consent or login first.
 * @event consult-vote - The participant cast, changed or withdrew a vote and the adapter took it (`delivery` says whether the backend has it yet).
 * @event consult-error - Loading or voting failed; `code` is machine-readable.
 * @event consult-ready - The card's data is loaded.
 *
 * @csspart card - The card box.
 * @csspart theme - The theme line.
 * @csspart content - The proposal text.
 * @csspart author - The author line.
 * @csspart actions - The group of vote buttons.
 * @csspart button - Each vote button (also `button-agree`, `button-disagree`, `button-neutral`).
 * @csspart results - The results area (bar and legend).
 * @csspart bar - The share bar (segments: `bar-agree`, `bar-disagree`, `bar-neutral`).
 * @csspart status - The status line (pending, closed, errors).
 * @csspart retry - The retry button of the error state.
 *
 * @cssproperty --consult-font-family - Font of the card (inherits the page's by default).
 * @cssproperty --consult-surface - Card background.
 * @cssproperty --consult-text - Main text colour.
 * @cssproperty --consult-muted - Secondary text colour.
 * @cssproperty --consult-border - Card border colour.
 * @cssproperty --consult-accent - Focus ring and accents.
 * @cssproperty --consult-agree-color - Agree button and bar colour.
 * @cssproperty --consult-disagree-color - Disagree button, bar and error colour.
 * @cssproperty --consult-neutral-color - Neutral button and bar colour.
 * @cssproperty --consult-skeleton - Placeholder and empty bar colour.
 * @cssproperty --consult-radius - Corner radius of card and buttons.
 * @cssproperty --consult-focus-ring - Outline of the focused button.
 * @cssproperty --consult-content-lines - Lines reserved for the text before it loads (default 3).
 */
export class ConsultProposalElement extends LitElement {
  static override styles = proposalStyles;

  /** An adapter object; wins over the `adapter` attribute and over `<consult-consultation>`. */
  @property({ attribute: false }) adapter?: ConsultAdapter;
  /** Name of a registered adapter; else the enclosing consultation's, else `local`. */
  @property({ attribute: 'adapter' }) adapterName?: string;
  /** The proposal to show and vote on. Optional when the text is given inline. */
  @property({ attribute: 'proposal-id' }) proposalId?: string;
  /** Inline proposal text for static pages (the element's own text works too). Shown as text, never HTML. */
  @property() content?: string;
  /** Inline author name, age and theme label, for static pages. */
  @property({ attribute: 'author-name' }) authorName?: string;
  @property({ attribute: 'author-age', type: Number }) authorAge?: number;
  @property({ attribute: 'theme-label' }) themeLabel?: string;
  /** When to show how everyone voted. */
  @property({ attribute: 'show-results' }) showResults: 'after-vote' | 'always' | 'never' = 'after-vote';
  /** `lazy`: read nothing from the adapter until the card comes near the viewport. */
  @property() loading: 'eager' | 'lazy' = 'eager';

  @consume({ context: consultContext, subscribe: true })
  @state()
  protected context?: ConsultContext;

  @state() protected phase: Phase = 'idle';
  @state() protected proposal?: Proposal;
  @state() protected consultation?: Consultation;
  @state() protected tally?: Tally;
  @state() protected myKey: VoteKey | null = null;
  @state() protected pending = false;
  @state() protected problem?: ConsultError;
  @state() protected voteProblem?: string;
  @state() protected announcement = '';

  private activeAdapter?: ConsultAdapter;
  private visible = false;
  private stopWatchingViewport?: () => void;
  private loadToken = 0;
  private readonly votes = new VoteSequence();
  private unsubscribe?: () => void;
  private textObserver?: MutationObserver;
  private stopWatchingRegistry?: () => void;
  /** The proposal id the last load was for (undefined: none could be found). */
  private loadedId?: string;
  private focusAfterLoad = false;
  private warned = new Set<string>();

  private get locale(): ConsultLocale {
    return localeFor(langOf(this));
  }

  private get inlineContent(): string | undefined {
    return this.content?.trim() || this.textContent?.trim() || undefined;
  }

  private get effectiveId(): string | undefined {
    const inline = this.inlineContent;
    return this.proposalId || (inline ? idFromContent(inline) : undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The card's own text may arrive after it upgrades (a <script> in <head> runs before the parser
    // reaches the text) or be changed later by the page: show it, and reload if it changes the id.
    this.textObserver = new MutationObserver(() => {
      this.requestUpdate();
      if (this.effectiveId !== this.loadedId) this.requestLoad();
    });
    this.textObserver.observe(this, { childList: true, characterData: true, subtree: true });
    // An adapter registered after the card asked for it: try again.
    this.stopWatchingRegistry = onAdapterRegistered(() => {
      if (this.phase === 'invalid') this.requestLoad();
    });
    if (this.phase !== 'idle') this.requestLoad();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.textObserver?.disconnect();
    this.stopWatchingRegistry?.();
    this.stopWatchingViewport?.();
    this.stopWatchingViewport = undefined;
    this.stopListening();
    this.loadToken++;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs: PropertyKey[] = ['adapter', 'adapterName', 'proposalId', 'content', 'context', 'loading'];
    const changes = changed as Map<PropertyKey, unknown>;
    if (this.phase === 'idle' || inputs.some((name) => changes.has(name))) this.requestLoad();
  }

  /** Load (again) once the card may read from its adapter; lazy cards wait to be near the viewport. */
  private requestLoad(): void {
    if (this.loading === 'lazy' && !this.visible) {
      this.phase = 'loading';
      this.stopWatchingViewport ??= whenNearViewport(this, () => {
        this.visible = true;
        this.stopWatchingViewport = undefined;
        void this.load();
      });
      return;
    }
    void this.load();
  }

  /** Reload after an error (the retry button does this). */
  async reload(): Promise<void> {
    await this.load();
  }

  private async load(): Promise<void> {
    const token = ++this.loadToken;
    // Votes still in flight were cast on what the card showed before: their answers must not land here.
    this.votes.reset({ key: null });
    this.stopListening();
    this.problem = undefined;
    this.voteProblem = undefined;
    const id = this.effectiveId;
    this.loadedId = id;
    const adapter = resolveAdapter(this, this.adapter, this.adapterName, this.context?.adapter);
    if (!id && document.readyState === 'loading') {
      // Upgraded by a <script> in <head> before the parser reached the card's text: wait for it
      // (the text observer reloads when it arrives) and judge the card only once parsing ends.
      this.phase = 'loading';
      document.addEventListener('DOMContentLoaded', () => token === this.loadToken && this.requestLoad(), { once: true });
      return;
    }
    if (!id) return this.fail(new ConsultError('config', this.locale.errors.missingProposal), 'invalid');
    if (adapter instanceof ConsultError) return this.fail(adapter, 'invalid');
    this.activeAdapter = adapter;
    this.phase = 'loading';
    try {
      const data = await fetchCardData({
        adapter,
        proposalId: id,
        participantId: this.participantId,
        fallbackConsultationId: this.context?.consultationId,
        hasInlineText: this.inlineContent !== undefined,
      });
      if (token !== this.loadToken) return;
      ({ proposal: this.proposal, consultation: this.consultation, tally: this.tally, myKey: this.myKey } = data);
      this.votes.reset({ key: this.myKey, tally: this.tally });
      this.pending = false;
      this.phase = 'ready';
      warmFormats(this.locale);
      // A custom adapter may return anything here; keep it only if it can be called later.
      const off: unknown = adapter.subscribe?.(id, (update) => this.onUpdate(update));
      this.unsubscribe = typeof off === 'function' ? (off as () => void) : undefined;
      // Listeners of consult-ready read the card: let it show the data first.
      await this.updateComplete;
      if (token === this.loadToken) emit(this, 'consult-ready', { proposalId: id });
    } catch (error) {
      if (token === this.loadToken) this.fail(ConsultError.from(error), 'error');
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

  private get participantId(): string {
    return this.context?.participantId ?? anonymousParticipantId();
  }

  private fail(error: ConsultError, phase: 'error' | 'invalid'): void {
    this.problem = error;
    this.phase = phase;
    this.announce(`${this.locale.errorPrefix} ${error.message}`);
    if (!this.warned.has(error.message)) {
      this.warned.add(error.message);
      console.warn(`<consult-proposal>: ${error.message}`);
    }
    emit(this, 'consult-error', { code: error.code, message: error.message, proposalId: this.effectiveId });
  }

  private onUpdate(update: ProposalUpdate): void {
    if (update.votes) {
      const votes = z.safeParse(Tally, update.votes);
      if (votes.success) this.tally = votes.data;
      else console.warn('<consult-proposal>: the adapter pushed an invalid tally; ignored.', update.votes);
    }
    if (update.error) {
      this.rollback(update.error);
    } else if (update.delivery === 'acknowledged' && this.pending) {
      this.pending = false;
      this.votes.confirmed = { key: update.key ?? this.myKey, tally: this.tally };
      this.announce(this.locale.voteDelivered);
    }
  }

  private get closed(): boolean {
    return this.consultation?.status === 'closed';
  }

  private readonly onActionsClick = (event: Event): void => {
    const key = (event.target as Element).closest<HTMLElement>('button[data-key]')?.dataset.key as VoteKey | undefined;
    if (key) void this.onVote(key);
  };

  /** Cast, change or withdraw the vote as the participant's click on `key` means. */
  private async onVote(key: VoteKey): Promise<void> {
    const adapter = this.activeAdapter;
    const proposalId = this.effectiveId;
    if (this.phase !== 'ready' || this.closed || !adapter || !proposalId) return;
    const previousKey = this.myKey;
    const next = previousKey === key ? null : key;
    if (!emit(this, 'consult-before-vote', { proposalId, key: next, previousKey }, { cancelable: true })) return;

    // Optimistic: the buttons and the bar change in this frame; the adapter's answer corrects them.
    const { token, votedAt } = this.votes.next();
    this.myKey = next;
    this.tally = moveTally(this.tally, previousKey, next);
    this.voteProblem = undefined;
    try {
      const receipt = await checked(VoteReceiptSchema, 'vote receipt', () =>
        adapter.castVote({ proposalId, participantId: this.participantId, key: next, votedAt }),
      );
      if (receipt.delivery === 'acknowledged') this.votes.acknowledged(token, { key: receipt.key, tally: receipt.votes });
      if (!this.votes.isLatest(token)) return;
      this.myKey = receipt.key;
      this.tally = receipt.votes;
      this.pending = receipt.delivery === 'pending';
      const l = this.locale;
      this.announce(this.pending ? l.votePending : receipt.key ? l.voteRecorded : l.voteWithdrawn);
      emit(this, 'consult-vote', { proposalId, key: receipt.key, previousKey, delivery: receipt.delivery });
    } catch (error) {
      if (this.votes.isLatest(token)) this.rollback(ConsultError.from(error));
    }
  }

  private rollback(error: ConsultError): void {
    ({ key: this.myKey, tally: this.tally } = this.votes.confirmed);
    this.pending = false;
    if (error.code === 'closed' && this.consultation) this.consultation = { ...this.consultation, status: 'closed' };
    this.voteProblem = `${this.locale.errors.vote} ${error.message}`;
    this.announce(`${this.locale.errorPrefix} ${this.voteProblem}`);
    emit(this, 'consult-error', { code: error.code, message: error.message, proposalId: this.effectiveId });
  }

  private announce(message: string): void {
    // A changed text is what makes a screen reader speak again: repeat a message with a trailing
    // no-break space rather than clearing and refilling the region in one frame.
    this.announcement = message === this.announcement ? `${message}\u00a0` : message;
  }

  private retry(): void {
    this.focusAfterLoad = true;
    void this.reload();
  }

  protected override updated(): void {
    // The retry button is gone once clicked: keep keyboard focus in the card instead of the page.
    if (this.focusAfterLoad && this.phase !== 'loading') {
      this.focusAfterLoad = false;
      this.renderRoot.querySelector<HTMLElement>('.retry, .card')?.focus();
    }
  }

  protected override render() {
    const l = this.locale;
    const author = this.proposal?.author;
    return cardTemplate({
      locale: l,
      phase: this.phase,
      problem: this.problem,
      announcement: this.announcement,
      text: this.inlineContent ?? this.proposal?.content,
      theme: this.themeLabel ?? this.consultation?.themes.find((t) => t.id === this.proposal?.themeId)?.label ?? '',
      author: l.byAuthor(this.authorName ?? author?.name, this.authorAge ?? author?.age),
      myKey: this.myKey,
      pending: this.pending,
      closed: this.closed,
      tally: this.tally,
      showResults: this.showResults,
      voteProblem: this.voteProblem,
      onActionsClick: this.onActionsClick,
      onRetry: () => this.retry(),
    });
  }
}
