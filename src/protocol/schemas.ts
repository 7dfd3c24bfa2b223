/**
 * Wire protocol v1: the one contract shared by widgets, adapters and the reference server.
 * Browser code imports these schemas, so they are written with `zod/mini` (about 20 KB smaller
 * than classic zod once minified).
 */
import * as z from 'zod/mini';
import { clickInstant, TIMESTAMP_PATTERN } from './time.js';
import { isWellFormed } from './text.js';

// `/*#__PURE__*/` before `z.….check(…)`: bundlers cannot tell that a method call has no side
// effect, so without it every schema built with a check would stay in every bundle, used or not.

// zod 4 compiles parsers with `new Function` unless told not to; host pages with a strict CSP
// (no 'unsafe-eval') would then see a violation report for every parse.
z.config({ jitless: true });

/**
 * Free text of at most `max` (and at least `min`) UTF-16 units, with no lone surrogate: JSON's `"\ud800"` parses to one,
 * and a database driver would store it as bytes that read back as three U+FFFD (SQLite).
 */
/*#__NO_SIDE_EFFECTS__*/
function text(max: number, min?: number) {
  const wellFormed = z.refine<string>(isWellFormed, 'Expected well-formed Unicode text (an unpaired UTF-16 surrogate was sent)');
  return min ? z.string().check(z.minLength(min), z.maxLength(max), wellFormed) : z.string().check(z.maxLength(max), wellFormed);
}

/** Ids of consultations and proposals: 1–128 characters of `[A-Za-z0-9_-]`. */
export const Id = /*#__PURE__*/ z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));
/** Participant ids: like other ids, but 8–128 characters long. */
export const ParticipantId = /*#__PURE__*/ z.string().check(z.minLength(8), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));

export const VOTE_KEYS = ['agree', 'disagree', 'neutral'] as const;
export const VoteKey = z.enum(VOTE_KEYS);
export type VoteKey = z.infer<typeof VoteKey>;

/** The three qualifications a participant may add to each vote key (Make.org's vocabulary). */
export const QUALIFICATIONS_BY_KEY = {
  agree: ['likeIt', 'doable', 'platitudeAgree'],
  disagree: ['noWay', 'impossible', 'platitudeDisagree'],
  neutral: ['doNotUnderstand', 'noOpinion', 'doNotCare'],
} as const satisfies Record<VoteKey, readonly string[]>;
export const QUALIFICATION_KEYS = Object.values(QUALIFICATIONS_BY_KEY).flat() as QualificationKey[];
export type QualificationKey = (typeof QUALIFICATIONS_BY_KEY)[VoteKey][number];
export const QualificationKey = z.enum(QUALIFICATION_KEYS as [QualificationKey, ...QualificationKey[]]);

export const Count = /*#__PURE__*/ z.int().check(z.minimum(0));
export const Tally = z.object({ agree: Count, disagree: Count, neutral: Count });
export type Tally = z.infer<typeof Tally>;

/** How many participants chose each qualification of a proposal (absent keys count 0). */
export const QualificationCounts = z.partialRecord(QualificationKey, Count);
export type QualificationCounts = z.infer<typeof QualificationCounts>;

/** ISO 8601 date-time with offset, e.g. `2024-09-18T10:00:00.000Z`. */
// A plain pattern rather than z.iso.datetime: same strings accepted for our purposes, about 0.5 KB
// less in every browser bundle (zod's ISO module builds its patterns at run time).
export const Timestamp = /*#__PURE__*/ z.string().check(z.regex(TIMESTAMP_PATTERN, 'Expected an ISO 8601 date-time with an offset'));

/**
 * When a participant clicked (`votedAt`): a `Timestamp` that is a real instant (no 30 February,
 * month 13 or hour 24) from 2000 on. A backend counts one far in its future at its receive time
 * (`countedClick` in time.ts).
 */
export const ClickTime = /*#__PURE__*/ z
  .string()
  .check(
    z.regex(TIMESTAMP_PATTERN, 'Expected an ISO 8601 date-time with an offset'),
    z.refine((text) => !Number.isNaN(clickInstant(text)), 'Expected a real date and time, from the year 2000 on'),
  );

export const Author = z.object({
  name: z.optional(text(100)),
  age: z.optional(/*#__PURE__*/ z.int().check(z.minimum(0), z.maximum(130))),
  organisation: z.optional(text(200)),
  country: z.optional(text(100)),
});
export type Author = z.infer<typeof Author>;

export const ProposalStatus = z.enum(['pending', 'accepted', 'refused']);
/**
 * A proposal's text, as shown and as submitted, in UTF-16 units: the consultation narrows the length
 * in characters, and text.ts holds the rules on characters (`checkProposalText`).
 */
export const ProposalContent = text(5000, 1);
export const Proposal = z.object({
  id: Id,
  consultationId: Id,
  content: ProposalContent,
  author: z.optional(Author),
  themeId: z.nullable(Id),
  status: ProposalStatus,
  createdAt: Timestamp,
  votes: Tally,
  qualifications: QualificationCounts,
  /**
   * Adapter contract v2: a backend's own data about the proposal (a Make.org-shaped API's
   * `proposalKey`…), opaque to the widgets, which hand the last one they read back in `castVote` and
   * `qualify`. consult-server never sends it.
   */
  meta: z.optional(z.record(z.string(), z.unknown())),
});
export type Proposal = z.infer<typeof Proposal>;
/** A backend's opaque data about a proposal (`Proposal.meta`). */
export type ProposalMeta = NonNullable<Proposal['meta']>;

export const Theme = z.object({ id: Id, label: text(200, 1) });
export type Theme = z.infer<typeof Theme>;

export const ConsultationCounts = z.object({ participants: Count, proposals: Count, votes: Count });
export type ConsultationCounts = z.infer<typeof ConsultationCounts>;

export const Consultation = z.object({
  id: Id,
  title: text(300, 1),
  question: text(500, 1),
  locale: /*#__PURE__*/ z.string().check(z.minLength(2), z.maxLength(35)),
  status: z.enum(['open', 'closed']),
  proposalPrefix: z.nullable(text(100)),
  proposalMinLength: Count,
  proposalMaxLength: Count,
  themes: z.array(Theme),
  counts: ConsultationCounts,
});
export type Consultation = z.infer<typeof Consultation>;

export const ProposalPage = z.object({ items: z.array(Proposal), nextCursor: z.nullable(z.string()) });
export type ProposalPage = z.infer<typeof ProposalPage>;

/** Body of `PUT /proposals/{pid}/votes/{participantId}`. */
export const VoteRequest = z.object({ key: VoteKey, votedAt: ClickTime });
export type VoteRequest = z.infer<typeof VoteRequest>;

/** Answer to a vote or a withdrawal: the participant's key now and the proposal's tally. */
export const VoteResult = z.object({ proposalId: Id, key: z.nullable(VoteKey), votes: Tally });
export type VoteResult = z.infer<typeof VoteResult>;

export const ParticipantVote = z.object({
  proposalId: Id,
  key: VoteKey,
  qualifications: z.array(QualificationKey),
});
export type ParticipantVote = z.infer<typeof ParticipantVote>;
export const ParticipantVotes = z.object({ votes: z.array(ParticipantVote) });
export type ParticipantVotes = z.infer<typeof ParticipantVotes>;
