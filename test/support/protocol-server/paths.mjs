// Which URLs belong to the protocol server and to which scope. Free of dist/ imports, so that
// web-test-runner's config can load the middleware before (or without) a build.

/** Path segment that selects an isolated scope: `{prefix}/__scopes/{name}/…`. */
export const SCOPES_SEGMENT = '__scopes';
export const DEFAULT_SCOPE = 'default';
const SCOPE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** `/api/v1/` → `/api/v1`. */
export function normalisePrefix(prefix) {
  return prefix.replace(/\/+$/, '');
}

export function ownsPath(base, pathname) {
  return pathname === base || pathname.startsWith(`${base}/`);
}

/**
 * `{ scope, control, path }` for the part of the path after the prefix, e.g.
 * `/__scopes/outbox/__test/reset` → `{ scope: 'outbox', control: true, path: '/reset' }`;
 * null for a bad scope name.
 */
export function resolveTarget(rest) {
  let scope = DEFAULT_SCOPE;
  let path = rest;
  const scoped = new RegExp(`^/${SCOPES_SEGMENT}/([^/]*)(/.*)?$`).exec(rest);
  if (scoped) {
    if (!SCOPE_NAME.test(scoped[1])) return null;
    scope = scoped[1];
    path = scoped[2] ?? '';
  }
  const control = /^\/__test(\/.*)?$/.exec(path);
  return control ? { scope, control: true, path: control[1] ?? '' } : { scope, control: false, path };
}
