import * as z from 'zod/mini';

/** The `code` of every error a protocol v1 backend answers, with the HTTP status it goes with. */
export const ERROR_STATUS = {
  invalid_request: 400, // the request does not match the schemas (ids, body, query)
  unauthorized: 401, // bearer token missing, expired or not signed for this participant
  forbidden: 403, // origin or participant not allowed
  not_found: 404, // unknown consultation, proposal or participant id
  closed: 409, // the consultation no longer accepts writes
  conflict: 409, // e.g. a qualification that does not belong to the current vote
  too_large: 413, // request body over MAX_BODY_BYTES
  unprocessable: 422, // proposal text fails the consultation's length or prefix rules, or the text rules (text.ts)
  proof_required: 428, // v1.1: issuance needs a (fresh) proof of work: GET /participants/challenge
  rate_limited: 429, // answered with a `Retry-After` header
  server: 500, // any 5xx
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCode = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** A backend refuses larger request bodies with 413 `too_large`. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Every non-2xx answer. A backend must send one of the `ErrorCode`s; a client still accepts any
 * string (and falls back on the HTTP status), so a later minor version may add codes. (A
 * `z.union([ErrorCode, z.string()])` would say so here, but weighs 0.35 KB gzip in every bundle
 * for no check: scripts/openapi.mjs documents the code as that union instead.)
 */
export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;
