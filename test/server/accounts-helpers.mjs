// @ts-check
/**
 * Operator accounts over fastify's inject (issue 12): a console on its own origin, client addresses
 * chosen per request, sessions as cookies. Used by accounts.test.mjs and accounts-cli.test.mjs.
 */
import { Writable } from 'node:stream';
import { ADMIN_TOKEN } from './server.mjs';

/** The host the console is served from in these tests: its origin is the only one writes may come from. */
export const HOST = 'console.example';
export const ORIGIN = `http://${HOST}`;
export const EVIL = 'https://evil.example';
/** Hashes in tests cost 1 MiB (the default, 128 MiB, takes seconds on a busy machine). */
export const FAST_SCRYPT = { logN: 10, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery staple';

/** A clock tests move by hand (`clock.advance(ms)`). */
export function manualClock(start = Date.UTC(2026, 11, 5, 12)) {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** A pino stream into a string (`logs.text`). */
export function logCapture() {
  const logs = { text: '' };
  logs.stream = new Writable({
    write(chunk, _encoding, done) {
      logs.text += chunk;
      done();
    },
  });
  return logs;
}

const parseJson = (text) => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The session cookie's value in a Set-Cookie header (empty when there is none), and the header itself.
 * @returns {{ cookie: string, header: string }}
 */
export function sessionOf(answer) {
  const header = [answer.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('consult_session=')) ?? '';
  return { cookie: /^consult_session=([^;]*)/.exec(header)?.[1] ?? '', header };
}

/**
 * `admin(method, path, options)`: one request to /api/v1/admin… through inject. Options: `body`,
 * `cookie` (a session id), `origin` (default the console's; null: none), `address`, `bearer`
 * (true: the admin token), `headers`.
 */
export function adminClient(ctx) {
  /**
   * @param {'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'} method
   * @param {string} path
   * @param {{ body?: any, cookie?: string, origin?: string | null, address?: string, bearer?: boolean | string, headers?: Record<string, string> }} [options]
   */
  return async (method, path, { body, cookie, origin = ORIGIN, address = '198.51.100.7', bearer, headers = {} } = {}) => {
    /** @type {Record<string, string>} */
    const h = { host: HOST, ...headers };
    if (origin) h.origin = origin;
    if (cookie !== undefined) h.cookie = `consult_session=${cookie}`;
    if (bearer) h.authorization = `Bearer ${bearer === true ? ADMIN_TOKEN : bearer}`;
    const res = await ctx.server.app.inject({ method, url: `/api/v1/admin${path}`, remoteAddress: address, headers: h, ...(body === undefined ? {} : { payload: body }) });
    return { status: res.statusCode, headers: res.headers, json: parseJson(res.body), text: res.body };
  };
}

/** Adds an operator with the admin token; answers their id. */
export async function addOperatorWithToken(admin, email, role, password = PASSWORD) {
  const answer = await admin('POST', '/operators', { body: { email, role, password }, bearer: true, origin: null });
  if (answer.status !== 201) throw new Error(`could not add ${email}: ${answer.status} ${answer.text}`);
  return answer.json.operator.id;
}

/** Logs in; answers `{ answer, cookie, header }`. */
export async function logIn(admin, email, password = PASSWORD, options = {}) {
  const answer = await admin('POST', '/session', { body: { email, password }, ...options });
  return { answer, ...sessionOf(answer) };
}
