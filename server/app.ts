/**
 * `createConsultServer(options)`: protocol v1 under `/api/v1` over a SQLite or PostgreSQL storage,
 * with per-consultation CORS, rate limits, signed participants, the admin API, open data and,
 * optionally, the demo pages. Everything is wired here; the pieces live in http/, security/ and
 * storage/.
 */
import etag from '@fastify/etag';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { MAX_BODY_BYTES } from 'consult-widgets/protocol';
import { registerAdminRoutes } from './http/admin-routes.js';
import { registerConsole } from './http/console-routes.js';
import { registerWidgets } from './http/widgets-routes.js';
import { DEFAULT_SESSION_TIMES, type SessionTimes } from './http/admin-auth.js';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './security/login-limit.js';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from './security/passwords.js';
import { participantVerifier, type ServerContext } from './http/context.js';
import { Directory } from './http/directory.js';
import { answerClientError, answerFrameworkError, installErrorHandlers } from './http/errors.js';
import { registerOpenDataRoutes } from './http/open-data-routes.js';
import { registerProtocolRoutes } from './http/protocol-routes.js';
import { checkTrustProxy, type TrustProxy } from './security/address.js';
import { DEFAULT_ISSUANCE, IssuanceBudget, issuingKey, type IssuanceOptions } from './security/issuance.js';
import { DEFAULT_PROOF, IssuanceProof, type ProofOptions } from './security/issuance-proof.js';
import { DEFAULT_ORIGIN_RETENTION_DAYS, OriginKeys } from './security/origin.js';
import { capConnectionsPerAddress, DEFAULT_CONNECTION_LIMITS, httpServerOptions, type ConnectionLimits } from './security/connections.js';
import { ANSWER_MAX_AGE_MS, AnswerCache, withAnswerCache } from './http/results-cache.js';
import { registerCors } from './security/cors.js';
import { requestSerializer } from './security/log.js';
import { DEFAULT_LOG_SUMMARY_MS, LogSummary, summarisingLogController } from './security/log-summary.js';
import { DEFAULT_RATE_LIMITS, registerRateLimits, type RateLimits } from './security/rate-limit.js';
import { routeClassifier } from './security/routed.js';
import { openStorage } from './storage/open.js';
import type { Storage } from './storage/storage.js';

export const API_PREFIX = '/api/v1';

// Browser bundles skip zod's message catalogue (size); a server can afford readable 400 messages.
z.config(z.locales.en());

export interface ConsultServerOptions {
  /** Serve the operator console at /admin/ (default true; it needs an account or the admin token to do anything). */
  console?: boolean;
  /** Serve the widgets' bundles at /widgets/ for partner pages' snippets (default true, when the server was built with them). */
  widgets?: boolean;
  /** SQLite file path (default `./data/consult.db`) or a `postgres://` URL. Ignored when `storage` is given. */
  db?: string;
  /** SQLite only: `normal` skips one fsync per commit (see docs/server.md); default `full`. */
  sqliteSynchronous?: 'full' | 'normal';
  /** An already opened storage (tests); closed with the server. */
  storage?: Storage;
  /** The admin API's bearer token for automation (`CONSULT_ADMIN_TOKEN`); without it, only operators' sessions open the admin API. */
  adminToken?: string | undefined;
  /**
   * Operator accounts (issue 12): session expiry (idle 2 h, absolute 12 h), login limits (10 per
   * email and 30 per address per 15 minutes) and the scrypt cost of new and unknown passwords
   * (OWASP's N = 2^17, r = 8, p = 1; lower only in tests). No env variables.
   */
  accounts?: { session?: Partial<SessionTimes>; login?: Partial<LoginLimits>; scryptCost?: ScryptCost };
  /** Secret shared with host sites that sign participant ids (`CONSULT_SIGNING_SECRET`). */
  signingSecret?: string | undefined;
  /**
   * Server-issued participants (`POST /api/v1/participants`): `false` turns issuance off (the
   * endpoint answers 404; `CONSULT_ISSUANCE=off`); otherwise the defaults (60 identities an hour
   * per address), overridable (`CONSULT_ISSUANCE_PER_ADDRESS`, `CONSULT_ISSUANCE_WINDOW_MINUTES`);
   * `proof` asks a proof of work first (`CONSULT_ISSUANCE_PROOF`; off by default).
   */
  issuance?: false | (Partial<Omit<IssuanceOptions, 'proof'>> & { proof?: false | Partial<ProofOptions> });
  /** `false` turns rate limiting off (`CONSULT_RATE_LIMIT=off`); otherwise the defaults, overridable. */
  rateLimit?: false | Partial<RateLimits>;
  /** Serve the demo pages and built bundles from this folder (the package root) at `/`. */
  demoRoot?: string | undefined;
  /**
   * Behind reverse proxies: how many (`1`: nginx in front; `2`: a load balancer then nginx), or
   * their addresses/CIDRs (`['10.0.0.0/8']`); the client address is then the first untrusted hop
   * of X-Forwarded-For. `true` (trust every hop: any client could name any address) is refused.
   */
  trustProxy?: TrustProxy;
  /** Timeouts and the per-address connection cap (security/connections.ts; env CONSULT_*_TIMEOUT…). */
  connections?: Partial<ConnectionLimits>;
  /**
   * Days a vote row keeps the origin hash of its address prefix (issue 10, cohorts;
   * `CONSULT_ORIGIN_RETENTION_DAYS`, default 7; 0 purges each at the next purge). Purged at start
   * and every hour.
   */
  originRetentionDays?: number;
  /** Refusals and repeated server errors are logged as one summary line per this interval (60 s). */
  logSummaryIntervalMs?: number;
  /** fastify's logger option: `false` for silence (tests), a pino options object, or `true` (info level). */
  logger?: FastifyServerOptions['logger'];
  /**
   * The server's clock, epoch milliseconds (default `Date.now`), for tests and embedders that
   * simulate time: rate-limit and issuance windows, token expiry, receive times of votes and
   * qualifications (and the clamp of clients' clocks against them), the daily rotation of the
   * log's address-hash key, the age of cached answers and settings, times written by the admin
   * API and open data. Timeouts and the log summary's interval stay real time. No env variable.
   */
  now?: () => number;
}

