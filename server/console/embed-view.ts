import { html, type PropertyDeclarations } from 'lit';
import type { AdminConsultation, AdminProposal } from 'consult-widgets/protocol/admin';
import { ConsoleView } from './console-view.js';
import { COLOUR_TOKENS, formatRatio, paletteChecks, SURFACE_TOKEN } from './embed-contrast.js';
import { acceptedProposals, loadWidgets, previewAdapter, showPreview, type WidgetsModule } from './embed-preview.js';
import { checkOrigin } from './embed-origin.js';
import { EMBED_WIDGETS, embedSnippet, widgetsServed, type EmbedChoice, type EmbedWidget, type ScriptKind } from './embed-snippet.js';
import { embedStrings } from './embed-strings.js';
import { embedStyles } from './embed-styles.js';
import { setupStyles } from './setup-parts.js';
import { controls, tokens } from './styles.js';

const DEFAULT_PALETTE: Record<string, string> = Object.fromEntries(COLOUR_TOKENS.map((t) => [t.name, t.value]));

/**
 * The embed builder (issue 12), for moderators: a widget, its proposals and options, colours
 * checked for WCAG AA, the partner page's origin checked against the allowed ones, the snippet
 * (module or classic script) to copy, and the real widgets live in a preview whose votes stay in
 * the page (embed-preview.ts).
 */
export class ConsoleEmbedElement extends ConsoleView {
  static override properties: PropertyDeclarations = {
    consultationId: { attribute: 'consultation-id' },
    consultation: { state: true },
    proposals: { state: true },
    widget: { state: true },
    selected: { state: true },
    widgetLang: { state: true },
    loading: { state: true },
    showResults: { state: true },
    live: { state: true },
    palette: { state: true },
    paletteChanged: { state: true },
    pageOrigin: { state: true },
    kind: { state: true },
    base: { state: true },
    served: { state: true },
    copyFallback: { state: true },
    previewState: { state: true },
  };
  static override styles = [tokens, controls, setupStyles, embedStyles];

  declare consultationId: string;
  declare consultation: AdminConsultation | undefined;
  declare proposals: AdminProposal[];
  declare widget: EmbedWidget;
  declare selected: string[];
  declare widgetLang: string;
  declare loading: 'eager' | 'lazy';
  declare showResults: 'after-vote' | 'always' | 'never';
  declare live: boolean;
  declare palette: Record<string, string>;
  declare paletteChanged: boolean;
  declare pageOrigin: string;
  declare kind: ScriptKind;
  declare base: string;
  declare served: boolean | undefined;
  declare copyFallback: boolean;
  /** '' while loading, 'ready', or why there is no preview. */
  declare previewState: string;
  private widgets?: WidgetsModule;
  private adapter?: object;
  private shown = '';

  constructor() {
    super();
    this.consultationId = '';
    this.proposals = [];
    this.widget = 'card';
    this.selected = [];
    this.widgetLang = 'en';
    this.loading = 'eager';
    this.showResults = 'after-vote';
    this.live = false;
    this.palette = { ...DEFAULT_PALETTE };
    this.paletteChanged = false;
    this.pageOrigin = '';
    this.kind = 'module';
    this.base = `${location.origin}/widgets/`;
    this.copyFallback = false;
    this.previewState = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const id = this.consultationId;
    const data = await this.attempt((signal) => Promise.all([this.api.consultation(id, signal), acceptedProposals(this.api, id, signal)]), { key: 'load' });
    if (!data) return;
    [this.consultation, this.proposals] = data;
    this.selected = this.proposals.slice(0, 1).map((p) => p.id);
    this.widgetLang = data[0].locale;
    this.served = await widgetsServed();
    if (!this.served) {
      this.base = '';
      this.previewState = embedStrings(this.lang).noWidgets;
      return;
    }
    try {
      this.widgets = await loadWidgets();
      this.adapter = previewAdapter(this.widgets, data[0], data[1]);
      this.previewState = 'ready';
    } catch (error) {
      this.previewState = String(error);
    }
  }

  private get choice(): EmbedChoice {
    return {
      widget: this.widget,
      consultationId: this.consultationId,
      proposalIds: this.selected,
      lang: this.widgetLang,
      loading: this.loading,
      showResults: this.showResults,
      live: this.live,
      tokens: this.paletteChanged ? this.palette : {},
    };
  }

  protected override updated(): void {
    const box = this.renderRoot.querySelector<HTMLElement>('#preview-box');
    if (!box || !this.widgets || !this.adapter) return;
    const choice = this.choice;
    const key = JSON.stringify(choice);
    if (key === this.shown) return;
    this.shown = key;
    showPreview(box, this.widgets, this.adapter, choice).catch((error: unknown) => (this.previewState = String(error)));
  }

