/**
 * The administration side of protocol v1: the import file, moderation and the open-data export.
 * Only servers and admin tools use these; browser bundles never import them (tree-shaken away).
 */
import * as z from 'zod/mini';
import {
  Author,
  Consultation,
  ConsultationCounts,
  Id,
  Proposal,
  ProposalContent,
  ProposalStatus,
  QualificationCounts,
  Tally,
  Theme,
  Timestamp,
  ClickTime,
  VoteKey,
} from './schemas.js';
import { cleanProposalText } from './text.js';

/** A partner site allowed to embed a consultation: `scheme://host[:port]`, or `*` for any site. */
export const AllowedOrigin = /*#__PURE__*/ z
  .string()
  .check(z.maxLength(300), z.regex(/^(\*|https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)$/, 'Expected an origin like https://example.org, or *'));

const { counts: _counts, ...consultationFields } = Consultation.shape;
// Strict inside too: a typo in a theme or an author must not be dropped silently.
const StrictTheme = z.strictObject(Theme.shape);
const StrictAuthor = z.strictObject(Author.shape);

/**
 * A consultation as its organiser configures it (import file, admin API): the public
 * `Consultation` without its counts, plus who may embed it and whether votes must be signed.
 * Unknown properties are refused, so a typo never passes silently.
 */
export const ConsultationConfig = z.strictObject({
  ...consultationFields,
  status: z._default(consultationFields.status, 'open'),
  proposalPrefix: z._default(consultationFields.proposalPrefix, null),
  proposalMinLength: z._default(consultationFields.proposalMinLength, 12),
  proposalMaxLength: z._default(consultationFields.proposalMaxLength, 140),
  themes: z._default(z.array(StrictTheme), []),
  allowedOrigins: z._default(z.array(AllowedOrigin), []),
  requireSignedParticipants: z._default(z.boolean(), false),
  /**
   * Issue 10: whether published results count untrusted votes (bare client-chosen ids) too.
   * Absent from a file: `false` for a new consultation, the stored choice for an existing one, and
   * `true` for one stored before trusted counting (its results must not change unasked).
   */
  countUntrusted: z.optional(z.boolean()),
  // Issue 12 (setup): optional opening and closing dates that take effect by themselves, on the
  // server's clock: before `opensAt` and from `closesAt` on, the consultation refuses writes as
  // closed (`consultationPhase` in admin-setup.ts). A real instant from 2000 on; null or absent: none.
  opensAt: z.optional(z.nullable(ClickTime)),
  closesAt: z.optional(z.nullable(ClickTime)),
});
export type ConsultationConfig = z.output<typeof ConsultationConfig>;

/**
 * A proposal in an import file; `status` defaults to `accepted` (the organiser's own ideas). Its text
 * is cleaned as a submission is (NFC, invisible characters out), so duplicates compare alike; the
 * server then refuses control characters, zalgo and texts without a letter (`characterProblem`), but
 * not the consultation's length or prefix rules: the organiser's own texts may be longer.
 */
export const ImportProposal = z.strictObject({
  id: Id,
  content: z.pipe(ProposalContent, z.transform(cleanProposalText)),
  themeId: z.optional(z.nullable(Id)),
  author: z.optional(StrictAuthor),
  status: z._default(ProposalStatus, 'accepted'),
});
export type ImportProposal = z.output<typeof ImportProposal>;

/** `consult-server import <file.json>` and `POST /admin/consultations`. */
export const ImportFile = z.strictObject({
  consultation: ConsultationConfig,
  proposals: z._default(z.array(ImportProposal), []),
});
export type ImportFile = z.output<typeof ImportFile>;

/** Why a proposal was refused: Make.org's moderation vocabulary. */
export const REFUSAL_REASONS = [
  'incomprehensible',
  'offTopic',
  'discriminatory',
  'partisan',
  'advertising',
  'multipleSubjects',
  'insulting',
] as const;
export const RefusalReason = z.enum(REFUSAL_REASONS);
export type RefusalReason = z.infer<typeof RefusalReason>;

/**
 * Body of `POST /admin/proposals/{proposalId}/moderation`. A refusal needs a reason; an acceptance
 * takes none (a reason sent with it would be dropped, and a moderator would believe it kept).
 */
export const ModerationRequest = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept') }),
  z.strictObject({ decision: z.literal('refuse'), reason: RefusalReason }),
]);
export type ModerationRequest = z.infer<typeof ModerationRequest>;

/** Who made a decision (issue 12): the operator's id and, as it was then, name (`admin-token` for the bearer token). */
export const DecisionOperator = z.object({ id: z.string(), name: z.string() });
export type DecisionOperator = z.infer<typeof DecisionOperator>;

