import { html, nothing, type TemplateResult } from 'lit';
import type { ConsultError } from '../../adapters/errors.js';
import { formatNumber, type ConsultLocale } from '../../i18n/index.js';
import { cssomStyle } from '../../internal/cssom-style.js';
import { directionOf } from '../../internal/direction.js';
import { VOTE_KEYS, type Tally, type VoteKey } from '../../protocol/index.js';

/** Everything the card's template shows, computed by the element. */
export interface CardView {
  locale: ConsultLocale;
  phase: 'idle' | 'loading' | 'ready' | 'error' | 'invalid';
  problem: ConsultError | undefined;
  announcement: string;
  text: string | undefined;
  theme: string;
  authorName: string | undefined;
  authorAge: number | undefined;
  /** The language of the people's text (proposal, theme, name): the consultation's, else the page's for inline text. */
  textLang: string | undefined;
  /** The text is a Tab stop: in a sequence, Tab from the card's heading must reach the proposal, not skip it. */
  textStop: boolean;
  myKey: VoteKey | null;
  pending: boolean;
  closed: boolean;
  tally: Tally | undefined;
  showResults: 'after-vote' | 'always' | 'never';
  /** Why the last vote or qualification failed. */
  writeProblem: string | undefined;
  /** The qualification buttons (the writes' code renders them); `undefined`: none (no vote yet, or none wanted). */
  qualifications: QualificationsRow | undefined;
  /** Click handler of the button group: the clicked button's `data-key` is the vote. */
  onActionsClick: (event: Event) => void;
  onRetry: () => void;
}

export interface QualificationsRow {
  row: TemplateResult;
  /** Some qualification waits in the adapter for later delivery (the status line says so). */
  waiting: boolean;
}

export function cardTemplate(v: CardView) {
  const l = v.locale;
  // The widget's own language and direction, which may not be the page's (a locale it lacks falls
  // back to English, which a right-to-left page must not lay out nor voice as its own).
  const dir = directionOf(l.tag);
  const liveRegion = html`<div class="visually-hidden" role="status" aria-live="polite">${v.announcement}</div>`;
  if (v.phase === 'invalid' || v.phase === 'error') {
    return html`<div part="card" class="card error-state" lang=${l.tag} dir=${dir} tabindex="-1">
      <p part="status" class="status error" role="alert">
        ${v.phase === 'error' ? `${l.errors.load} ` : nothing}${v.problem?.message}
      </p>
      ${v.phase === 'error' ? html`<button part="retry" class="retry" @click=${v.onRetry}>${l.retry}</button>` : nothing}
      ${liveRegion}
    </div>`;
  }
  const loading = v.phase !== 'ready';
  const waiting = v.pending || v.qualifications?.waiting;
  const status = v.writeProblem ?? (v.closed ? l.closed : waiting ? l.votePending : '');
  // People's text is isolated (dir=auto: an Arabic proposal on an English page, or the reverse,
  // keeps its order and punctuation) and carries its language when known. The article is named by
  // the proposal and the vote group described by it: tabbing through a page of cards tells which
  // proposal each group is about.
  const lang = v.textLang ?? nothing;
  return html`<article
    part="card"
    class="card ${v.pending ? 'pending' : ''}"
    lang=${l.tag}
    dir=${dir}
    aria-labelledby="text"
    aria-busy=${loading ? 'true' : 'false'}
    tabindex="-1"
  >
    <p part="theme" class="theme" dir="auto" lang=${lang}>${v.theme}</p>
    <p part="content" class="content" id="text" dir="auto" lang=${lang} tabindex=${v.textStop ? '0' : nothing}>
      ${v.text ??
      html`<span class="skeleton"></span><span class="skeleton short"></span
        ><span class="visually-hidden">${l.loading}</span>`}
    </p>
    <p part="author" class="author">${author(v, lang)}</p>
    <div part="actions" class="actions" role="group" aria-label=${l.voteGroup} aria-describedby="text" @click=${v.onActionsClick}>
      ${voteButton(v, 'agree', loading)}${voteButton(v, 'disagree', loading)}${voteButton(v, 'neutral', loading)}
    </div>
    ${v.qualifications?.row ?? nothing}${resultsArea(v, loading)}
    <p part="status" class="status ${v.writeProblem ? 'error' : ''}">${status}</p>
    ${liveRegion}
  </article>`;
}