  private async copy(): Promise<void> {
    const text = this.renderRoot.querySelector('[data-snippet]')?.textContent ?? '';
    try {
      await navigator.clipboard.writeText(text);
      this.copyFallback = false;
      this.announce(this.strings.setup.copied);
    } catch {
      // No clipboard (permission, insecure origin): the code, selected in a field, for Ctrl+C.
      this.copyFallback = true;
      await this.updateComplete;
      const field = this.renderRoot.querySelector<HTMLTextAreaElement>('#snippet-fallback');
      field?.focus();
      field?.select();
    }
  }

  private setColour(name: string, value: string): void {
    this.palette = { ...this.palette, [name]: value };
    this.paletteChanged = true;
  }

  private resetColours(): void {
    this.palette = { ...DEFAULT_PALETTE };
    this.paletteChanged = false;
  }

  protected override render() {
    const s = embedStrings(this.lang);
    const c = this.consultation;
    if (!c) return html`${this.renderProblem()}${this.problem ? html`<button type="button" @click=${() => this.load()}>${this.strings.retry}</button>` : html`<p>${this.strings.loading}</p>`}`;
    return html`<h1>${s.title(c.title)}</h1>
      ${this.renderProblem()}
      <div class="layout">
        <div class="column">${this.widgetChoice()} ${this.options()} ${this.partner(c)} ${this.colours()}</div>
        <div class="column">${this.snippet()} ${this.preview()}</div>
      </div>`;
  }

  private widgetChoice() {
    const s = embedStrings(this.lang);
    const pick = (event: Event) => (this.selected = [...(event.target as HTMLSelectElement).selectedOptions].map((o) => o.value));
    return html`<fieldset>
      <legend>${s.widget}</legend>
      ${EMBED_WIDGETS.map(
        (w) => html`<label class="choice"><input type="radio" name="widget" value=${w} .checked=${this.widget === w} @change=${() => (this.widget = w)} />${s.widgets[w]}</label>`,
      )}
      ${this.widget !== 'card'
        ? ''
        : this.proposals.length === 0
          ? html`<p class="warning">${s.noProposal}</p>`
          : html`<div class="field">
                <label for="proposals">${s.proposals}</label>
                <select id="proposals" multiple size=${Math.min(8, Math.max(3, this.proposals.length))} @change=${pick} aria-describedby="proposals-hint">
                  ${this.proposals.map((p) => html`<option value=${p.id} ?selected=${this.selected.includes(p.id)}>${p.content}</option>`)}
                </select>
                <span class="hint" id="proposals-hint">${s.proposalsHint}</span>
              </div>${this.selected.length === 0 ? html`<p class="warning">${s.chooseProposal}</p>` : ''}`}
    </fieldset>`;
  }

  private options() {
    const s = embedStrings(this.lang);
    const value = (event: Event) => (event.target as HTMLSelectElement).value;
    const languages = [...new Set([this.consultation?.locale ?? 'en', 'en', 'fr'])];
    return html`<fieldset>
      <legend>${s.options}</legend>
      <div class="field">
        <label for="lang">${s.language}</label>
        <select id="lang" @change=${(e: Event) => (this.widgetLang = value(e))}>
          ${languages.map((l) => html`<option value=${l} ?selected=${l === this.widgetLang}>${l}</option>`)}
        </select>
      </div>
      ${this.widget === 'card'
        ? html`<div class="field">
              <label for="loading">${s.loading}</label>
              <select id="loading" @change=${(e: Event) => (this.loading = value(e) as 'eager' | 'lazy')}>
                <option value="eager" ?selected=${this.loading === 'eager'}>${s.loadingEager}</option>
                <option value="lazy" ?selected=${this.loading === 'lazy'}>${s.loadingLazy}</option>
              </select>
            </div>
            <div class="field">
              <label for="show-results">${s.showResults}</label>
              <select id="show-results" @change=${(e: Event) => (this.showResults = value(e) as 'after-vote' | 'always' | 'never')}>
                ${(
                  [
                    ['after-vote', s.showAfterVote],
                    ['always', s.showAlways],
                    ['never', s.showNever],
                  ] as const
                ).map(([v, label]) => html`<option value=${v} ?selected=${this.showResults === v}>${label}</option>`)}
              </select>
            </div>`
        : ''}
      ${this.widget === 'card' || this.widget === 'results'
        ? html`<label class="choice"><input type="checkbox" .checked=${this.live} @change=${(e: Event) => (this.live = (e.target as HTMLInputElement).checked)} />${s.live}</label>`
        : ''}
    </fieldset>`;
  }

