import { css } from 'lit';

/** The moderation view's layout: one column at 320 px, the proposal beside the keyboard help when wide. */
export const moderationStyles = css`
  :host {
    display: block;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }
  h1 {
    font-size: 1.5rem;
    margin: 0.5rem 0;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0 0 0.5rem;
  }
  a {
    color: var(--c-accent);
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    list-style: none;
    padding: 0;
    margin: 0.5rem 0 1rem;
  }
  .counts li {
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 0.3rem 0.7rem;
  }
  .counts strong {
    font-variant-numeric: tabular-nums;
    margin-inline-start: 0.3rem;
  }
  .layout {
    display: grid;
    gap: 1rem;
    grid-template-columns: minmax(0, 1fr);
  }
  @media (min-width: 60rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr) 18rem;
      align-items: start;
    }
  }
  article,
  aside {
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 1rem;
  }
  article:focus-visible {
    outline: 3px solid var(--c-focus);
  }
  .content {
    font-size: 1.25rem;
    line-height: 1.4;
    margin: 0 0 1rem;
    overflow-wrap: anywhere;
  }
  dl.meta {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 0.35rem 0.75rem;
    margin: 0 0 1rem;
  }
  dt {
    color: var(--c-muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .hint {
    border-inline-start: 4px solid var(--c-accent);
    padding-inline-start: 0.5rem;
    margin: 0 0 1rem;
  }
  .actions,
  .reasons ol {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .reasons {
    margin-top: 1rem;
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 0.75rem;
  }
  .reasons ol {
    list-style: none;
    padding: 0;
    margin: 0 0 0.5rem;
  }
  .reasons p {
    margin: 0 0 0.5rem;
    font-weight: 600;
  }
  kbd {
    font-family: ui-monospace, monospace;
    font-size: 0.85em;
    border: 1px solid currentColor;
    border-radius: 3px;
    padding: 0 0.3em;
    margin-inline-start: 0.4em;
  }
  .announce {
    min-height: 1.5rem;
    margin: 0.75rem 0 0;
    font-weight: 600;
  }
  aside dl {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 0.35rem 0.5rem;
    margin: 0 0 0.5rem;
  }
  aside dt kbd {
    margin: 0;
  }
  aside dd {
    color: var(--c-text);
  }
  aside p {
    color: var(--c-muted);
    margin: 0;
  }
  details {
    margin-top: 1rem;
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 0.75rem 1rem;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  @media (forced-colors: active) {
    details,
    article,
    aside,
    .counts li,
    .reasons {
      border-color: CanvasText;
    }
  }
`;
