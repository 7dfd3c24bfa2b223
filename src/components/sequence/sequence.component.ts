import { ContextProvider } from '@lit/context';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { ConsultError } from '../../adapters/errors.js';
import { formatNumber, warmFormats } from '../../i18n/index.js';
import { ConsultElement, states } from '../../internal/consult-element.js';
import { consultContext, type ConsultContext } from '../../internal/context.js';
import { participantNow, participantOf } from '../../internal/participant.js';
import { emit, type ConsultSubmitDetail, type ConsultVoteDetail } from '../../internal/events.js';
import { themeStyles } from '../../internal/theme.styles.js';
import type { Consultation, VoteKey } from '../../protocol/index.js';
import { fetchSequenceData } from './sequence.data.js';
import { journey, proposalsReached, type Step } from './sequence.steps.js';
import { forget, readSaved, save } from './sequence.storage.js';
import { sequenceStyles } from './sequence.styles.js';
import { sequenceTemplate, type Screen } from './sequence.view.js';
import { sequenceStrings } from '../../i18n/sections/sequence.js';

type Phase = 'idle' | 'loading' | 'ready' | 'error' | 'invalid';

const DEFAULT_SIZE = 12;

/**
 * A consultation as a journey, one card at a time (Make.org's sequence): an intro with the question
 * and how many took part, the proposals the participant has not voted on yet (each a
 * `<consult-proposal>`), a card inviting them to propose an idea halfway through
 * (`<consult-propose>`), and a thank-you card with a way to the results. A closed consultation
 * shows its results (`<consult-results>`) instead. The widgets it shows share its adapter,
 * consultation and participant. A reload resumes at the same card (sessionStorage, per tab).
 *
 * @event consult-sequence-step - The participant moved to another card (Start, Skip or Next): `{ index, total, card, proposalId? }`.
 * @event consult-sequence-complete - The participant reached the final card: `{ consultationId, votes }`.
 * @event consult-error - The consultation or its sequence could not be loaded; `code` is machine-readable.
 *
 * @slot results - Shown on the final and "nothing left to vote on" cards instead of the link to `results-href`.
 *
 * @csspart sequence - The widget's region.
 * @csspart progress - The progress bar (proposal and push cards).
 * @csspart progress-fill - The filled part of the progress bar.
 * @csspart card - The current card.
 * @csspart heading - The current card's heading.
 * @csspart title - The consultation's title on the intro card.
 * @csspart counts - The participant, proposal and vote counts on the intro card.
 * @csspart start - The Start button.
 * @csspart skip - The button that moves on without voting (or proposing).
 * @csspart next - The same button once the participant has voted (or proposed).
 * @csspart proposal - The `<consult-proposal>` of the current proposal.
 * @csspart propose - The `<consult-propose>` of the push card.
 * @csspart results - The `<consult-results>` of a closed consultation.
 * @csspart summary - The votes cast, on the final card.
 * @csspart results-link - The link to `results-href`.
 * @csspart status - The error message.
 * @csspart retry - The retry button of the error card.
 *
 * @cssproperty --consult-font-family - Font (inherits the page's by default).
 * @cssproperty --consult-surface - Card background.
 * @cssproperty --consult-text - Main text colour.
 * @cssproperty --consult-muted - Secondary text colour.
 * @cssproperty --consult-border - Card border colour.
 * @cssproperty --consult-accent - Buttons, progress bar and focus ring.
 * @cssproperty --consult-agree-color - Agree colour of the embedded cards.
 * @cssproperty --consult-disagree-color - Disagree and error colour.
 * @cssproperty --consult-neutral-color - Neutral colour of the embedded cards.
 * @cssproperty --consult-skeleton - Placeholder and empty progress colour.
 * @cssproperty --consult-radius - Corner radius of cards and buttons.
 * @cssproperty --consult-focus-ring - Outline of the focused control.
 */
export class ConsultSequenceElement extends ConsultElement {
  static override translationParts = ['card', 'sequence'] as const;
  static override styles = [themeStyles, sequenceStyles];

  // Declared without decorators, as the base: each module with decorators carries its own copy of
  // TypeScript's decorator helper, and Lit's decorators would be one more shared chunk.
  static override properties: PropertyDeclarations = {
    consultation: {},
    size: { type: Number },
    resultsHref: { attribute: 'results-href' },
    ...states('phase', 'problem', 'consultationInfo', 'proposalIds', 'at', 'votes', 'submitted'),
  };

