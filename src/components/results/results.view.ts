import { html, nothing, type TemplateResult } from 'lit';
import { html as staticHtml, literal } from 'lit/static-html.js';
import type { ConsultError } from '../../adapters/errors.js';
import { formatNumber, type ConsultLocale } from '../../i18n/index.js';
import type { ResultsCounter, ResultsList } from '../../i18n/sections/results.js';
import { cssomStyle } from '../../internal/cssom-style.js';
import { directionOf } from '../../internal/direction.js';
import { VOTE_KEYS, type ResultsContinent } from '../../protocol/index.js';
import { NO_THEME, type Idea, type ResultsModel, type ThemeGroup } from './results.data.js';
import { resultsEn, resultsStrings, robustnessStrings } from '../../i18n/sections/results.js';
import { withIsolated } from './results.text.js';

export type Phase = 'loading' | 'ready' | 'error' | 'invalid';

/** Everything the widget's template shows, computed by the element. */
export interface ResultsView {
  locale: ConsultLocale;
  phase: Phase;
  problem: ConsultError | undefined;
  /** A live refresh failed: the results shown are the last good ones. */
  stale: boolean;
  announcement: string;
  headingLevel: number;
  /** `show-robustness`: each idea says how many more votes would take it out of its list. */
  showRobustness: boolean;
  model: ResultsModel | undefined;
  /** The filter's value: '' for every theme. */
  theme: string;
  /** The model's lists with only the chosen theme's ideas. */
  shown: Pick<ResultsModel, 'popular' | 'divisive'>;
  /** Ids of the long ideas shown whole ("Read more" pressed). */
  expanded: ReadonlySet<string>;
  onFilter: (event: Event) => void;
  onToggle: (id: string) => void;
  onRetry: () => void;
}

const HEADINGS = [literal`h1`, literal`h2`, literal`h3`, literal`h4`, literal`h5`, literal`h6`];

/**
 * A real heading at the level the host page needs (`heading-level`), capped at h6. `lang`: its
 * text is the consultation's (title, theme), in that language and direction.
 */
function heading(level: number, attrs: { id?: string; part: string; lang?: string }, content: unknown) {
  const tag = HEADINGS[Math.min(Math.max(level, 1), 6) - 1];
  return staticHtml`<${tag} id=${attrs.id ?? nothing} part=${attrs.part} class="heading" lang=${attrs.lang ?? nothing} dir=${attrs.lang ? 'auto' : nothing}>${content}</${tag}>`;
}

/** A theme's label is the consultation's text, except the widget's own "No theme". */
function themeLang(v: ResultsView, theme: string): string | undefined {
  return theme === NO_THEME ? undefined : v.model!.locale;
}

/** The widget's root speaks the locale it shows (not the page's, when that one has no strings). */
function own(locale: ConsultLocale) {
  return { lang: locale.tag, dir: directionOf(locale.tag) };
}

export function resultsTemplate(v: ResultsView): TemplateResult {
  const live = html`<div class="visually-hidden" role="status" aria-live="polite">${v.announcement}</div>`;
  if (v.phase === 'error' || v.phase === 'invalid') return problemTemplate(v, live);
  if (v.phase === 'loading' || !v.model) return loadingTemplate(v, live);
  const l = resultsStrings(v.locale);
  const m = v.model;
  const empty = m.popular.length === 0 && m.divisive.length === 0;
  const { lang, dir } = own(v.locale);
  return html`<section part="results" class="results" lang=${lang} dir=${dir} aria-labelledby="title" aria-busy="false" tabindex="-1">
    ${heading(v.headingLevel, { id: 'title', part: 'title', lang: m.locale }, m.title)}
    <p part="question" class="question" lang=${m.locale} dir="auto">${m.question}</p>
    ${m.closed ? html`<p part="note" class="note">${l.closedNote}</p>` : nothing}
    <ul part="counters" class="counters" aria-label=${l.counters}>
      ${counter(v.locale, 'participants', m.counts.participants)}${counter(v.locale, 'proposals', m.counts.proposals)}${counter(
        v.locale,
        'votes',
        m.counts.votes,
      )}
    </ul>
    ${m.continents.length > 0 ? continentsTemplate(v.locale, m.continents) : nothing}
    ${v.stale ? html`<p part="status" class="status">${l.errors.refresh}</p>` : nothing}
    ${empty
      ? html`<p part="empty" class="empty">${l.notEnoughVotes(formatNumber(v.locale, m.minVotes))}</p>`
      : html`${filterTemplate(v)}${popularTemplate(v)}${divisiveTemplate(v)}${tableTemplate(v)}`}
    ${live}
  </section>`;
}

