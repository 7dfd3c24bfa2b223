import { css } from 'lit';

export const resultsStyles = css`
  :host {
    --_popular-color: var(--consult-popular-color, #b3261e);
    --_divisive-color: var(--consult-divisive-color, #8a5a00);

    /*
     * Layout and style containment, not paint: paint containment cut at the host's edge whatever
     * overflowed (a long theme's select at 320 px) and the region's own focus ring, drawn outside.
     */
    contain: layout style;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_popular-color: var(--consult-popular-color, #f2948a);
      --_divisive-color: var(--consult-divisive-color, #f5c26b);
    }
  }
  .results {
    box-sizing: border-box;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
    line-height: 1.4;
    /* Inherited by every text: a long word (a German compound, a URL) wraps instead of overflowing. */
    overflow-wrap: anywhere;
  }
  .results:focus-visible,
  select:focus-visible,
  button:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  .heading {
    margin: 0 0 0.25rem;
    line-height: 1.25;
  }
  .question,
  .intro,
  .note,
  .status,
  .continents,
  .legend,
  .robustness {
    margin: 0.25rem 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .note {
    font-weight: 600;
    color: var(--_text);
  }
  .counters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.5rem;
    margin: 0.75rem 0;
    padding: 0;
    list-style: none;
  }
  .counter {
    display: flex;
    flex-direction: column;
    min-width: 6rem;
  }
  .count {
    font-size: 1.75rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .label {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .filter {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin: 0.75rem 0;
  }
  select,
  button {
    font: inherit;
    min-height: 2.75rem;
    border-radius: var(--_radius);
    border: 2px solid var(--_accent);
    background: var(--_surface);
    color: var(--_text);
  }
  /* A long theme label shortens the select to its row, not the row to the select. */
  select {
    padding: 0.25rem 0.5rem;
    min-width: 0;
    max-width: 100%;
  }
  button {
    padding: 0.25rem 1rem;
    cursor: pointer;
  }
  .list {
    margin-top: 1.25rem;
  }
  .popular .symbol,
  .popular .marker {
    color: var(--_popular-color);
  }
  .divisive .symbol,
  .divisive .marker {
    color: var(--_divisive-color);
  }
  .theme {
    margin-top: 0.75rem;
  }
  .ideas {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .idea {
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .idea:last-child {
    border-bottom: 0;
  }
  .idea-text {
    margin: 0 0 0.375rem;
    font-weight: 600;
  }
  /* A paragraph in bold reads badly: a long idea is set in regular weight, shortened or not. */
  .idea-text.long {
    font-weight: 400;
  }
  .more {
    margin: 0 0 0.375rem;
  }
  .marker {
    margin-inline-end: 0.25rem;
  }
  .bar {
    display: flex;
    height: 0.5rem;
    border-radius: 0.25rem;
    overflow: hidden;
    background: var(--_skeleton);
  }
  .bar > .agree {
    background: var(--_agree-color);
  }
  .bar > .disagree {
    background: var(--_disagree-color);
  }
  .bar > .neutral {
    background: var(--_neutral-color);
  }
  .empty {
    margin: 0.5rem 0;
  }
  .error {
    color: var(--_disagree-color);
  }
  .skeleton {
    margin: 0.3em 0;
  }
  .skeleton.heading-skeleton {
    height: 1.5em;
    width: 60%;
  }
  .skeleton.bar {
    height: 0.5rem;
  }
  .counter .skeleton {
    height: 2.2em;
  }
`;
