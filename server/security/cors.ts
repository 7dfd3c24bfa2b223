/**
 * Cross-origin access, per consultation: a partner page may call the API only from the origins
 * its consultation lists in `allowedOrigins` (`*` for any). Same-origin pages (the server's own
 * demo) and clients that send no Origin (servers, curl) are not browsers embedding a widget and
 * pass; so do public files and open data. The admin API takes no cross-origin browser calls. @fastify/cors writes the headers; a disallowed origin gets none (so the browser blocks the
 * answer) and its non-preflight requests are refused with 403 before they can write anything.
 */
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.js';
import type { Directory } from '../http/directory.js';

/** Browsers cache a preflight this long (seconds): one OPTIONS per partner page, not one per vote. */
export const PREFLIGHT_MAX_AGE = 600;

export async function registerCors(app: FastifyInstance, directory: Directory, prefix: string): Promise<void> {
  // Both hooks below ask; the answer is worked out once per request.
  const answers = new WeakMap<FastifyRequest, Promise<boolean>>();
  function allowed(request: FastifyRequest): Promise<boolean> {
    let answer = answers.get(request);
    if (!answer) answers.set(request, (answer = decide(request)));
    return answer;
  }

  async function decide(request: FastifyRequest): Promise<boolean> {
    const origin = request.headers.origin;
    if (!origin || origin === `${request.protocol}://${request.host}`) return true;
    const url = new URL(request.url, 'http://server');
    // Files (the bundles a partner page may load from here) and open data are public.
    if (!url.pathname.startsWith(`${prefix}/`) || /\/export\.(json|csv)$/.test(url.pathname)) return true;
    if (url.pathname.startsWith(`${prefix}/admin/`)) return false; // admin tools are not web pages
    // The query as fastify parsed it for the route (URLSearchParams would stop at a raw "#").
    const query = Object.entries(request.query as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
    const id = await directory.consultationOfPath(url.pathname.slice(prefix.length), new URLSearchParams(query));
    const consultation = id ? await directory.consultation(id) : null;
    // No such consultation or proposal: nothing to protect, and the page may read the 404 / 400.
    if (!consultation) return true;
    return consultation.allowedOrigins.includes('*') || consultation.allowedOrigins.includes(origin);
  }

  await app.register(cors, {
    hook: 'onRequest',
    delegator: (request, callback) => {
      allowed(request).then(
        (ok) =>
          callback(null, {
            origin: ok && !!request.headers.origin,
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
    if (!(await allowed(request))) {
      throw new HttpError('forbidden', `The origin ${request.headers.origin} may not use this consultation.`);
    }
  });
}
