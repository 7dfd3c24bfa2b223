// @ts-check
/**
 * consult-server as a child process (`server/dist/cli.js`, or CONSULT_SERVER_CLI), for the tests
 * that need a real process: crash (SIGKILL) and several servers on one database.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = process.env.CONSULT_SERVER_CLI || fileURLToPath(new URL('../../server/dist/cli.js', import.meta.url));

/** PostgreSQL is unreachable: skip loudly, or fail on CI unless CONSULT_SKIP_POSTGRES=1. */
export function skipPostgres(t, what) {
  if (process.env.CI === 'true' && process.env.CONSULT_SKIP_POSTGRES !== '1') {
    assert.fail('PostgreSQL is unreachable on CI: start it (scripts/ensure-postgres.sh) or set CONSULT_SKIP_POSTGRES=1.');
  }
  console.warn(`*** ${what}: PostgreSQL unreachable, SKIPPED. ***`);
  t.skip('PostgreSQL unreachable');
}

/** The CLI takes a URL only: the test's schema goes in as the connections' search_path. */
export function schemaUrl({ url, schema }) {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.href;
}

/** `consult-server <args>` to completion (import, export); rejects with its stderr. */
export function runCli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(undefined);
      else reject(new Error(`consult-server ${args.join(' ')} failed (${code}): ${stderr}`));
    });
  });
}

/** A server on an ephemeral port, rate limits off: `{ process, url }` once it says where it listens. */
export function startServer(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--db', db], {
      env: { ...process.env, CONSULT_RATE_LIMIT: 'off', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`consult-server did not start within 20 s:\n${output}`));
    }, 20_000);
    const collect = (chunk) => {
      output += chunk;
      const ready = /protocol v1 at (http:\S+)\/api\/v1/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ process: child, url: `${ready[1]}/api/v1` });
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`consult-server exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

export function exited(child) {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
}

/** SIGTERM (a clean stop), SIGKILL after 10 s. */
export async function stopServer(server) {
  const timer = setTimeout(() => server.process.kill('SIGKILL'), 10_000);
  server.process.kill('SIGTERM');
  await exited(server.process);
  clearTimeout(timer);
}
