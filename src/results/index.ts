// Results of a consultation by Make.org's zone method: pure functions, no DOM, no I/O, so the
// server, the memory/local adapters and anyone re-running the method on the open data share them.
// docs/methodology.md explains the method.
export { computeResults, DEFAULT_RESULTS_OPTIONS } from './compute.js';
export type { ResultsInput, ResultsOptions, ResultsRow } from './compute.js';
export { zoneOf, sharesOf, voteCount, ZONES, DEFAULT_ZONE_THRESHOLDS, DEFAULT_MIN_VOTES } from './zones.js';
export type { Zone, ZoneThresholds } from './zones.js';
export { continentOf, countryCodes, CONTINENTS, type Continent } from './continents.js';
export { robustnessOf } from './robustness.js';
export type { Robustness, RobustnessInput, RankRival } from './robustness.js';
export { topScoreBound, controversyBound, topScorePoints, controversyPoints, lowerBound, DEFAULT_Z } from './bounds.js';
export { countedRows, type ExcludedPart, type RowWithUntrusted, type VotesPart } from './trust.js';
