// A real HTTP server on 127.0.0.1 (not Playwright request interception: Chromium treats fulfilled
// responses differently, and the point is to test what a partner site's server would send).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const DIST = resolve(REPO, 'dist');
const PAGES = fileURLToPath(new URL('../pages/', import.meta.url));

/** The strictest policy a partner site is likely to have: no inline script or style, no eval. */
export const CSP = "default-src 'self'; script-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The smoke tests test what `npm run build` wrote; say so plainly when it has not run. */
export function assertBuilt(...bundles) {
  const missing = bundles.filter((name) => !existsSync(resolve(DIST, name)));
  if (missing.length) throw new Error(`Missing dist/${missing.join(', dist/')}: run \`npm run build\` first.`);
}

/** `/dist/…` from the repo's dist/, everything else from test/bundle/pages/; nothing outside them. */
function fileFor(pathname) {
  const [root, rest] = pathname.startsWith('/dist/') ? [DIST, pathname.slice('/dist/'.length)] : [PAGES, pathname.slice(1)];
  let file;
  try {
    file = resolve(root, decodeURIComponent(rest));
  } catch {
    return undefined; // malformed escape
  }
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

/** Start the server on an ephemeral port; `close()` also drops kept-alive connections. */
export async function startServer() {
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    // Chromium asks for it on every page; a 404 would be a console error in every test.
    if (pathname === '/favicon.ico') return void response.writeHead(204).end();
    const file = fileFor(pathname);
    const type = file && TYPES[extname(file)];
    const body = type ? await readFile(file).catch(() => undefined) : undefined;
    if (!body) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    const headers = { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (type.startsWith('text/html')) headers['content-security-policy'] = CSP;
    response.writeHead(200, headers).end(body);
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
