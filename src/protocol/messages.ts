/** Request bodies and answers of protocol v1 that are not domain objects themselves. */
import * as z from 'zod/mini';
import {
  Author,
  ClickTime,
  ConsultationCounts,
  Id,
  ParticipantId,
  Proposal,
  ProposalContent,
  QualificationCounts,
  Tally,
  VoteKey,
} from './schemas.js';

/** Body of `PUT /proposals/{proposalId}/votes/{participantId}/qualifications/{qualification}`. */
export const QualifyRequest = z.object({ votedAt: ClickTime });
export type QualifyRequest = z.infer<typeof QualifyRequest>;

/** Answer to adding or removing a qualification: the proposal's qualification counts now. */
export const QualificationsResult = z.object({ proposalId: Id, qualifications: QualificationCounts });
export type QualificationsResult = z.infer<typeof QualificationsResult>;

/**
 * Body of `POST /consultations/{consultationId}/proposals`. `requestId` makes a retry safe: the
 * backend answers the same `requestId` again with the first answer. `themeId: null` is the same
 * as leaving it out (no theme), as in `Proposal.themeId`.
 */
export const SubmitProposalRequest = z.object({
  participantId: ParticipantId,
  requestId: Id,
  content: ProposalContent,
  themeId: z.optional(z.nullable(Id)),
  author: z.optional(Author),
});
export type SubmitProposalRequest = z.infer<typeof SubmitProposalRequest>;

/** A submitted proposal waits for moderation: it is never accepted on the spot. */
export const SubmitProposalResult = z.object({ id: Id, status: z.literal('pending') });
export type SubmitProposalResult = z.infer<typeof SubmitProposalResult>;

/** Accepted proposals the participant has not voted on yet, in the order to show them. */
export const SequenceResult = z.object({ items: z.array(Proposal) });
export type SequenceResult = z.infer<typeof SequenceResult>;

const Count = /*#__PURE__*/ z.int().check(z.minimum(0));
const Share = /*#__PURE__*/ z.number().check(z.minimum(0), z.maximum(1));
const Positive = /*#__PURE__*/ z.int().check(z.minimum(1));

/** Make.org's zones: consensus (popular ♥), rejection, limbo, controversy (divisive ⚡). */
export const ResultsZone = z.enum(['consensus', 'rejection', 'limbo', 'controversy']);
export type ResultsZone = z.infer<typeof ResultsZone>;

/** The parameters the results were computed with (docs/methodology.md explains each). */
export const ResultsMethod = z.object({
  /** Proposals with fewer votes have `zone: null`. */
  minVotes: Count,
  /** Share thresholds of the zone rule (Make.org: 0.6, 0.4, 0.15). */
  thresholds: z.object({ majority: Share, neutral: Share, minority: Share }),
  /** z of the Agresti–Coull lower bounds the top lists are ranked by (Make.org: 2). */
  z: /*#__PURE__*/ z.number().check(z.positive()),
  /** Length of the popular (consensus) and divisive (controversy) top lists. */
  topPopular: Count,
  topDivisive: Count,
});
export type ResultsMethod = z.infer<typeof ResultsMethod>;

/**
 * How many more votes would take a listed idea out of its list (docs/methodology.md, "Robustness"):
 * the least number of votes that, added to this idea alone, change its zone or rank it below the
 * best unlisted idea of its zone. They can all be `key` votes (a popular idea's disagree votes
 * each with noWay, impossible and platitudeDisagree); `leaves` says which happens first.
 */
export const ResultsRobustness = z.object({
  votes: Positive,
  key: VoteKey,
  leaves: z.enum(['zone', 'rank']),
});
export type ResultsRobustness = z.infer<typeof ResultsRobustness>;

/** One accepted proposal in the results. */
export const ProposalResult = z.object({
  proposalId: Id,
  /** The proposal's text, so a results page needs no other request to name its ideas. */
  content: ProposalContent,
  themeId: z.nullable(Id),
  votes: Tally,
  qualifications: QualificationCounts,
  /** Each key's share of the proposal's votes, in [0, 1]; all 0 without votes. */
  shares: z.object({ agree: Share, disagree: Share, neutral: Share }),
  /** `null`: fewer than `method.minVotes` votes, not categorised. */
  zone: z.nullable(ResultsZone),
  /** topScore (consensus) or controversy (controversy zone), per vote; `null` in other zones. */
  score: z.nullable(z.number()),
  /** The lower confidence bound of `score` the top lists are ranked by; `null` like `score`. */
  bound: z.nullable(Share),
  /** 1-based position in its zone's top list (popular or divisive); `null` when not in one. */
  rank: z.nullable(Positive),
  /**
   * Protocol 1.1 (issue 10), optional: listed ideas only (`rank` not `null`); absent
   * elsewhere and from older backends. `null`: no number of votes on this idea alone would move it.
   */
  robustness: z.optional(z.nullable(ResultsRobustness)),
});
export type ProposalResult = z.infer<typeof ProposalResult>;

/** Popular ideas of one theme (`themeId: null`: no theme), in rank order. */
export const ResultsThemeGroup = z.object({ themeId: z.nullable(Id), proposalIds: z.array(Id) });
export type ResultsThemeGroup = z.infer<typeof ResultsThemeGroup>;

/**
 * Answer of `GET /consultations/{consultationId}/results`: the consultation's counts, every
 * accepted proposal with its zone and rank, the popular ideas grouped by theme (themes in the
 * order of their best-ranked idea) and the divisive ideas in rank order. src/results computes it.
 */
/** The five continents of the UN M49 standard: where the authors of proposals live. */
export const CONTINENTS = ['africa', 'americas', 'asia', 'europe', 'oceania'] as const;
export const Continent = z.enum(CONTINENTS);
export type Continent = z.infer<typeof Continent>;

/** How many accepted proposals come from authors of one continent (their `author.country`). */
export const ResultsContinent = z.object({ continent: Continent, proposals: Count });
export type ResultsContinent = z.infer<typeof ResultsContinent>;

export const ConsultationResults = z.object({
  consultationId: Id,
  counts: ConsultationCounts,
  method: ResultsMethod,
  proposals: z.array(ProposalResult),
  popular: z.array(ResultsThemeGroup),
  divisive: z.array(Id),
  /**
   * Present when authors gave their country (an expert consultation): accepted proposals per
   * continent, most first. Countries no continent holds (Antarctica, unknown codes) are left out.
   */
  continents: z.optional(z.array(ResultsContinent)),
  /**
   * Protocol 1.1 (issue 10), optional: untrusted votes (bare client-chosen ids) on the accepted
   * proposals, and whether `proposals` and the lists count them (`counted: false`: they count
   * host-signed and server-issued votes only). Absent from backends without trust levels.
   */
  untrusted: z.optional(z.object({ votes: Count, counted: z.boolean() })),
  /**
   * Protocol 1.1 (issue 10, cohorts), optional: votes of the cohorts an operator excluded, left out
   * of `proposals` and the lists, and how many cohorts are excluded. Absent when none is.
   */
  excluded: z.optional(z.object({ votes: Count, cohorts: Count })),
});
export type ConsultationResults = z.infer<typeof ConsultationResults>;
