import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ConsultError } from '../../adapters/errors.js';
import { formatNumber, type ConsultLocale } from '../../i18n/index.js';
import { proposalLength, type Theme } from '../../protocol/index.js';
import { directionOf } from '../../internal/direction.js';
import type { CountryOption } from './propose.countries.js';
import { contentOf, type Draft, type Field, type FormRules, type Problems } from './propose.rules.js';
import { proposeStrings } from '../../i18n/sections/propose.js';

/** What the element shows: one of these panels. */
export type ProposePanel = 'loading' | 'error' | 'invalid' | 'unsupported' | 'closed' | 'form' | 'sent';

/** The panel for the element's phase: the form once loaded, unless sent or closed. */
export function panelOf(
  phase: 'idle' | 'loading' | 'ready' | 'error' | 'invalid' | 'unsupported',
  sent: boolean,
  closed: boolean,
): ProposePanel {
  if (phase === 'idle' || phase === 'loading') return 'loading';
  if (phase !== 'ready') return phase;
  return sent ? 'sent' : closed ? 'closed' : 'form';
}

/** Everything the templates show, computed by the element. */
export interface ProposeView {
  locale: ConsultLocale;
  panel: ProposePanel;
  expert: boolean;
  problem: ConsultError | undefined;
  announcement: string;
  question: string;
  /** The consultation's language (its question, themes, the ideas written for it); '' before it loads. */
  contentLang: string;
  themes: Theme[];
  rules: FormRules | undefined;
  draft: Draft;
  problems: Problems;
  /** The backend's refusal or a failed delivery, shown above the submit button. */
  formError: { message: string; retry: boolean } | undefined;
  sending: boolean;
  /** The text the backend took (panel `sent`). */
  sentContent: string | undefined;
  countries: CountryOption[];
  onInput: (event: Event) => void;
  onSubmit: (event: Event) => void;
  onResend: () => void;
  onReload: () => void;
  onAnother: () => void;
}

/**
 * The panel's root speaks the locale the form shows (not the page's, when that one has no
 * strings), and takes its direction: `lang`, `dir` and the rest of the root's attributes.
 */
export function proposeTemplate(v: ProposeView): TemplateResult {
  const l = proposeStrings(v.locale);
  const lang = v.locale.tag;
  const dir = directionOf(lang);
  const liveRegion = html`<div class="visually-hidden" role="status" aria-live="polite">${v.announcement}</div>`;
  const title = html`<p id="title" part="title" class="title">${v.expert ? l.expertTitle : l.title}</p>`;
  switch (v.panel) {
    case 'loading':
      return html`<div part="panel" lang=${lang} dir=${dir} class="panel" aria-busy="true">
        ${title}<span class="skeleton"></span><span class="skeleton tall"></span
        ><span class="visually-hidden">${l.loading}</span>${liveRegion}
      </div>`;
    case 'error':
    case 'invalid':
    case 'unsupported':
      return html`<div part="panel" lang=${lang} dir=${dir} class="panel">
        ${title}
        <p part="status" class="status error" role="alert">
          ${v.panel === 'error' ? `${l.errors.load} ` : nothing}${v.problem?.message}
        </p>
        ${v.panel === 'error' ? html`<button part="retry" class="retry" @click=${v.onReload}>${v.locale.retry}</button>` : nothing}
        ${liveRegion}
      </div>`;
    case 'closed':
      return html`<div part="panel" lang=${lang} dir=${dir} class="panel">
        ${title}
        <p part="status" class="status">${l.closed}</p>
        ${v.draft.text.trim()
          ? html`<p class="label">${l.unsentText}</p>
              <p part="idea" class="idea" lang=${v.contentLang || nothing} dir="auto">${contentOf(v.rules?.prefix ?? null, v.draft.text)}</p>`
          : nothing}
        ${liveRegion}
      </div>`;
    case 'sent':
      return html`<div part="panel" lang=${lang} dir=${dir} class="panel sent" tabindex="-1">
        <p part="title" class="title">${l.sentTitle}</p>
        <p part="status" class="status">${l.sentBody}</p>
        <p class="label">${l.sentIdea}</p>
        <p part="idea" class="idea" lang=${v.contentLang || nothing} dir="auto">${v.sentContent}</p>
        <button part="another" class="another" type="button" @click=${v.onAnother}>${l.another}</button>
        ${liveRegion}
      </div>`;
    case 'form':
      return formTemplate(v, title, liveRegion, lang, dir);
  }
}

function formTemplate(v: ProposeView, title: TemplateResult, liveRegion: TemplateResult, lang: string, dir: string) {
  const l = proposeStrings(v.locale);
  return html`<form
    part="form"
    class="panel"
    lang=${lang}
    dir=${dir}
    novalidate
    aria-labelledby="title"
    aria-describedby=${v.question ? 'question' : nothing}
    @input=${v.onInput}
    @submit=${v.onSubmit}
  >
    ${title}${v.question ? html`<p id="question" part="question" class="question" lang=${v.contentLang} dir="auto">${v.question}</p>` : nothing}
    ${contentField(v)} ${v.themes.length ? themeField(v) : nothing}
    ${textField(v, 'name', l.nameLabel, { autocomplete: 'given-name' })}
    ${v.expert
      ? html`${textField(v, 'organisation', l.organisationLabel, { autocomplete: 'organization', required: true })}
        ${countryField(v)}`
      : textField(v, 'age', l.ageLabel, { inputmode: 'numeric', size: 4 })}
    <div part="consent" class="consent">
      <slot name="consent">${v.expert ? l.expertConsent : l.consent}</slot>
    </div>
    ${v.problems.form || v.formError
      ? html`<div part="status" id="form-error" class="status error" role="alert">
          ${v.problems.form ?? v.formError?.message}
          ${v.formError?.retry && !v.problems.form
            ? html`<button part="retry" class="retry" type="button" @click=${v.onResend}>${v.locale.retry}</button>`
            : nothing}
        </div>`
      : html`<p part="status" class="status">${v.sending ? l.sending : ''}</p>`}
    <button part="submit" class="submit" type="submit" aria-disabled=${v.sending ? 'true' : 'false'}>
      ${v.expert ? l.expertSubmit : l.submit}
    </button>
    ${liveRegion}
  </form>`;
}

