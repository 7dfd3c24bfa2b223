/**
 * Issuance state every server process on one database shares (issue 10): the issuance budget per
 * address and the proof-of-work challenges already used. Each process keeping its own counts let
 * an address behind N processes get N times the budget; the bound the results rely on
 * (docs/decisions.md, "Issue 10: issuance shared and proof of work") must hold however many run.
 *
 * `issuance_budget`: one row per address key, named by a keyed hash (never the address itself),
 * holding the sliding window's slice counts (security/sliding-window.ts, the same arithmetic);
 * a row whose newest slice left the window is deleted. `issuance_proofs`: a used challenge until it
 * expires, so a solved proof issues once whichever process sees it. Times are the caller's `now`
 * (simulated time in tests), never the database clock.
 */
import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import { BUCKETS } from '../security/sliding-window.js';
import { inTransaction } from './postgres-transaction.js';

/** Migration 5 (issue 10), the same SQL in both databases (SQLite reads BIGINT as INTEGER). */
export const MIGRATION_5 = `CREATE TABLE issuance_budget (
  address_hash TEXT PRIMARY KEY,
  counts TEXT NOT NULL,
  last_slice BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX issuance_budget_by_age ON issuance_budget (updated_at);
CREATE TABLE issuance_proofs (challenge TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
CREATE INDEX issuance_proofs_by_expiry ON issuance_proofs (expires_at);`;

/** A budget window's state: counts by slice number modulo BUCKETS, and the newest slice number. */
interface WindowState {
  counts: number[];
  last: number;
}

/**
 * One more issuance for an address whose window is `state`: the new state when it fits, and
 * otherwise the milliseconds until one place frees. The arithmetic of SlidingWindowStore: within
 * any span of (window − one slice) at most `max` pass, refusals are not counted.
 */
export function takeFromWindow(state: WindowState | null, now: number, windowMs: number, max: number): { state: WindowState | null; waitMs: number } {
  const slice = windowMs / BUCKETS;
  const current = Math.floor(now / slice);
  const counts = state ? [...state.counts] : new Array<number>(BUCKETS).fill(0);
  const last = state ? state.last : current;
  // Slices that left the window since the row was written count nothing any more.
  for (let k = 1; k <= Math.min(BUCKETS, current - last); k++) counts[(last + k) % BUCKETS] = 0;
  const used = counts.reduce((a, b) => a + b, 0);
  if (used < max) {
    counts[current % BUCKETS]!++;
    return { state: { counts, last: Math.max(last, current) }, waitMs: 0 };
  }
  // The oldest slices leave one by one (slice j at the start of slice j + BUCKETS) until one place frees.
  let left = used;
  for (let j = current - BUCKETS + 1; j <= current; j++) {
    left -= counts[((j % BUCKETS) + BUCKETS) % BUCKETS]!;
    if (left < max) return { state: null, waitMs: Math.max(1, (j + BUCKETS) * slice - now) };
  }
  return { state: null, waitMs: windowMs };
}

const parseState = (row: { counts: string; last_slice: number | string } | undefined): WindowState | null =>
  row ? { counts: row.counts.split(',').map(Number), last: Number(row.last_slice) } : null;

/** Where a storage keeps the shared issuance state (Storage.issuance). */
export interface IssuanceTables {
  /** Takes one place of `addressHash`'s budget: 0 when taken, else the milliseconds to wait. */
  take(addressHash: string, now: number, windowMs: number, max: number): Promise<number>;
  /** Records a challenge as used until `expiresAt`: false when it was used already. */
  useChallenge(challenge: string, expiresAt: number, now: number): Promise<boolean>;
}

/** Old rows go at most once a minute per process (a window is an hour by default). */
const SWEEP_MS = 60_000;

/**
 * Sliding-window budgets in a table shaped as `issuance_budget` (`table`, keyed by `column`): the
 * issuance budget, and the login limits of operator accounts (issue 12, account-tables.ts).
 */
export type WindowTake = (keyHash: string, now: number, windowMs: number, max: number) => Promise<number>;