  /** The consultation's id; else the enclosing `<consult-consultation>`'s. */
  consultation?: string;
  /** How many proposals one sequence shows (1–100). */
  size = DEFAULT_SIZE;
  /** Where the final card's "See the results" link goes (no link without it, unless the `results` slot is used). */
  resultsHref?: string;

  private readonly provider = new ContextProvider(this, { context: consultContext });

  /** What the widgets this sequence shows work with: its adapter, consultation and participant. */
  protected get provided(): ConsultContext {
    return this.provider.value!;
  }

  protected set provided(value: ConsultContext) {
    const old = this.provider.value;
    this.provider.setValue(value);
    this.requestUpdate('provided', old);
  }

  protected phase: Phase = 'idle';
  protected problem?: ConsultError;
  protected consultationInfo?: Consultation;
  protected proposalIds: string[] = [];
  /** Position in `steps`. */
  protected at = 0;
  /** Votes cast in this sequence, by proposal. */
  protected votes: ReadonlyMap<string, VoteKey> = new Map();
  protected submitted = false;

  private steps: Step[] = [];
  private focusPending = false;

  private get effectiveSize(): number {
    const size = Math.floor(this.size);
    return Number.isFinite(size) && size >= 1 ? Math.min(size, 100) : DEFAULT_SIZE;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the page while loading: the abandoned load must start again.
    if (this.phase === 'loading') void this.load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs: PropertyKey[] = ['adapter', 'adapterName', 'consultation', 'size', 'context'];
    const changes = changed as Map<PropertyKey, unknown>;
    if ((this.phase === 'idle' || inputs.some((name) => changes.has(name))) && this.adapterSettled()) void this.load();
  }

  protected async load(): Promise<void> {
    const signal = this.loads.start();
    const l = this.locale;
    this.problem = undefined;
    const adapter = this.resolveAdapter();
    const consultationId = this.consultation || this.context?.consultationId;
    // Contract v2: an adapter with `identify` names the participant (a backend session); the
    // widgets inside get that name, so nothing is shared under the page's id while it answers.
    const known = adapter instanceof ConsultError ? this.participantId : participantNow(adapter, this.participantId);
    if (known) this.share({ adapter, consultationId, participantId: known });
    if (adapter instanceof ConsultError) return this.fail(adapter, 'invalid');
    if (!consultationId) return this.fail(new ConsultError('config', sequenceStrings(l).errors.missingConsultation), 'invalid');
    const size = this.effectiveSize;
    this.phase = 'loading';
    try {
      const participantId = known ?? (await participantOf(adapter, this.participantId));
      if (signal.aborted) return;
      this.share({ adapter, consultationId, participantId });
      const saved = readSaved(consultationId, participantId);
      const resumed = saved?.size === size ? saved : undefined;
      const data = await fetchSequenceData({
        adapter,
        consultationId,
        participantId,
        size,
        unsupported: sequenceStrings(l).errors.unsupported,
        resumedIds: resumed?.ids,
        signal,
      });
      if (signal.aborted) return;
      this.consultationInfo = data.consultation;
      this.proposalIds = data.proposalIds;
      this.steps = journey(data.proposalIds.length, typeof adapter.submitProposal === 'function');
      const at = resumed ? this.steps.findIndex((s) => s.card === resumed.card && s.index === resumed.index) : -1;
      this.at = Math.max(0, at);
      this.votes = new Map(at > 0 ? Object.entries(resumed!.votes) : []);
      this.submitted = at > 0 ? resumed!.submitted : false;
      this.phase = 'ready';
      warmFormats(l);
      if (at > 0 && data.consultation.status === 'open') {
        const total = this.proposalIds.length;
        this.announce(sequenceStrings(l).resumed(formatNumber(l, this.reached), formatNumber(l, total)));
      }
    } catch (error) {
      if (signal.aborted) return;
      const problem = ConsultError.from(error);
      // Trying again cannot fix a configuration (e.g. an adapter that cannot sequence): no retry.
      this.fail(problem, problem.code === 'unsupported' || problem.code === 'config' ? 'invalid' : 'error');
    }
  }