/**
 * A localized sentence around the consultation's fixed start, the start isolated in a `<bdi>` in
 * the consultation's language (a right-to-left start in an English sentence keeps the quotes and
 * the full stop on their side). `\uE000`, a private-use character, marks where it goes.
 * (results.text.ts has the same for the results' caption: one copy each keeps them in their own chunk.)
 */
function aroundPrefix(sentence: (prefix: string) => string, prefix: string, lang: string) {
  const [before, after = ''] = sentence('\uE000').split('\uE000');
  return html`${before}<bdi lang=${lang}>${prefix}</bdi>${after}`;
}

/** The ids that describe a field: its error first (read first), then its help and counter. */
function describedBy(v: ProposeView, field: Field, ...more: string[]): string {
  return [v.problems[field] ? `${field}-error` : '', ...more, v.formError && field === 'content' ? 'form-error' : '']
    .filter(Boolean)
    .join(' ');
}

function fieldError(v: ProposeView, field: Field) {
  const message = v.problems[field];
  return message
    ? html`<p id="${field}-error" part="error" class="error"><span class="visually-hidden">${v.locale.errorPrefix} </span>${message}</p>`
    : nothing;
}

function contentField(v: ProposeView) {
  const l = proposeStrings(v.locale);
  const rules = v.rules!;
  const n = (value: number) => formatNumber(v.locale, value);
  const count = proposalLength(contentOf(rules.prefix, v.draft.text));
  const over = count > rules.max;
  const invalid = v.problems.content !== undefined;
  const help = (prefix: string | null) => l.lengthHelp(n(rules.min), n(rules.max), prefix);
  return html`<div part="field field-content" class="field">
    <label part="label" for="content"
      >${v.expert ? l.expertLabel : l.ideaLabel}${rules.prefix
        ? html`<span class="visually-hidden">${aroundPrefix(l.startsWith, rules.prefix, v.contentLang)}</span>`
        : nothing}</label
    >
    <p id="content-help" part="help" class="help">${rules.prefix ? aroundPrefix(help, rules.prefix, v.contentLang) : help(null)}</p>
    ${fieldError(v, 'content')}
    <div class="box ${invalid ? 'invalid' : ''}" lang=${v.contentLang} dir=${directionOf(v.contentLang)}>
      ${rules.prefix ? html`<span part="prefix" class="prefix" aria-hidden="true">${rules.prefix}</span>` : nothing}
      <textarea
        dir="auto"
        id="content"
        name="text"
        part="input"
        rows=${v.expert ? 10 : 3}
        required
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${describedBy(v, 'content', 'content-help', 'content-counter')}
        .value=${live(v.draft.text)}
      ></textarea>
    </div>
    <p id="content-counter" part="counter" class="counter ${over ? 'over' : ''}">
      <span aria-hidden="true">${l.counter(n(count), n(rules.max))}</span
      ><span class="visually-hidden">${l.counterSpoken(n(count), n(rules.max))}</span>
    </p>
  </div>`;
}

function themeField(v: ProposeView) {
  const l = proposeStrings(v.locale);
  const invalid = v.problems.theme !== undefined;
  return html`<div part="field field-theme" class="field">
    <label part="label" for="theme">${l.themeLabel}</label>
    ${fieldError(v, 'theme')}
    <select
      id="theme"
      name="themeId"
      part="input"
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy(v, 'theme') || nothing}
    >
      <option value="" ?selected=${!v.draft.themeId}>${l.noTheme}</option>
      ${v.themes.map((t) => html`<option value=${t.id} lang=${v.contentLang} ?selected=${t.id === v.draft.themeId}>${t.label}</option>`)}
    </select>
  </div>`;
}

interface TextOptions {
  autocomplete?: string;
  inputmode?: string;
  size?: number;
  required?: boolean;
}

function textField(v: ProposeView, field: 'name' | 'age' | 'organisation', label: string, o: TextOptions) {
  const invalid = v.problems[field] !== undefined;
  return html`<div part="field field-${field}" class="field">
    <label part="label" for=${field}>${label}</label>
    ${fieldError(v, field)}
    <input
      id=${field}
      name=${field}
      part="input"
      type="text"
      class=${o.size ? 'short' : ''}
      dir=${field === 'age' ? nothing : 'auto'}
      ?required=${o.required ?? false}
      autocomplete=${o.autocomplete ?? 'off'}
      inputmode=${o.inputmode ?? nothing}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy(v, field) || nothing}
      .value=${live(v.draft[field])}
    />
  </div>`;
}

function countryField(v: ProposeView) {
  const l = proposeStrings(v.locale);
  const invalid = v.problems.country !== undefined;
  return html`<div part="field field-country" class="field">
    <label part="label" for="country">${l.countryLabel}</label>
    ${fieldError(v, 'country')}
    <select
      id="country"
      name="country"
      part="input"
      required
      autocomplete="country"
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy(v, 'country') || nothing}
    >
      <option value="" ?selected=${!v.draft.country}>${l.chooseCountry}</option>
      ${v.countries.map((c) => html`<option value=${c.code} ?selected=${c.code === v.draft.country}>${c.label}</option>`)}
    </select>
  </div>`;
}