/** Where the authors are (expert consultations): "Proposals from 3 continents: Europe 80 · Africa 40 · …". */
function continentsTemplate(locale: ConsultLocale, continents: ResultsContinent[]) {
  const l = resultsStrings(locale);
  const items = continents.map(({ continent, proposals }) => `${l.continentName[continent]} ${formatNumber(locale, proposals)}`);
  return html`<p part="continents" class="continents">
    ${l.continents(continents.length, formatNumber(locale, continents.length))} ${items.join(' · ')}
  </p>`;
}

function counter(locale: ConsultLocale, key: ResultsCounter, count: number) {
  return html`<li part="counter" class="counter">
    <span class="count">${formatNumber(locale, count)}</span> <span class="label">${resultsStrings(locale).counterLabel(key, count)}</span>
  </li>`;
}

function filterTemplate(v: ResultsView) {
  const themes = v.model!.themes;
  // One theme or none: choosing would change nothing.
  if (themes.length < 2) return nothing;
  const l = resultsStrings(v.locale);
  return html`<div part="filter" class="filter">
    <label for="theme-filter">${l.filterLabel}</label>
    <select id="theme-filter" part="select" @change=${v.onFilter}>
      <option value="" ?selected=${v.theme === ''}>${l.allThemes}</option>
      ${themes.map((t) => html`<option value=${t.value} lang=${themeLang(v, t.value) ?? nothing} ?selected=${v.theme === t.value}>${t.label}</option>`)}
    </select>
  </div>`;
}

function listHeading(v: ResultsView, list: ResultsList) {
  const symbol = list === 'popular' ? '♥' : '⚡';
  return heading(
    v.headingLevel + 1,
    { id: `${list}-heading`, part: 'list-heading' },
    html`<span class="symbol" aria-hidden="true">${symbol}</span> ${resultsStrings(v.locale).heading[list]}`,
  );
}

function popularTemplate(v: ResultsView) {
  const l = resultsStrings(v.locale);
  const groups = v.shown.popular;
  return html`<section part="list list-popular" class="list popular" aria-labelledby="popular-heading">
    ${listHeading(v, 'popular')}
    <p part="intro" class="intro">${l.intro.popular}</p>
    ${groups.length === 0
      ? html`<p part="empty" class="empty">${l.emptyList('popular', v.theme !== '')}</p>`
      : groups.map((group) => themeTemplate(v, group))}
  </section>`;
}

function themeTemplate(v: ResultsView, group: ThemeGroup) {
  return html`<div part="theme" class="theme">
    ${heading(v.headingLevel + 2, { part: 'theme-heading', lang: themeLang(v, group.theme) }, group.label)}
    <ul class="ideas">
      ${group.ideas.map((idea) => ideaTemplate(v, idea))}
    </ul>
  </div>`;
}

function divisiveTemplate(v: ResultsView) {
  const l = resultsStrings(v.locale);
  const ideas = v.shown.divisive;
  return html`<section part="list list-divisive" class="list divisive" aria-labelledby="divisive-heading">
    ${listHeading(v, 'divisive')}
    <p part="intro" class="intro">${l.intro.divisive}</p>
    ${ideas.length === 0
      ? html`<p part="empty" class="empty">${l.emptyList('divisive', v.theme !== '')}</p>`
      : html`<ul class="ideas">
          ${ideas.map((idea) => ideaTemplate(v, idea))}
        </ul>`}
  </section>`;
}

const percent = (locale: ConsultLocale, share: number) => formatNumber(locale, share, { style: 'percent' });

function ideaTemplate(v: ResultsView, idea: Idea) {
  const locale = v.locale;
  const l = resultsStrings(locale);
  const robustness = v.showRobustness ? idea.robustness : undefined;
  const legend = [
    ...VOTE_KEYS.map((key) => locale.share(key, percent(locale, idea.shares[key]))),
    locale.voteCount(idea.total, formatNumber(locale, idea.total)),
  ].join(' · ');
  const width = (share: number) => cssomStyle({ width: `${share * 100}%` });
  const whole = !idea.short || v.expanded.has(idea.id);
  // The text is isolated (dir="auto"): an English idea on a right-to-left page keeps its full stop
  // at its end, and the marker stays at the start of the widget's line.
  return html`<li part="idea" class="idea ${idea.list}">
    <p part="idea-text" class="idea-text ${idea.short ? 'long' : ''}">
      <span class="marker" role="img" aria-label=${l.marker[idea.list]}>${idea.list === 'popular' ? '♥' : '⚡'}</span>
      <span id="text-${idea.list}-${idea.id}" class="text" lang=${v.model!.locale} dir="auto">${whole ? idea.content : idea.short}</span>
    </p>
    ${idea.short
      ? html`<button part="more" class="more" aria-expanded=${whole} aria-controls="text-${idea.list}-${idea.id}" @click=${() => v.onToggle(idea.id)}>
          ${whole ? (l.readLess ?? resultsEn.readLess) : (l.readMore ?? resultsEn.readMore)}
        </button>`
      : nothing}
    <div part="bar" class="bar" aria-hidden="true">
      <span part="bar-agree" class="agree" ${width(idea.shares.agree)}></span
      ><span part="bar-disagree" class="disagree" ${width(idea.shares.disagree)}></span
      ><span part="bar-neutral" class="neutral" ${width(idea.shares.neutral)}></span>
    </div>
    <p part="legend" class="legend">${legend}</p>
    ${robustness
      ? html`<p part="robustness" class="robustness">${robustnessStrings(l).robustness(robustness.key, robustness.votes, formatNumber(locale, robustness.votes))}</p>`
      : nothing}
  </li>`;
}