  /** Hand the widgets inside a new context only when something in it changed: a new one reloads them. */
  private share(next: ConsultContext): void {
    const now = this.provided;
    if (
      now?.adapter !== next.adapter ||
      now.consultationId !== next.consultationId ||
      now.participantId !== next.participantId
    ) {
      this.provided = next;
    }
  }

  private fail(error: ConsultError, phase: 'error' | 'invalid'): void {
    this.problem = error;
    this.phase = phase;
    this.report(error);
  }

  private get step(): Step | undefined {
    return this.steps[this.at];
  }

  private get reached(): number {
    return proposalsReached(this.steps, this.at);
  }

  private get screen(): Screen {
    if (this.phase === 'idle' || this.phase === 'loading') return { kind: 'loading' };
    if (this.phase === 'error' || this.phase === 'invalid') return { kind: this.phase, problem: this.problem! };
    if (this.consultationInfo?.status === 'closed') return { kind: 'closed' };
    const step = this.step;
    if (this.proposalIds.length === 0 || !step) return { kind: 'empty' };
    if (step.card === 'proposal') {
      const proposalId = this.proposalIds[step.index]!;
      return { kind: 'proposal', proposalId, voted: this.votes.has(proposalId) };
    }
    if (step.card === 'propose') return { kind: 'propose', submitted: this.submitted };
    return { kind: step.card };
  }

  /** Start, Skip and Next: the participant moves to the next card. */
  private async advance(): Promise<void> {
    if (this.phase !== 'ready' || this.at >= this.steps.length - 1) return;
    this.at++;
    this.focusPending = true;
    const step = this.step!;
    const consultationId = this.provided.consultationId!;
    const { participantId } = this.provided;
    if (step.card === 'final') forget(consultationId, participantId);
    else this.persist();
    const total = this.proposalIds.length;
    const votes = this.votes.size;
    // Listeners read the widget: let it show the new card first.
    await this.updateComplete;
    const proposalId = step.card === 'proposal' ? this.proposalIds[step.index] : undefined;
    emit(this, 'consult-sequence-step', { index: step.index, total, card: step.card, ...(proposalId ? { proposalId } : {}) });
    if (step.card === 'final') emit(this, 'consult-sequence-complete', { consultationId, votes });
  }

  private persist(): void {
    const step = this.step;
    const { consultationId, participantId } = this.provided;
    if (this.phase !== 'ready' || !step || !consultationId || step.card === 'intro' || step.card === 'final') return;
    save(consultationId, participantId, {
      size: this.effectiveSize,
      ids: this.proposalIds,
      card: step.card,
      index: step.index,
      votes: Object.fromEntries(this.votes),
      submitted: this.submitted,
    });
  }

  private readonly onVote = (event: CustomEvent<ConsultVoteDetail>): void => {
    const { proposalId, key } = event.detail;
    if (!this.proposalIds.includes(proposalId)) return;
    const votes = new Map(this.votes);
    if (key) votes.set(proposalId, key);
    else votes.delete(proposalId);
    this.votes = votes;
    this.persist();
  };

  private readonly onSubmit = (_event: CustomEvent<ConsultSubmitDetail>): void => {
    this.submitted = true;
    this.persist();
  };

  private retry(): void {
    this.focusPending = true;
    void this.reload();
  }

  protected override updated(): void {
    // Each step replaces the card the participant was on: take keyboard and screen-reader focus to
    // the new card's heading, so they hear where they are and Tab goes on from there.
    if (this.focusPending && this.phase !== 'loading') {
      this.focusPending = false;
      this.renderRoot.querySelector<HTMLElement>('.heading')?.focus();
    }
  }

  protected override render() {
    return sequenceTemplate({
      locale: this.locale,
      screen: this.screen,
      consultation: this.consultationInfo,
      consultationId: this.provided?.consultationId,
      reached: this.reached,
      total: this.proposalIds.length,
      votes: this.votes.size,
      resultsHref: this.resultsHref,
      announcement: this.announcer.message,
      onStart: () => void this.advance(),
      onAdvance: () => void this.advance(),
      onRetry: () => this.retry(),
      onVote: this.onVote,
      onSubmit: this.onSubmit,
    });
  }
}
