/**
 * Where PostgreSQL storage keeps its tables (one schema per site, chosen at connect) and how they
 * get there: the migrations, applied once however many processes start together.
 */
import { escapeIdentifier, type Pool, type PoolConfig } from 'pg';
import { COUNTER_COLUMNS_DDL, migration2, MIGRATION_3, migration4, MIGRATIONS_TABLE_DDL } from './shared.js';
import { MIGRATION_5 } from './issuance-tables.js';
import { MIGRATION_6 } from './account-tables.js';
import { migration8 } from './setup-rows.js';
import { migration7 } from './moderation-rows.js';

/**
 * Schema versions, applied in order at connect; never edit one that has shipped, add the next.
 * Same tables and columns as SQLite. Ids are compared byte by byte (COLLATE "C"), as SQLite does,
 * whatever the database's collation.
 */
export const MIGRATIONS = [
  `CREATE TABLE consultations (
  id TEXT COLLATE "C" PRIMARY KEY,
  config JSON NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE proposals (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT COLLATE "C" NOT NULL UNIQUE,
  consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultations(id),
  content TEXT NOT NULL,
  theme_id TEXT COLLATE "C",
  author TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
  created_at TEXT NOT NULL,
  ${COUNTER_COLUMNS_DDL}
);
CREATE INDEX proposals_by_consultation ON proposals (consultation_id, status, seq);
CREATE TABLE votes (
  proposal_seq BIGINT NOT NULL REFERENCES proposals(seq),
  participant_id TEXT COLLATE "C" NOT NULL,
  key TEXT CHECK (key IN ('agree', 'disagree', 'neutral')),
  voted_at BIGINT NOT NULL,
  verified BOOLEAN NOT NULL DEFAULT false,
  qualifications INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (proposal_seq, participant_id)
);
CREATE INDEX votes_by_participant ON votes (participant_id, proposal_seq);
CREATE TABLE participants (
  consultation_id TEXT COLLATE "C" NOT NULL,
  participant_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (consultation_id, participant_id)
);
CREATE TABLE submissions (
  consultation_id TEXT COLLATE "C" NOT NULL,
  participant_id TEXT COLLATE "C" NOT NULL,
  request_id TEXT COLLATE "C" NOT NULL,
  proposal_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (consultation_id, participant_id, request_id)
);
CREATE TABLE moderation (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  proposal_seq BIGINT NOT NULL REFERENCES proposals(seq),
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'refuse')),
  reason TEXT,
  decided_at TEXT NOT NULL
);
CREATE INDEX moderation_by_proposal ON moderation (proposal_seq, id);`,
  migration2('BIGINT'),
  MIGRATION_3,
  migration4('BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY', 'TEXT COLLATE "C"'),
  MIGRATION_5,
  MIGRATION_6,
  migration7('BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY', 'TEXT COLLATE "C"'),
  migration8('BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY', 'TEXT COLLATE "C"'),
];

/** Advisory lock classes (first key); the second key is a hash of the schema, so schemas never wait on each other. */
const MIGRATION_LOCK = 0x636f6e01;
export const IMPORT_LOCK = 0x636f6e02;
/** A schema name we can put in a startup parameter without quoting rules. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** FNV-1a, as a signed 32-bit integer: an advisory lock key per schema name. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(text, 'utf8')) h = Math.imul(h ^ ch, 0x01000193);
  return h | 0;
}

/**
 * Pool settings that put every connection in `schema` from its first statement (a startup
 * parameter, so no connection can ever run a query in another schema). `pg` lets the URL's own
 * `options` override ours, so they are merged here.
 */
export function poolConfig(url: string, schema: string | undefined, max: number): PoolConfig {
  if (!schema) return { connectionString: url, max };
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name "${schema}": use a-z, 0-9 and _.`);
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  return {
    connectionString: own === null ? url : parsed.href,
    options: [own, `-c search_path=${schema}`].filter(Boolean).join(' '),
    max,
  };
}

/**
 * Applies missing migrations under a session advisory lock, so concurrent starts migrate once.
 * Answers the schema's advisory lock key (the second key of every advisory lock it takes).
 */
export async function migrate(pool: Pool, schema: string | undefined): Promise<number> {
  const client = await pool.connect();
  try {
    const name = schema ?? (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]!.s ?? 'public';
    const lockKey = hash32(name);
    await client.query('SELECT pg_advisory_lock($1, $2)', [MIGRATION_LOCK, lockKey]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`);
    await client.query(MIGRATIONS_TABLE_DDL);
    const done = Number((await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0]!.v);
    for (let version = done + 1; version <= MIGRATIONS.length; version++) {
      await client.query('BEGIN');
      await client.query(MIGRATIONS[version - 1]!);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, new Date().toISOString()]);
      await client.query('COMMIT');
    }
    await client.query('SELECT pg_advisory_unlock($1, $2)', [MIGRATION_LOCK, lockKey]);
    client.release();
    return lockKey;
  } catch (error) {
    // Destroying the connection rolls back and frees the session lock for the next process.
    client.release(true);
    throw error;
  }
}
