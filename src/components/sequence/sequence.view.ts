import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { ConsultError } from '../../adapters/errors.js';
import { formatNumber, type ConsultLocale } from '../../i18n/index.js';
import type { ConsultVoteDetail, ConsultSubmitDetail } from '../../internal/events.js';
import { cssomStyle } from '../../internal/cssom-style.js';
import { directionOf } from '../../internal/direction.js';
import type { Consultation } from '../../protocol/index.js';
import { sequenceStrings } from '../../i18n/sections/sequence.js';

/** What is on screen: a card of the journey, or one of the states that replace it. */
export type Screen =
  | { kind: 'loading' }
  | { kind: 'error' | 'invalid'; problem: ConsultError }
  | { kind: 'closed' | 'empty' | 'intro' | 'final' }
  | { kind: 'proposal'; proposalId: string; voted: boolean }
  | { kind: 'propose'; submitted: boolean };

export interface SequenceView {
  locale: ConsultLocale;
  screen: Screen;
  consultation: Consultation | undefined;
  consultationId: string | undefined;
  /** Proposals reached (the "3" of "3 of 12") and in the sequence. */
  reached: number;
  total: number;
  /** Votes cast in this sequence. */
  votes: number;
  resultsHref: string | undefined;
  announcement: string;
  onStart: () => void;
  onAdvance: () => void;
  onRetry: () => void;
  onVote: (event: CustomEvent<ConsultVoteDetail>) => void;
  onSubmit: (event: CustomEvent<ConsultSubmitDetail>) => void;
}

export function sequenceTemplate(v: SequenceView) {
  const busy = v.screen.kind === 'loading';
  const showProgress = v.screen.kind === 'proposal' || v.screen.kind === 'propose';
  // A closed consultation shows <consult-results>, a region of its own: no region around it.
  const region = v.screen.kind !== 'closed';
  // The widget's own language and direction (its locale may be a fallback, not the page's).
  return html`<div
    part="sequence"
    class="sequence"
    lang=${v.locale.tag}
    dir=${directionOf(v.locale.tag)}
    role=${region ? 'region' : nothing}
    aria-label=${region ? sequenceStrings(v.locale).region(v.consultation?.title) : nothing}
    aria-busy=${busy ? 'true' : 'false'}
  >
    ${showProgress ? progress(v) : nothing}
    <div part="card" class="card ${v.screen.kind}">${card(v)}</div>
    <div class="visually-hidden" role="status" aria-live="polite">${v.announcement}</div>
  </div>`;
}

function card(v: SequenceView): TemplateResult {
  const s = sequenceStrings(v.locale);
  const screen = v.screen;
  switch (screen.kind) {
    case 'loading':
      return html`<span class="skeleton title-skeleton"></span><span class="skeleton"></span
        ><span class="skeleton short"></span><span class="visually-hidden">${s.loading}</span>`;
    case 'error':
    case 'invalid':
      return html`${heading(s.errorHeading)}
        <p part="status" class="status error" role="alert">
          ${screen.kind === 'error' ? `${s.errors.load} ` : nothing}${screen.problem.message}
        </p>
        ${screen.kind === 'error'
          ? html`<div class="nav"><button part="retry" class="retry primary" @click=${v.onRetry}>${v.locale.retry}</button></div>`
          : nothing}`;
    case 'closed':
      return html`${heading(s.closedHeading)}
        <p class="lead">${s.closedText}</p>
        <consult-results part="results" consultation=${v.consultationId ?? nothing}></consult-results>`;
    case 'empty':
      return html`${heading(s.emptyHeading)}
        <p class="lead">${s.emptyText}</p>
        ${resultsLink(v)}`;
    case 'intro':
      return intro(v);
    case 'proposal':
      return html`${heading(s.proposalHeading(fmt(v, v.reached), fmt(v, v.total)), 'position')}
        ${keyed(
          screen.proposalId,
          html`<consult-proposal part="proposal" proposal-id=${screen.proposalId} @consult-vote=${v.onVote}></consult-proposal>`,
        )}
        <div class="nav">${advanceButton(v, screen.voted)}</div>`;
    case 'propose':
      // Skip comes before the form: a keyboard user who does not want to propose need not Tab through it.
      return html`${heading(s.pushHeading)}
        <div class="push-intro">
          <p class="lead">${s.pushLead}</p>
          <div class="nav">${advanceButton(v, screen.submitted)}</div>
        </div>
        <consult-propose
          part="propose"
          consultation=${v.consultationId ?? nothing}
          @consult-submit=${v.onSubmit}
        ></consult-propose>`;
    case 'final':
      return html`${heading(s.finalHeading)}
        <p part="summary" class="lead">${s.finalVotes(v.votes, fmt(v, v.votes))}</p>
        ${resultsLink(v)}`;
  }
}

/**
 * Every card opens with a heading that takes focus when the participant moves to the card. `lang`:
 * the heading is the consultation's own text (the question), isolated in its language.
 */
function heading(text: string, extra = '', lang?: string) {
  return html`<h2 part="heading" class="heading ${extra}" tabindex="-1" dir=${lang ? 'auto' : nothing} lang=${lang ?? nothing}>${text}</h2>`;
}

function intro(v: SequenceView) {
  const s = sequenceStrings(v.locale);
  const c = v.consultation;
  const counts = c?.counts ?? { participants: 0, proposals: 0, votes: 0 };
  // The title and question are the consultation's text: isolated, in the consultation's language.
  return html`<p part="title" class="title" dir="auto" lang=${c?.locale ?? nothing}>${c?.title}</p>
    ${heading(c?.question ?? '', 'question', c?.locale)}
    <ul part="counts" class="counts">
      <li>${s.participants(counts.participants, fmt(v, counts.participants))}</li>
      <li>${s.proposals(counts.proposals, fmt(v, counts.proposals))}</li>
      <li>${s.votes(counts.votes, fmt(v, counts.votes))}</li>
    </ul>
    <p class="lead">${s.introLead}</p>
    <div class="nav"><button part="start" class="start primary" @click=${v.onStart}>${s.start}</button></div>`;
}

// One button that says Skip before the participant acts on the card and Next after: it stays the
// same element, so keyboard focus stays on it when its label changes.
function advanceButton(v: SequenceView, acted: boolean) {
  const s = sequenceStrings(v.locale);
  return html`<button part=${acted ? 'next' : 'skip'} class="advance ${acted ? 'primary' : ''}" @click=${v.onAdvance}>
    ${acted ? s.next : s.skip}
  </button>`;
}

function progress(v: SequenceView) {
  const s = sequenceStrings(v.locale);
  const share = v.total === 0 ? 0 : v.reached / v.total;
  return html`<div
    part="progress"
    class="progress"
    role="progressbar"
    aria-label=${s.progress}
    aria-valuemin="0"
    aria-valuemax=${v.total}
    aria-valuenow=${v.reached}
    aria-valuetext=${s.position(fmt(v, v.reached), fmt(v, v.total))}
  >
    <span part="progress-fill" class="progress-fill" ${cssomStyle({ width: `${share * 100}%` })}></span>
  </div>`;
}

/** The host's own results markup (slot `results`), else a link to `results-href`, else nothing. */
function resultsLink(v: SequenceView) {
  return html`<slot name="results"
    >${v.resultsHref
      ? html`<p class="nav"><a part="results-link" class="results-link" href=${v.resultsHref}>${sequenceStrings(v.locale).seeResults}</a></p>`
      : nothing}</slot
  >`;
}

function fmt(v: SequenceView, n: number): string {
  return formatNumber(v.locale, n);
}
