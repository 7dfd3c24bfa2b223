// npm start: serve the repository root on localhost so the demos can load the built bundles from
// /dist. A few lines of node:http rather than a dev server: the demos need no transform, and the
// point is to serve them exactly as a partner site would, with a strict Content-Security-Policy.
//
// Also importable (benchmarks, tests): `const { url, close } = await serve({ port: 0 })`.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What a careful partner page sends; the demos must work under it (no inline script or style). */
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
 * Start the static server. When `port` is taken, the next ports are tried (`tries` in all), so a
 * second `npm start` or a busy 8000 still gives a working URL.
 */
export async function serve({ root = ROOT, port = 8000, host = '127.0.0.1', tries = 20 } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    handle(base, req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) send(res, 500, 'Internal server error');
      else res.destroy();
    });
  });
  let bound = port;
  for (let attempt = 1; ; attempt++) {
    try {
      await listen(server, bound, host);
      break;
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || bound === 0 || attempt >= tries) throw error;
      bound++;
    }
  }
  const actual = server.address().port;
  const url = `http://localhost:${actual}`;
  const close = () =>
    new Promise((done) => {
      server.close(() => done());
      // Browsers keep connections alive; without this close() would wait for them to time out.
      server.closeAllConnections();
    });
  return { server, port: actual, url, close };
}

function listen(server, port, host) {
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
    server.listen(port, host);
  });
}

async function handle(base, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'Method not allowed');
  }
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname === '/') return redirect(res, '/demo/');
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return send(res, 400, 'Bad request');
  }
  // No dotfiles (.git, .ci…) and nothing outside the root, however the path is spelled.
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) {
    return send(res, 404, 'Not found');
  }
  let file = resolve(join(base, decoded));
  if (file !== base && !file.startsWith(base + sep)) return send(res, 404, 'Not found');

  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    // Relative links in demo/index.html need the trailing slash.
    if (!pathname.endsWith('/')) return redirect(res, `${pathname}/`);
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return send(res, 404, 'Not found');

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

async function main() {
  const wanted = process.env.PORT ? Number(process.env.PORT) : 8000;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    console.error(`PORT must be a port number (0–65535), not "${process.env.PORT}".`);
    process.exit(1);
  }
  const { url, port, close } = await serve({ port: wanted });
  if (wanted !== 0 && port !== wanted) console.log(`Port ${wanted} is busy; using ${port}.`);
  console.log(`Demo:        ${url}/demo/`);
  console.log(`Static demo: ${url}/demo/static.html`);
  console.log('Serving the repository root. Press Ctrl+C to stop.');
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`Could not start the demo server: ${error.message}`);
    process.exit(1);
  });
}
