// The one static file server of the repository, for `npm start`, the benchmarks and the bundle
// smoke tests: real HTTP on 127.0.0.1 (Chromium treats pages fulfilled by request interception
// differently), HTML served with the strict CSP a careful partner site sends.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What a careful partner page sends; every page we serve must work under it. */
export const CSP = "default-src 'self'; script-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/**
 * Serve files on 127.0.0.1. `mounts` maps URL prefixes (ending in `/`) to folders, longest
 * first; by default the repository root is served at `/`. `index` is where `/` redirects. When
 * `port` is taken the next ports are tried (`tries` in all); port 0 takes an ephemeral one.
 * Resolves to `{ origin, port, close }`; `close()` also drops kept-alive connections.
 */
export async function serve({ port = 0, mounts = { '/': REPO_ROOT }, index, tries = 20 } = {}) {
  const table = Object.entries(mounts)
    .map(([prefix, folder]) => [prefix, resolve(folder)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer((req, res) => {
    handle(table, index, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal server error');
      else res.destroy();
    });
  });
  let bound = port;
  for (let attempt = 1; ; attempt++) {
    try {
      await listen(server, bound);
      break;
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || bound === 0 || attempt >= tries) throw error;
      bound++;
    }
  }
  const actual = server.address().port;
  return {
    origin: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        // Browsers keep connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

function listen(server, port) {
  return new Promise((done, fail) => {
    const onError = (error) => {
      server.off('listening', onListening);
      fail(error);
    };
    const onListening = () => {
      server.off('error', onError);
      done();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

async function handle(table, index, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'Method not allowed');
  }
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname === '/' && index) return redirect(res, index);
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return send(res, 400, 'Bad request');
  }
  const mount = table.find(([prefix]) => decoded.startsWith(prefix));
  // No dotfiles (.git, .ci…) and nothing outside the mounted folders, however the path is spelled.
  if (!mount || decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) {
    return notFound(res, pathname);
  }
  const [prefix, base] = mount;
  let file = resolve(join(base, decoded.slice(prefix.length)));
  if (file !== base && !file.startsWith(base + sep)) return notFound(res, pathname);

  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    // Relative links in a folder's index.html need the trailing slash.
    if (!pathname.endsWith('/')) return redirect(res, `${pathname}/`);
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return notFound(res, pathname);

  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': info.size,
    // Always revalidate: after `npm run build` a reload must get the new bundle.
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CSP } : {}),
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** A missing favicon answers 204: Chromium asks on every page, and a 404 is a console error. */
function notFound(res, pathname) {
  if (pathname === '/favicon.ico') return void res.writeHead(204).end();
  send(res, 404, 'Not found');
}

function redirect(res, location) {
  res.writeHead(302, { Location: location, 'Content-Length': 0 });
  res.end();
}

function send(res, status, message) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(message),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(message);
}
