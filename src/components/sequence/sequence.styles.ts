import { css } from 'lit';

export const sequenceStyles = css`
  :host {
    /* The card's palette (WCAG AA on the surface, light and dark), so a sequence and cards match. */
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

    display: block;
    font-family: var(--consult-font-family);
    color: var(--consult-text);
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
    }
  }
  :host([hidden]) {
    display: none;
  }
  /* The embedded widgets set their own defaults on their :host: make them take the sequence's
     values instead, so what a page sets on <consult-sequence> reaches every card inside. */
  consult-proposal,
  consult-propose,
  consult-results {
    --consult-font-family: inherit;
    --consult-surface: inherit;
    --consult-text: inherit;
    --consult-muted: inherit;
    --consult-border: inherit;
    --consult-accent: inherit;
    --consult-agree-color: inherit;
    --consult-disagree-color: inherit;
    --consult-neutral-color: inherit;
    --consult-skeleton: inherit;
    --consult-radius: inherit;
    --consult-focus-ring: inherit;
    margin: 0.75rem 0;
  }
  .sequence {
    box-sizing: border-box;
    background: var(--consult-surface);
    border: 1px solid var(--consult-border);
    border-radius: var(--consult-radius);
    padding: 1rem;
    line-height: 1.4;
  }
  /* About the intro's height, so the intro replacing the skeleton barely moves the page. */
  .card.loading {
    min-height: 12rem;
  }
  .push-intro {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }
  .push-intro .nav {
    margin: 0;
  }
  .heading {
    margin: 0 0 0.5rem;
    font-size: 1.25rem;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .heading.position {
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--consult-muted);
  }
  .heading:focus {
    outline: none;
  }
  .heading:focus-visible {
    outline: var(--consult-focus-ring);
    outline-offset: 2px;
  }
  .title,
  .lead,
  .counts {
    margin: 0.5rem 0;
    color: var(--consult-muted);
  }
  .title {
    font-size: 0.875rem;
    font-weight: 600;
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.25rem;
    padding: 0;
    list-style: none;
    font-weight: 600;
  }
  .nav {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
    margin: 0.75rem 0 0;
  }
  button,
  .results-link {
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    font: inherit;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.25rem 1.25rem;
    border-radius: var(--consult-radius);
    border: 2px solid var(--consult-accent);
    background: transparent;
    color: var(--consult-text);
    cursor: pointer;
  }
  .results-link {
    color: var(--consult-accent);
    font-weight: 600;
    text-underline-offset: 0.2em;
  }
  button.primary {
    background: var(--consult-accent);
    color: var(--consult-surface);
    font-weight: 600;
  }
  button:focus-visible,
  .results-link:focus-visible {
    outline: var(--consult-focus-ring);
    outline-offset: 2px;
  }
  .progress {
    height: 0.5rem;
    margin: 0 0 0.75rem;
    border-radius: 0.25rem;
    overflow: hidden;
    background: var(--consult-skeleton);
  }
  .progress-fill {
    display: block;
    height: 100%;
    background: var(--consult-accent);
    transition: width 0.3s;
  }
  .skeleton {
    display: block;
    height: 1em;
    margin: 0.5em 0;
    border-radius: 0.25rem;
    background: var(--consult-skeleton);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  .skeleton.title-skeleton {
    height: 1.5em;
    width: 70%;
  }
  .skeleton.short {
    width: 40%;
  }
  @keyframes pulse {
    to {
      opacity: 0.5;
    }
  }
  .error {
    color: var(--consult-disagree-color);
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
    .skeleton,
    .progress-fill {
      animation: none;
      transition: none;
    }
  }
`;
