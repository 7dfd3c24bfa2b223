// consult-server as a library: `import { createConsultServer } from 'consult-server'`.
export { API_PREFIX, createConsultServer, type ConsultServer, type ConsultServerOptions } from './app.js';
export { importFile, parseImportFile, readImportFile } from './import.js';
export { openDataCsv, openDataOf } from './open-data.js';
export { addressKey, parseTrustProxy, type TrustProxy } from './security/address.js';
export { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './security/connections.js';
export { DEFAULT_RATE_LIMITS, type RateLimits } from './security/rate-limit.js';
// The sliding-window store also works in any fastify app's @fastify/rate-limit (`store: SlidingWindowStore`).
export { SlidingWindowStore } from './security/sliding-window.js';
export { checkParticipantToken, signParticipant } from './security/signing.js';
export { checkIssuedToken, DEFAULT_ISSUANCE, IssuanceBudget, type IssuanceOptions } from './security/issuance.js';
export { DEFAULT_PROOF, IssuanceProof, type ProofOptions } from './security/issuance-proof.js';
export { selectSequence } from './sequence.js';
export { cohortId, DEFAULT_COHORT_THRESHOLDS, detectCohorts, type CohortThresholds, type DetectedCohort } from './cohorts.js';
export { openStorage } from './storage/open.js';
// Issue 12: operator accounts, as `consult-server user add` makes them.
export { addOperator, type AddedOperator } from './accounts.js';
export { DEFAULT_SCRYPT_COST, type ScryptCost } from './security/passwords.js';
export type { Storage, Trust } from './storage/storage.js';
