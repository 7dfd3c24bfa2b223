import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Storage } from './storage.js';

export const isPostgresUrl = (db: string) => /^postgres(ql)?:\/\//.test(db);

/**
 * `postgres://…` or `postgresql://…` opens PostgreSQL, anything else is a SQLite file path
 * (`:memory:` for a throwaway database). Drivers load on demand: a site on SQLite never needs `pg`.
 * Migrations run before this resolves.
 */
export interface StorageOptions {
  /** PostgreSQL: the schema to use (created if missing). */
  schema?: string;
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /** SQLite: `full` (default) fsyncs every commit before answering; `normal` trades power-loss safety for speed. */
  sqliteSynchronous?: 'full' | 'normal';
}

export async function openStorage(db: string, options: StorageOptions = {}): Promise<Storage> {
  if (isPostgresUrl(db)) {
    const { PostgresStorage } = await import('./postgres.js');
    const { sqliteSynchronous: _sqliteOnly, ...postgresOptions } = options;
    return PostgresStorage.connect(db, postgresOptions);
  }
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  const { SqliteStorage } = await import('./sqlite.js');
  return new SqliteStorage(db, { synchronous: options.sqliteSynchronous ?? 'full' });
}
