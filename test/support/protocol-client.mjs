// The control API of the protocol test server (protocol-server.mjs) as functions, for browser
// tests (TypeScript types in protocol-client.d.mts) and node tests alike: only `fetch` is used.

let scopes = 0;

/** A scope name no other test file uses: test files run in parallel against one server. */
export function uniqueScope(prefix = 'test') {
  return `${prefix}-${++scopes}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The test backend behind `{origin}{prefix}/__scopes/{scope}`. In a browser `origin` defaults to the
 * page's. `scope: null` uses the unscoped endpoint `{origin}{prefix}` (the `default` scope).
 */
export function testBackend({ scope = uniqueScope(), origin = globalThis.location?.origin, prefix = '/api/v1' } = {}) {
  if (!origin) throw new Error('testBackend: give `origin` outside a browser.');
  const endpoint = `${origin}${prefix}${scope === null ? '' : `/__scopes/${scope}`}`;
  const control = async (method, action, body) => {
    const response = await fetch(`${endpoint}/__test/${action}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`${method} __test/${action}: ${answer.error?.message ?? response.status}`);
    return answer;
  };
  return {
    scope,
    endpoint,
    reset: (seed = {}) => control('POST', 'reset', seed),
    setFaults: (faults = {}) => control('POST', 'faults', faults),
    clearFaults: () => control('POST', 'faults', {}),
    getFaults: () => control('GET', 'faults'),
    malformed: (config) => control('POST', 'malformed', config),
    log: async (since = 0) => (await control('GET', `log?since=${since}`)).entries,
    /** Issue 10: `{ offered }` turns server-issued participants on or off; `{ revoke: true }` invalidates their tokens. */
    issuance: (config = {}) => control('POST', 'issuance', config),
    state: (consultationId = 'ai') => control('GET', `state?consultationId=${encodeURIComponent(consultationId)}`),
  };
}
