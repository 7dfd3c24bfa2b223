import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyDeclarations } from 'lit';
import type { ConsultAdapter } from '../../adapters/adapter.js';
import { anonymousParticipantId } from '../../adapters/participant.js';
import { DEFAULT_ADAPTER, onAdapterRegistered } from '../../adapters/registry.js';
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

  // Declared without decorators, as the widgets' base: it is in the module entry every page pays.
  static override properties: PropertyDeclarations = {
    adapter: { attribute: false },
    adapterName: { attribute: 'adapter' },
    consultation: {},
    participantId: { attribute: 'participant-id' },
  };

  /** An adapter object; wins over the `adapter` attribute. */
  adapter?: ConsultAdapter;

  /** Name of a registered adapter (`registerAdapter`); `local` when nothing is set. */
  adapterName?: string;

  /** The consultation's id, passed to every widget inside. */
  consultation?: string;

  /** The participant's id given by the host page; an anonymous id kept in localStorage otherwise. */
  participantId?: string;

  private readonly provider = new ContextProvider(this, { context: consultContext });

  /** What the widgets inside receive; setting it tells every one of them. */
  protected get context(): ConsultContext | undefined {
    return this.provider.value;
  }

  protected set context(value: ConsultContext) {
    this.provider.setValue(value);
  }

  private stopWatchingRegistry?: () => void;

  override connectedCallback(): void {
    // Provide before the children connect and ask for it, so they never start with nothing.
    this.context ??= this.makeContext();
    super.connectedCallback();
    this.stopWatchingRegistry = onAdapterRegistered((name) => {
      if (!this.adapter && name === (this.adapterName || DEFAULT_ADAPTER)) this.context = this.makeContext();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatchingRegistry?.();
  }

  protected override willUpdate(): void {
    // Rebuild only when an input differs from what the context was built from: the first update
    // re-reports the initial attributes, and a factory must not make a second adapter for them.
    const from = this.builtFrom;
    if (
      from.adapter !== this.adapter ||
      from.adapterName !== this.adapterName ||
      from.consultation !== this.consultation ||
      from.participantId !== this.participantId
    ) {
      this.context = this.makeContext();
    }
  }

  private builtFrom: Pick<this, 'adapter' | 'adapterName' | 'consultation' | 'participantId'> = {} as never;

  private makeContext(): ConsultContext {
    const { adapter, adapterName, consultation, participantId } = this;
    this.builtFrom = { adapter, adapterName, consultation, participantId };
    return {
      adapter: resolveAdapter(this, adapter, adapterName, undefined),
      consultationId: consultation,
      participantId: participantId || anonymousParticipantId(),
      fallback: !adapter && !adapterName,
    };
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
