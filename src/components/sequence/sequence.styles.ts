import { css } from 'lit';

export const sequenceStyles = css`
  consult-proposal,
  consult-propose,
  consult-results {
    margin: 0.75rem 0;
  }
  .sequence {
    box-sizing: border-box;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
    line-height: 1.4;
    /* Inherited by every line: a long word wraps instead of overflowing the card. */
    overflow-wrap: anywhere;
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
  }
  .heading.position {
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--_muted);
  }
  .heading:focus {
    outline: none;
  }
  .heading:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  .title,
  .lead,
  .counts {
    margin: 0.5rem 0;
    color: var(--_muted);
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
    border-radius: var(--_radius);
    border: 2px solid var(--_accent);
    background: transparent;
    color: var(--_text);
    cursor: pointer;
  }
  .results-link {
    color: var(--_accent);
    font-weight: 600;
    text-underline-offset: 0.2em;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_surface);
    font-weight: 600;
  }
  button:focus-visible,
  .results-link:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  .progress {
    height: 0.5rem;
    margin: 0 0 0.75rem;
    border-radius: 0.25rem;
    overflow: hidden;
    background: var(--_skeleton);
  }
  .progress-fill {
    display: block;
    height: 100%;
    background: var(--_accent);
    transition: width 0.3s;
  }
  .skeleton {
    margin: 0.5em 0;
  }
  .skeleton.title-skeleton {
    height: 1.5em;
    width: 70%;
  }
  .error {
    color: var(--_disagree-color);
  }
  @media (prefers-reduced-motion: reduce) {
    .progress-fill {
      animation: none;
      transition: none;
    }
  }
`;
