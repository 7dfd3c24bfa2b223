// Which protocol requests a fault or a malformed answer applies to: tests that break only the
// writes (or only one proposal) keep the card's initial loading intact.
import * as z from 'zod/mini';

export const FilterFields = {
  /** Only these methods (default: all). */
  methods: z.optional(z.array(z.enum(['GET', 'PUT', 'POST', 'DELETE']))),
  /** Only paths (below the endpoint, e.g. `/proposals/p1/votes/…`) matching this regular expression. */
  path: z.optional(z.string().check(z.minLength(1))),
};

/** A predicate `(method, path) => boolean` from the `methods` and `path` fields of a config. */
export function requestFilter({ methods, path }) {
  const pattern = path === undefined ? null : new RegExp(path);
  return (method, requestPath) =>
    (methods === undefined || methods.includes(method)) && (pattern === null || pattern.test(requestPath));
}

/** Whether `path` compiles, so a typo answers 400 instead of throwing on every request. */
export function isValidPattern(path) {
  try {
    new RegExp(path);
    return true;
  } catch {
    return false;
  }
}
