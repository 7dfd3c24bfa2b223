/**
 * The operator console (server/console/, built into dist/console/) at /admin/: static files only,
 * under the strictest CSP the console runs with; everything it reads and changes goes through the
 * admin API (same origin, session cookie).
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CONSOLE_PATH = '/admin/';

/**
 * No inline script or style, nothing from elsewhere, never framed (clickjacking a moderator), forms
 * and links stay here, and the page tells no other site where it was.
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Beside the built server (dist/console/); absent when the server was built without it. */
const CONSOLE_ROOT = fileURLToPath(new URL('./console/', import.meta.url));

export async function registerConsole(app: FastifyInstance, root = CONSOLE_ROOT): Promise<boolean> {
  if (!existsSync(root)) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: CONSOLE_PATH,
    decorateReply: false,
    setHeaders: (res) => {
      res.setHeader('content-security-policy', CONSOLE_CSP);
      res.setHeader('x-frame-options', 'DENY');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      // A new console reaches operators at their next load: no stale app against a newer API.
      res.setHeader('cache-control', 'no-cache');
    },
  });
  app.get('/admin', (_request, reply) => reply.redirect(CONSOLE_PATH));
  return true;
}
