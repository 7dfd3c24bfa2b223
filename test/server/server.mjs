// @ts-check
/**
 * The reference server (server/dist, so `npm run build` first) on an ephemeral 127.0.0.1 port,
 * over a fresh SQLite `:memory:` database or a fresh PostgreSQL schema, for the HTTP tests of
 * test/server/: conformance, hostile requests, security and the admin API.
 *
 *   const ctx = await startServer({ database: 'sqlite' });
 *   const c = await ctx.seed();               // a consultation of its own: c.id, c.p1 … c.p7
 *   const answer = await ctx.call('PUT', `/proposals/${c.p1}/votes/${PARTICIPANT}`, { body: vote('agree') });
 *   await ctx.close();
 *
 * Each test seeds its own consultation (ids `c<n>-…`), so tests sharing a server never see each
 * other's votes, and one server per database and file is enough.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { ImportFile } from 'consult-widgets/protocol/admin';
import { ENDPOINTS, ErrorBody } from 'consult-widgets/protocol';
import { createConsultServer, openStorage } from 'consult-server';
import { freshPostgres, postgresAvailable, testDatabaseUrl } from './pg.mjs';

/**
 * @import { ConsultServerOptions } from 'consult-server'
 * @typedef {object} Answer An HTTP answer; `json` stays `any`: the tests check it against the protocol's schemas.
 * @property {number} status
 * @property {Headers} headers
 * @property {any} json
 * @property {string} text
 * @typedef {{ body?: unknown, headers?: Record<string, string> }} CallInit `body`: sent as JSON unless already a string or bytes.
 * @typedef {{ headers?: Record<string, string | string[]>, body?: string | Uint8Array, chunks?: Array<string | Uint8Array> }} RawInit
 * @typedef {{ consultation?: Record<string, unknown>, proposals?: Array<Record<string, unknown>> }} FixtureOverrides
 *   Deliberately loose: tests also import files the server must refuse.
 * @typedef {{ id: string, file: ReturnType<typeof fixtureFile>, p1: string, p2: string, p3: string, p4: string, p5: string, p6: string, p7: string }} Seeded
 * @typedef {ConsultServerOptions & { database?: string }} StartOptions `database`: 'sqlite' (default) or 'postgres'.
 * @typedef {Awaited<ReturnType<typeof startServer>>} TestServer What startServer resolves to (`ctx` in the tests).
 */

export const PARTICIPANT = 'participant-0001';
export const OTHER = 'participant-0002';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const SIGNING_SECRET = 'signing-secret-for-tests';
/** The one partner site the seeded consultations allow. */
export const PARTNER = 'https://partner.example';

export const vote = (key, votedAt = new Date().toISOString()) => ({ key, votedAt });
/** A fixed instant plus `minutes`: votes whose order matters get explicit, distinct times. */
export const at = (minutes) => new Date(Date.UTC(2025, 1, 10, 9, 0) + minutes * 60_000).toISOString();

/**
 * An import file: seven proposals, five accepted (p1, p2, p4 on mobility, p3 on energy, p5
 * without theme), p6 pending and p7 refused. Proposals must start with "We should".
 * @param {string} id
 * @param {FixtureOverrides} [overrides]
 */
export function fixtureFile(id, { consultation = {}, proposals } = {}) {
  return {
    consultation: {
      id,
      title: 'Getting around in 2030',
      question: 'How should our town get around in 2030?',
      locale: 'en',
      proposalPrefix: 'We should',
      proposalMinLength: 12,
      proposalMaxLength: 140,
      themes: [
        { id: 'mobility', label: 'Mobility' },
        { id: 'energy', label: 'Energy' },
      ],
      allowedOrigins: [PARTNER],
      requireSignedParticipants: false,
      // The fixture's tests vote with bare ids: its results count them (trusted counting has its own tests).
      countUntrusted: true,
      ...consultation,
    },
    proposals: proposals ?? [
      { id: `${id}-p1`, content: 'We should build safe bike lanes everywhere', themeId: 'mobility', author: { name: 'Camille', age: 34 } },
      { id: `${id}-p2`, content: 'We should run night buses at weekends', themeId: 'mobility' },
      { id: `${id}-p3`, content: 'We should put solar panels on every school', themeId: 'energy' },
      { id: `${id}-p4`, content: 'We should make trams free for students', themeId: 'mobility' },
      { id: `${id}-p5`, content: 'We should plant trees along the ring road' },
      { id: `${id}-p6`, content: 'We should ban cars from the old town', status: 'pending' },
      { id: `${id}-p7`, content: 'We should all vote for my party', status: 'refused' },
    ],
  };
}

