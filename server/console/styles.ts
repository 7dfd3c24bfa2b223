import { css } from 'lit';

/**
 * Colours as tokens, light and dark (the system's choice unless the operator picks one, written on
 * the app as `theme="light|dark"`), every text pair at WCAG AA or better; forced colours keep
 * the system's. The values are set once, on the app (`consult-console`); every view inside it
 * inherits them (custom properties cross shadow roots), so the operator's choice reaches them all.
 */
const darkTokens = css`
  --c-bg: #111418;
  --c-surface: #1b2027;
  --c-text: #e8ebef;
  --c-muted: #aab3bf;
  --c-border: #3a434f;
  --c-accent: #8ab4f8;
  --c-accent-text: #0b1a33;
  --c-danger: #f2b8b5;
  --c-focus: #8ab4f8;
  color-scheme: dark;
`;

export const tokens = css`
  :host(consult-console) {
    --c-bg: #f6f7f9;
    --c-surface: #ffffff;
    --c-text: #1b1f24;
    --c-muted: #4a5361;
    --c-border: #c9ced6;
    --c-accent: #1f5fbf;
    --c-accent-text: #ffffff;
    --c-danger: #b3261e;
    --c-focus: #1f5fbf;
    --radius: 6px;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(consult-console:not([theme='light'])) {
      ${darkTokens}
    }
  }
  :host(consult-console[theme='dark']) {
    ${darkTokens}
  }
  :host {
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    color: var(--c-text);
  }
`;

export const controls = css`
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    border: 1px solid var(--c-border);
    background: var(--c-surface);
    border-radius: var(--radius);
    padding: 0.45rem 0.9rem;
    cursor: pointer;
    min-height: 2.5rem;
  }
  button.primary {
    background: var(--c-accent);
    border-color: var(--c-accent);
    color: var(--c-accent-text);
  }
  input,
  select {
    border: 1px solid var(--c-border);
    background: var(--c-surface);
    border-radius: var(--radius);
    padding: 0.45rem 0.6rem;
    min-height: 2.5rem;
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--c-focus);
    outline-offset: 2px;
  }
  .error {
    color: var(--c-danger);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    button.primary {
      border: 2px solid ButtonText;
    }
  }
`;

/** The console's tables (consultations, operators): captioned, full width, scrolling sideways when narrow. */
export const tables = css`
  .table {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    background: var(--c-surface);
  }
  caption {
    text-align: start;
    color: var(--c-muted);
    padding: 0.5rem 0;
  }
  th,
  td {
    text-align: start;
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--c-border);
  }
`;

/**
 * What several views share: a heading with its actions beside it, a link that looks like a button
 * (`a.button`), numbers aligned in cells (`.n`), ids in small muted type (`.id`).
 */
export const viewParts = css`
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1rem;
    flex-wrap: wrap;
  }
  a.button {
    display: inline-flex;
    align-items: center;
    min-height: 2.5rem;
    padding: 0 0.9rem;
    border-radius: var(--radius);
    border: 1px solid var(--c-accent);
    color: var(--c-accent);
    background: var(--c-surface);
    text-decoration: none;
    box-sizing: border-box;
  }
  td.n,
  th.n {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .id {
    color: var(--c-muted);
    font-size: 0.85rem;
  }
`;

/** A form alone on its page, in a panel (sign-in, an invitation): labels above their fields. */
export const panelForm = css`
  :host {
    display: block;
    margin: 3rem auto;
    padding: 0 1rem;
  }
  form,
  .panel {
    display: grid;
    gap: 0.75rem;
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 1.5rem;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }
  /* What the operator types is not a label: the field keeps the normal weight. */
  input {
    font-weight: 400;
  }
  h1 {
    margin: 0 0 0.25rem;
    font-size: 1.4rem;
  }
`;
