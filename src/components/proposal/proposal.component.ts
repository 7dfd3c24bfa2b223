import { consume } from '@lit/context';
import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ConsultAdapter } from '../../adapters/adapter.js';
import type { ConsultError } from '../../adapters/errors.js';
import { anonymousParticipantId } from '../../adapters/participant.js';
import { warmFormats, type ConsultLocale } from '../../i18n/index.js';
import { consultContext, type ConsultContext } from '../../internal/context.js';
import { emit } from '../../internal/events.js';
import { resolveAdapter } from '../../internal/resolve-adapter.js';
import { themeStyles } from '../../internal/theme.styles.js';
import { QUALIFICATIONS_BY_KEY, type Consultation, type Proposal, type QualificationKey, type VoteKey } from '../../protocol/index.js';
import type { CardData } from './proposal.data.js';
import { LiveController } from '../../internal/live.js';
import { LocaleController } from '../../internal/locale.js';
import { CardLoader } from './proposal.loader.js';
import { proposalStyles } from './proposal.styles.js';
import { cardTemplate, idFromContent, type QualificationsView } from './proposal.view.js';
import { CardWrites } from './proposal.writes.js';

/**
 * A proposal card: the proposal's text, its author and theme, three vote buttons and, after a vote,
 * how everyone voted and three buttons to qualify the vote (Make.org's "I like it", "Doable"…).
 *
 * @event consult-before-vote - Cancelable, before a vote is cast or withdrawn: call `preventDefault()` to ask for consent or login first.
 * @event consult-vote - The participant cast, changed or withdrew a vote and the adapter took it (`delivery` says whether the backend has it yet).
 * @event consult-qualify - The participant added or removed a qualification of their vote and the adapter took it (`delivery` as for votes).
 * @event consult-error - Loading, voting or qualifying failed; `code` is machine-readable.
 * @event consult-ready - The card's data is loaded.
 *
 * @csspart card - The card box.
 * @csspart theme - The theme line.
 * @csspart content - The proposal text.
 * @csspart author - The author line.
 * @csspart actions - The group of vote buttons.
 * @csspart button - Each vote button (also `button-agree`, `button-disagree`, `button-neutral`).
 * @csspart qualifications - The group of qualification buttons, shown once the participant has voted.
 * @csspart qualification - Each qualification button (its count is in a `.count` span).
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
  static override styles = [themeStyles, proposalStyles];

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
  /** No qualification buttons after a vote (a bare poll). They also need an adapter with `qualify`. */
  @property({ attribute: 'no-qualifications', type: Boolean }) noQualifications = false;
  /** Re-read the proposal every `live-interval` seconds while the page is visible: others' votes show as they come. */
  @property({ type: Boolean }) live = false;
  /** Seconds between two `live` re-reads (default 15, at least 2). */
  @property({ attribute: 'live-interval', type: Number }) liveInterval = 15;

  @consume({ context: consultContext, subscribe: true })
  @state()
  protected context?: ConsultContext;

  @state() protected proposal?: Proposal;
  @state() protected consultation?: Consultation;
  @state() protected problem?: ConsultError;
  @state() protected announcement = '';

  private focusAfterLoad = false;

  private readonly loader = new CardLoader(this, {
    id: () => this.effectiveId,
    hasInlineText: () => this.inlineContent !== undefined,
    lazy: () => this.loading === 'lazy',
    inputs: () => ({
      adapter: resolveAdapter(this, this.adapter, this.adapterName, this.context?.adapter),
      participantId: this.participantId,
      fallbackConsultationId: this.context?.consultationId,
      hasInlineText: this.inlineContent !== undefined,
      missingId: this.locale.errors.missingProposal,
    }),
    starting: () => {
      this.writes.forget();
      // A failure the card recovers from must not stay in its status region (a screen reader reads it).
      if (this.problem) this.announcement = '';
      this.problem = undefined;
    },
    loaded: (data) => this.show(data),
    failed: (error) => {
      this.problem = error;
      this.announce(`${this.locale.errorPrefix} ${error.message}`);
      this.reportError(error);
    },
    pushed: (update) => this.writes.pushed(update),
  });

  private readonly writes = new CardWrites(this, {
    target: () => {
      const adapter = this.loader.adapter;
      const proposalId = this.effectiveId;
      if (this.loader.phase !== 'ready' || this.closed || !adapter || !proposalId) return undefined;
      return { adapter, proposalId, participantId: this.participantId };
    },
    locale: () => this.locale,
    announce: (message) => this.announce(message),
    failed: (error) => {
      if (error.code === 'closed' && this.consultation) this.consultation = { ...this.consultation, status: 'closed' };
      this.reportError(error);
    },
  });

  /** `live`: default 15 s, at least 2 s (a card is one small read). */
  private readonly liveRefresh = new LiveController(this, () => this.reread(), { defaultSeconds: 15, minSeconds: 2 });

  /** Its strings follow the nearest `lang`, and the card re-renders when a language switcher changes it. */
  private readonly localeController = new LocaleController(this);

  private get locale(): ConsultLocale {
    return this.localeController.locale;
  }

  private get inlineContent(): string | undefined {
    return this.content?.trim() || this.textContent?.trim() || undefined;
  }

  private get effectiveId(): string | undefined {
    const inline = this.inlineContent;
    return this.proposalId || (inline ? idFromContent(inline) : undefined);
  }

  private get participantId(): string {
    return this.context?.participantId ?? anonymousParticipantId();
  }

  private get closed(): boolean {
    return this.consultation?.status === 'closed';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs: PropertyKey[] = ['adapter', 'adapterName', 'proposalId', 'content', 'context', 'loading'];
    const changes = changed as Map<PropertyKey, unknown>;
    if (this.loader.phase === 'idle' || inputs.some((name) => changes.has(name))) this.loader.request();
    if (changes.has('live') || changes.has('liveInterval')) this.liveRefresh.update();
  }

  /** Reload after an error (the retry button does this). */
  async reload(): Promise<void> {
    await this.loader.load();
  }

  private show(data: CardData): void {
    ({ proposal: this.proposal, consultation: this.consultation } = data);
    this.writes.reset(data.myKey, data.tally, data.myQualifications, data.proposal?.qualifications ?? {});
    warmFormats(this.locale);
    this.liveRefresh.restart();
  }

  /** A `live` re-read: shown unless a write is on its way (its answer is newer). Fires no event. */
  private async reread(): Promise<void> {
    if (this.writes.writing) return;
    const started = this.writes.startedCount;
    await this.loader.reread((proposal) => {
      if (this.writes.writing || started !== this.writes.startedCount) return false;
      // Nothing new (an adapter without ETags answers with a fresh copy): no state change, no render.
      if (JSON.stringify(proposal) === JSON.stringify(this.proposal)) return true;
      this.proposal = proposal;
      this.writes.refreshed(proposal);
      return true;
    });
  }

  private reportError(error: ConsultError): void {
    emit(this, 'consult-error', { code: error.code, message: error.message, proposalId: this.effectiveId });
  }

  private readonly onActionsClick = (event: Event): void => {
    const key = (event.target as Element).closest<HTMLElement>('button[data-key]')?.dataset.key as VoteKey | undefined;
    if (key) void this.writes.vote(key);
  };

  private readonly onQualificationsClick = (event: Event): void => {
    const button = (event.target as Element).closest<HTMLElement>('button[data-qualification]');
    if (button) void this.writes.qualify(button.dataset.qualification as QualificationKey);
  };

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
    if (this.focusAfterLoad && this.loader.phase !== 'loading') {
      this.focusAfterLoad = false;
      // The retry button when the retry failed again, else the card (a list selector would find the
      // card first: it contains the button).
      (this.renderRoot.querySelector<HTMLElement>('.retry') ?? this.renderRoot.querySelector<HTMLElement>('.card'))?.focus();
    }
  }

  /** The qualification buttons, or none: no vote yet, not wanted, or an adapter that cannot qualify. */
  private qualificationsView(): QualificationsView | undefined {
    const key = this.writes.myKey;
    if (!key || this.noQualifications || typeof this.loader.adapter?.qualify !== 'function') return undefined;
    const state = this.writes.qualifications;
    return {
      key,
      items: QUALIFICATIONS_BY_KEY[key].map((q) => ({ key: q, count: state.count(q), pressed: state.has(q), waiting: state.isWaiting(q) })),
      disabled: this.closed,
      onClick: this.onQualificationsClick,
    };
  }

  protected override render() {
    const l = this.locale;
    const author = this.proposal?.author;
    const phase = this.loader.phase;
    return cardTemplate({
      locale: l,
      phase,
      problem: this.problem,
      announcement: this.announcement,
      text: this.inlineContent ?? this.proposal?.content,
      theme: this.themeLabel ?? this.consultation?.themes.find((t) => t.id === this.proposal?.themeId)?.label ?? '',
      author: l.byAuthor(this.authorName ?? author?.name, this.authorAge ?? author?.age),
      myKey: this.writes.myKey,
      pending: this.writes.pending,
      closed: this.closed,
      tally: this.writes.tally,
      showResults: this.showResults,
      writeProblem: this.writes.problem,
      // Nothing at all before a vote: a page of unvoted cards pays no binding for them.
      qualifications: phase === 'ready' ? this.qualificationsView() : undefined,
      onActionsClick: this.onActionsClick,
      onRetry: () => this.retry(),
    });
  }
}
