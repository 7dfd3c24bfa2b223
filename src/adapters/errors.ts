/** Machine-readable reasons an adapter (or a widget's configuration) can fail. */
export type ConsultErrorCode =
  | 'not_found' // unknown consultation or proposal id
  | 'closed' // the consultation no longer accepts votes
  | 'invalid_request' // the backend refused the request's shape (HTTP 400)
  | 'unauthorized' // missing or bad participant token (401)
  | 'forbidden' // origin or participant not allowed (403)
  | 'conflict' // e.g. a qualification that does not match the vote (409)
  | 'too_large' // body over the limit (413)
  | 'unprocessable' // proposal text fails the consultation's rules (422)
  | 'rate_limited' // too many requests (429)
  | 'proof_required' // the backend asks a (fresh) proof of work before issuing a participant (428, v1.1)
  | 'network' // offline, DNS, connection reset
  | 'timeout'
  | 'server' // 5xx
  | 'bad_response' // the adapter answered something that is not protocol v1
  | 'unsupported' // the adapter does not implement this optional operation
  | 'config'; // the widget is configured wrongly (missing id, unknown adapter name…)

/**
 * Contract v2: what the backend holds for the participant's vote on a proposal after a refused or
 * failed write, when the adapter knows it (`key: null`: no vote). `votes` and `qualifications` may be
 * left out when unknown: the card then keeps its last confirmed ones.
 */
export interface HeldState {
  key: import('../protocol/index.js').VoteKey | null;
  votes?: import('../protocol/index.js').Tally;
  qualifications?: import('../protocol/index.js').QualificationKey[];
}

/** The one error type adapters reject with; widgets show `message` and branch on `code`. */
export class ConsultError extends Error {
  override readonly name = 'ConsultError';
  readonly code: ConsultErrorCode;
  /** Whether trying the same operation again later may succeed. */
  readonly retryable: boolean;
  /** How long the backend asked us to wait before retrying (HTTP 429/503 `Retry-After`), in ms. */
  readonly retryAfterMs?: number;
  /** Contract v2: what the backend holds after this failed write, when the adapter knows it. */
  readonly state?: HeldState;

  constructor(
    code: ConsultErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean; retryAfterMs?: number; state?: HeldState } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? ['network', 'timeout', 'server', 'rate_limited'].includes(code);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.state !== undefined) this.state = options.state;
  }

  /** Anything thrown by an adapter, as a ConsultError (foreign errors become `bad_response`). */
  static from(error: unknown): ConsultError {
    if (error instanceof ConsultError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ConsultError('bad_response', `The adapter failed: ${message}`, { cause: error });
  }
}
