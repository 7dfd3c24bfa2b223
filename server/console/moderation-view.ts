import { html, LitElement, type PropertyDeclarations } from 'lit';
import type { AdminApi } from './api.js';
import type { ConsoleStrings } from './i18n.js';
import { controls, tokens } from './styles.js';

/** The moderation queue of one consultation (issue 12). */
export class ConsoleModerationElement extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    strings: { attribute: false },
    consultationId: { attribute: 'consultation-id' },
  };
  static override styles = [tokens, controls];

  declare api: AdminApi;
  declare strings: ConsoleStrings;
  declare consultationId: string;

  protected override render() {
    return html`<h1>${this.consultationId}</h1>`;
  }
}
