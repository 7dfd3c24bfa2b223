import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChrome } from './scripts/find-chrome.mjs';
import { consultServerInfo, consultServerPlugin } from './test/support/consult-server.mjs';
import { createProtocolMiddleware } from './test/support/protocol-server.mjs';
import { makeOrgMiddleware } from './examples/makeorg/fake-server.mjs';
import { translationModule } from './test/support/translations.mjs';

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  // A real protocol v1 backend (in memory, with fault injection) at /api/v1 for the REST adapter's tests.
  // The fake Make.org-shaped API of examples/makeorg at /makeorg/ (test/examples).
  middleware: [createProtocolMiddleware(), consultServerInfo, makeOrgMiddleware()],
  // The real reference server (server/dist) on its own port, for end-to-end tests across origins.
  // src/i18n/locales/<tag>/<part>.js (what the build writes to dist/) made from the JSON files, on request.
  plugins: [translationModule(), esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }), consultServerPlugin()],
  // Two cores: two pages at once keeps the run fast without starving the browser.
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    chromeLauncher({
      // Each test page in its own window: tabs of one window are hidden, and a hidden page runs no
      // requestAnimationFrame or IntersectionObserver callbacks (live region, lazy loading).
      createPage: ({ context }) => context.newPage({ type: 'window' }),
      launchOptions: {
        executablePath: findChrome(),
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
      },
    }),
  ],
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
};
