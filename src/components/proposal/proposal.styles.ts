import { css } from 'lit';

export const proposalStyles = css`
  :host {
    --_content-lines: var(--consult-content-lines, 3);

    contain: content;
  }
  .card {
    box-sizing: border-box;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
    line-height: 1.4;
    /* Inherited by every line and button: a 60-letter word wraps instead of being cut (contain: content clips). */
    overflow-wrap: anywhere;
  }
  /* Each line keeps its height whether or not it has text, so data arriving shifts nothing. */
  .theme,
  .author,
  .status {
    margin: 0;
    min-height: 1.4em;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .content {
    margin: 0.25rem 0;
    min-height: calc(var(--_content-lines) * 1.4em);
    font-size: 1.0625rem;
    font-weight: 600;
  }
  .skeleton {
    margin: 0.2em 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0.75rem 0 0.5rem;
  }
  button {
    font: inherit;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.25rem 1rem;
    border-radius: var(--_radius);
    border: 2px solid var(--vote-color, var(--_accent));
    background: transparent;
    color: var(--_text);
    cursor: pointer;
    transition: background-color 0.15s, color 0.15s;
  }
  button:focus-visible,
  .content:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  /*
   * Pressed is more than a colour (WCAG 1.4.1): a check mark comes before the label, in room the
   * inline padding gives up (1rem less padding, a 1rem mark), so pressing moves nothing. Its alt
   * text is empty: aria-pressed already says it.
   */
  button[aria-pressed='true'] {
    background: var(--vote-color);
    color: var(--_surface);
    padding-inline: 0.5rem;
  }
  button[aria-pressed='true']::before {
    content: '✓' / '';
    display: inline-block;
    inline-size: 1rem;
    text-align: start;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .agree {
    --vote-color: var(--_agree-color);
  }
  .disagree {
    --vote-color: var(--_disagree-color);
  }
  .neutral {
    --vote-color: var(--_neutral-color);
  }
  /*
   * Qualifications appear only after a vote (no space is reserved: unvoted cards stay as short as
   * the skeleton). The row opens rather than jumps in, under the participant's own click.
   */
  .qualifications {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
    margin: 0 0 0.5rem;
    animation: open-row 0.2s ease-out;
  }
  @keyframes open-row {
    from {
      max-height: 0;
      overflow: hidden;
    }
    to {
      max-height: 8rem;
      overflow: hidden;
    }
  }
  .qualifications[data-key='agree'] {
    --vote-color: var(--_agree-color);
  }
  .qualifications[data-key='disagree'] {
    --vote-color: var(--_disagree-color);
  }
  .qualifications[data-key='neutral'] {
    --vote-color: var(--_neutral-color);
  }
  /* 44 px high like the vote buttons (the README's promise), a pill all the same. */
  .qualification {
    min-height: 2.75rem;
    padding: 0.125rem 0.75rem;
    font-size: 0.875rem;
    border-width: 1px;
    border-radius: 1.375rem;
  }
  /* The same trade as the votes': 0.875rem of padding for a 0.875rem mark. */
  .qualification[aria-pressed='true'] {
    padding-inline: 0.25rem 0.375rem;
  }
  .qualification[aria-pressed='true']::before {
    inline-size: 0.875rem;
  }
  .qualification .count {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .bar {
    display: flex;
    height: 0.5rem;
    border-radius: 0.25rem;
    overflow: hidden;
    background: var(--_skeleton);
  }
  .bar > span {
    background: var(--vote-color);
    transition: width 0.3s;
  }
  .legend {
    /* Keeps the line while the tally loads (show-results="always"), so its arrival shifts nothing. */
    min-height: 1.4em;
    margin: 0.25rem 0 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .card.pending .actions button[aria-pressed='true'],
  .qualification.waiting[aria-pressed='true'] {
    background-image: repeating-linear-gradient(45deg, transparent 0 6px, rgb(255 255 255 / 0.18) 6px 12px);
  }
  .error {
    color: var(--_disagree-color);
  }
  .error-state {
    min-height: calc((var(--_content-lines) + 2) * 1.4em);
  }
  @media (prefers-reduced-motion: reduce) {
    button,
    .bar > span,
    .qualifications {
      animation: none;
      transition: none;
    }
  }
`;
