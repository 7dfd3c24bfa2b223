import { provide } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ConsultAdapter } from '../../adapters/adapter.js';
import { anonymousParticipantId } from '../../adapters/participant.js';
import { consultContext, type ConsultContext } from '../../internal/context.js';
import { resolveAdapter } from '../../internal/resolve-adapter.js';

/**
 * Gives the widgets inside it one adapter, one consultation id and one participant, so a page
 * configures them once. Renders its children as they are.
 *
 * @slot - The widgets of this consultation, and any host markup around them.
 */
export class ConsultConsultationElement extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  /** An adapter object; wins over the `adapter` attribute. */
  @property({ attribute: false }) adapter?: ConsultAdapter;

  /** Name of a registered adapter (`registerAdapter`); `local` when nothing is set. */
  @property({ attribute: 'adapter' }) adapterName?: string;

  /** The consultation's id, passed to every widget inside. */
  @property() consultation?: string;

  /** The participant's id given by the host page; an anonymous id kept in localStorage otherwise. */
  @property({ attribute: 'participant-id' }) participantId?: string;

  @provide({ context: consultContext })
  @state()
  protected context!: ConsultContext;

  override connectedCallback(): void {
    // Provide before the children connect and ask for it, so they never start with nothing.
    this.context ??= this.makeContext();
    super.connectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('adapter') || changed.has('adapterName') || changed.has('consultation') || changed.has('participantId')) {
      const next = this.makeContext();
      const same =
        next.adapter === this.context.adapter &&
        next.consultationId === this.context.consultationId &&
        next.participantId === this.context.participantId;
      if (!same) this.context = next;
    }
  }

  private makeContext(): ConsultContext {
    return {
      adapter: resolveAdapter(this, this.adapter, this.adapterName, undefined),
      consultationId: this.consultation,
      participantId: this.participantId || anonymousParticipantId(),
    };
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