/**
 * "Ana, 27 years old" in the widget's language, the name in a <bdi> in the people's: without it
 * "ليلى, 34 years old" shows as "34 ليلى, years old" (the number joins the Arabic run). The name
 * goes in as a mark the sentence is split at (no name: no mark, an empty <bdi>).
 */
function author(v: CardView, lang: string | typeof nothing) {
  const [before, after] = v.locale.byAuthor(v.authorName && '\0', v.authorAge).split('\0');
  return html`${before}<bdi lang=${lang}>${v.authorName}</bdi>${after}`;
}

// Written out per key, not mapped: static part and class names keep each card's bindings few
// (575 cards render noticeably faster), and one click listener on the group serves all three.
function voteButton(v: CardView, key: VoteKey, loading: boolean) {
  const label = v.locale.voteLabel[key];
  const pressed = v.myKey === key ? 'true' : 'false';
  const disabled = loading || v.closed;
  switch (key) {
    case 'agree':
      return html`<button part="button button-agree" class="agree" data-key="agree" aria-pressed=${pressed} ?disabled=${disabled}>${label}</button>`;
    case 'disagree':
      return html`<button part="button button-disagree" class="disagree" data-key="disagree" aria-pressed=${pressed} ?disabled=${disabled}>${label}</button>`;
    case 'neutral':
      return html`<button part="button button-neutral" class="neutral" data-key="neutral" aria-pressed=${pressed} ?disabled=${disabled}>${label}</button>`;
  }
}

/**
 * The share bar and its legend. With `after-vote`, the area is there before the vote too (an empty
 * bar and a hint), so a returning participant's card, which loads with results, is as tall as a
 * new participant's skeleton: no layout shift either way.
 */
function resultsArea(v: CardView, loading: boolean) {
  if (v.showResults === 'never') return nothing;
  const shown = v.showResults === 'always' || v.myKey !== null || v.closed;
  if (!shown || loading) {
    // Nothing to measure yet: an empty bar needs no widths (and no per-card style writes).
    return html`<div part="results" class="results">
      <div part="bar" class="bar" aria-hidden="true"></div>
      <p class="legend">${shown || loading ? '' : v.locale.resultsHint}</p>
    </div>`;
  }
  return bar(v.locale, v.tally);
}

function bar(locale: ConsultLocale, votes: Tally = { agree: 0, disagree: 0, neutral: 0 }) {
  const total = votes.agree + votes.disagree + votes.neutral;
  const share = (n: number) => (total === 0 ? 0 : n / total);
  const legend = [
    ...VOTE_KEYS.map((key) => locale.share(key, formatNumber(locale, share(votes[key]), { style: 'percent' }))),
    locale.voteCount(total, formatNumber(locale, total)),
  ].join(' · ');
  const width = (key: VoteKey) => cssomStyle({ width: `${share(votes[key]) * 100}%` });
  return html`<div part="results" class="results">
    <div part="bar" class="bar" aria-hidden="true">
      <span part="bar-agree" class="agree" ${width('agree')}></span
      ><span part="bar-disagree" class="disagree" ${width('disagree')}></span
      ><span part="bar-neutral" class="neutral" ${width('neutral')}></span>
    </div>
    <p class="legend">${legend}</p>
  </div>`;
}

/** FNV-1a hash of inline text, as a stable proposal id for static pages that give none. */
export function idFromContent(content: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < content.length; i++) {
    hash ^= content.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `c-${(hash >>> 0).toString(36)}`;
}
