#!/usr/bin/env node
/**
 * consult-server: the reference backend of consult-widgets.
 *
 *   consult-server [--port 8787] [--host 127.0.0.1] [--db ./data/consult.db | postgres://…] [--demo]
 *   consult-server import <file.json> [--db …]
 *   consult-server export <consultationId> [--db …] [--format json|csv]
 *   consult-server user add <email> --role admin|moderator [--password-stdin | --invite [--url …]] [--db …]
 *   consult-server user list | user remove <email> | user role <email> admin|moderator [--db …]
 *
 * Environment: DATABASE_URL (default --db), CONSULT_ADMIN_TOKEN (enables the admin API),
 * CONSULT_SIGNING_SECRET (checks signed participant ids), CONSULT_RATE_LIMIT=off,
 * CONSULT_RATE_LIMIT_ADDRESS / CONSULT_RATE_LIMIT_PARTICIPANT (requests per minute),
 * CONSULT_RATE_LIMIT_IPV6_PREFIX (64: IPv6 clients share a limit per /64),
 * CONSULT_ISSUANCE=off / CONSULT_ISSUANCE_PER_ADDRESS / CONSULT_ISSUANCE_WINDOW_MINUTES / CONSULT_ISSUANCE_PROOF (server-issued participants),
 * CONSULT_ORIGIN_RETENTION_DAYS (days a vote keeps the hash of its address prefix, default 7),
 * CONSULT_TRUST_PROXY (behind proxies: their number, `1`, or their addresses/CIDRs, `10.0.0.0/8,::1`),
 * CONSULT_REQUEST_TIMEOUT / CONSULT_HEADERS_TIMEOUT / CONSULT_KEEP_ALIVE_TIMEOUT / CONSULT_IDLE_TIMEOUT
 * (seconds), CONSULT_MAX_CONNECTIONS_PER_ADDRESS (0: no cap), CONSULT_LOG_SUMMARY_INTERVAL (seconds),
 * CONSULT_SQLITE_SYNCHRONOUS=normal (one fsync less per commit; see docs/server.md), LOG_LEVEL (info).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConsultServer } from './app.js';
import { userCommand, UserUsageError } from './cli-user.js';
import { importFile, readImportFile } from './import.js';
import { openDataCsv, openDataOf } from './open-data.js';
import { parseTrustProxy } from './security/address.js';
import type { ConnectionLimits } from './security/connections.js';
import type { RateLimits } from './security/rate-limit.js';
import type { IssuanceOptions } from './security/issuance.js';
import { DEFAULT_PROOF } from './security/issuance-proof.js';
import { openStorage } from './storage/open.js';

const USAGE = `Usage:
  consult-server [--port 8787] [--host 127.0.0.1] [--db ./data/consult.db | postgres://…] [--demo]
  consult-server import <file.json> [--db …]
  consult-server export <consultationId> [--db …] [--format json|csv]
  consult-server user add <email> --role admin|moderator [--password-stdin | --invite [--url https://…]] [--db …]
  consult-server user list | user remove <email> | user role <email> admin|moderator [--db …]`;

/**
 * --demo serves the demo pages and the built bundles of the consult-widgets repository this server
 * was built in (server/dist/cli.js → the repository root); an installed server has none.
 */
