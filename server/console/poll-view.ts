import { html, type PropertyDeclarations } from 'lit';
import { MAX_POLL_STATEMENTS, type PollCreated } from 'consult-widgets/protocol/admin';
import type { ConsoleError } from './api.js';
import { ConsoleView } from './console-view.js';
import { embedSnippet, widgetsServed } from './embed-snippet.js';
import { hrefOf } from './routes.js';
import { setupStyles, themeIds } from './setup-parts.js';
import { controls, tokens } from './styles.js';

/**
 * Where partner pages load the widgets from unless the operator says otherwise: this server's
 * /widgets/ when it serves them, else the package's dist/ on a CDN.
 */
export const WIDGETS_BASE = 'https://cdn.jsdelivr.net/npm/consult-widgets@0.1/dist/';


/** The setup forms' words for a refusal: an admin-only action (403), or the server's message. */
class SetupForm extends ConsoleView {
  protected readonly describe = (error: ConsoleError) => (error.status === 403 ? this.strings.setup.forbidden : this.strings.setup.failed(error.message));
}

/**
 * "New poll" (admins): a question and 1–5 statements (+ the partner's origin) → `POST /admin/polls`
 * → the embed code of its cards (module and classic script), each with a Copy button.
 */
export class ConsoleNewPollElement extends SetupForm {
  static override properties: PropertyDeclarations = {
    poll: { state: true },
    busy: { state: true },
    announcement: { state: true },
    copyProblem: { state: true },
    base: { state: true },
  };
  static override styles = [tokens, controls, setupStyles];

  declare poll: PollCreated | undefined;
  declare busy: boolean;
  declare announcement: string;
  declare copyProblem: boolean;
  declare base: string;

  constructor() {
    super();
    this.busy = false;
    this.announcement = '';
    this.copyProblem = false;
    this.base = WIDGETS_BASE;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void widgetsServed().then((served) => {
      if (served && this.base === WIDGETS_BASE) this.base = `${location.origin}/widgets/`;
    });
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const s = this.strings.setup;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const statements = data.getAll('statement').map((v) => String(v).trim()).filter(Boolean);
    if (statements.length === 0) {
      this.problem = s.noStatement;
      this.renderRoot.querySelector<HTMLInputElement>('input[name=statement]')?.focus();
      return;
    }
    const origin = String(data.get('origin') ?? '').trim().replace(/\/+$/, '');
    this.busy = true;
    this.problem = '';
    const poll = await this.attempt(
      () => this.api.createPoll({ question: String(data.get('question') ?? '').trim(), statements, locale: this.lang || 'en', ...(origin ? { allowedOrigin: origin } : {}) }),
      { describe: this.describe },
    );
    this.busy = false;
    if (!poll) return;
    this.poll = poll;
    this.announcement = s.created(poll.consultation.title);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#embed-title')?.focus();
  }

  private async copy(kind: 'module' | 'classic'): Promise<void> {
    const field = this.renderRoot.querySelector<HTMLTextAreaElement>(`#code-${kind}`);
    if (!field) return;
    this.copyProblem = false;
    try {
      await navigator.clipboard.writeText(field.value);
      // The same text twice is still read out: a no-break space makes it a change.
      this.announcement = this.announcement === this.strings.setup.copied ? `${this.strings.setup.copied}\u00a0` : this.strings.setup.copied;
    } catch {
      // No clipboard (permission, insecure origin, old browser): the code is selected for Ctrl+C.
      this.copyProblem = true;
      this.announcement = this.strings.setup.copyFallback;
      field.focus();
      field.select();
    }
  }

  private another(): void {
    this.poll = undefined;
    this.copyProblem = false;
  }

  protected override render() {
    const s = this.strings.setup;
    return html`<p><a href=${hrefOf({ view: 'consultations' })}>${s.back}</a></p>
      ${this.poll ? this.embed(this.poll) : this.form()}
      <p class="visually-hidden" role="status">${this.announcement}</p>`;
  }

  private form() {
    const s = this.strings.setup;
    return html`<h1 id="poll-title">${s.pollTitle}</h1>
      <form @submit=${this.submit} aria-labelledby="poll-title">
        <p class="hint">${s.pollIntro}</p>
        <label>${s.question}<textarea name="question" dir="auto" rows="2" required maxlength="500"></textarea></label>
        <fieldset aria-describedby="statement-hint">
          <legend>${s.statements}</legend>
          <p class="hint" id="statement-hint">${s.statementHint}</p>
          ${Array.from({ length: MAX_POLL_STATEMENTS }, (_, i) => html`<label>${s.statement(i + 1)}<input name="statement" maxlength="500" ?required=${i === 0} /></label>`)}
        </fieldset>
        <label
          >${s.allowedOrigin}<input name="origin" type="url" inputmode="url" placeholder="https://" aria-describedby="origin-hint" maxlength="300" />
          <span class="hint" id="origin-hint">${s.originHint}</span></label
        >
        <p class="error" role="alert">${this.problem}</p>
        <div class="row"><button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? s.creating : s.createPoll}</button></div>
      </form>`;
  }