let seeds = 0;

/**
 * Starts a server. `database`: 'sqlite' or 'postgres'; other options go to createConsultServer
 * (defaults: admin API on with ADMIN_TOKEN, signing secret SIGNING_SECRET, no rate limits, no logs).
 * @param {StartOptions} [options]
 */
export async function startServer({ database = 'sqlite', ...options } = {}) {
  let postgres = null;
  let storage;
  if (database === 'postgres') {
    postgres = await freshPostgres();
    if (!postgres) throw new Error(`PostgreSQL is not reachable at ${testDatabaseUrl()}.`);
    storage = await openStorage(postgres.url, { schema: postgres.schema });
  } else {
    storage = await openStorage(':memory:');
  }
  const server = await createConsultServer({
    storage,
    adminToken: ADMIN_TOKEN,
    signingSecret: SIGNING_SECRET,
    rateLimit: false,
    logger: false,
    ...options,
  });
  const base = await server.listen(0, '127.0.0.1');
  const api = `${base}/api/v1`;
  /** @type {(method: string, path: string, init?: CallInit) => Promise<Answer>} */
  const call = (method, path, init) => request(/^https?:/.test(path) ? path : `${api}${path}`, method, init);

  return {
    base,
    api,
    server,
    storage,
    database,
    call,
    /**
     * A call to the admin API (`/api/v1/admin…`) with the admin token, unless headers say otherwise.
     * @type {(method: string, path: string, init?: CallInit) => Promise<Answer>}
     */
    admin: (method, path, { headers = {}, ...init } = {}) =>
      call(method, `/admin${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } }),
    /**
     * A request sent exactly as written (path bytes, headers, body), which `fetch` would normalise.
     * @type {(method: string, path: string, init?: RawInit) => Promise<Answer>}
     */
    raw: (method, path, init) => rawRequest(base, method, path, init),
    /**
     * Imports an import file straight into the storage (no HTTP: works with the admin API off).
     * @param {unknown} file
     */
    async importFile(file) {
      const outcome = await storage.importConsultation(z.parse(ImportFile, file), new Date().toISOString());
      if ('refused' in outcome) assert.fail(`fixture import refused: ${outcome.message}`);
      return outcome;
    },
    /**
     * A consultation of its own for one test: `{ id, file, p1 … p7 }` (see fixtureFile).
     * @param {FixtureOverrides} [overrides]
     * @returns {Promise<Seeded>}
     */
    async seed(overrides = {}) {
      const id = /** @type {string | undefined} */ (overrides.consultation?.id) ?? `c${++seeds}`;
      const file = fixtureFile(id, overrides);
      await this.importFile(file);
      const seeded = /** @type {Seeded} */ ({ id, file });
      for (let i = 1; i <= 7; i++) seeded[/** @type {`p${1 | 2 | 3 | 4 | 5 | 6 | 7}`} */ (`p${i}`)] = `${id}-p${i}`;
      return seeded;
    },
    async close() {
      try {
        await server.close();
      } finally {
        await postgres?.drop();
      }
    },
  };
}

/**
 * `fetch` with a JSON body unless `body` is already a string or bytes; never throws on a status.
 * @param {string} url
 * @param {string} method
 * @param {CallInit} [init]
 * @returns {Promise<Answer>}
 */
export async function request(url, method, { body, headers = {} } = {}) {
  /** @type {RequestInit & { headers: Record<string, string> }} */
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? /** @type {BodyInit} */ (body) : JSON.stringify(body);
    if (!Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type')) init.headers['content-type'] = 'application/json';
  }
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: parseJson(text), text };
}

/**
 * node:http with the path as given: `..`, `%2e`, backslashes and raw bytes (a string's characters
 * U+0080–U+00FF go out as single bytes) reach the server untouched. A fresh connection each time,
 * since the server may close it after a malformed request.
 * @param {string} base
 * @param {string} method
 * @param {string} path
 * @param {RawInit} [init]
 * @returns {Promise<Answer>}
 */
export function rawRequest(base, method, path, { headers = {}, body, chunks } = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const req = http.request({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      const received = [];
      res.on('data', (chunk) => received.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(received).toString('utf8');
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : String(value));
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, json: parseJson(text), text });
      });
    });
    req.on('error', (error) => resolve({ status: 0, headers: new Headers(), json: undefined, text: `connection error: ${error.message}` }));
    // `chunks`: sent with Transfer-Encoding: chunked (no Content-Length); `body`: with a Content-Length.
    for (const chunk of chunks ?? []) req.write(chunk);
    req.end(body);
  });
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Asserts a success answer of `operationId` that matches the protocol's response schema; returns its body.
 * @param {Answer} answer
 * @param {keyof typeof ENDPOINTS} operationId
 */
export function assertAnswer(answer, operationId) {
  const endpoint = ENDPOINTS[operationId];
  assert.equal(answer.status, endpoint.status, `${operationId}: ${answer.status} ${answer.text}`);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
  const parsed = z.safeParse(endpoint.response, answer.json);
  assert.ok(parsed.success, `${operationId} answer is not protocol v1: ${answer.text}`);
  return answer.json;
}

/**
 * Asserts a protocol error: status, JSON content type, `ErrorBody`, code, a message, nothing internal.
 * @param {Answer} answer
 * @param {number} status
 * @param {string} code
 */
export function assertError(answer, status, code) {
  assert.equal(answer.status, status, `expected ${status} ${code}, got ${answer.status} ${answer.text}`);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, `error without a JSON content type: ${answer.text}`);
  assert.ok(z.safeParse(ErrorBody, answer.json).success, `not an ErrorBody: ${answer.text}`);
  assert.equal(answer.json.error.code, code, answer.text);
  assert.ok(answer.json.error.message.length > 0, 'an error needs a message');
  assertNothingInternal(answer.text);
  return answer.json.error;
}

/** What must never reach a client: stack frames, SQL or driver errors. */
export function assertNothingInternal(text) {
  assert.doesNotMatch(text, /SQLITE|syntax error|\bat \/|\bat file:|node:internal|\.(js|ts|mjs):\d+|DatabaseError|pg_|\bSELECT\b|\bINSERT\b/i, `internal detail leaked: ${text}`);
}

/**
 * The databases to run against: SQLite always, PostgreSQL when reachable. Without PostgreSQL the
 * PostgreSQL blocks are skipped with a loud warning, except in CI (CI=true) where that fails the
 * run unless CONSULT_SKIP_POSTGRES=1.
 */
export async function databases() {
  const sqlite = { id: 'sqlite', name: 'SQLite', skip: false };
  if (await postgresAvailable()) return [sqlite, { id: 'postgres', name: 'PostgreSQL', skip: false }];
  const required = process.env.CI === 'true' && process.env.CONSULT_SKIP_POSTGRES !== '1';
  console.warn(
    `\n*** test/server: PostgreSQL is unreachable: its tests ${required ? 'FAIL (CI=true; set CONSULT_SKIP_POSTGRES=1 to skip)' : 'are SKIPPED'}. ***\n`,
  );
  return [sqlite, { id: 'postgres', name: 'PostgreSQL', skip: required ? false : 'PostgreSQL unreachable', required }];
}

/** `describe(`${title} on ${database}`)` for each database; `suite(database)` declares the tests. */
export async function forEachDatabase(title, suite) {
  for (const database of await databases()) {
    if (database.required) {
      describe(`${title} on ${database.name}`, () => {
        it('needs PostgreSQL (CI=true)', () => assert.fail(`PostgreSQL is unreachable at ${testDatabaseUrl()}; set CONSULT_SKIP_POSTGRES=1 to skip.`));
      });
    } else {
      describe(`${title} on ${database.name}`, { skip: database.skip }, () => suite(database));
    }
  }
}