/** One moderation decision, kept forever; `operator` absent: decided before issue 12 recorded who. */
export const ModerationDecision = z.object({
  proposalId: Id,
  decision: z.enum(['accept', 'refuse']),
  reason: z.nullable(RefusalReason),
  decidedAt: Timestamp,
  operator: z.optional(DecisionOperator),
});
export type ModerationDecision = z.infer<typeof ModerationDecision>;

/** Body of `PUT /admin/consultations/{consultationId}/status`. */
export const StatusRequest = z.strictObject({ status: z.enum(['open', 'closed']) });

/**
 * A proposal as the admin API lists it: `duplicateOf` names the proposal it nearly repeats (same
 * text once cleaned and mapped to its Unicode confusable skeleton, UTS #39), or is null. Such a
 * copy is kept, not refused: the moderator decides.
 */
export const AdminProposal = z.object({
  ...Proposal.shape,
  duplicateOf: z.nullable(Id),
  /** Issue 10: the part of `votes` cast under bare client-chosen ids (untrusted), counted apart. */
  untrustedVotes: z.optional(Tally),
});
export type AdminProposal = z.infer<typeof AdminProposal>;
/** `GET /admin/consultations/{consultationId}/proposals?status=…` (pending by default). */
export const AdminProposalPage = z.object({ items: z.array(AdminProposal), nextCursor: z.nullable(z.string()) });
export type AdminProposalPage = z.infer<typeof AdminProposalPage>;

/**
 * A consultation as the admin API shows it: configuration and counts; `untrustedVotes` (issue 10,
 * `GET /admin/consultations/{id}` only): the votes of bare client-chosen ids on its accepted proposals.
 */
export const AdminConsultation = z.object({
  ...ConsultationConfig.shape,
  counts: ConsultationCounts,
  untrustedVotes: z.optional(z.int().check(z.minimum(0))),
});
export type AdminConsultation = z.output<typeof AdminConsultation>;

/**
 * The author fields that may be published with a proposal: those the consent line of the form
 * that sends them names (src/i18n/sections/propose.ts). The expert form (organisation, country)
 * says "your organisation, country and the name you give"; the general one "the first name and age
 * you give". A body that mixes both (no form sends one) loses what its consent line does not name:
 * the age. Nothing left: no author. Privacy first, so a field is public only when a line said so.
 */
export function publishedAuthor(author: Author | undefined): Author | undefined {
  if (!author) return undefined;
  const { name, age, organisation, country } = author;
  const expert = organisation !== undefined || country !== undefined;
  const published: Author = expert ? { name, organisation, country } : { name, age };
  for (const key of Object.keys(published) as Array<keyof Author>) if (published[key] === undefined) delete published[key];
  return Object.keys(published).length ? published : undefined;
}

const Count = /*#__PURE__*/ z.int().check(z.minimum(0));

/**
 * One accepted proposal in the open data (`GET /consultations/{consultationId}/export.json`):
 * everything needed to re-run the results, the author fields its author agreed to publish
 * (`publishedAuthor`), and never a participant id. `votes` counts every vote; by trust level,
 * `verifiedVotes` those of participants signed by the host site, `issuedVotes` those of
 * participants this server issued, `untrustedVotes` those of bare client-chosen ids (the three add
 * up to `votes`). The last two came with issue 10 (format 2, additive): older files lack them.
 * Pending and refused proposals are never listed.
 */
export const OpenDataProposal = z.object({
  id: Id,
  content: ProposalContent,
  themeId: z.nullable(Id),
  author: z.optional(Author),
  createdAt: Timestamp,
  votes: Tally,
  verifiedVotes: Tally,
  issuedVotes: z.optional(Tally),
  untrustedVotes: z.optional(Tally),
  qualifications: QualificationCounts,
  /** Issue 10, optional: the part of `qualifications` made with untrusted votes (absent: none). */
  untrustedQualifications: z.optional(QualificationCounts),
  /**
   * Issue 10, cohorts, optional: the votes (and their qualifications) of excluded cohorts, left
   * out of the results whatever their trust; `untrusted`: those of them that are untrusted votes.
   */
  excluded: z.optional(
    z.object({ votes: Tally, qualifications: QualificationCounts, untrusted: z.object({ votes: Tally, qualifications: QualificationCounts }) }),
  ),
});
export type OpenDataProposal = z.infer<typeof OpenDataProposal>;

/**
 * Refused proposals, only as counts: each under the reason of the decision that refused it
 * (`byReason`, every reason present), or `withoutReason` when an import file refused it.
 */
export const OpenDataRefusals = z.object({
  total: Count,
  byReason: z.record(RefusalReason, Count),
  withoutReason: Count,
});
export type OpenDataRefusals = z.infer<typeof OpenDataRefusals>;

