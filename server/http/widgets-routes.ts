/**
 * The widgets' built bundles at /widgets/ (issue 12, embed builder): a partner page's snippet loads
 * them from this server, so embedding needs no CDN. The files are those server/build.mjs copied
 * from the widgets' dist/ into dist/widgets/ (the module embed, its chunks, the classic-script
 * bundle, each language's strings in locales/); absent when the server was built before the widgets, and then there is no route.
 *
 * Only the files found at start are served, by exact name from a table (no path is ever joined, so
 * no spelling of `..` reaches the disk, and a folder is never listed), GET and HEAD only. Public:
 * `Access-Control-Allow-Origin: *` (a module script from another origin is a CORS request) and
 * `Cross-Origin-Resource-Policy: cross-origin` (pages that require CORP may load them).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

export const WIDGETS_PATH = '/widgets/';

/** Beside the built server (dist/widgets/). */
const WIDGETS_ROOT = fileURLToPath(new URL('./widgets/', import.meta.url));

/**
 * Entries keep their names from one version to the next: a short cache, then revalidation (ETag).
 * Chunks carry a hash of their content in their name: cached for a year.
 */
const ENTRY_CACHE = 'public, max-age=300, must-revalidate';
const CHUNK_CACHE = 'public, max-age=31536000, immutable';

interface WidgetFile {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  cache: string;
}

/** `name` → file, for the .js files of the root and of chunks/ (nothing else is served). */
function readWidgets(root: string): Map<string, WidgetFile> {
  const files = new Map<string, WidgetFile>();
  const add = (name: string, cache: string) => {
    const body = readFileSync(join(root, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    files.set(name, { body, gzip: gzipSync(body, { level: 9 }), etag, cache });
  };
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) add(entry.name, ENTRY_CACHE);
  }
  const chunks = join(root, 'chunks');
  if (existsSync(chunks)) {
    for (const entry of readdirSync(chunks, { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.js')) add(`chunks/${entry.name}`, CHUNK_CACHE);
    }
  }
  // locales/<tag>/<part>.js: a language's strings (names without a hash: revalidated like entries).
  const locales = join(root, 'locales');
  if (existsSync(locales)) {
    for (const tag of readdirSync(locales, { withFileTypes: true })) {
      if (!tag.isDirectory()) continue;
      for (const part of readdirSync(join(locales, tag.name), { withFileTypes: true })) {
        if (part.isFile() && part.name.endsWith('.js')) add(`locales/${tag.name}/${part.name}`, ENTRY_CACHE);
      }
    }
  }
  return files;
}

/** Registers /widgets/*; answers false (no route) when the server was built without the widgets. */
export async function registerWidgets(app: FastifyInstance, root = WIDGETS_ROOT): Promise<boolean> {
  if (!existsSync(join(root, 'consult-widgets.min.js'))) return false;
  const files = readWidgets(root);
  // @fastify/etag answers 304 when If-None-Match names the file's ETag (set below, never recomputed).
  await app.register(async (scope) => {
    await scope.register(etag);
    serveWidgets(scope, files);
  });
  return true;
}

function serveWidgets(app: FastifyInstance, files: ReadonlyMap<string, WidgetFile>): void {
  // GET, and HEAD with it (fastify's exposeHeadRoutes): other methods find no route (404).
  app.get(`${WIDGETS_PATH}*`, async (request, reply) => {
    const name = (request.params as { '*'?: string })['*'] ?? '';
    const file = files.get(name);
    if (!file) throw new HttpError('not_found', `No widgets file here: ${WIDGETS_PATH}${name.slice(0, 100)}`);
    reply.headers({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': file.cache,
      etag: file.etag,
      vary: 'accept-encoding',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    });
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.send(gzip ? file.gzip : file.body);
  });
}
