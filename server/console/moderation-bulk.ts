import { css, html, LitElement, type PropertyDeclarations } from 'lit';
import { REFUSAL_REASONS, type AdminProposal, type BulkModerationAnswer, type RefusalReason } from 'consult-widgets/protocol/admin';
import type { AdminApi } from './api.js';
import type { ConsoleStrings } from './i18n.js';
import { controls, tokens } from './styles.js';

/**
 * Bulk decisions (Decidim's global moderation): the first page of pending proposals with
 * checkboxes, one decision for the selection through the bulk route. It does not announce nor
 * handle errors itself: it fires `moderation-bulk` (the answer) or `moderation-error` (the error)
 * for the moderation view, which owns the page's one live region and its error line.
 */
export class ConsoleModerationBulkElement extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    strings: { attribute: false },
    consultationId: { attribute: 'consultation-id' },
    items: { state: true },
    selected: { state: true },
    reason: { state: true },
    busy: { state: true },
  };
  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0.5rem 0;
        display: grid;
        gap: 0.35rem;
      }
      label {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
        overflow-wrap: anywhere;
      }
      input[type='checkbox'] {
        min-height: auto;
        width: 1.25rem;
        height: 1.25rem;
        margin: 0.1rem 0 0;
        flex: none;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-top: 0.75rem;
      }
      .bar label {
        align-items: center;
        flex-wrap: wrap;
      }
      /* The shared controls have no disabled look: without one, "Accept selected (0)" reads as ready. */
      button:disabled {
        opacity: 0.55;
        cursor: not-allowed;
      }
      p {
        color: var(--c-muted);
        margin: 0.25rem 0;
      }
    `,
  ];

  declare api: AdminApi;
  declare strings: ConsoleStrings;
  declare consultationId: string;
  declare items: AdminProposal[] | undefined;
  declare selected: Set<string>;
  declare reason: RefusalReason;
  declare busy: boolean;

  constructor() {
    super();
    this.selected = new Set();
    this.reason = REFUSAL_REASONS[0];
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Called by the view too, when the queue moved (the list would show decided proposals). */
  async load(): Promise<void> {
    try {
      this.items = (await this.api.proposalPage(this.consultationId, 'pending')).items;
      const ids = new Set(this.items.map((p) => p.id));
      this.selected = new Set([...this.selected].filter((id) => ids.has(id)));
    } catch (error) {
      this.dispatchEvent(new CustomEvent('moderation-error', { detail: error }));
    }
  }

  private toggle(id: string, on: boolean): void {
    const selected = new Set(this.selected);
    if (on) selected.add(id);
    else selected.delete(id);
    this.selected = selected;
  }

  private toggleAll(on: boolean): void {
    this.selected = new Set(on ? (this.items ?? []).map((p) => p.id) : []);
  }

  private async decide(decision: 'accept' | 'refuse'): Promise<void> {
    const proposalIds = [...this.selected];
    if (!proposalIds.length || this.busy) return;
    this.busy = true;
    try {
      const answer: BulkModerationAnswer = await this.api.bulkModerate(
        this.consultationId,
        decision === 'accept' ? { decision, proposalIds } : { decision, reason: this.reason, proposalIds },
      );
      this.selected = new Set();
      this.dispatchEvent(new CustomEvent('moderation-bulk', { detail: answer }));
      await this.load();
    } catch (error) {
      this.dispatchEvent(new CustomEvent('moderation-error', { detail: error }));
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    const s = this.strings.moderation;
    const b = s.bulk;
    const items = this.items;
    if (!items) return html`<p>${this.strings.loading}</p>`;
    if (!items.length) return html`<p>${b.none}</p>`;
    const all = items.every((p) => this.selected.has(p.id));
    return html`<p>${b.caption(items.length)}</p>
      <label><input type="checkbox" .checked=${all} @change=${(e: Event) => this.toggleAll((e.target as HTMLInputElement).checked)} />${b.all}</label>
      <ul>
        ${items.map(
          (p) => html`<li>
            <label
              ><input type="checkbox" .checked=${this.selected.has(p.id)} @change=${(e: Event) => this.toggle(p.id, (e.target as HTMLInputElement).checked)} /><span
                >${p.content}</span
              ></label
            >
          </li>`,
        )}
      </ul>
      <div class="bar">
        <button type="button" class="primary" ?disabled=${!this.selected.size || this.busy} @click=${() => this.decide('accept')}>${b.accept} (${this.selected.size})</button>
        <label
          >${b.reason}
          <select @change=${(e: Event) => (this.reason = (e.target as HTMLSelectElement).value as RefusalReason)}>
            ${REFUSAL_REASONS.map((r) => html`<option value=${r} ?selected=${r === this.reason}>${s.reasons[r]}</option>`)}
          </select></label
        >
        <button type="button" ?disabled=${!this.selected.size || this.busy} @click=${() => this.decide('refuse')}>${b.refuse} (${this.selected.size})</button>
      </div>`;
  }
}