const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      demo: { type: 'boolean' },
      format: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      invite: { type: 'boolean' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const db = values.db ?? process.env.DATABASE_URL ?? './data/consult.db';
  const [command = 'serve', ...rest] = positionals;

  if (command === 'import') {
    if (rest.length !== 1) throw new UsageError('import needs one file.');
    const file = await readImportFile(rest[0]!);
    const storage = await openStorage(db);
    try {
      const done = await importFile(storage, file);
      console.log(`${done.created ? 'Created' : 'Updated'} consultation "${file.consultation.id}" with ${done.proposals} proposals in ${redactDb(db)}.`);
    } finally {
      await storage.close();
    }
    return;
  }

  if (command === 'user') {
    const storage = await openStorage(db);
    try {
      await userCommand(storage, rest, { role: values.role, passwordStdin: values['password-stdin'], invite: values.invite, url: values.url });
    } catch (error) {
      throw error instanceof UserUsageError ? new UsageError(error.message) : error;
    } finally {
      await storage.close();
    }
    return;
  }

  if (command === 'export') {
    if (rest.length !== 1) throw new UsageError('export needs one consultation id.');
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UsageError('--format is json or csv.');
    const storage = await openStorage(db);
    try {
      const consultation = await storage.getConsultation(rest[0]!);
      if (!consultation) throw new Error(`No consultation has the id "${rest[0]}" in ${redactDb(db)}.`);
      const data = openDataOf(consultation, await storage.openData(consultation.id));
      process.stdout.write(format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : openDataCsv(data));
    } finally {
      await storage.close();
    }
    return;
  }

  if (command !== 'serve') throw new UsageError(`Unknown command "${command}".`);
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}".`);
  const server = await createConsultServer({
    db,
    adminToken: process.env.CONSULT_ADMIN_TOKEN || undefined,
    signingSecret: process.env.CONSULT_SIGNING_SECRET || undefined,
    rateLimit: rateLimitFromEnv(process.env),
    issuance: issuanceFromEnv(process.env),
    sqliteSynchronous: sqliteSynchronousFromEnv(process.env),
    trustProxy: trustProxyFromEnv(process.env),
    connections: connectionsFromEnv(process.env),
    logSummaryIntervalMs: secondsFromEnv(process.env, 'CONSULT_LOG_SUMMARY_INTERVAL', 1),
    originRetentionDays: originRetentionFromEnv(process.env),
    demoRoot: values.demo ? demoRoot() : undefined,
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
  });
  const url = await server.listen(port, values.host ?? process.env.HOST ?? '127.0.0.1');
  console.log(`consult-server: protocol v1 at ${url}/api/v1 (${server.storage.kind}: ${redactDb(db)})`);
  if (values.demo) console.log(`Demo: ${url}/demo/`);
  // Issue 12: on a first start nobody can open the admin API yet; say how.
  if (!(await server.storage.accounts.listOperators()).some((o) => o.role === 'admin' && o.disabledAt === null)) {
    console.log('No admin operator yet: create one with `consult-server user add <email> --role admin` (docs/server.md, "Operators and sessions").');
  }
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function rateLimitFromEnv(env: NodeJS.ProcessEnv): false | Partial<RateLimits> {
  if (env.CONSULT_RATE_LIMIT === 'off') return false;
  const limits: Partial<RateLimits> = {};
  for (const [name, key] of [
    ['CONSULT_RATE_LIMIT_ADDRESS', 'perAddress'],
    ['CONSULT_RATE_LIMIT_PARTICIPANT', 'perParticipant'],
  ] as const) {
    const value = env[name];
    if (value === undefined) continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number of requests per minute, not "${value}".`);
    limits[key] = n;
  }
  const prefix = env.CONSULT_RATE_LIMIT_IPV6_PREFIX;
  if (prefix !== undefined) {
    const n = Number(prefix);
    if (!Number.isInteger(n) || n < 32 || n > 128) throw new UsageError(`CONSULT_RATE_LIMIT_IPV6_PREFIX is a prefix length from 32 to 128, not "${prefix}".`);
    limits.ipv6Prefix = n;
  }
  return limits;
}

/** CONSULT_ISSUANCE=off, CONSULT_ISSUANCE_PER_ADDRESS (identities per window), CONSULT_ISSUANCE_WINDOW_MINUTES, CONSULT_ISSUANCE_PROOF. */
export function issuanceFromEnv(env: NodeJS.ProcessEnv): false | Partial<IssuanceOptions> {
  if (env.CONSULT_ISSUANCE === 'off') return false;
  const options: Partial<IssuanceOptions> = {};
  const perAddress = env.CONSULT_ISSUANCE_PER_ADDRESS;
  if (perAddress !== undefined) {
    const n = Number(perAddress);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`CONSULT_ISSUANCE_PER_ADDRESS must be a whole number of participants, not "${perAddress}".`);
    options.perAddress = n;
  }
  const minutes = env.CONSULT_ISSUANCE_WINDOW_MINUTES;
  if (minutes !== undefined) {
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`CONSULT_ISSUANCE_WINDOW_MINUTES must be a whole number of minutes, not "${minutes}".`);
    options.windowMs = n * 60_000;
  }
  // off (default) | on (the default difficulty) | the difficulty itself, a maxnumber (docs/server.md).
  const proof = env.CONSULT_ISSUANCE_PROOF;
  if (proof !== undefined && proof !== 'off') {
    const n = proof === 'on' ? DEFAULT_PROOF.maxNumber : Number(proof);
    if (!Number.isInteger(n) || n < 1 || n > 100_000_000) {
      throw new UsageError(`CONSULT_ISSUANCE_PROOF is off, on or a difficulty (a whole number from 1 to 100000000), not "${proof}".`);
    }
    options.proof = { ...DEFAULT_PROOF, maxNumber: n };
  }
  return options;
}

/** CONSULT_ORIGIN_RETENTION_DAYS: days vote rows keep their origin hash (issue 10; default 7, 0 allowed). */
function originRetentionFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const days = env.CONSULT_ORIGIN_RETENTION_DAYS;
  if (days === undefined || days === '') return undefined;
  const n = Number(days);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`CONSULT_ORIGIN_RETENTION_DAYS must be a whole number of days, not "${days}".`);
  return n;
}

function trustProxyFromEnv(env: NodeJS.ProcessEnv) {
  try {
    return parseTrustProxy(env.CONSULT_TRUST_PROXY);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A whole number of seconds (at least `min`) from the environment, in milliseconds. */
function secondsFromEnv(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number of seconds (at least ${min}), not "${value}".`);
  return n * 1000;
}

