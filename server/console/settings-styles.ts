import { css } from 'lit';
import { setupStyles } from './setup-parts.js';

/** The settings tab's forms (settings-view.ts, settings-bulk.ts): the setup forms' styles, and these. */
export const settingsStyles = [
  setupStyles,
  css`
    form,
    section {
      margin-bottom: 1.25rem;
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
    textarea {
      font-weight: 400;
    }
    textarea.lines {
      font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      font-size: 0.85rem;
    }
    .row {
      align-items: end;
    }
    .row > label {
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
    .phase {
      font-size: 1.1rem;
    }
    .phase strong {
      color: var(--c-accent);
    }
    .error {
      border-inline-start: 4px solid var(--c-danger);
      padding: 0.25rem 0.75rem;
      overflow-wrap: anywhere;
    }
    p {
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
  `,
];
