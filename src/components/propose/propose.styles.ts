import { css } from 'lit';

export const proposeStyles = css`
  /* Fields need 3:1 against the surface (non-text contrast), more than the card's border gives. */
  :host {
    --_border: var(--consult-border, #767676);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_border: var(--consult-border, #8a8a8a);
    }
  }
  .panel {
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
    line-height: 1.4;
    /* Inherited by every text: a long word (a German compound, a URL) wraps instead of overflowing. */
    overflow-wrap: anywhere;
  }
  .panel:focus {
    outline: none;
  }
  .panel:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  p {
    margin: 0;
  }
  .title {
    font-size: 1.125rem;
    font-weight: 700;
  }
  .question {
    font-weight: 600;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  label,
  .label {
    font-weight: 600;
  }
  .help,
  .counter,
  .consent,
  .status {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  /* Each line keeps its height with or without text: sending or failing shifts nothing. */
  .status {
    min-height: 1.4em;
  }
  .counter {
    align-self: flex-end;
    font-variant-numeric: tabular-nums;
  }
  .counter.over,
  .error {
    color: var(--_disagree-color);
    font-weight: 600;
  }
  .error {
    font-size: 0.875rem;
  }
  /* The fixed start and the text area share a line while both fit; else the text area gets its own. */
  .box {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.35em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: 0.5rem 0.75rem;
  }
  .box:focus-within {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  .box.invalid,
  [aria-invalid='true'] {
    border-color: var(--_disagree-color);
    border-width: 2px;
  }
  .prefix {
    font-weight: 600;
  }
  textarea,
  input,
  select {
    box-sizing: border-box;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    min-height: 2.75rem;
  }
  textarea {
    flex: 1 1 8em;
    min-width: 0;
    border: none;
    padding: 0;
    resize: vertical;
    line-height: 1.4;
  }
  textarea:focus {
    outline: none;
  }
  .box textarea[aria-invalid='true'] {
    border: none;
  }
  input,
  select {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.4rem 0.6rem;
    max-width: 100%;
  }
  input.short {
    width: 6em;
  }
  input:focus-visible,
  select:focus-visible,
  button:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.25rem 1rem;
    border-radius: var(--_radius);
    border: 2px solid var(--_accent);
    background: transparent;
    color: var(--_text);
    cursor: pointer;
    align-self: flex-start;
  }
  .submit {
    background: var(--_accent);
    color: var(--_surface);
    font-weight: 600;
  }
  .submit[aria-disabled='true'] {
    cursor: progress;
    background-image: repeating-linear-gradient(45deg, transparent 0 6px, rgb(255 255 255 / 0.12) 6px 12px);
  }
  .status.error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .idea {
    font-size: 1.0625rem;
    font-weight: 600;
    white-space: pre-line;
  }
  .skeleton.tall {
    height: 4.5em;
  }
`;