/** The lists again as one table, for screen reader users who compare ideas column by column. */
function tableTemplate(v: ResultsView) {
  const locale = v.locale;
  const l = resultsStrings(locale);
  const c = l.columns;
  const ideas = [...v.shown.popular.flatMap((g) => g.ideas), ...v.shown.divisive];
  const lang = v.model!.locale;
  const themeLabel = v.theme ? v.model!.themes.find((t) => t.value === v.theme)?.label : undefined;
  return html`<table part="table" class="visually-hidden">
    <caption>
      ${themeLabel ? withIsolated((theme) => l.tableCaption(theme), themeLabel, themeLang(v, v.theme)) : l.tableCaption(undefined)}
    </caption>
    <thead>
      <tr>
        <th scope="col">${c.idea}</th>
        <th scope="col">${c.theme}</th>
        <th scope="col">${c.list}</th>
        <th scope="col">${c.agree}</th>
        <th scope="col">${c.disagree}</th>
        <th scope="col">${c.neutral}</th>
        <th scope="col">${c.votes}</th>
        ${v.showRobustness ? html`<th scope="col">${robustnessStrings(l).robustnessColumn}</th>` : nothing}
      </tr>
    </thead>
    <tbody>
      ${ideas.map(
        (i) =>
          html`<tr>
            <th scope="row" lang=${lang} dir="auto">${i.content}</th>
            <td lang=${themeLang(v, i.theme) ?? nothing} dir="auto">${i.themeLabel}</td>
            <td>${l.listName[i.list]}</td>
            <td>${percent(locale, i.shares.agree)}</td>
            <td>${percent(locale, i.shares.disagree)}</td>
            <td>${percent(locale, i.shares.neutral)}</td>
            <td>${formatNumber(locale, i.total)}</td>
            ${v.showRobustness ? html`<td>${robustnessCell(locale, i)}</td>` : nothing}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The table's robustness cell: empty when the backend does not say (or no number of votes would do). */
function robustnessCell(locale: ConsultLocale, idea: Idea): string {
  const r = idea.robustness;
  return r ? robustnessStrings(resultsStrings(locale)).robustnessCell(r.key, r.votes, formatNumber(locale, r.votes)) : '';
}

function loadingTemplate(v: ResultsView, live: TemplateResult) {
  const l = resultsStrings(v.locale);
  const idea = html`<li class="idea"><span class="skeleton"></span><span class="skeleton short"></span><span class="skeleton bar"></span></li>`;
  const { lang, dir } = own(v.locale);
  return html`<section part="results" class="results loading" lang=${lang} dir=${dir} aria-label=${l.region} aria-busy="true" tabindex="-1">
    <p class="visually-hidden">${l.loading}</p>
    <span class="skeleton heading-skeleton"></span>
    <span class="skeleton short"></span>
    <ul part="counters" class="counters" aria-hidden="true">
      <li class="counter"><span class="skeleton"></span></li>
      <li class="counter"><span class="skeleton"></span></li>
      <li class="counter"><span class="skeleton"></span></li>
    </ul>
    <ul class="ideas" aria-hidden="true">
      ${idea}${idea}${idea}
    </ul>
    ${live}
  </section>`;
}

function problemTemplate(v: ResultsView, live: TemplateResult) {
  const l = v.locale;
  const retryable = v.phase === 'error';
  const { lang, dir } = own(l);
  return html`<section part="results" class="results error-state" lang=${lang} dir=${dir} aria-label=${resultsStrings(l).region} tabindex="-1">
    <p part="status" class="status error" role="alert">
      ${retryable ? `${resultsStrings(l).errors.load} ` : nothing}${v.problem?.message}
    </p>
    ${retryable ? html`<button part="retry" class="retry" @click=${v.onRetry}>${l.retry}</button>` : nothing}
    ${live}
  </section>`;
}
