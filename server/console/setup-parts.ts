/** What the setup forms share (new poll, new consultation, settings, the embed builder): their look, theme ids. */
import { css } from 'lit';

/** The setup forms' look (panels, fields, hints, warnings), shared with the embed builder. */
export const setupStyles = css`
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
  }
  label,
  legend {
    font-weight: 600;
  }
  label {
    display: grid;
    gap: 0.25rem;
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
  .row label {
    flex: 1 1 12rem;
  }
  textarea {
    font: inherit;
    /* After the shorthand, which brings back the label's weight. */
    font-weight: 400;
    color: inherit;
    border: 1px solid var(--c-border);
    background: var(--c-surface);
    border-radius: var(--radius);
    padding: 0.45rem 0.6rem;
  }
  textarea.code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.85rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    /* As tall as the code (Chromium, Safari); elsewhere its rows. */
    field-sizing: content;
    min-height: 5rem;
  }
  .hint {
    color: var(--c-muted);
    font-weight: 400;
    font-size: 0.9rem;
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .warning {
    border-inline-start: 4px solid var(--c-danger);
    padding: 0.25rem 0.75rem;
    margin: 0;
  }
  .error:empty {
    display: none;
  }
  h1 {
    font-size: 1.5rem;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0;
  }
  a {
    color: var(--c-accent);
  }
`;

/** A theme id from its label: letters and digits of the label, lower case, `-` between; unique. */
export function themeIds(labels: string[]): { id: string; label: string }[] {
  const taken = new Set<string>();
  return labels.map((label, i) => {
    const base =
      label
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || `theme-${i + 1}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return { id, label };
  });
}
