import { css } from 'lit';

/** The embed builder's layout: the choices beside the snippet and the preview on wide screens, one column when narrow. */
export const embedStyles = css`
  :host {
    display: block;
  }
  h1 {
    font-size: 1.5rem;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0;
  }
  .layout {
    display: grid;
    gap: 1rem;
    align-items: start;
  }
  @media (min-width: 60rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
    }
  }
  .column {
    display: grid;
    gap: 1rem;
    min-width: 0;
  }
  section,
  fieldset {
    display: grid;
    gap: 0.75rem;
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 1rem;
    margin: 0;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    padding: 0 0.25rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  .field label {
    font-weight: 600;
  }
  label.choice {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  label.choice input {
    margin: 0;
    min-height: 0;
    flex: none;
  }
  select,
  input:not([type='radio'], [type='checkbox'], [type='color']) {
    width: 100%;
    box-sizing: border-box;
    font-weight: 400;
  }
  select[multiple] {
    min-height: 8rem;
  }
  .hint {
    color: var(--c-muted);
    font-size: 0.9rem;
    font-weight: 400;
    margin: 0;
  }
  .colour {
    display: grid;
    grid-template-columns: 3rem minmax(0, 1fr);
    gap: 0.1rem 0.6rem;
    align-items: center;
  }
  .colour input {
    width: 3rem;
    height: 2.25rem;
    padding: 0.1rem;
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    background: var(--c-surface);
  }
  .colour .ratio {
    grid-column: 2;
    font-size: 0.9rem;
  }
  .colour .ratio.fail,
  .warning {
    font-weight: 600;
  }
  .warning {
    border-inline-start: 4px solid var(--c-danger);
    padding: 0.25rem 0.75rem;
    margin: 0;
  }
  .ok {
    border-inline-start: 4px solid var(--c-accent);
    padding: 0.25rem 0.75rem;
    margin: 0;
  }
  figure {
    margin: 0;
    display: grid;
    gap: 0.25rem;
  }
  pre {
    margin: 0;
    padding: 0.75rem;
    background: var(--c-bg);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    font-size: 0.85rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  textarea {
    width: 100%;
    box-sizing: border-box;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.85rem;
    color: inherit;
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    field-sizing: content;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
  }
  .preview {
    /* The widgets' own light surface sits on the console's background, framed. */
    padding: 0.75rem;
    border: 2px dashed var(--c-border);
    border-radius: var(--radius);
    display: grid;
    gap: 0.75rem;
    min-height: 6rem;
  }
`;