/** Format 2 (issue 9): accepted proposals only, refusals as counts, nothing pending. */
export const OPEN_DATA_FORMAT = 'consult-widgets/open-data@2';
export const OpenData = z.object({
  format: z.literal(OPEN_DATA_FORMAT),
  generatedAt: Timestamp,
  /** The public consultation: the same counts as `GET /consultations/{consultationId}`. */
  /** `countUntrusted` (issue 10, optional): whether the results count untrusted votes; absent: they do. */
  consultation: z.object({ ...consultationFields, countUntrusted: z.optional(z.boolean()), counts: ConsultationCounts }),
  proposals: z.array(OpenDataProposal),
  refused: OpenDataRefusals,
  /** Issue 10, optional: every cohort exclusion, in force or restored (absent: there never was one). */
  exclusions: z.optional(z.array(z.lazy(() => PublishedExclusion))),
});
export type OpenData = z.infer<typeof OpenData>;

/** Where a suspicious cohort's members came from: one origin within minutes, or identical vote vectors. */
export const CohortKind = z.enum(['origin', 'vector']);
export type CohortKind = z.infer<typeof CohortKind>;

/** A cohort id: a hash of its kind and sorted member ids (server/cohorts.ts), so stable for one member set. */
export const CohortId = /*#__PURE__*/ z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/, 'Expected a cohort id (22 letters, digits, - or _)'));

/**
 * Body of `POST /admin/consultations/{id}/cohorts/{cohortId}/exclusion` and `…/restoration`: why,
 * and who (until operator accounts exist, the operator names themself; the log says admin token + by).
 */
export const CohortDecisionRequest = z.strictObject({
  // Published (the reason) and logged: no control characters, of any length a person types.
  reason: z.string().check(z.trim(), z.minLength(3), z.maxLength(500), z.regex(/^[^\p{Cc}\p{Cs}]*$/u, 'No control characters or lone surrogates')),
  // Issue 12: with a session the operator decides (this is ignored); with the bearer token, required.
  by: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100), z.regex(/^[^\p{Cc}\p{Cs}]*$/u, 'No control characters or lone surrogates'))),
});
export type CohortDecisionRequest = z.output<typeof CohortDecisionRequest>;

/** A cohort exclusion as the open data publishes it: no member id, no operator name. */
export const PublishedExclusion = z.object({
  cohortId: CohortId,
  kind: CohortKind,
  reason: z.string(),
  excludedAt: Timestamp,
  /** The members' votes on accepted proposals when it was made. */
  votes: Count,
  restored: z.boolean(),
  restoredAt: z.nullable(Timestamp),
});
export type PublishedExclusion = z.infer<typeof PublishedExclusion>;

/** How a cohort's votes move one published list: ideas that leave it, or enter it, when they are taken out. */
const ListChange = z.object({ leave: z.array(Id), enter: z.array(Id) });

/**
 * One suspicious cohort of `GET /admin/consultations/{id}/cohorts` (server/cohorts.ts): its members
 * and votes counted (no member id), first and last receive times, the (proposal, key) pairs it
 * shares, `effect` (server/cohort-effect.ts) and whether an exclusion of it is in force.
 */
export const AdminCohort = z.object({
  id: CohortId,
  kind: CohortKind,
  members: Count,
  votes: Count,
  firstAt: z.nullable(Timestamp),
  lastAt: z.nullable(Timestamp),
  proposals: z.array(z.object({ proposalId: Id, key: VoteKey })),
  effect: z.object({ popular: ListChange, divisive: ListChange }),
  excluded: z.boolean(),
});
export type AdminCohort = z.infer<typeof AdminCohort>;

/** An exclusion as operators see it: who excluded it and why, and who restored it and why (null: in force). */
export const CohortExclusion = z.object({
  cohortId: CohortId,
  kind: CohortKind,
  votes: Count,
  members: Count,
  reason: z.string(),
  excludedBy: z.string(),
  excludedAt: Timestamp,
  restoreReason: z.nullable(z.string()),
  restoredBy: z.nullable(z.string()),
  restoredAt: z.nullable(Timestamp),
});
export type CohortExclusion = z.infer<typeof CohortExclusion>;

/** `GET /admin/consultations/{id}/cohorts`: the cohorts detected now and every exclusion ever made, oldest first. */
export const AdminCohorts = z.object({
  thresholds: z.record(z.string(), z.number()),
  cohorts: z.array(AdminCohort),
  exclusions: z.array(CohortExclusion),
});
export type AdminCohorts = z.infer<typeof AdminCohorts>;

/** Answer of `POST …/cohorts/{cohortId}/exclusion` (`created` false: one was in force already). */
export const CohortExclusionAnswer = z.object({ created: z.boolean(), exclusion: CohortExclusion });
/** Answer of `POST …/cohorts/{cohortId}/restoration` (`restored` false: none was in force). */
export const CohortRestorationAnswer = z.object({ restored: z.boolean(), exclusion: CohortExclusion });
export * from './admin-accounts.js';

export * from './admin-setup.js';

export * from './admin-moderation.js';
