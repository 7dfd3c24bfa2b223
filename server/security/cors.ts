/**
 * Cross-origin access, per consultation: a partner page may call the API only from the origins
 * its consultation lists in `allowedOrigins` (`*` for any). Same-origin pages (the server's own
 * demo) and clients that send no Origin (servers, curl) are not browsers embedding a widget and
 * pass; so do public files and open data. The admin API takes no cross-origin browser calls.
 * @fastify/cors writes the headers; a disallowed origin gets none (so the browser blocks the
 * answer) and its non-preflight requests are refused with 403 before they can write anything.
 *
 * The decision is on the routed request (routed.ts): the route fastify chose and the params and
 * query it parsed, so no spelling of a path escapes it.
 */
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.js';
import type { Directory } from '../http/directory.js';
import type { Routed } from './routed.js';

/**
 * Whether a request from `origin` may act on this consultation: no Origin (not a browser), the
 * server's own pages, or an origin the consultation lists. Also asked by a route whose consultation
 * is named in its body (POST /participants), which the onRequest hook cannot read.
 */
export function originAllowed(request: FastifyRequest, consultation: { allowedOrigins: readonly string[] }): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === `${request.protocol}://${request.host}`) return true;
  return consultation.allowedOrigins.includes('*') || consultation.allowedOrigins.includes(origin);
}

/** Browsers cache a preflight this long (seconds): one OPTIONS per partner page, not one per vote. */
export const PREFLIGHT_MAX_AGE = 600;

export async function registerCors(app: FastifyInstance, directory: Directory, routed: (request: FastifyRequest) => Routed): Promise<void> {
  // Both hooks below ask; the answer is worked out once per request. `unrouted`: no grant (there
  // is nothing to call), but no 403 either: the request gets its JSON 404.
  type Answer = boolean | 'unrouted';
  const answers = new WeakMap<FastifyRequest, Promise<Answer>>();
  function allowed(request: FastifyRequest): Promise<Answer> {
    let answer = answers.get(request);
    if (!answer) answers.set(request, (answer = decide(request)));
    return answer;
  }

  async function decide(request: FastifyRequest): Promise<Answer> {
    const origin = request.headers.origin;
    if (!origin || origin === `${request.protocol}://${request.host}`) return true;
    const { kind, params, query } = routed(request);
    if (kind === 'admin') return false; // admin tools are not web pages
    if (kind === 'unknown') return 'unrouted';
    // Files (the bundles a partner page may load from here) and open data are public.
    if (kind !== 'protocol') return true;
    const id = await directory.consultationOfRoute(params, query);
    const consultation = id ? await directory.consultation(id) : null;
    // No such consultation or proposal: nothing to protect, and the page may read the 404 / 400.
    if (!consultation) return true;
    return originAllowed(request, consultation);
  }

  await app.register(cors, {
    hook: 'onRequest',
    delegator: (request, callback) => {
      allowed(request).then(
        (ok) =>
          callback(null, {
            origin: ok === true && !!request.headers.origin,
            methods: ['GET', 'PUT', 'POST', 'DELETE'],
            allowedHeaders: ['content-type', 'authorization', 'if-none-match'],
            exposedHeaders: ['etag', 'retry-after'],
            maxAge: PREFLIGHT_MAX_AGE,
          }),
        (error) => callback(error as Error, {}),
      );
    },
  });

  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS' || !request.headers.origin) return;
    if ((await allowed(request)) === false) {
      throw new HttpError('forbidden', `The origin ${request.headers.origin} may not use this consultation.`);
    }
  });
}
