/** How PostgreSQL storage runs a write: one transaction, committed, rolled back or run again. */
import type { Pool, PoolClient } from 'pg';
import { isRefusal } from './storage.js';

/** Deadlock and serialization failures: the transaction did nothing, running it again is safe. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/**
 * Runs `work` in one transaction and commits it, or rolls it back when it answers a refusal (it
 * may have locked or written rows it no longer needs). Deadlocks should not happen (see the lock
 * order at the top of postgres.ts), but PostgreSQL may still report one: the whole write is then
 * run again.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let value: T;
    try {
      await client.query('BEGIN');
      value = await work(client);
      await client.query(isRefusal(value) ? 'ROLLBACK' : 'COMMIT');
    } catch (error) {
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      client.release(broken);
      const code = (error as { code?: unknown }).code;
      if (attempt < ATTEMPTS && typeof code === 'string' && RETRYABLE.has(code)) continue;
      throw error;
    }
    client.release();
    return value;
  }
}
