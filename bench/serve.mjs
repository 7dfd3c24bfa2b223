// A tiny static file server for benchmark pages: real HTTP on 127.0.0.1 (not request interception,
// which Chromium treats differently), an ephemeral port, no caching so every run loads fresh files.
// Use it from code (`const server = await serve(); … await server.close()`) or run
// `node bench/serve.mjs [port]` to browse the bench and demo pages by hand.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Serve `root` (the repository by default) on 127.0.0.1. Resolves to `{ origin, port, close }`.
 * @param {{ root?: string, port?: number }} [options]
 */
export async function serve({ root = REPO_ROOT, port = 0 } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      let path = normalize(join(base, decodeURIComponent(pathname)));
      // Never serve anything outside the root, whatever `..` or encoded slashes the URL holds.
      if (path !== base && !path.startsWith(base + sep)) return send(response, 403, 'Forbidden');
      let info = await stat(path).catch(() => undefined);
      if (info?.isDirectory()) {
        path = join(path, 'index.html');
        info = await stat(path).catch(() => undefined);
      }
      if (!info?.isFile()) return send(response, 404, 'Not found');
      response.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-store',
      });
      if (request.method === 'HEAD') return response.end();
      createReadStream(path).pipe(response);
    } catch {
      send(response, 400, 'Bad request');
    }
  });
  // Benchmarks must end by themselves: don't let idle keep-alive sockets hold close() open.
  server.keepAliveTimeout = 1000;
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolveListen);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    origin: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

function send(response, status, text) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await serve({ port: Number(process.argv[2] ?? 0) });
  console.log(`Serving the repository at ${server.origin}/ (bench page: ${server.origin}/bench/render.html). Ctrl+C stops.`);
}
