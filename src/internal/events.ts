import type { ConsultErrorCode } from '../adapters/errors.js';
import type { Delivery } from '../adapters/adapter.js';
import type { QualificationKey, VoteKey } from '../protocol/index.js';

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
  /** Set by the widgets that work on a whole consultation (sequence, propose, results). */
  consultationId?: string;
}

export interface ConsultReadyDetail {
  proposalId: string;
}

export interface ConsultQualifyDetail {
  proposalId: string;
  qualification: QualificationKey;
  /** `true`: the participant added it; `false`: removed it. */
  active: boolean;
  delivery: Delivery;
}

export interface ConsultSubmitDetail {
  consultationId: string;
  /** The id the backend gave the submission (it waits for moderation). */
  proposalId: string;
  requestId: string;
}

export interface ConsultSequenceStepDetail {
  /** 0-based position of the proposal now shown; -1 on the intro, push and final cards. */
  index: number;
  total: number;
  card: 'intro' | 'proposal' | 'propose' | 'final' | 'empty' | 'closed';
  proposalId?: string;
}

export interface ConsultSequenceCompleteDetail {
  consultationId: string;
  /** Votes the participant cast in this sequence. */
  votes: number;
}

export interface ConsultResultsDetail {
  consultationId: string;
}

/** Every event a consult-widgets element fires; all bubble and cross shadow roots. */
export interface ConsultEventMap {
  'consult-before-vote': CustomEvent<ConsultBeforeVoteDetail>;
  'consult-vote': CustomEvent<ConsultVoteDetail>;
  'consult-error': CustomEvent<ConsultErrorDetail>;
  'consult-ready': CustomEvent<ConsultReadyDetail>;
  /** A qualification toggled by the participant on `<consult-proposal>`. */
  'consult-qualify': CustomEvent<ConsultQualifyDetail>;
  /** `<consult-propose>`: the backend took a submission (pending moderation). */
  'consult-submit': CustomEvent<ConsultSubmitDetail>;
  /** `<consult-sequence>`: the participant moved to another card. */
  'consult-sequence-step': CustomEvent<ConsultSequenceStepDetail>;
  /** `<consult-sequence>`: the participant reached the final card. */
  'consult-sequence-complete': CustomEvent<ConsultSequenceCompleteDetail>;
  /** `<consult-results>`: results loaded or changed (a `live` refresh that brought news). */
  'consult-results': CustomEvent<ConsultResultsDetail>;
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
