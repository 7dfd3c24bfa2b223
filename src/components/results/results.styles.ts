import { css } from 'lit';

export const resultsStyles = css`
  :host {
    /* The card's names and values: one theme styles every widget. All pairs meet WCAG AA. */
    --consult-font-family: inherit;
    --consult-surface: #ffffff;
    --consult-text: #1a1a1a;
    --consult-muted: #595959;
    --consult-border: #c4c4c4;
    --consult-accent: #1f4fbf;
    --consult-agree-color: #1b7a3a;
    --consult-disagree-color: #b3261e;
    --consult-neutral-color: #5f6368;
    --consult-skeleton: #e8e8e8;
    --consult-radius: 0.5rem;
    --consult-focus-ring: 3px solid var(--consult-accent);
    --consult-popular-color: #b3261e;
    --consult-divisive-color: #8a5a00;

    display: block;
    font-family: var(--consult-font-family);
    color: var(--consult-text);
    contain: content;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --consult-surface: #1e1e1e;
      --consult-text: #f1f1f1;
      --consult-muted: #b5b5b5;
      --consult-border: #5a5a5a;
      --consult-accent: #8ab4f8;
      --consult-agree-color: #6fd08c;
      --consult-disagree-color: #f2948a;
      --consult-neutral-color: #bdc1c6;
      --consult-skeleton: #333333;
      --consult-popular-color: #f2948a;
      --consult-divisive-color: #f5c26b;
    }
  }
  :host([hidden]) {
    display: none;
  }
  .results {
    box-sizing: border-box;
    background: var(--consult-surface);
    border: 1px solid var(--consult-border);
    border-radius: var(--consult-radius);
    padding: 1rem;
    line-height: 1.4;
  }
  .results:focus-visible,
  select:focus-visible,
  button:focus-visible {
    outline: var(--consult-focus-ring);
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
  .legend {
    margin: 0.25rem 0;
    font-size: 0.875rem;
    color: var(--consult-muted);
  }
  .note {
    font-weight: 600;
    color: var(--consult-text);
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
    color: var(--consult-muted);
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
    border-radius: var(--consult-radius);
    border: 2px solid var(--consult-accent);
    background: var(--consult-surface);
    color: var(--consult-text);
  }
  select {
    padding: 0.25rem 0.5rem;
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
    color: var(--consult-popular-color);
  }
  .divisive .symbol,
  .divisive .marker {
    color: var(--consult-divisive-color);
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
    border-bottom: 1px solid var(--consult-border);
  }
  .idea:last-child {
    border-bottom: 0;
  }
  .idea-text {
    margin: 0 0 0.375rem;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .marker {
    margin-inline-end: 0.25rem;
  }
  .bar {
    display: flex;
    height: 0.5rem;
    border-radius: 0.25rem;
    overflow: hidden;
    background: var(--consult-skeleton);
  }
  .bar > .agree {
    background: var(--consult-agree-color);
  }
  .bar > .disagree {
    background: var(--consult-disagree-color);
  }
  .bar > .neutral {
    background: var(--consult-neutral-color);
  }
  .empty {
    margin: 0.5rem 0;
  }
  .error {
    color: var(--consult-disagree-color);
  }
  .skeleton {
    display: block;
    height: 1em;
    margin: 0.3em 0;
    border-radius: 0.25rem;
    background: var(--consult-skeleton);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  .skeleton.short {
    width: 40%;
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
  @keyframes pulse {
    to {
      opacity: 0.5;
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
`;
