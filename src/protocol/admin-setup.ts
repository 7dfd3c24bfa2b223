/**
 * Issue 12, setup: the admin API's consultation forms (create, edit), "a poll in a minute", bulk
 * proposals and the dashboard. Re-exported by admin.ts; servers and the console import it.
 *
 * admin.ts re-exports this module and this module reuses admin.ts's pieces (the import file's
 * `ConsultationConfig`): a module cycle, in which this module runs first. So every schema built on
 * an admin.ts piece is `z.lazy`: built at its first parse, when both modules have run.
 */
import * as z from 'zod/mini';
import { AdminConsultation, AllowedOrigin, ConsultationConfig } from './admin.js';
import { ProposalResult } from './messages.js';
import { Consultation, ConsultationCounts, Count, Id, Tally, Timestamp } from './schemas.js';
import { clickInstant } from './time.js';

/**
 * Where a consultation stands at an instant: `closed` by its operator, `upcoming` before its
 * opening date, `ended` from its closing date on, else `open`. Only `open` takes votes and
 * proposals; the public `status` says `closed` for the three others (protocol v1's two values).
 */
export const ConsultationPhase = z.enum(['upcoming', 'open', 'ended', 'closed']);
export type ConsultationPhase = z.infer<typeof ConsultationPhase>;

interface Schedule {
  status: 'open' | 'closed';
  opensAt?: string | null | undefined;
  closesAt?: string | null | undefined;
}

export function consultationPhase(c: Schedule, now: number): ConsultationPhase {
  if (c.status === 'closed') return 'closed';
  if (c.opensAt && now < clickInstant(c.opensAt)) return 'upcoming';
  if (c.closesAt && now >= clickInstant(c.closesAt)) return 'ended';
  return 'open';
}

/** The public `status` at `now`: `open` only while the consultation takes writes. */
export const publicStatus = (c: Schedule, now: number): 'open' | 'closed' => (consultationPhase(c, now) === 'open' ? 'open' : 'closed');

/** What no schema can say of one field alone: a closing date after the opening date. */
export function scheduleProblem(c: Schedule): string | null {
  if (c.opensAt && c.closesAt && clickInstant(c.closesAt) <= clickInstant(c.opensAt)) return 'closesAt must be after opensAt.';
  return null;
}

/** A consultation as the setup routes answer it: the admin view and its phase now. */
export const AdminConsultationView = /*#__PURE__*/ z.lazy(() => z.object({ ...AdminConsultation.shape, phase: ConsultationPhase }));
export type AdminConsultationView = z.output<typeof AdminConsultationView>;

/**
 * Body of `POST /admin/consultations` when it is no import file (no `consultation` property): the
 * import file's consultation, its id optional (the server makes one). It never replaces one.
 */
export const ConsultationCreate = /*#__PURE__*/ z.lazy(() => z.strictObject({ ...ConsultationConfig.shape, id: z.optional(Id) }));
export type ConsultationCreate = z.output<typeof ConsultationCreate>;

/**
 * Body of `PATCH /admin/consultations/{id}`: the fields to change, each as the import file has it
 * (no defaults: an absent field stays as it is). `themes` is the whole new list: a theme whose id
 * is new is added, one whose label changed is renamed, one left out is removed, which is refused
 * while proposals use it. `opensAt`/`closesAt` null remove the date.
 */
export const ConsultationPatch = /*#__PURE__*/ z.lazy(() => {
  const f = ConsultationConfig.shape;
  const p = Consultation.shape;
  return z.strictObject({
    title: z.optional(p.title),
    question: z.optional(p.question),
    locale: z.optional(p.locale),
    status: z.optional(p.status),
    proposalPrefix: z.optional(p.proposalPrefix),
    proposalMinLength: z.optional(p.proposalMinLength),
    proposalMaxLength: z.optional(p.proposalMaxLength),
    themes: z.optional(f.themes.def.innerType),
    allowedOrigins: z.optional(f.allowedOrigins.def.innerType),
    requireSignedParticipants: z.optional(z.boolean()),
    countUntrusted: f.countUntrusted,
    opensAt: f.opensAt,
    closesAt: f.closesAt,
  });
});
export type ConsultationPatch = z.output<typeof ConsultationPatch>;

/** Statements a poll may have: a news poll asks about one to a few. */
export const MAX_POLL_STATEMENTS = 5;

/**
 * Body of `POST /admin/polls`: a consultation with accepted statements, in one request. `title`
 * defaults to the question (its first 300 characters); `allowedOrigin`: the site that embeds it.
 */
