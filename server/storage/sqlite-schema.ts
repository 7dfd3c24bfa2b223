/** SQLite storage's tables and how they get there: the migrations, applied in order at start. */
import type Database from 'better-sqlite3';
import { COUNTER_COLUMNS_DDL, migration2, MIGRATION_3, migration4, MIGRATIONS_TABLE_DDL } from './shared.js';
import { MIGRATION_5 } from './issuance-tables.js';
import { MIGRATION_6 } from './account-tables.js';
import { migration8 } from './setup-rows.js';
import { migration7 } from './moderation-rows.js';

/** Schema versions, applied in order at start; never edit one that has shipped, add the next. */
export const MIGRATIONS = [
  `CREATE TABLE consultations (
  id TEXT PRIMARY KEY,
  config TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  created_at TEXT NOT NULL
);
CREATE TABLE proposals (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  consultation_id TEXT NOT NULL REFERENCES consultations(id),
  content TEXT NOT NULL,
  theme_id TEXT,
  author TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
  created_at TEXT NOT NULL,
  ${COUNTER_COLUMNS_DDL}
);
CREATE INDEX proposals_by_consultation ON proposals (consultation_id, status, seq);
CREATE TABLE votes (
  proposal_seq INTEGER NOT NULL REFERENCES proposals(seq),
  participant_id TEXT NOT NULL,
  key TEXT CHECK (key IN ('agree', 'disagree', 'neutral')),
  voted_at INTEGER NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0,
  qualifications INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (proposal_seq, participant_id)
) WITHOUT ROWID;
CREATE INDEX votes_by_participant ON votes (participant_id, proposal_seq);
CREATE TABLE participants (
  consultation_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  PRIMARY KEY (consultation_id, participant_id)
) WITHOUT ROWID;
CREATE TABLE submissions (
  consultation_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  proposal_id TEXT NOT NULL,
  PRIMARY KEY (consultation_id, participant_id, request_id)
) WITHOUT ROWID;
CREATE TABLE moderation (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  proposal_seq INTEGER NOT NULL REFERENCES proposals(seq),
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'refuse')),
  reason TEXT,
  decided_at TEXT NOT NULL
);
CREATE INDEX moderation_by_proposal ON moderation (proposal_seq, id);`,
  migration2('INTEGER'),
  MIGRATION_3,
  migration4('INTEGER PRIMARY KEY AUTOINCREMENT', 'TEXT'),
  MIGRATION_5,
  MIGRATION_6,
  migration7('INTEGER PRIMARY KEY AUTOINCREMENT', 'TEXT'),
  migration8('INTEGER PRIMARY KEY AUTOINCREMENT', 'TEXT'),
];

/** Applies the migrations this database has not run yet, each in a transaction of its own. */
export function migrate(db: Database.Database): void {
  db.exec(MIGRATIONS_TABLE_DDL);
  const done = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get()?.v ?? 0;
  MIGRATIONS.forEach((sql, i) => {
    if (i + 1 <= done) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(i + 1, new Date().toISOString());
    })();
  });
}