/** SQLite: one process, synchronous statements in the storage's write queue, so nothing interleaves. */
export function sqliteWindowTake(db: Database.Database, write: <T>(apply: () => T) => Promise<T>, table: string, column: string): WindowTake {
  const read = db.prepare<[string], { counts: string; last_slice: number }>(`SELECT counts, last_slice FROM ${table} WHERE ${column} = ?`);
  const upsert = db.prepare(
    `INSERT INTO ${table} (${column}, counts, last_slice, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (${column}) DO UPDATE SET counts = excluded.counts, last_slice = excluded.last_slice, updated_at = excluded.updated_at`,
  );
  const sweep = db.prepare(`DELETE FROM ${table} WHERE updated_at < ?`);
  let swept = -Infinity;
  return (keyHash, now, windowMs, max) =>
    write(() => {
      if (now - swept >= SWEEP_MS) {
        swept = now;
        sweep.run(now - windowMs);
      }
      const { state, waitMs } = takeFromWindow(parseState(read.get(keyHash)), now, windowMs, max);
      if (state) upsert.run(keyHash, state.counts.join(','), state.last, now);
      return waitMs;
    });
}

export function sqliteIssuanceTables(db: Database.Database, write: <T>(apply: () => T) => Promise<T>): IssuanceTables {
  const addProof = db.prepare('INSERT INTO issuance_proofs (challenge, expires_at) VALUES (?, ?) ON CONFLICT (challenge) DO NOTHING');
  const sweepProofs = db.prepare('DELETE FROM issuance_proofs WHERE expires_at < ?');
  const swept = { proofs: -Infinity };
  return {
    take: sqliteWindowTake(db, write, 'issuance_budget', 'address_hash'),
    useChallenge: (challenge, expiresAt, now) =>
      write(() => {
        if (now - swept.proofs >= SWEEP_MS) {
          swept.proofs = now;
          sweepProofs.run(now);
        }
        return addProof.run(challenge, expiresAt).changes === 1;
      }),
  };
}

/**
 * PostgreSQL: several processes. The address's row is created if missing, then locked (`FOR
 * UPDATE`) for the read-decide-write, so two processes racing for the last place take turns and
 * only one gets it. A used challenge is a primary key: the second insert conflicts.
 */
export function postgresWindowTake(pool: Pool, table: string, column: string): WindowTake {
  let swept = -Infinity;
  return async (keyHash, now, windowMs, max) => {
    if (now - swept >= SWEEP_MS) {
      swept = now;
      await pool.query(`DELETE FROM ${table} WHERE updated_at < $1`, [now - windowMs]);
    }
    return inTransaction(pool, async (c) => {
      await c.query(`INSERT INTO ${table} (${column}, counts, last_slice, updated_at) VALUES ($1, $2, 0, $3) ON CONFLICT (${column}) DO NOTHING`, [
        keyHash,
        new Array(BUCKETS).fill(0).join(','),
        now,
      ]);
      const { rows } = await c.query<{ counts: string; last_slice: string }>(`SELECT counts, last_slice FROM ${table} WHERE ${column} = $1 FOR UPDATE`, [keyHash]);
      // A row just created holds zeros at slice 0: every slice long gone, an empty window.
      const { state, waitMs } = takeFromWindow(parseState(rows[0]), now, windowMs, max);
      if (state) {
        await c.query(
          `INSERT INTO ${table} (${column}, counts, last_slice, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (${column}) DO UPDATE SET counts = excluded.counts, last_slice = excluded.last_slice, updated_at = excluded.updated_at`,
          [keyHash, state.counts.join(','), state.last, now],
        );
      }
      return waitMs;
    });
  };
}

export function postgresIssuanceTables(pool: Pool): IssuanceTables {
  const swept = { proofs: -Infinity };
  return {
    take: postgresWindowTake(pool, 'issuance_budget', 'address_hash'),
    async useChallenge(challenge, expiresAt, now) {
      if (now - swept.proofs >= SWEEP_MS) {
        swept.proofs = now;
        await pool.query('DELETE FROM issuance_proofs WHERE expires_at < $1', [now]);
      }
      const { rowCount } = await pool.query('INSERT INTO issuance_proofs (challenge, expires_at) VALUES ($1, $2) ON CONFLICT (challenge) DO NOTHING', [
        challenge,
        expiresAt,
      ]);
      return rowCount === 1;
    },
  };
}
