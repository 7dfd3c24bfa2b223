/**
 * What a request is, as fastify routed it: the guards (CORS, rate limits) ask here instead of
 * reading the raw URL. fastify decodes and routes `/%61pi/v1/…`, `%2F` inside an id and absolute-form
 * targets (`PUT http://host/api/v1/…`); a guard that matched the raw path would let those spellings
 * past it. The route's pattern and its parsed params and query are the same whatever the spelling.
 *
 * A CORS preflight (OPTIONS) is routed to @fastify/cors's catch-all route; the route it asks
 * about is the one the announced method (`Access-Control-Request-Method`) would reach, found with
 * fastify's own router (`findRoute`), so a preflight is judged like the request it precedes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type RouteKind =
  /** A protocol route: guarded per consultation. */
  | 'protocol'
  /** The admin API: no cross-origin browser calls. */
  | 'admin'
  /** Open data: public. */
  | 'open-data'
  /** The demo's pages and bundles: public, not limited. */
  | 'files'
  /** No route: a 404 (still limited, nothing to protect). */
  | 'unknown';

export interface Routed {
  kind: RouteKind;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
}

export function routeClassifier(app: FastifyInstance, prefix: string) {
  const kindOf = (path: string | undefined): RouteKind => {
    if (path === undefined) return 'unknown';
    if (path === `${prefix}/admin` || path.startsWith(`${prefix}/admin/`)) return 'admin';
    if (!path.startsWith(`${prefix}/`)) return 'files';
    return /\/export\.[^/]*$/.test(path) ? 'open-data' : 'protocol';
  };
  const cache = new WeakMap<FastifyRequest, Routed>();

  function classify(request: FastifyRequest): Routed {
    const url = request.routeOptions.url;
    if (request.method === 'OPTIONS' && url === '*') return preflightTarget(request);
    const params = (request.params ?? {}) as Record<string, unknown>;
    return { kind: kindOf(url), params, query: (request.query ?? {}) as Record<string, unknown> };
  }

  function preflightTarget(request: FastifyRequest): Routed {
    const method = request.headers['access-control-request-method'];
    const found = typeof method === 'string' && method !== 'OPTIONS' ? app.findRoute({ method, url: request.url }) : null;
    if (!found) return { kind: 'unknown', params: {}, query: {} };
    // findRoute gives params but not the route's pattern: the path as the router decoded it
    // (the catch-all's `*` param) says whether it is under the admin API or open data.
    const star = (request.params as Record<string, unknown>)['*'];
    const decoded = typeof star === 'string' ? (star.startsWith('/') ? star : `/${star}`) : undefined;
    return { kind: kindOf(decoded), params: found.params as Record<string, unknown>, query: (found.searchParams ?? {}) as Record<string, unknown> };
  }

  return (request: FastifyRequest): Routed => {
    let routed = cache.get(request);
    if (!routed) cache.set(request, (routed = classify(request)));
    return routed;
  };
}
