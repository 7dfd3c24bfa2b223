import type { ConsultErrorCode } from '../adapters/errors.js';
import type { Delivery } from '../adapters/adapter.js';
import type { VoteKey } from '../protocol/index.js';

export interface ConsultBeforeVoteDetail {
  proposalId: string;
  /** The vote about to be cast, `null` for a withdrawal. */
  key: VoteKey | null;
  previousKey: VoteKey | null;
}

export interface ConsultVoteDetail extends ConsultBeforeVoteDetail {
  /** 'acknowledged' when the backend stored it, 'pending' when it waits to be delivered. */
  delivery: Delivery;
}

export interface ConsultErrorDetail {
  code: ConsultErrorCode;
  message: string;
  proposalId?: string;
}

export interface ConsultReadyDetail {
  proposalId: string;
}

/** Every event a consult-widgets element fires; all bubble and cross shadow roots. */
export interface ConsultEventMap {
  'consult-before-vote': CustomEvent<ConsultBeforeVoteDetail>;
  'consult-vote': CustomEvent<ConsultVoteDetail>;
  'consult-error': CustomEvent<ConsultErrorDetail>;
  'consult-ready': CustomEvent<ConsultReadyDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends ConsultEventMap {}
}

type DetailOf<K extends keyof ConsultEventMap> = ConsultEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Fire a typed consult-* event that bubbles and is composed. Returns `false` when a listener
 * called `preventDefault()` on a cancelable event.
 */
export function emit<K extends keyof ConsultEventMap>(
  target: EventTarget,
  name: K,
  detail: DetailOf<K>,
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
  );
}
