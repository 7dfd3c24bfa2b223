import {
  CONTINENTS,
  type Continent,
  type ConsultationCounts,
  type ConsultationResults,
  type ProposalResult,
  type QualificationCounts,
  type ResultsContinent,
  type ResultsMethod,
  type ResultsThemeGroup,
  type Tally,
} from '../protocol/index.js';
import { continentOf } from './continents.js';
import { controversyPoints, DEFAULT_Z, lowerBound, topScorePoints } from './bounds.js';
import { robustnessOf } from './robustness.js';
import { DEFAULT_MIN_VOTES, DEFAULT_ZONE_THRESHOLDS, sharesOf, voteCount, zoneOf } from './zones.js';

/** The method's parameters; they travel with every result as `method`. */
export type ResultsOptions = ResultsMethod;

/** Make.org's parameters: 20 votes to be categorised, 15 popular and 9 divisive ideas. */
export const DEFAULT_RESULTS_OPTIONS: Readonly<ResultsOptions> = Object.freeze({
  minVotes: DEFAULT_MIN_VOTES,
  thresholds: DEFAULT_ZONE_THRESHOLDS,
  z: DEFAULT_Z,
  topPopular: 15,
  topDivisive: 9,
});

/** One accepted proposal as stored: what the results are computed from. */
export interface ResultsRow {
  readonly proposalId: string;
  /** The proposal's text: the results name their ideas (one request gives a results page all it shows). */
  readonly content: string;
  readonly themeId: string | null;
  /** The author's country (ISO 3166-1 alpha-2), when they gave one: results count continents. */
  readonly country?: string | null | undefined;
  readonly votes: Tally;
  readonly qualifications: QualificationCounts;
}

export interface ResultsInput {
  readonly consultationId: string;
  readonly counts: ConsultationCounts;
  /** Accepted proposals only; `proposals` of the answer keeps this order. */
  readonly rows: readonly ResultsRow[];
}

interface Candidate {
  readonly index: number;
  readonly proposalId: string;
  readonly points: number;
  readonly votes: number;
  readonly bound: number;
}

/**
 * The results of a consultation by Make.org's zone method (docs/methodology.md). Pure and
 * deterministic: the same rows and options always give the same answer, whatever the row order
 * (except the order of `proposals`, which follows the rows).
 */
export function computeResults(input: ResultsInput, options: Partial<ResultsOptions> = {}): ConsultationResults {
  const method = methodOf(options);
  const popular: Candidate[] = [];
  const divisive: Candidate[] = [];
  const proposals: ProposalResult[] = input.rows.map((row, index) => {
    const zone = zoneOf(row.votes, method.minVotes, method.thresholds);
    const ranked = zone === 'consensus' ? popular : zone === 'controversy' ? divisive : null;
    let score: number | null = null;
    let bound: number | null = null;
    if (ranked) {
      const votes = voteCount(row.votes);
      const points = (zone === 'consensus' ? topScorePoints : controversyPoints)(row.votes, row.qualifications);
      score = points / votes;
      bound = lowerBound(points, votes, method.z);
      ranked.push({ index, proposalId: row.proposalId, points, votes, bound });
    }
    return {
      proposalId: row.proposalId,
      content: row.content,
      themeId: row.themeId,
      votes: { ...row.votes },
      qualifications: { ...row.qualifications },
      shares: sharesOf(row.votes),
      zone,
      score,
      bound,
      rank: null,
    };
  });
  popular.sort(byRank);
  divisive.sort(byRank);
  const topPopular = popular.slice(0, method.topPopular);
  const topDivisive = divisive.slice(0, method.topDivisive);
  for (const [zone, ranked, top] of [['consensus', popular, topPopular], ['controversy', divisive, topDivisive]] as const) {
    // The best idea left out is the one a listed idea must not fall behind.
    const rival = ranked[top.length] ?? null;
    top.forEach((c, i) => {
      const row = input.rows[c.index]!;
      const proposal = proposals[c.index]!;
      proposal.rank = i + 1;
      proposal.robustness = robustnessOf({ ...method, ...row, zone, rival });
    });
  }
  return {
    consultationId: input.consultationId,
    counts: input.counts,
    method,
    proposals,
    popular: groupByTheme(topPopular.map((c) => input.rows[c.index]!)),
    divisive: topDivisive.map((c) => c.proposalId),
    ...continentsOf(input.rows),
  };
}

/** Proposals per continent of their authors, most first (then in CONTINENTS order); none: absent. */
function continentsOf(rows: readonly ResultsRow[]): { continents?: ResultsContinent[] } {
  const counts = new Map<Continent, number>();
  for (const row of rows) {
    const continent = row.country ? continentOf(row.country) : null;
    if (continent) counts.set(continent, (counts.get(continent) ?? 0) + 1);
  }
  if (counts.size === 0) return {};
  const continents = CONTINENTS.filter((c) => counts.has(c)).map((continent) => ({ continent, proposals: counts.get(continent)! }));
  return { continents: continents.sort((a, b) => b.proposals - a.proposals) };
}

/**
 * Rank order: higher bound first; ties go to the higher score per vote (compared exactly, as
 * integers), then to more votes, then to the smaller proposal id (plain code-unit order, the
 * same in every locale), so the order never depends on the input order.
 */
function byRank(a: Candidate, b: Candidate): number {
  if (a.bound !== b.bound) return b.bound - a.bound;
  const score = b.points * a.votes - a.points * b.votes;
  if (score !== 0) return score;
  if (a.votes !== b.votes) return b.votes - a.votes;
  return a.proposalId < b.proposalId ? -1 : a.proposalId > b.proposalId ? 1 : 0;
}

/** The popular ideas by theme: themes in the order of their best idea, ideas in rank order. */
function groupByTheme(ranked: readonly ResultsRow[]): ResultsThemeGroup[] {
  const groups = new Map<string | null, string[]>();
  for (const row of ranked) {
    const group = groups.get(row.themeId);
    if (group) group.push(row.proposalId);
    else groups.set(row.themeId, [row.proposalId]);
  }
  return [...groups].map(([themeId, proposalIds]) => ({ themeId, proposalIds }));
}

function methodOf(options: Partial<ResultsOptions>): ResultsOptions {
  const method = { ...DEFAULT_RESULTS_OPTIONS, ...options };
  const { majority, neutral, minority } = method.thresholds;
  const valid =
    [method.minVotes, method.topPopular, method.topDivisive].every((n) => Number.isSafeInteger(n) && n >= 0) &&
    [majority, neutral, minority].every((share) => share >= 0 && share <= 1) &&
    method.z > 0 &&
    Number.isFinite(method.z);
  if (!valid) throw new RangeError('computeResults: counts must be integers ≥ 0, thresholds in [0, 1] and z > 0.');
  return { ...method, thresholds: { majority, neutral, minority } };
}