  private colours() {
    const s = embedStrings(this.lang);
    const checks = new Map(paletteChecks(this.palette).map((c) => [c.name, c.check]));
    const failing = [...checks.values()].filter((c) => c && !c.passes).length;
    return html`<fieldset>
      <legend>${s.colours}</legend>
      <p class="hint">${s.coloursHint}</p>
      ${COLOUR_TOKENS.map((t) => {
        const check = checks.get(t.name);
        const id = t.name.slice(2);
        return html`<div class="colour">
          <input type="color" id=${id} .value=${this.palette[t.name] ?? t.value} @input=${(e: Event) => this.setColour(t.name, (e.target as HTMLInputElement).value)} aria-describedby=${check ? `${id}-ratio` : ''} />
          <label for=${id}>${t.name === SURFACE_TOKEN ? `${s.background} ${t.name}` : t.name}</label>
          ${check ? html`<span class="ratio ${check.passes ? 'pass' : 'fail'}" id="${id}-ratio">${check.passes ? '✓' : '✗'} ${s.contrast(formatRatio(check.ratio), check.passes)}</span>` : ''}
        </div>`;
      })}
      ${failing ? html`<p class="warning" data-contrast-warning>${s.contrastProblem(failing)}</p>` : ''}
      <div class="row"><button type="button" @click=${this.resetColours} ?disabled=${!this.paletteChanged}>${s.resetColours}</button></div>
    </fieldset>`;
  }

  private partner(c: AdminConsultation) {
    const s = embedStrings(this.lang);
    const check = checkOrigin(this.pageOrigin, c.allowedOrigins);
    return html`<section aria-labelledby="partner-title">
      <h2 id="partner-title">${s.partner}</h2>
      <div class="field">
        <label for="page-origin">${s.pageOrigin}</label>
        <input
          id="page-origin"
          type="url"
          inputmode="url"
          placeholder="https://"
          maxlength="300"
          .value=${this.pageOrigin}
          @input=${(e: Event) => (this.pageOrigin = (e.target as HTMLInputElement).value)}
          aria-describedby="origin-hint origin-check" />
        <span class="hint" id="origin-hint">${s.pageOriginHint}</span>
      </div>
      <p class="hint">${c.allowedOrigins.length ? s.allowedList(c.allowedOrigins.join(', ')) : s.noOrigins}</p>
      <div id="origin-check">
        ${check.state === 'invalid' ? html`<p class="warning">${s.notAnOrigin}</p>` : ''}
        ${check.state === 'refused' ? html`<p class="warning" data-origin-warning>${s.notAllowed(check.origin)}</p>` : ''}
        ${check.state === 'allowed' ? html`<p class="ok">${s.allowed(check.origin)}</p>` : ''}
      </div>
    </section>`;
  }

  private snippet() {
    const s = embedStrings(this.lang);
    const code = embedSnippet(this.kind, this.base, `${location.origin}/api/v1`, this.choice);
    return html`<section aria-labelledby="snippet-title">
      <h2 id="snippet-title">${s.snippet}</h2>
      <div class="row" role="radiogroup" aria-label=${s.scriptKind}>
        ${(['module', 'classic'] as const).map(
          (k) =>
            html`<label class="choice"><input type="radio" name="kind" .checked=${this.kind === k} @change=${() => (this.kind = k)} />${k === 'module' ? this.strings.setup.moduleScript : this.strings.setup.classicScript}</label>`,
        )}
      </div>
      <div class="field">
        <label for="base">${s.widgetsFrom}</label>
        <input id="base" .value=${this.base} @input=${(e: Event) => (this.base = (e.target as HTMLInputElement).value.trim())} maxlength="500" aria-describedby="base-hint" />
        <span class="hint" id="base-hint">${this.served === false ? s.noWidgets : s.widgetsFromHint}</span>
      </div>
      <figure>
        <figcaption class="hint">${s.snippetLabel}</figcaption>
        <pre dir="ltr" data-snippet=${this.kind}>${code}</pre>
      </figure>
      ${this.paletteChanged ? html`<p class="hint">${s.cspHint}</p>` : ''}
      <div class="row"><button type="button" class="primary" @click=${this.copy}>${s.copyLabel}</button></div>
      ${this.copyFallback
        ? html`<p class="error" role="alert">${this.strings.setup.copyFallback}</p>
            <div class="field">
              <label for="snippet-fallback">${s.fallbackLabel}</label>
              <textarea id="snippet-fallback" class="code" dir="ltr" readonly rows="6" .value=${code}></textarea>
            </div>`
        : ''}
    </section>`;
  }

  private preview() {
    const s = embedStrings(this.lang);
    const state = this.previewState;
    return html`<section aria-labelledby="preview-title">
      <h2 id="preview-title">${s.preview}</h2>
      <p class="hint">${s.previewNote}</p>
      ${state === '' ? html`<p>${s.previewLoading}</p>` : state === 'ready' ? '' : html`<p class="warning">${s.previewUnavailable(state)}</p>`}
      <div class="preview" id="preview-box" ?hidden=${state !== 'ready'}></div>
    </section>`;
  }
}

customElements.define('console-embed', ConsoleEmbedElement);
