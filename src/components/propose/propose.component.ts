import { ContextEvent } from '@lit/context';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { ConsultAdapter } from '../../adapters/adapter.js';
import { ConsultError } from '../../adapters/errors.js';
import { ConsultElement, states } from '../../internal/consult-element.js';
import { consultContext, type ConsultContext } from '../../internal/context.js';
import { emit } from '../../internal/events.js';
import { participantOf } from '../../internal/participant.js';
import { themeStyles } from '../../internal/theme.styles.js';
import type { Consultation } from '../../protocol/index.js';
import { countryOptions } from './propose.countries.js';
import { fetchConsultation, RequestIds, submit, waitForContext } from './propose.data.js';
import { bodyOf, counterNews, edit, emptyDraft, firstInvalid, problemsOf, rulesOf, type Draft, type Problems } from './propose.rules.js';
import { proposeStyles } from './propose.styles.js';
import { panelOf, proposeTemplate, type ProposePanel } from './propose.view.js';
import { proposeStrings } from '../../i18n/sections/propose.js';

type Phase = 'idle' | 'loading' | 'ready' | 'error' | 'invalid' | 'unsupported';

/**
 * The "propose an idea" form: the consultation's fixed start ("We should…") and a text field with a
 * live character counter, an optional theme, first name and age, then a confirmation while the
 * idea waits for moderation. `mode="expert"` takes long-form contributions signed with an
 * organisation and a country. Checked with the protocol's own schema and the consultation's rules
 * before anything is sent; a retry after a lost answer never makes a second proposal.
 *
 * @event consult-submit - The backend took an idea the participant sent (it waits for moderation): `{ consultationId, proposalId, requestId }`.
 * @event consult-error - Loading or sending failed, or the form is configured wrongly; `code` is machine-readable.
 *
 * @slot consent - Replaces the line on how ideas are published and moderated (e.g. with a link to your charter).
 *
 * @csspart panel - The box of every state but the form (loading, errors, closed, confirmation).
 * @csspart form - The form.
 * @csspart title - The form's title, and the confirmation's.
 * @csspart question - The consultation's question.
 * @csspart field - Each field with its label, help and error (also `field-content`, `field-theme`, `field-name`, `field-age`, `field-organisation`, `field-country`).
 * @csspart label - Each field's label.
 * @csspart input - Each text field, text area and select.
 * @csspart prefix - The fixed start of the idea, shown before the text area.
 * @csspart help - The length rule under the idea's label.
 * @csspart counter - The character counter (`n / max`).
 * @csspart error - A field's error message.
 * @csspart consent - The publication and moderation line (holds the `consent` slot).
 * @csspart status - The status line: sending, the backend's refusal, a failed delivery, closed, errors.
 * @csspart submit - The submit button.
 * @csspart retry - The try-again button after a failed load or delivery.
 * @csspart idea - The text sent (confirmation) or not sent (closed meanwhile).
 * @csspart another - The "propose another idea" button of the confirmation.
 *
 * @cssproperty --consult-font-family - Font of the form (inherits the page's by default).
 * @cssproperty --consult-surface - Background.
 * @cssproperty --consult-text - Main text colour.
 * @cssproperty --consult-muted - Secondary text colour (help, counter, consent).
 * @cssproperty --consult-border - Border of the box and the fields.
 * @cssproperty --consult-accent - Submit button, focus ring and accents.
 * @cssproperty --consult-disagree-color - Error colour.
 * @cssproperty --consult-skeleton - Placeholder colour while loading.
 * @cssproperty --consult-radius - Corner radius of box, fields and buttons.
 * @cssproperty --consult-focus-ring - Outline of the focused control.
 */
export class ConsultProposeElement extends ConsultElement {
  static override translationParts = ['card', 'propose'] as const;
  static override styles = [themeStyles, proposeStyles];

  // Declared without decorators, as the base: each module with decorators carries its own copy of
  // TypeScript's decorator helper, and Lit's decorators would be one more shared chunk.
  static override properties: PropertyDeclarations = {
    consultationId: { attribute: 'consultation' },
    mode: { reflect: true },
    theme: {},
    ...states('phase', 'consultation', 'problem', 'draft', 'problems', 'formError', 'sending', 'sentContent'),
  };

