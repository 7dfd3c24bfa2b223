/**
 * The moderation queue of the operator console (issue 12): counts per status, one pending
 * proposal at a time under a claim (so two operators never see the same one), bulk decisions,
 * theme changes, each proposal's history and the moderation log. Routes: docs/server.md
 * "Moderation queue".
 *
 * admin.ts re-exports this module at its end, so its schemas are not defined yet while this
 * module runs: those are read through `z.lazy`, at parse time.
 */
import * as z from 'zod/mini';
import { AdminProposal, DecisionOperator, ModerationDecision, RefusalReason } from './admin.js';
import { ClickTime, Id, ProposalStatus, Timestamp } from './schemas.js';

/** How long a claim lasts unless renewed (the console renews it while the operator stays on the proposal). */
export const CLAIM_SECONDS = 180;
/** Most proposals one bulk decision may name. */
export const BULK_MAX = 100;
/** Most decisions one page of the moderation log holds. */
export const LOG_PAGE_MAX = 500;

const Count = /*#__PURE__*/ z.int().check(z.minimum(0));
const Operator = z.lazy(() => DecisionOperator);
const Decision = z.lazy(() => ModerationDecision);
const Reason = z.lazy(() => RefusalReason);

/**
 * `GET /admin/consultations/{id}/queue/counts` (with a weak ETag: poll it with If-None-Match).
 * `claimed`: pending proposals an operator holds now; `newestPendingAt`: the newest pending
 * proposal's submission time, so a console sees a new submission even when another was decided meanwhile.
 */
export const ModerationCounts = z.object({
  pending: Count,
  accepted: Count,
  refused: Count,
  claimed: Count,
  newestPendingAt: z.nullable(Timestamp),
});
export type ModerationCounts = z.infer<typeof ModerationCounts>;

/** Body of `POST /admin/consultations/{id}/queue/next` and `…/previous`: the proposal the operator is on. */
export const QueueStepRequest = z.strictObject({ from: z.optional(Id) });
export type QueueStepRequest = z.infer<typeof QueueStepRequest>;

/** A claim on a pending proposal: no other operator gets it from the queue, or decides it, until `expiresAt`. */
export const ProposalClaim = z.object({ operator: Operator, expiresAt: Timestamp });
export type ProposalClaim = z.infer<typeof ProposalClaim>;

/**
 * One proposal as the queue shows it: the proposal (text, theme, author fields, submission time,
 * `duplicateOf`), the operator's claim (null for an already decided proposal, which `previous`
 * shows again so a decision can be changed), and its decisions so far, oldest first.
 */
export const QueueItem = z.object({
  proposal: z.lazy(() => AdminProposal),
  claim: z.nullable(ProposalClaim),
  decisions: z.array(Decision),
});
export type QueueItem = z.infer<typeof QueueItem>;

/** `item` null: nothing (more) to show in that direction. */
export const QueueAnswer = z.object({ item: z.nullable(QueueItem), counts: ModerationCounts });
export type QueueAnswer = z.infer<typeof QueueAnswer>;

const BulkIds = /*#__PURE__*/ z
  .array(Id)
  .check(
    z.minLength(1),
    z.maxLength(BULK_MAX),
    z.refine((ids) => new Set(ids).size === ids.length, 'Each proposal id once'),
  );

/** Body of `POST /admin/consultations/{id}/moderation/bulk`: one decision for up to BULK_MAX proposals. */
export const BulkModerationRequest = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept'), proposalIds: BulkIds }),
  z.strictObject({ decision: z.literal('refuse'), reason: Reason, proposalIds: BulkIds }),
]);
export type BulkModerationRequest = z.infer<typeof BulkModerationRequest>;

/**
 * What happened to one proposal of a bulk decision: `decided` (with the decision), `not_found` (no
 * such proposal in this consultation) or `claimed` (another operator holds it; `message` says who).
 */
export const BulkOutcome = z.object({
  proposalId: Id,
  outcome: z.enum(['decided', 'not_found', 'claimed']),
  decision: z.optional(Decision),
  message: z.optional(z.string()),
});
export const BulkModerationAnswer = z.object({ outcomes: z.array(BulkOutcome), counts: ModerationCounts });
export type BulkModerationAnswer = z.infer<typeof BulkModerationAnswer>;

/** Body of `PUT /admin/proposals/{id}/theme`: one of the consultation's themes, or null for none. */
export const ThemeChangeRequest = z.strictObject({ themeId: z.nullable(Id) });

/** A theme change, kept forever with its operator. */
export const ThemeChange = z.object({
  proposalId: Id,
  fromThemeId: z.nullable(Id),
  toThemeId: z.nullable(Id),
  operator: Operator,
  changedAt: Timestamp,
});
export type ThemeChange = z.infer<typeof ThemeChange>;

/** `changed` false: the proposal had that theme already (nothing logged). */
export const ThemeChangeAnswer = z.object({
  changed: z.boolean(),
  change: z.nullable(ThemeChange),
  proposal: z.lazy(() => AdminProposal),
});

/** `GET /admin/proposals/{id}/history`: every decision and theme change, oldest first. */
export const ProposalHistory = z.object({
  proposalId: Id,
  status: ProposalStatus,
  claim: z.nullable(ProposalClaim),
  decisions: z.array(Decision),
  themeChanges: z.array(ThemeChange),
});
export type ProposalHistory = z.infer<typeof ProposalHistory>;

/**
 * Query of `GET /admin/consultations/{id}/moderation` (a page) and `…/moderation.csv` (all that
 * match): by operator id, decision, reason, and time (`from` inclusive, `to` exclusive).
 */
export const ModerationLogQuery = z.object({
  operator: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  decision: z.optional(z.enum(['accept', 'refuse'])),
  reason: z.optional(Reason),
  from: z.optional(ClickTime),
  to: z.optional(ClickTime),
  order: z._default(z.enum(['oldest', 'newest']), 'oldest'),
  limit: z._default(
    z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,4}$/)), z.transform(Number)), z.int().check(z.minimum(1), z.maximum(LOG_PAGE_MAX))),
    LOG_PAGE_MAX,
  ),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.optional(z.string().check(z.regex(/^\d{1,15}$/))),
});
export type ModerationLogQuery = z.output<typeof ModerationLogQuery>;

/**
 * A page of the moderation log: each decision as its POST answered it, and apart the text of
 * each proposal decided (`texts`, by id); `nextCursor` null: the last page.
 */
export const ModerationLogPage = z.object({
  decisions: z.array(Decision),
  nextCursor: z.nullable(z.string()),
  texts: z.record(Id, z.string()),
});
export type ModerationLogPage = z.infer<typeof ModerationLogPage>;

/** The columns of `GET /admin/consultations/{id}/moderation.csv`. */
export const MODERATION_CSV_COLUMNS = ['decidedAt', 'proposalId', 'decision', 'reason', 'operatorId', 'operatorName', 'content'] as const;
