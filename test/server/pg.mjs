// @ts-check
/**
 * A throwaway PostgreSQL schema per test, so runs (and tests) never see each other's rows.
 * The database comes from CONSULT_TEST_DATABASE_URL, or the local socket set up as in
 * /work/shared/notes/toolchain.md.
 */
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://root@localhost/consult_test?host=/var/run/postgresql';
export const testDatabaseUrl = () => process.env.CONSULT_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;

let reachable;
/** The URL without its password, for messages. */
function shown(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(unparsable URL)';
  }
}
let counter = 0;

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers at all (asked once per process); warns loudly when it does not. */
export async function postgresAvailable() {
  reachable ??= withClient(testDatabaseUrl(), (client) => client.query('SELECT 1')).then(
    () => true,
    (error) => {
      console.warn(
        `\n*** PostgreSQL unavailable at ${shown(testDatabaseUrl())} (${error.message}): PostgreSQL tests do not run. ***\n` +
          '*** Start it with `pg_ctlcluster 15 main start`, or set CONSULT_TEST_DATABASE_URL. ***\n',
      );
      return false;
    },
  );
  return reachable;
}

/**
 * A new, empty schema: `{ url, schema, drop() }`, or null when PostgreSQL cannot be reached.
 * `drop()` removes the schema and everything in it; call it after closing the storage using it.
 * @returns {Promise<{ url: string, schema: string, drop: () => Promise<unknown> } | null>}
 */
export async function freshPostgres() {
  if (!(await postgresAvailable())) return null;
  const url = testDatabaseUrl();
  const schema = `consult_test_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  await withClient(url, (client) => client.query(`CREATE SCHEMA ${schema}`));
  return {
    url,
    schema,
    drop: () => withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)),
  };
}
