import { css } from 'lit';

/** The chart's line colours, at 3:1 or more on the surface (non-text contrast), light and dark. */
const seriesDark = css`
  --c-series-1: #8ab4f8;
  --c-series-2: #f5a25d;
  --c-series-3: #7bd389;
`;

/** The dashboard view's layout: sections, totals, the bucket switch, idea lists, download links. */
export const dashboardStyles = css`
  :host {
    display: block;
    --c-series-1: #1f5fbf;
    --c-series-2: #b04a00;
    --c-series-3: #2e7d32;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${seriesDark}
    }
  }
  :host([theme='dark']) {
    ${seriesDark}
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }
  h1 {
    overflow-wrap: anywhere;
  }
  section {
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 0.75rem 1rem 1rem;
    margin-block: 1rem;
    min-width: 0;
  }
  @media (max-width: 30rem) {
    section {
      padding-inline: 0.6rem;
    }
  }
  h2 {
    font-size: 1.15rem;
    margin: 0 0 0.5rem;
  }
  .counts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: 0.75rem;
    margin: 0;
  }
  .counts div {
    border-inline-start: 4px solid var(--c-accent);
    padding-inline-start: 0.6rem;
  }
  .counts dt {
    color: var(--c-muted);
  }
  .counts dd {
    margin: 0;
    font-size: 1.75rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
    border: 0;
    padding: 0;
    margin: 0;
  }
  legend {
    float: inline-start;
    margin-inline-end: 0.25rem;
  }
  fieldset label {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    min-height: 2.5rem;
  }
  .note {
    color: var(--c-muted);
    font-size: 0.9rem;
  }
  .ideas {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
    gap: 0 1rem;
  }
  .ideas section {
    margin-block: 0 1rem;
  }
  ol {
    padding-inline-start: 1.5rem;
    margin: 0;
  }
  ol > li + li {
    margin-top: 0.5rem;
  }
  .share {
    display: block;
    color: var(--c-muted);
    font-size: 0.9rem;
  }
  .downloads {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1.5rem;
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .downloads a {
    display: inline-block;
    padding-block: 0.5rem;
  }
`;

/** The chart element's own: its legend, the plot, the colour probes, the data table. */
export const chartStyles = css`
  :host {
    display: block;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.25rem;
    list-style: none;
    padding: 0;
    margin: 0 0 0.5rem;
  }
  .key {
    display: inline-block;
    width: 2rem;
    margin-inline-end: 0.4rem;
    vertical-align: middle;
    border-top: 3px solid var(--c-series-1);
  }
  .key.votes {
    border-top: 3px dashed var(--c-series-2);
  }
  .key.proposals {
    border-top: 3px dotted var(--c-series-3);
  }
  .plot {
    min-height: 12rem;
  }
  .probe {
    display: none;
    forced-color-adjust: none;
  }
  .probe.text {
    color: var(--c-muted);
  }
  .probe.grid {
    color: var(--c-border);
  }
  .probe.participants {
    color: var(--c-series-1);
  }
  .probe.votes {
    color: var(--c-series-2);
  }
  .probe.proposals {
    color: var(--c-series-3);
  }
  @media (forced-colors: active) {
    :host {
      --c-series-1: CanvasText;
      --c-series-2: Highlight;
      --c-series-3: LinkText;
    }
    .probe.text {
      color: CanvasText;
    }
    .probe.grid {
      color: GrayText;
    }
    .key {
      forced-color-adjust: none;
    }
  }
  details {
    margin-top: 0.75rem;
  }
  summary {
    cursor: pointer;
    min-height: 1.5rem;
  }
`;
