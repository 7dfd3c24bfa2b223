/** Pieces of the moderation view's page that hold no state: the keyboard help and the refusal reasons. */
import { html } from 'lit';
import { REFUSAL_REASONS, type RefusalReason } from 'consult-widgets/protocol/admin';
import type { ConsoleStrings } from './i18n.js';

type Strings = ConsoleStrings['moderation'];

/** Make.org's reasons in REFUSAL_REASONS' order, numbered as the keys 1–7 that pick them. */
export function reasonsPanel(s: Strings, pick: (reason: RefusalReason) => void, cancel: () => void) {
  return html`<div class="reasons" role="group" aria-labelledby="reasons-title" tabindex="-1">
    <p id="reasons-title">${s.reasonsTitle}</p>
    <ol>
      ${REFUSAL_REASONS.map(
        (reason, i) =>
          html`<li><button type="button" aria-keyshortcuts=${String(i + 1)} @click=${() => pick(reason)}>${s.reasons[reason]}<kbd>${i + 1}</kbd></button></li>`,
      )}
    </ol>
    <button type="button" aria-keyshortcuts="Escape" @click=${cancel}>${s.cancel}<kbd>Esc</kbd></button>
  </div>`;
}

export function keyboardHelp(s: Strings) {
  return html`<aside aria-labelledby="keys-title">
    <h2 id="keys-title">${s.keysTitle}</h2>
    <dl>${s.keys.map(([key, what]) => html`<dt><kbd>${key}</kbd></dt><dd>${what}</dd>`)}</dl>
    <p>${s.keysNote}</p>
  </aside>`;
}
