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

/** Body of `POST /admin/proposals/{proposalId}/moderation`. A refusal needs a reason. */
export const ModerationRequest = z.strictObject({
  decision: z.enum(['accept', 'refuse']),
  reason: z.optional(RefusalReason),
});
export type ModerationRequest = z.infer<typeof ModerationRequest>;

/** One moderation decision, kept forever. */
export const ModerationDecision = z.object({
  proposalId: Id,
  decision: z.enum(['accept', 'refuse']),
  reason: z.nullable(RefusalReason),
  decidedAt: Timestamp,
});
export type ModerationDecision = z.infer<typeof ModerationDecision>;

/** Body of `PUT /admin/consultations/{consultationId}/status`. */
export const StatusRequest = z.strictObject({ status: z.enum(['open', 'closed']) });

/**
 * A proposal as the admin API lists it: `duplicateOf` names the proposal it nearly repeats (same
 * text once cleaned and mapped to its Unicode confusable skeleton, UTS #39), or is null. Such a
 * copy is kept, not refused: the moderator decides.
 */
export const AdminProposal = z.object({ ...Proposal.shape, duplicateOf: z.nullable(Id) });
export type AdminProposal = z.infer<typeof AdminProposal>;
/** `GET /admin/consultations/{consultationId}/proposals?status=…` (pending by default). */
export const AdminProposalPage = z.object({ items: z.array(AdminProposal), nextCursor: z.nullable(z.string()) });
export type AdminProposalPage = z.infer<typeof AdminProposalPage>;

/** A consultation as the admin API shows it: configuration and counts. */
export const AdminConsultation = z.object({ ...ConsultationConfig.shape, counts: ConsultationCounts });
export type AdminConsultation = z.output<typeof AdminConsultation>;

/**
 * `GET /consultations/{consultationId}/export.json`: everything needed to re-run the results, and
 * never a participant id. `votes` counts every vote, `verifiedVotes` those signed by the host site.
 */
export const OpenDataProposal = z.object({
  id: Id,
  content: ProposalContent,
  themeId: z.nullable(Id),
  author: z.optional(Author),
  status: ProposalStatus,
  createdAt: Timestamp,
  votes: Tally,
  verifiedVotes: Tally,
  qualifications: QualificationCounts,
  moderation: z.array(z.object({ decision: z.enum(['accept', 'refuse']), reason: z.nullable(RefusalReason), decidedAt: Timestamp })),
});
export type OpenDataProposal = z.infer<typeof OpenDataProposal>;
export const OpenData = z.object({
  format: z.literal('consult-widgets/open-data@1'),
  generatedAt: Timestamp,
  consultation: z.object({ ...consultationFields, counts: ConsultationCounts }),
  proposals: z.array(OpenDataProposal),
});
export type OpenData = z.infer<typeof OpenData>;
