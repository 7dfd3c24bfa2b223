// Answers that are not protocol v1, for the "clear state in the card" tests: a backend bug
// (`schema`), a proxy's error page (`html`), an endpoint that points at the wrong server (`notfound`).
import * as z from 'zod/mini';
import { FilterFields, isValidPattern, requestFilter } from './request-filter.mjs';

/** Body of `POST __test/malformed`; `count: 0` cancels what is left of an earlier one. */
export const MalformedConfig = z.strictObject({
  mode: z.enum(['schema', 'html', 'notfound']),
  count: z.optional(z.int().check(z.minimum(0))),
  ...FilterFields,
});

export function checkMalformedConfig(config) {
  return config.path !== undefined && !isValidPattern(config.path) ? '"path" is not a valid regular expression.' : null;
}

export class Malformed {
  constructor(config = { mode: 'schema', count: 0 }) {
    this.mode = config.mode;
    this.remaining = config.count ?? 1;
    this.matches = requestFilter(config);
  }

  /** The mode this request's answer must break, or null; counts the request when it does. */
  take(method, path) {
    if (this.remaining === 0 || !this.matches(method, path)) return null;
    this.remaining -= 1;
    return this.mode;
  }
}

/**
 * A proxy answered in place of the backend (`html`, `notfound`): the request never reached it,
 * so nothing is written.
 */
export function proxyAnswer(mode) {
  if (mode === 'html') {
    return {
      status: 502,
      contentType: 'text/html; charset=utf-8',
      text: '<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
    };
  }
  return { status: 404, contentType: 'text/plain; charset=utf-8', text: 'Not Found' };
}

/**
 * The same answer with every number turned into a string and every string into a number, so it
 * fails any protocol schema (a Proposal's `votes.agree` becomes "0", its `id` a number). An answer
 * with no number or string left to break (`{ votes: [] }`) gets an unexpected top-level shape.
 */
export function corruptJson(value) {
  let changed = false;
  const walk = (v) => {
    if (typeof v === 'number' || typeof v === 'string') {
      changed = true;
      return typeof v === 'number' ? String(v) : v.length;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const corrupted = walk(value);
  return changed ? corrupted : ['not', 'protocol', 'v1'];
}
