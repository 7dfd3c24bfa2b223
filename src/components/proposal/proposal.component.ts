import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { ConsultError } from '../../adapters/errors.js';
import { langOf, warmFormats } from '../../i18n/index.js';
import { ConsultElement, states } from '../../internal/consult-element.js';
import { emit } from '../../internal/events.js';
import { LiveController } from '../../internal/live.js';
import { themeStyles } from '../../internal/theme.styles.js';
import type { Consultation, Proposal, QualificationKey, VoteKey } from '../../protocol/index.js';
import type { CardData } from './proposal.data.js';
import { CardLoader } from './proposal.loader.js';
import { proposalStyles } from './proposal.styles.js';
import { cardTemplate, idFromContent } from './proposal.view.js';
import type { CardWrites } from './proposal.writes.js';

/**
 * The writes' code (votes, qualifications), fetched once for the page when a first card loads: a
 * card shows its skeleton without it. Forgotten if the fetch fails, so a retry fetches it again.
 */
let writesCode: Promise<typeof import('./proposal.writes.js')> | undefined;
const loadWritesCode = () =>
  (writesCode ??= import('./proposal.writes.js').catch((error: unknown) => {
    writesCode = undefined;
    throw error;
  }));

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
export class ConsultProposalElement extends ConsultElement {
  static override styles = [themeStyles, proposalStyles];

  // Declared without decorators, as the base: the card is in the module entry every page pays, and
  // decorators would bring their helpers there.
  static override properties: PropertyDeclarations = {
    proposalId: { attribute: 'proposal-id' },
    content: {},
    authorName: { attribute: 'author-name' },
    authorAge: { attribute: 'author-age', type: Number },
    themeLabel: { attribute: 'theme-label' },
    showResults: { attribute: 'show-results' },
    loading: {},
    noQualifications: { attribute: 'no-qualifications', type: Boolean },
    live: { type: Boolean },
    liveInterval: { attribute: 'live-interval', type: Number },
    ...states('proposal', 'consultation', 'problem'),
  };

  /** The proposal to show and vote on. Optional when the text is given inline. */
  proposalId?: string;
  /** Inline proposal text for static pages (the element's own text works too). Shown as text, never HTML. */
  content?: string;
  /** Inline author name, for static pages. */
  authorName?: string;
  /** Inline author age, for static pages. */
  authorAge?: number;
  /** Inline theme label, for static pages. */
  themeLabel?: string;
  /** When to show how everyone voted. */
  showResults: 'after-vote' | 'always' | 'never' = 'after-vote';
  /** `lazy`: read nothing from the adapter until the card comes near the viewport. */
  loading: 'eager' | 'lazy' = 'eager';
  /** No qualification buttons after a vote (a bare poll). They also need an adapter with `qualify`. */
  noQualifications = false;
  /** Re-read the proposal every `live-interval` seconds while the page is visible: others' votes show as they come. */
  live = false;
  /** Seconds between two `live` re-reads (default 15, at least 2). */
  liveInterval = 15;

  protected proposal?: Proposal;
  protected consultation?: Consultation;
  protected problem?: ConsultError;

  private focusAfterLoad = false;

  private readonly loader = new CardLoader(this, this.loads, {
    id: () => this.effectiveId,
    hasInlineText: () => this.inlineContent !== undefined,
    lazy: () => this.loading === 'lazy',
    inputs: () => ({
      adapter: this.resolveAdapter(),
      participantId: this.participantId,
      fallbackConsultationId: this.context?.consultationId,
      hasInlineText: this.inlineContent !== undefined,
      missingId: this.locale.errors.missingProposal,
    }),
    starting: () => {
      this.writes?.forget();
      // A failure the card recovers from must not stay in its status region (a screen reader reads it).
      if (this.problem) this.announce('');
      this.problem = undefined;
    },
    loaded: (data) => this.show(data),
    failed: (error) => {
      this.problem = error;
      this.announce(`${this.locale.errorPrefix} ${error.message}`);
      this.reportError(error);
    },
    pushed: (update) => this.writes?.pushed(update),
    prepare: async () => {
      const { CardWrites } = await loadWritesCode();
      this.writes ??= new CardWrites(this, {
        target: () => {
          const adapter = this.loader.adapter;
          const proposalId = this.effectiveId;
          if (this.loader.phase !== 'ready' || this.closed || !adapter || !proposalId) return undefined;
          // Contract v2: in the name the load resolved (identify), with the last read's opaque data.
          return { adapter, proposalId, participantId: this.loader.participantId ?? this.participantId, meta: this.loader.meta };
        },
        locale: () => this.locale,
        announce: (message) => this.announce(message),
        failed: (error) => {
          if (error.code === 'closed' && this.consultation) this.consultation = { ...this.consultation, status: 'closed' };
          this.reportError(error);
        },
      });
    },
  });

