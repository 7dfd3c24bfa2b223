// @ts-check
// The smoke tests' server: the repo's dist/ at /dist/, test/bundle/pages/ everywhere else, every
// HTML page with the strict CSP (scripts/static-server.mjs).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP, REPO_ROOT, serve } from '../../../scripts/static-server.mjs';

export { CSP };
export const DIST = resolve(REPO_ROOT, 'dist');
const PAGES = fileURLToPath(new URL('../pages/', import.meta.url));

/** The smoke tests test what `npm run build` wrote; say so plainly when it has not run. */
export function assertBuilt(...bundles) {
  const missing = bundles.filter((name) => !existsSync(resolve(DIST, name)));
  if (missing.length) throw new Error(`Missing dist/${missing.join(', dist/')}: run \`npm run build\` first.`);
}

export function startServer() {
  // static-server.mjs's options are typed by its defaults, which mount only '/'.
  return serve(/** @type {{ mounts: any }} */ ({ mounts: { '/dist/': DIST, '/': PAGES } }));
}
