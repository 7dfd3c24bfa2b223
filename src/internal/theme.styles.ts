import { css } from 'lit';

/*
 * The one theme every widget shares. The library never sets a public `--consult-*` property: a
 * widget reads each one with its default into a private `--_*` property and styles itself from
 * that. So a value set anywhere above a widget (the element, a wrapper, <consult-consultation>,
 * :root) inherits down to it, and into the widgets another widget embeds.
 *
 * The defaults are the card's: every pair meets WCAG AA on the surface (4.5:1 for text, 3:1 for
 * controls), light and dark.
 */
export const themeStyles = css`
  :host {
    --_font-family: var(--consult-font-family, inherit);
    --_surface: var(--consult-surface, #ffffff);
    --_text: var(--consult-text, #1a1a1a);
    --_muted: var(--consult-muted, #595959);
    --_border: var(--consult-border, #c4c4c4);
    --_accent: var(--consult-accent, #1f4fbf);
    --_agree-color: var(--consult-agree-color, #1b7a3a);
    --_disagree-color: var(--consult-disagree-color, #b3261e);
    --_neutral-color: var(--consult-neutral-color, #5f6368);
    --_skeleton: var(--consult-skeleton, #e8e8e8);
    --_radius: var(--consult-radius, 0.5rem);
    --_focus-ring: var(--consult-focus-ring, 3px solid var(--_accent));

    display: block;
    font-family: var(--_font-family);
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_surface: var(--consult-surface, #1e1e1e);
      --_text: var(--consult-text, #f1f1f1);
      --_muted: var(--consult-muted, #b5b5b5);
      --_border: var(--consult-border, #5a5a5a);
      --_accent: var(--consult-accent, #8ab4f8);
      --_agree-color: var(--consult-agree-color, #6fd08c);
      --_disagree-color: var(--consult-disagree-color, #f2948a);
      --_neutral-color: var(--consult-neutral-color, #bdc1c6);
      --_skeleton: var(--consult-skeleton, #333333);
    }
  }
  :host([hidden]) {
    display: none;
  }
  /* Placeholders while data loads (each widget sets their margins and sizes). */
  .skeleton {
    display: block;
    height: 1em;
    border-radius: 0.25rem;
    background: var(--_skeleton);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  .skeleton.short {
    width: 40%;
  }
  @keyframes pulse {
    to {
      opacity: 0.5;
    }
  }
  /*
   * Forced colours (Windows High Contrast): the browser repaints every author colour with the
   * user's palette, so the card's filled pressed buttons looked like the others, and the bars'
   * segments (card, results), the sequence's progress and the placeholders vanished. These keep
   * their own paint (forced-color-adjust: none) in system colours, which ARE the user's palette:
   * pressed is Highlight (its focus ring CanvasText: the accent would stay otherwise); bars are
   * outlined in CanvasText on Canvas, segments in three system colours in vote order. Here once,
   * not per widget (the classic bundle carries every widget's styles); :host puts these above
   * the widgets' own rules, which come later and would win a tie.
   */
  @media (forced-colors: active) {
    :host [aria-pressed='true'],
    :host .skeleton,
    :host .bar,
    :host .progress {
      forced-color-adjust: none;
    }
    :host [aria-pressed='true'] {
      background: Highlight;
      color: HighlightText;
      border-color: Highlight;
      outline-color: CanvasText;
    }
    :host .bar,
    :host .progress {
      box-sizing: border-box;
      border: 1px solid CanvasText;
      background: Canvas;
    }
    :host .bar > .agree,
    :host .progress-fill {
      background: Highlight;
    }
    :host .bar > .disagree {
      background: CanvasText;
    }
    :host .skeleton,
    :host .bar > .neutral {
      background: GrayText;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  /* Read by screen readers, not shown: live regions and text alternatives in every widget. */
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