  /** The participant's vote and qualifications; there once the card has loaded (see `loadWritesCode`). */
  private writes?: CardWrites;

  /** `live`: default 15 s, at least 2 s (a card is one small read). */
  private readonly liveRefresh = new LiveController(this, () => this.reread(), { defaultSeconds: 15, minSeconds: 2 });

  private get inlineContent(): string | undefined {
    return this.content?.trim() || this.textContent?.trim() || undefined;
  }

  private get effectiveId(): string | undefined {
    const inline = this.inlineContent;
    return this.proposalId || (inline ? idFromContent(inline) : undefined);
  }

  protected get phase(): string {
    return this.loader.phase;
  }

  private get closed(): boolean {
    return this.consultation?.status === 'closed';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs: PropertyKey[] = ['adapter', 'adapterName', 'proposalId', 'content', 'context', 'loading'];
    const changes = changed as Map<PropertyKey, unknown>;
    // Without an id or text the card is misconfigured whatever its adapter: no need to wait for one.
    if ((this.loader.phase === 'idle' || inputs.some((name) => changes.has(name))) && (!this.effectiveId || this.adapterSettled())) {
      this.loader.request();
    }
    if (changes.has('live') || changes.has('liveInterval')) this.liveRefresh.update();
  }

  protected load(): Promise<void> {
    return this.loader.load();
  }

  private show(data: CardData): void {
    ({ proposal: this.proposal, consultation: this.consultation } = data);
    this.writes!.reset(data.myKey, data.tally, data.myQualifications, data.proposal?.qualifications ?? {});
    warmFormats(this.locale);
    this.liveRefresh.restart();
  }

  /** A `live` re-read: shown unless a write is on its way (its answer is newer). Fires no event. */
  private async reread(): Promise<void> {
    const writes = this.writes;
    if (!writes || writes.writing) return;
    const started = writes.startedCount;
    await this.loader.reread((proposal) => {
      if (writes.writing || started !== writes.startedCount) return false;
      // Nothing new (an adapter without ETags answers with a fresh copy): no state change, no render.
      if (JSON.stringify(proposal) === JSON.stringify(this.proposal)) return true;
      this.proposal = proposal;
      writes.refreshed(proposal);
      return true;
    });
  }

  private reportError(error: ConsultError): void {
    emit(this, 'consult-error', { code: error.code, message: error.message, proposalId: this.effectiveId });
  }

  private readonly onActionsClick = (event: Event): void => {
    const key = (event.target as Element).closest<HTMLElement>('button[data-key]')?.dataset.key as VoteKey | undefined;
    if (key) void this.writes?.vote(key);
  };

  private readonly onQualificationsClick = (event: Event): void => {
    const button = (event.target as Element).closest<HTMLElement>('button[data-qualification]');
    if (button) void this.writes?.qualify(button.dataset.qualification as QualificationKey);
  };

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
  private qualificationsRow() {
    if (this.noQualifications || typeof this.loader.adapter?.qualify !== 'function') return undefined;
    return this.writes?.qualificationsRow(this.locale, this.closed, this.onQualificationsClick);
  }

  protected override render() {
    const author = this.proposal?.author;
    const phase = this.loader.phase;
    return cardTemplate({
      locale: this.locale,
      phase,
      problem: this.problem,
      announcement: this.announcer.message,
      text: this.inlineContent ?? this.proposal?.content,
      theme: this.themeLabel ?? this.consultation?.themes.find((t) => t.id === this.proposal?.themeId)?.label ?? '',
      authorName: this.authorName ?? author?.name,
      authorAge: this.authorAge ?? author?.age,
      // Inline text is the page's: the language the page gives the card, not the widget's (an
      // English fallback on a Hebrew page must not claim the page's Hebrew text is English).
      textLang: this.consultation?.locale ?? langOf(this),
      // A sequence shows one card under its heading: its text is where Tab goes next.
      textStop: (this.getRootNode() as ShadowRoot).host?.localName === 'consult-sequence',
      myKey: this.writes?.myKey ?? null,
      pending: this.writes?.pending ?? false,
      closed: this.closed,
      tally: this.writes?.tally,
      showResults: this.showResults,
      writeProblem: this.writes?.problem,
      // Nothing at all before a vote: a page of unvoted cards pays no binding for them.
      qualifications: phase === 'ready' ? this.qualificationsRow() : undefined,
      onActionsClick: this.onActionsClick,
      onRetry: () => this.retry(),
    });
  }
}
