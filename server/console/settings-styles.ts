import { css } from 'lit';

/** The settings tab's forms (settings-view.ts, settings-bulk.ts): the console's tokens, one column. */
export const settingsStyles = css`
  :host {
    display: block;
    max-width: 48rem;
  }
  form,
  section {
    display: grid;
    gap: 0.9rem;
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 1rem;
    margin-bottom: 1.25rem;
  }
  label,
  legend {
    font-weight: 600;
  }
  label {
    display: grid;
    gap: 0.25rem;
  }
  label.check {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    font-weight: 400;
  }
  label.check input {
    width: auto;
    min-height: 0;
    margin-top: 0.2rem;
  }
  fieldset {
    display: grid;
    gap: 0.6rem;
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    margin: 0;
    padding: 0.75rem;
    min-width: 0;
  }
  input,
  textarea {
    width: 100%;
    box-sizing: border-box;
    font-weight: 400;
  }
  textarea {
    font: inherit;
    font-weight: 400;
    color: inherit;
    border: 1px solid var(--c-border);
    background: var(--c-surface);
    border-radius: var(--radius);
    padding: 0.45rem 0.6rem;
  }
  textarea.lines {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.85rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: end;
  }
  .row > label {
    flex: 1 1 12rem;
    min-width: 0;
  }
  .row input {
    min-width: 0;
  }
  ul.themes {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .hint {
    color: var(--c-muted);
    font-weight: 400;
    font-size: 0.9rem;
    margin: 0;
  }
  .phase {
    font-size: 1.1rem;
    margin: 0;
  }
  .phase strong {
    color: var(--c-accent);
  }
  .error {
    margin: 0;
    border-inline-start: 4px solid var(--c-danger);
    padding: 0.25rem 0.75rem;
    overflow-wrap: anywhere;
  }
  p {
    margin: 0;
  }
  h1 {
    font-size: 1.5rem;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0;
  }
  .table {
    max-height: 20rem;
    overflow: auto;
  }
  td.n,
  th.n {
    text-align: end;
    font-variant-numeric: tabular-nums;
    width: 4rem;
  }
  td {
    overflow-wrap: anywhere;
  }
`;
