// @ts-check
// web-test-runner's own server (Koa, through @web/dev-server) with the protocol middleware, as
// the browser tests will have it: static files from pages/ and the protocol under /api/v1.
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import { createProtocolMiddleware } from '../support/protocol-server.mjs';

export async function startDevServerWithProtocol() {
  const server = await startDevServer({
    config: {
      rootDir: fileURLToPath(new URL('./pages/', import.meta.url)),
      port: 0,
      hostname: '127.0.0.1',
      middleware: [createProtocolMiddleware()],
    },
    readCliArgs: false,
    readFileConfig: false,
    autoExitProcess: false,
    logStartMessage: false,
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.server?.address());
  const origin = `http://127.0.0.1:${address.port}`;
  return { origin, stop: () => server.stop() };
}