  private embed(poll: PollCreated) {
    const s = this.strings.setup;
    const endpoint = `${location.origin}/api/v1`;
    const origins = poll.consultation.allowedOrigins;
    return html`<h1 id="embed-title" tabindex="-1">${s.embedTitle(poll.consultation.title)}</h1>
      <section aria-labelledby="embed-title">
        <p class="warning">
          ${s.originWarning}
          <br />${origins.length ? s.allowedNow(origins.join(', ')) : html`<strong>${s.noneAllowed}</strong>`}
        </p>
        <label
          >${s.scriptFrom}<input
            .value=${this.base}
            @input=${(e: Event) => (this.base = (e.target as HTMLInputElement).value.trim() || WIDGETS_BASE)}
            aria-describedby="from-hint"
            maxlength="500" />
          <span class="hint" id="from-hint">${s.scriptFromHint}</span></label
        >
        ${(['module', 'classic'] as const).map((kind) => {
          const code = embedSnippet(kind, this.base, endpoint, { widget: 'card', consultationId: poll.consultation.id, lang: poll.consultation.locale, proposalIds: poll.proposalIds });
          return html`<div>
            <label for="code-${kind}">${kind === 'module' ? s.moduleScript : s.classicScript}</label>
            <textarea id="code-${kind}" class="code" dir="ltr" readonly rows=${code.split('\n').length + 1} .value=${code}></textarea>
            <div class="row">
              <button type="button" @click=${() => this.copy(kind)}>${s.copy}<span class="visually-hidden">: ${kind === 'module' ? s.moduleScript : s.classicScript}</span></button>
            </div>
          </div>`;
        })}
        ${this.copyProblem ? html`<p class="error" role="alert">${s.copyFallback}</p>` : ''}
        <div class="row">
          <button type="button" @click=${this.another}>${s.anotherPoll}</button>
          <a href=${hrefOf({ view: 'consultations' })}>${s.back}</a>
        </div>
      </section>`;
  }
}


const lines = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * "New consultation" (admins): title, question, locale, prefix, lengths, themes and allowed
 * origins one per line → `POST /admin/consultations` (a form, never an import) → back to the list.
 */
export class ConsoleNewConsultationElement extends SetupForm {
  static override properties: PropertyDeclarations = {
    busy: { state: true },
  };
  static override styles = [tokens, controls, setupStyles];

  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const s = this.strings.setup;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const prefix = String(data.get('prefix') ?? '').trim();
    this.busy = true;
    this.problem = '';
    const created = await this.attempt(
      () =>
        this.api.createConsultation({
          title: String(data.get('title') ?? '').trim(),
          question: String(data.get('question') ?? '').trim(),
          locale: String(data.get('locale') ?? '').trim(),
          proposalPrefix: prefix || null,
          proposalMinLength: Number(data.get('min')),
          proposalMaxLength: Number(data.get('max')),
          themes: themeIds(lines(data.get('themes'))),
          allowedOrigins: lines(data.get('origins')).map((origin) => origin.replace(/\/+$/, '')),
        }),
      { describe: this.describe },
    );
    this.busy = false;
    if (created) {
      this.announce(s.consultationCreated(created.title));
      location.hash = hrefOf({ view: 'settings', consultationId: created.id });
    } else if (this.problem) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.error')?.focus();
    }
  }

  protected override render() {
    const s = this.strings.setup;
    return html`<p><a href=${hrefOf({ view: 'consultations' })}>${s.back}</a></p>
      <h1 id="consultation-title">${s.consultationTitle}</h1>
      <form @submit=${this.submit} aria-labelledby="consultation-title">
        <label>${s.title}<input name="title" required maxlength="300" /></label>
        <label>${s.question}<textarea name="question" dir="auto" rows="2" required maxlength="500"></textarea></label>
        <label>${s.locale}<input name="locale" required minlength="2" maxlength="35" value=${this.lang || 'en'} autocomplete="off" /></label>
        <label
          >${s.prefix}<input name="prefix" maxlength="100" aria-describedby="prefix-hint" />
          <span class="hint" id="prefix-hint">${s.prefixHint}</span></label
        >
        <div class="row">
          <label>${s.minLength}<input name="min" type="number" min="0" max="10000" required value="12" /></label>
          <label>${s.maxLength}<input name="max" type="number" min="1" max="10000" required value="140" /></label>
        </div>
        <label>${s.themes}<textarea name="themes" dir="auto" rows="4"></textarea></label>
        <label
          >${s.origins}<textarea name="origins" dir="ltr" rows="3" aria-describedby="origins-hint" placeholder="https://"></textarea>
          <span class="hint" id="origins-hint">${s.originsHint}</span></label
        >
        <p class="error" role="alert" tabindex="-1">${this.problem}</p>
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? s.creating : s.create}</button>
          <a href=${hrefOf({ view: 'consultations' })}>${s.cancel}</a>
        </div>
      </form>`;
  }
}

customElements.define('console-new-poll', ConsoleNewPollElement);
customElements.define('console-new-consultation', ConsoleNewConsultationElement);