export const PollRequest = /*#__PURE__*/ z.lazy(() =>
  z.strictObject({
    question: Consultation.shape.question,
    title: z.optional(Consultation.shape.title),
    statements: z.array(z.string()).check(z.minLength(1), z.maxLength(MAX_POLL_STATEMENTS)),
    locale: z._default(Consultation.shape.locale, 'en'),
    allowedOrigin: z.optional(AllowedOrigin),
  }),
);
export type PollRequest = z.output<typeof PollRequest>;

/** Answer of `POST /admin/polls` (201): what the console's embed code needs. */
export const PollCreated = /*#__PURE__*/ z.lazy(() => z.object({ consultation: AdminConsultationView, proposalIds: z.array(Id) }));
export type PollCreated = z.output<typeof PollCreated>;

/** Bulk proposals per request, and the bytes of its body (CSV or JSON). */
export const MAX_BULK_PROPOSALS = 5000;
export const MAX_BULK_BYTES = 1024 * 1024;

/**
 * One line of a JSON bulk add: the text (checked by the consultation's text rules, line by line)
 * and the theme, by id or by label (case-insensitive), or none.
 */
export const BulkProposal = z.strictObject({ content: z.string(), theme: z.optional(z.nullable(z.string())) });
/** JSON body of `POST /admin/consultations/{id}/proposals` (its other form is `text/csv`). */
export const BulkProposalsRequest = z.strictObject({
  proposals: z.array(BulkProposal).check(z.minLength(1), z.maxLength(MAX_BULK_PROPOSALS)),
});
export type BulkProposalsRequest = z.output<typeof BulkProposalsRequest>;

/** Why one line was refused: its line number (CSV: where its record starts; JSON: 1-based index). */
export const BulkLineError = z.object({ line: z.int().check(z.minimum(1)), reason: z.string() });
export type BulkLineError = z.infer<typeof BulkLineError>;
/** A refused bulk add (422): the ErrorBody, and every refused line (nothing was added). */
export const BulkRefusal = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  lines: z.array(BulkLineError),
});
/** A bulk add done (201), or checked only (`?dryRun=true`, 200: `proposalIds` empty). */
export const BulkProposalsResult = z.object({ added: Count, dryRun: z.boolean(), proposalIds: z.array(Id) });
export type BulkProposalsResult = z.infer<typeof BulkProposalsResult>;

/** One change to a consultation's setup, with its operator (`GET /admin/consultations/{id}/changes`). */
export const ConsultationChange = z.object({
  at: Timestamp,
  operator: z.object({ id: z.string(), name: z.string() }),
  action: z.enum(['create', 'edit', 'proposals', 'poll', 'import', 'status']),
  /**
   * `edit` and `status`: each changed field `{ from, to }`; `proposals`: `{ added }`; `poll`:
   * `{ statements }`; `import`: `{ created, proposals }` (an import file); `create`: `{}`.
   */
  detail: z.record(z.string(), z.unknown()),
});
export type ConsultationChange = z.infer<typeof ConsultationChange>;
export type ChangeAction = ConsultationChange['action'];

export const DashboardBucket = z.enum(['hour', 'day']);
export type DashboardBucket = z.infer<typeof DashboardBucket>;
/** Query of `GET /admin/consultations/{id}/dashboard`. */
export const DashboardQuery = z.object({ bucket: z._default(DashboardBucket, 'hour') });

/** New participants (first vote), votes and proposals (any status) in one bucket (UTC). */
export const DashboardPoint = z.object({ at: Timestamp, participants: Count, votes: Count, proposals: Count });

/**
 * Answer of `GET /admin/consultations/{id}/dashboard`: the counts, proposals by status, activity
 * over time (only buckets with some, oldest first), votes per theme (counted as the results count
 * them), and the popular and divisive ideas as the results rank them.
 */
export const Dashboard = z.object({
  consultationId: Id,
  generatedAt: Timestamp,
  counts: ConsultationCounts,
  proposals: z.object({ pending: Count, accepted: Count, refused: Count }),
  bucket: DashboardBucket,
  timeline: z.array(DashboardPoint),
  themes: z.array(z.object({ themeId: z.nullable(Id), label: z.nullable(z.string()), proposals: Count, votes: Tally })),
  popular: z.array(ProposalResult),
  divisive: z.array(ProposalResult),
});
export type Dashboard = z.infer<typeof Dashboard>;
