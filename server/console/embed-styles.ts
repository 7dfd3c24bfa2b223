import { css } from 'lit';

/**
 * The embed builder's layout, over the setup forms' look (poll-view.ts `setupStyles`): the choices
 * beside the snippet and the preview on wide screens, one column when narrow.
 */
export const embedStyles = css`
  :host {
    max-width: none;
  }
  .layout {
    display: grid;
    /* minmax(0, …): a long proposal in the select must not widen the column past the screen. */
    grid-template-columns: minmax(0, 1fr);
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
  fieldset {
    background: var(--c-surface);
    padding: 1rem;
  }
  fieldset,
  section,
  .field {
    grid-template-columns: minmax(0, 1fr);
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  label.choice,
  .row label.choice {
    display: flex;
    flex: none;
    gap: 0.5rem;
    align-items: center;
    font-weight: 400;
  }
  input[type='radio'],
  input[type='checkbox'] {
    width: auto;
    margin: 0;
    min-height: 0;
  }
  select {
    width: 100%;
    max-width: 100%;
  }
  select[multiple] {
    min-height: 8rem;
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
  }
  .colour label {
    font-weight: 400;
  }
  .colour .ratio {
    grid-column: 2;
    font-size: 0.9rem;
  }
  .colour .ratio.fail,
  .warning {
    font-weight: 600;
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
  .preview {
    padding: 0.75rem;
    border: 2px dashed var(--c-border);
    border-radius: var(--radius);
    display: grid;
    gap: 0.75rem;
    min-height: 6rem;
  }
`;