export function connectionsFromEnv(env: NodeJS.ProcessEnv): Partial<ConnectionLimits> {
  const limits: Partial<ConnectionLimits> = {};
  for (const [name, key] of [
    ['CONSULT_REQUEST_TIMEOUT', 'requestTimeoutMs'],
    ['CONSULT_HEADERS_TIMEOUT', 'headersTimeoutMs'],
    ['CONSULT_KEEP_ALIVE_TIMEOUT', 'keepAliveTimeoutMs'],
    ['CONSULT_IDLE_TIMEOUT', 'idleTimeoutMs'],
  ] as const) {
    const ms = secondsFromEnv(env, name, 1);
    if (ms !== undefined) limits[key] = ms;
  }
  const cap = env.CONSULT_MAX_CONNECTIONS_PER_ADDRESS;
  if (cap !== undefined) {
    const n = Number(cap);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`CONSULT_MAX_CONNECTIONS_PER_ADDRESS is a whole number (0: no cap), not "${cap}".`);
    limits.maxConnectionsPerAddress = n;
  }
  return limits;
}

function sqliteSynchronousFromEnv(env: NodeJS.ProcessEnv): 'full' | 'normal' {
  const value = env.CONSULT_SQLITE_SYNCHRONOUS ?? 'full';
  if (value !== 'full' && value !== 'normal') throw new UsageError(`CONSULT_SQLITE_SYNCHRONOUS is full or normal, not "${value}".`);
  return value;
}

/** A PostgreSQL URL may hold a password: never print it. */
function redactDb(db: string): string {
  return db.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function demoRoot(): string {
  if (existsSync(join(REPOSITORY_ROOT, 'demo', 'index.html')) && existsSync(join(REPOSITORY_ROOT, 'dist'))) return REPOSITORY_ROOT;
  throw new UsageError('--demo serves the demo pages of a consult-widgets repository (built with `npm run build`): run it from a clone.');
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`consult-server: ${error.message}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exit(error instanceof UsageError ? 2 : 1);
});
