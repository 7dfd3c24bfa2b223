import { css, html } from 'lit';
import type { AdminCohort, CohortExclusion } from 'consult-widgets/protocol/admin';
import type { ConsoleStrings } from './i18n.js';

type TrustStrings = ConsoleStrings['trust'];
/** A cohort's state: its votes counted (never excluded), excluded now, or excluded once and restored. */
export type CohortState = 'counted' | 'excluded' | 'restored';

export function stateOf(cohort: AdminCohort, exclusions: readonly CohortExclusion[]): CohortState {
  if (cohort.excluded) return 'excluded';
  return exclusions.some((e) => e.cohortId === cohort.id) ? 'restored' : 'counted';
}

/** Times in the console's language, with the instant kept in `datetime`. */
export function timeOf(iso: string | null, lang: string, unknown: string) {
  if (iso === null) return unknown;
  const text = new Intl.DateTimeFormat(lang || undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
  return html`<time datetime=${iso}>${text}</time>`;
}

/** One idea of an effect: its text where the view has it, its id always (the API's name for it). */
const idea = (id: string, texts: ReadonlyMap<string, string>) =>
  html`<li data-proposal-id=${id}>${texts.get(id) ?? ''} <span class="id">${id}</span></li>`;

const ideas = (ids: readonly string[], texts: ReadonlyMap<string, string>, s: TrustStrings) =>
  ids.length === 0 ? s.nothing : html`<ul class="ideas">${ids.map((id) => idea(id, texts))}</ul>`;

/**
 * The effect of a cohort's votes, plainly: for each published list, the ideas in it only with its
 * votes and those in it only without them (server/cohort-effect.ts computes both lists).
 */
export function effectTable(cohort: AdminCohort, texts: ReadonlyMap<string, string>, s: TrustStrings, label: (column: string) => string) {
  const { popular, divisive } = cohort.effect;
  if (popular.leave.length + popular.enter.length + divisive.leave.length + divisive.enter.length === 0) {
    return html`<p data-effect="none">${s.noChange}</p>`;
  }
  const row = (name: string, list: 'popular' | 'divisive') =>
    html`<tr role="row" data-list=${list}>
      <th scope="row" role="rowheader">${name}</th>
      <td role="cell" data-label=${label(s.onlyWith)} data-change="leave">${ideas(cohort.effect[list].leave, texts, s)}</td>
      <td role="cell" data-label=${label(s.onlyWithout)} data-change="enter">${ideas(cohort.effect[list].enter, texts, s)}</td>
    </tr>`;
  return html`<div class="table" tabindex="0" role="region" aria-label=${s.effectCaption(cohort.id)}>
    <table role="table" class="stacked">
      <caption>${s.effectCaption(cohort.id)}</caption>
      <thead>
        <tr role="row">
          <th scope="col" role="columnheader">${s.list}</th>
          <th scope="col" role="columnheader">${s.onlyWith}</th>
          <th scope="col" role="columnheader">${s.onlyWithout}</th>
        </tr>
      </thead>
      <tbody>
        ${row(s.popular, 'popular')} ${row(s.divisive, 'divisive')}
      </tbody>
    </table>
  </div>`;
}

/** Every exclusion ever made in the consultation: who, why, when, and its restoration. */
export function exclusionsTable(exclusions: readonly CohortExclusion[], lang: string, n: Intl.NumberFormat, s: TrustStrings, label: (column: string) => string) {
  if (exclusions.length === 0) return html`<p>${s.noExclusion}</p>`;
  const when = (iso: string) => timeOf(iso, lang, s.unknown);
  return html`<div class="table" tabindex="0" role="region" aria-label=${s.exclusions}>
    <table role="table" class="exclusions stacked">
      <caption>${s.exclusionsCaption}</caption>
      <thead>
        <tr role="row">
          <th scope="col" role="columnheader">${s.cohortCol}</th>
          <th scope="col" role="columnheader" class="n">${s.votes}</th>
          <th scope="col" role="columnheader">${s.excludedCol}</th>
          <th scope="col" role="columnheader">${s.restoredCol}</th>
        </tr>
      </thead>
      <tbody>
        ${exclusions.map(
          (e) => html`<tr role="row" data-cohort-id=${e.cohortId}>
            <th scope="row" role="rowheader"><span class="id">${e.cohortId}</span><div>${s.kinds[e.kind] ?? e.kind}</div></th>
            <td role="cell" data-label=${label(s.votes)} class="n">${n.format(e.votes)}</td>
            <td role="cell" data-label=${label(s.excludedCol)} data-part="excluded">
              <div>${s.by(e.excludedBy)} ${when(e.excludedAt)}</div>
              <div>${s.because} <q>${e.reason}</q></div>
            </td>
            <td role="cell" data-label=${label(s.restoredCol)} data-part="restored">
              ${e.restoredAt === null
                ? s.inForce
                : html`<div>${s.by(e.restoredBy ?? '')} ${when(e.restoredAt)}</div>
                    <div>${s.because} <q>${e.restoreReason ?? ''}</q></div>`}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/**
 * Narrow screens: a table of class "stacked" shows one card per row, each value after its column's
 * name (`data-label`); the explicit roles keep the table's semantics (as the operators view does).
 */
export const stackedTables = css`
  @media (max-width: 40rem) {
    table.stacked thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    table.stacked,
    table.stacked caption,
    table.stacked tbody,
    table.stacked tr,
    table.stacked th,
    table.stacked td {
      display: block;
    }
    table.stacked tr {
      border-bottom: 1px solid var(--c-border);
      padding: 0.25rem 0;
    }
    table.stacked th,
    table.stacked td {
      border-bottom: none;
      padding: 0.25rem 0.75rem;
      text-align: start;
    }
    table.stacked td[data-label]::before {
      content: attr(data-label);
      color: var(--c-muted);
    }
  }
`;

export const trustStyles = css`
  :host {
    display: block;
  }
  .intro {
    color: var(--c-muted);
    max-width: 60rem;
  }
  article {
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 1rem;
    margin-bottom: 1rem;
  }
  article h2 {
    margin-top: 0;
    font-size: 1.15rem;
    overflow-wrap: anywhere;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.3rem 1rem;
    margin: 0 0 1rem;
  }
  dt {
    color: var(--c-muted);
  }
  dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .state {
    font-weight: 600;
  }
  .state[data-state='excluded'] {
    color: var(--c-danger);
  }
  .id {
    overflow-wrap: anywhere;
  }
  ul.ideas {
    margin: 0;
    padding-inline-start: 1.1rem;
  }
  th,
  td {
    vertical-align: top;
  }
  h3 {
    font-size: 1rem;
  }
  form,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: flex-end;
    margin-top: 1rem;
  }
  form label {
    display: flex;
    flex-direction: column;
    gap: 0.3rem;
    flex: 1 1 16rem;
  }
  .field-error {
    flex-basis: 100%;
    margin: 0;
  }
  .confirm p {
    flex-basis: 100%;
    margin: 0;
  }
  button.danger {
    border-color: var(--c-danger);
    color: var(--c-danger);
  }
  @media (max-width: 30rem) {
    dl {
      grid-template-columns: 1fr;
    }
    dd {
      margin-bottom: 0.4rem;
    }
  }
`;