  /** The consultation the ideas go to; else the enclosing `<consult-consultation>`'s. */
  consultationId?: string;
  /** `expert`: long-form contributions with a required organisation and country, no age. */
  mode: 'standard' | 'expert' = 'standard';
  /** A theme id chosen in advance (e.g. on a theme's page); the participant can still change it. */
  theme?: string;

  protected phase: Phase = 'idle';
  protected consultation?: Consultation;
  protected problem?: ConsultError;
  protected draft: Draft = emptyDraft();
  protected problems: Problems = {};
  protected formError?: { message: string; retry: boolean };
  protected sending = false;
  protected sentContent?: string;

  private activeAdapter?: ConsultAdapter;
  /** Whom the loaded form submits for: the adapter's `identify()` when it has one, else the page's participant. */
  private actingFor?: string;
  private loadedId?: string;
  /** Changes whenever the form starts afresh: an answer to an older form's submission is dropped. */
  private formToken = 0;
  private readonly requestIds = new RequestIds();
  private focusAfterRender?: string;
  /** The subscription `askForContext` made, if it had to (the decorator's own reconnects by itself). */
  private dropLateContext?: () => void;
  private get effectiveId(): string | undefined {
    return this.consultationId || this.context?.consultationId || undefined;
  }

  private get expert(): boolean {
    return this.mode === 'expert';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.phase !== 'idle') void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dropLateContext?.();
    this.dropLateContext = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs: PropertyKey[] = ['adapter', 'adapterName', 'consultationId', 'context'];
    const changes = changed as Map<PropertyKey, unknown>;
    if (changes.has('theme') && !this.draft.text) this.draft = { ...this.draft, themeId: this.theme ?? '' };
    if ((this.phase === 'idle' || inputs.some((name) => changes.has(name))) && this.adapterSettled()) void this.load();
  }

  protected async load(): Promise<void> {
    const signal = this.loads.start();
    const id = this.effectiveId;
    // Another consultation: what was typed for the previous one does not belong here.
    if (id !== this.loadedId) this.resetForm();
    this.loadedId = id;
    this.problem = undefined;
    const again = () => {
      if (signal.aborted) return;
      this.askForContext();
      void this.load();
    };
    if (!id && waitForContext(this, again)) {
      this.phase = 'loading';
      return;
    }
    const adapter = this.resolveAdapter();
    if (!id) return this.fail(new ConsultError('config', proposeStrings(this.locale).errors.missingConsultation), 'invalid');
    if (adapter instanceof ConsultError) return this.fail(adapter, 'invalid');
    if (typeof adapter.submitProposal !== 'function') {
      return this.fail(new ConsultError('unsupported', proposeStrings(this.locale).errors.unsupported), 'unsupported');
    }
    this.activeAdapter = adapter;
    this.actingFor = undefined;
    this.phase = 'loading';
    try {
      // Contract v2: an adapter with `identify` names the participant (a failure is the error state).
      const [consultation, participantId] = await Promise.all([fetchConsultation(adapter, id, signal), participantOf(adapter, this.participantId)]);
      if (signal.aborted) return;
      this.actingFor = participantId;
      this.consultation = consultation;
      if (this.draft.themeId && !consultation.themes.some((t) => t.id === this.draft.themeId)) {
        this.draft = { ...this.draft, themeId: '' };
      }
      this.phase = 'ready';
    } catch (error) {
      if (!signal.aborted) this.fail(ConsultError.from(error), 'error');
    }
  }

  /**
   * Ask for the context again: a `<consult-consultation>` defined after this form never heard its
   * first request (nothing caught it: the context root comes with that element's code).
   */
  private askForContext(): void {
    if (this.context) return;
    const onContext = (value: ConsultContext, unsubscribe?: () => void) => {
      this.takeContext(value);
      this.dropLateContext = unsubscribe;
    };
    this.dispatchEvent(new ContextEvent(consultContext, this, onContext, true));
  }

  private fail(error: ConsultError, phase: 'error' | 'invalid' | 'unsupported'): void {
    this.problem = error;
    this.phase = phase;
    this.report(error);
  }

  private resetForm(): void {
    this.draft = emptyDraft(this.theme ?? '');
    this.problems = {};
    this.formError = undefined;
    this.sentContent = undefined;
    this.requestIds.forget();
    this.sending = false;
    this.formToken++;
  }

  private readonly onInput = (event: Event): void => {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const edited = edit(this.draft, this.problems, target.name, target.value);
    if (!edited) return;
    const rules = this.consultation && rulesOf(this.consultation, this.expert);
    const news = rules && target.name === 'text' && counterNews(rules, this.draft, edited.draft, this.locale);
    ({ draft: this.draft, problems: this.problems } = edited);
    if (news) this.announce(news);
  };

  private readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    void this.send();
  };

  /** Check the draft, then send it once; the same unchanged draft again reuses its request id. */
  private async send(): Promise<void> {
    const adapter = this.activeAdapter;
    const consultation = this.consultation;
    if (this.sending || !adapter?.submitProposal || !consultation || this.panel !== 'form') return;
    const rules = rulesOf(consultation, this.expert);
    const body = bodyOf(this.draft, rules, this.actingFor ?? this.participantId);
    const attempt = this.requestIds.for([consultation.id, body]);
    const { requestId } = attempt;
    const problems = problemsOf(this.draft, body, requestId, rules, this.locale);
    this.problems = problems;
    const invalid = firstInvalid(problems);
    if (invalid || problems.form) {
      this.formError = undefined;
      this.focusAfterRender = invalid ? `#${invalid}` : undefined;
      return;
    }
    this.requestIds.sending(attempt);
    this.sending = true;
    this.formError = undefined;
    const l = proposeStrings(this.locale);
    this.announce(l.sending);
    const token = this.formToken;
    try {
      const receipt = await submit(adapter, { consultationId: consultation.id, requestId, ...body });
      if (token !== this.formToken) return;
      this.sending = false;
      this.requestIds.forget();
      this.draft = emptyDraft(this.theme ?? '');
      this.sentContent = body.content;
      this.announce('');
      this.focusAfterRender = '.sent';
      emit(this, 'consult-submit', { consultationId: consultation.id, proposalId: receipt.id, requestId });
    } catch (caught) {
      const error = ConsultError.from(caught);
      if (token !== this.formToken) return;
      this.sending = false;
      if (error.code === 'closed') {
        this.consultation = { ...consultation, status: 'closed' };
      } else {
        this.formError = error.retryable
          ? { message: l.notSaved, retry: true }
          : { message: `${l.refused} ${error.message}`, retry: false };
      }
      this.announce('');
      this.report(error);
    }
  }

  private resend(): void {
    // The try-again button goes away while sending: keep keyboard focus on the form's button.
    this.focusAfterRender = '.submit';
    void this.send();
  }

  private another(): void {
    this.resetForm();
    this.focusAfterRender = '#content';
  }

  private retryLoad(): void {
    this.focusAfterRender = '.retry, #content';
    void this.reload();
  }

  private get panel(): ProposePanel {
    return panelOf(this.phase, this.sentContent !== undefined, this.consultation?.status === 'closed');
  }

  protected override updated(): void {
    if (this.focusAfterRender && this.phase !== 'loading') {
      const target = this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender);
      this.focusAfterRender = undefined;
      target?.focus();
    }
  }

  protected override render() {
    const consultation = this.consultation;
    return proposeTemplate({
      locale: this.locale,
      panel: this.panel,
      expert: this.expert,
      problem: this.problem,
      announcement: this.announcer.message,
      question: consultation?.question ?? '',
      contentLang: consultation?.locale ?? '',
      themes: consultation?.themes ?? [],
      rules: consultation && rulesOf(consultation, this.expert),
      draft: this.draft,
      problems: this.problems,
      formError: this.formError,
      sending: this.sending,
      sentContent: this.sentContent,
      countries: this.expert ? countryOptions(this.locale.tag) : [],
      onInput: this.onInput,
      onSubmit: this.onSubmit,
      onResend: () => this.resend(),
      onReload: () => this.retryLoad(),
      onAnother: () => this.another(),
    });
  }
}