export interface ConsultServer {
  app: FastifyInstance;
  storage: Storage;
  /** Listen and resolve to the base URL, e.g. `http://127.0.0.1:8787`. */
  listen(port?: number, host?: string): Promise<string>;
  /** Purges origin hashes older than the retention now (it also runs at start and hourly); answers the rows purged. */
  purgeOrigins(): Promise<number>;
  close(): Promise<void>;
}

/** How often origin hashes past their retention are purged. */
const ORIGIN_PURGE_INTERVAL_MS = 3_600_000;

/** Security headers for the demo pages: the strict CSP a careful partner site sends. */
const DEMO_CSP = "default-src 'self'; script-src 'self'";

/** Whatever logger options a caller passes, request logs go through the serializer that hides participant ids. */
function loggerOptions(logger: ConsultServerOptions['logger'], now: () => number): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  const base = logger === undefined || logger === true ? { level: 'info' } : logger;
  return { ...base, serializers: { ...base.serializers, req: requestSerializer(now) } };
}

export async function createConsultServer(options: ConsultServerOptions = {}): Promise<ConsultServer> {
  const trustProxy = checkTrustProxy(options.trustProxy); // before opening anything: it may refuse
  const now = options.now ?? Date.now;
  // Every write through it bumps its consultation's version: results and open data are cached per version.
  const storage = withAnswerCache(
    options.storage ?? (await openStorage(options.db ?? './data/consult.db', { sqliteSynchronous: options.sqliteSynchronous ?? 'full' })),
    new AnswerCache(ANSWER_MAX_AGE_MS, now),
  );
  // Behind a proxy every connection comes from it: the per-address cap is the proxy's job there.
  const connections = { ...DEFAULT_CONNECTION_LIMITS, ...(trustProxy ? { maxConnectionsPerAddress: 0 } : {}), ...options.connections };
  const limits = { ...DEFAULT_RATE_LIMITS, ...(options.rateLimit || {}) };
  const summary = new LogSummary(options.logSummaryIntervalMs ?? DEFAULT_LOG_SUMMARY_MS);
  const app = Fastify({
    logger: loggerOptions(options.logger, now),
    // One line per served request; refusals and repeated errors summarised (security/log-summary.ts).
    logController: summarisingLogController(summary),
    bodyLimit: MAX_BODY_BYTES,
    // Ids are at most 128 characters; percent-encoding may triple what arrives.
    routerOptions: { maxParamLength: 400 },
    // A hop count as fastify's own number option does it (proxy-addr: trust the n nearest hops).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // Slow and idle clients are cut (security/connections.ts).
    http: httpServerOptions(connections),
    requestTimeout: connections.requestTimeoutMs,
    keepAliveTimeout: connections.keepAliveTimeoutMs,
    connectionTimeout: connections.idleTimeoutMs,
    return503OnClosing: true,
    // What fastify and node answer before any route runs (bad percent-encoding, an over-long id,
    // a request line node cannot parse) is ErrorBody too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: (error, socket) =>
      answerClientError(error, socket, (status) => (status === 408 ? summary.limited('timeout') : summary.answered(status))),
  });
  installErrorHandlers(app, (error, request) => summary.serverError(error, request.log));
  summary.start(app.log);
  app.addHook('onClose', async () => summary.stop());
  capConnectionsPerAddress(app.server, connections, limits.ipv6Prefix, () => summary.limited('connection'));

  const directory = new Directory(storage, now);
  const key = await issuingKey(storage, options.signingSecret);
  const proof = options.issuance && options.issuance.proof ? { ...DEFAULT_PROOF, ...options.issuance.proof } : false;
  const issuance: IssuanceOptions | false = options.issuance === false ? false : { ...DEFAULT_ISSUANCE, ipv6Prefix: limits.ipv6Prefix, ...options.issuance, proof };
  const retentionDays = options.originRetentionDays ?? DEFAULT_ORIGIN_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 0) throw new Error('originRetentionDays is a whole number of days (0 or more).');
  const origins = new OriginKeys(storage, limits.ipv6Prefix, retentionDays);
  const context: ServerContext = {
    storage,
    directory,
    verifyParticipant: participantVerifier(options.signingSecret, key, now),
    issuingKey: key,
    issuance,
    now,
    origins,
    // Shared by every process on the database (storage/issuance-tables.ts).
    issuanceBudget: issuance ? await IssuanceBudget.open(storage, issuance, now) : null,
    issuanceProof: issuance && issuance.proof ? await IssuanceProof.open(storage, issuance.proof, now) : null,
  };
  // Purged at start, then hourly; a failed purge is logged and tried again at the next.
  const purge = () => origins.purge(now()).catch((error: Error) => (app.log.error(`origin purge failed: ${error.message}`), 0));
  await purge();
  const purging = setInterval(purge, ORIGIN_PURGE_INTERVAL_MS).unref();
  app.addHook('onClose', async () => clearInterval(purging));

  // Guards decide on the routed request (security/routed.ts), whatever the spelling of its path.
  const routed = routeClassifier(app, API_PREFIX);
  await registerCors(app, directory, routed);
  if (options.rateLimit !== false) {
    await registerRateLimits(app, limits, (request) => routed(request).kind !== 'files', (kind) => summary.limited(kind), now);
  }

  await app.register(
    async (api) => {
      // Reads get weak ETags, and a GET with a matching If-None-Match gets 304 (widgets revalidate).
      // Writes are registered apart: their answers are never cached, so they skip the hashing.
      await api.register(async (reads) => {
        await reads.register(etag, { weak: true });
        registerProtocolRoutes(reads, context, 'GET');
      });
      registerProtocolRoutes(api, context, 'writes');

      await registerOpenDataRoutes(api, context);

      // Always there (issue 12): operators' sessions open it, the bearer token too when set.
      const accounts = { ...options.accounts, ipv6Prefix: limits.ipv6Prefix };
      await api.register(
        (admin) =>
          registerAdminRoutes(admin, context, options.adminToken, {
            session: { ...DEFAULT_SESSION_TIMES, ...accounts.session },
            login: { ...DEFAULT_LOGIN_LIMITS, ...accounts.login },
            scryptCost: accounts.scryptCost ?? DEFAULT_SCRYPT_COST,
            ipv6Prefix: accounts.ipv6Prefix,
          }),
        { prefix: '/admin' },
      );
    },
    { prefix: API_PREFIX },
  );

  // Issue 12: the operator console at /admin/ (http/console-routes.ts).
  if (options.console !== false) await registerConsole(app);
  // Issue 12: the widgets' bundles at /widgets/, what the embed builder's snippets load (http/widgets-routes.ts).
  if (options.widgets !== false) await registerWidgets(app);

  if (options.demoRoot) {
    await app.register(fastifyStatic, {
      root: join(options.demoRoot, 'demo'),
      prefix: '/demo/',
      setHeaders: (res) => res.setHeader('content-security-policy', DEMO_CSP),
    });
    await app.register(fastifyStatic, { root: join(options.demoRoot, 'dist'), prefix: '/dist/', decorateReply: false });
    app.get('/', (_request, reply) => reply.redirect('/demo/'));
  }

  await app.ready();
  return {
    app,
    storage,
    async listen(port = 8787, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    },
    purgeOrigins: () => origins.purge(),
    async close() {
      await app.close();
      await storage.close();
    },
  };
}
