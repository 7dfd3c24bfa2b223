// A real HTTP server speaking protocol v1, for the REST adapter's and the outbox's tests: the
// in-memory backend of the library (dist/, so run `npm run build` first), a request log, fault
// injection and malformed answers, driven by a JSON control API. See protocol-server.md.
//
//   web-test-runner.config.mjs:  middleware: [createProtocolMiddleware()]
//   node tests:                  const server = await startProtocolServer(); … await server.close();
import { createServer } from 'node:http';
import { normalisePrefix, ownsPath, SCOPES_SEGMENT } from './protocol-server/paths.mjs';

export { SCOPES_SEGMENT };

/** The handler, imported on first use: it needs dist/, which may not exist yet when configs load. */
async function loadHandler(prefix) {
  const { createProtocolHandler } = await import('./protocol-server/handler.mjs');
  return createProtocolHandler({ prefix });
}

/**
 * Koa middleware (web-test-runner's dev server is Koa 2) serving `{prefix}/…` on the test pages'
 * own origin. It writes the raw response itself (`ctx.respond = false`): a dropped request must
 * close the connection, which Koa's own response handling would not allow.
 * Loading it imports nothing from dist/, so `npx web-test-runner` still starts before a build;
 * only requests to the prefix then fail (500, saying to run `npm run build`).
 */
export function createProtocolMiddleware({ prefix = '/api/v1' } = {}) {
  const base = normalisePrefix(prefix);
  let handler = null;
  return async (ctx, next) => {
    if (!ownsPath(base, ctx.path)) return next();
    ctx.respond = false;
    try {
      handler ??= loadHandler(base);
      await (await handler).handle(ctx.req, ctx.res);
    } catch (error) {
      handler = null; // try again on the next request, e.g. once the build has finished
      ctx.res.writeHead(500, { 'content-type': 'application/json' });
      const message = `protocol-server could not start (did \`npm run build\` run?): ${error?.message ?? error}`;
      ctx.res.end(JSON.stringify({ error: { code: 'server', message } }));
    }
  };
}

/**
 * The same server on its own port, for node tests (and for cross-origin browser tests).
 * `fallback(req, res)` answers paths outside the prefix (default: 404), e.g. a test page.
 * Resolves to `{ origin, endpoint, handler, server, close() }`; `handler.scope(name)` gives
 * direct access to a scope's backend.
 */
export async function startProtocolServer({ port = 0, host = '127.0.0.1', prefix = '/api/v1', fallback } = {}) {
  const handler = await loadHandler(normalisePrefix(prefix));
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://protocol-server');
    if (handler.owns(pathname)) return handler.handle(req, res);
    if (fallback) return fallback(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const origin = `http://${host}:${server.address().port}`;
  return {
    origin,
    endpoint: `${origin}${handler.prefix}`,
    handler,
    server,
    close() {
      // Hanging requests and idle keep-alive sockets would otherwise keep close() waiting.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
