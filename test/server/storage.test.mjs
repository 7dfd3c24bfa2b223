// @ts-check
/**
 * Runs the Storage contract against SQLite (always) and PostgreSQL (when reachable; in CI its
 * absence fails the run unless CONSULT_SKIP_POSTGRES=1), plus what only PostgreSQL promises:
 * several server processes sharing one database.
 *
 *   node --test test/server/storage.test.mjs
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freshPostgres, postgresAvailable } from './pg.mjs';
import { BY, accepted, consultationIn, proposalIn } from './storage.safeguards.suite.mjs';
import { storageSuite } from './storage.suite.mjs';

// The built server (npm test builds first).
const { openStorage } = await import('consult-server');

storageSuite('SQLite in memory', () => openStorage(':memory:'));

const sqliteDir = mkdtempSync(join(tmpdir(), 'consult-storage-'));
process.on('exit', () => rmSync(sqliteDir, { recursive: true, force: true }));
let sqliteFiles = 0;
storageSuite('SQLite file', () => openStorage(join(sqliteDir, `run-${++sqliteFiles}`, 'consult.db')));

/**
 * @import { Storage } from 'consult-server'
 * @import { ImportFile } from 'consult-widgets/protocol/admin'
 * @import { TestContext } from 'node:test'
 * @typedef {(text: string) => Promise<any[]>} Sql Runs SQL on the database under test; resolves to its rows.
 */

/**
 * A PostgreSQL storage in a schema of its own, dropped when the storage closes.
 * @param {Parameters<typeof openStorage>[1]} [options]
 */
async function openPostgres(options = {}) {
  const db = await freshPostgres();
  assert.ok(db, 'PostgreSQL is reachable');
  const storage = await openStorage(db.url, { schema: db.schema, ...options }).catch(async (error) => {
    await db.drop();
    throw error;
  });
  const close = storage.close.bind(storage);
  storage.close = async () => {
    try {
      await close();
    } finally {
      await db.drop();
    }
  };
  return storage;
}

/**
 * @param {string} url
 * @param {string} sql
 * @param {unknown[]} [values]
 * @returns {Promise<any[]>}
 */
async function query(url, sql, values) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** @type {ImportFile} */
const file = {
  consultation: {
    id: 'c1',
    title: 'Shared database',
    question: 'Does every process count the same?',
    locale: 'en',
    status: 'open',
    proposalPrefix: null,
    proposalMinLength: 12,
    proposalMaxLength: 140,
    themes: [],
    allowedOrigins: [],
    requireSignedParticipants: false,
  },
  proposals: ['p1', 'p2'].map((id) => ({ id, content: `Proposal ${id}`, status: 'accepted' })),
};

/**
 * A database that migration 1 left, with issue 9's damage in it: p2 refused in the moderation log
 * but accepted again (what a re-import did before). Built by undoing migration 2 on a new database:
 * migration 2 only adds `votes.received_at` and repairs statuses. `sql(text)` runs on that database.
 * @param {Storage} storage
 * @param {Sql} sql
 * @param {'sqlite' | 'postgres'} kind
 */
async function migrationOneDatabase(storage, sql, kind) {
  assert.deepEqual(await storage.importConsultation(file, '2025-01-01T00:00:00Z'), { created: true, proposals: 2 });
  await storage.vote({ proposalId: 'p1', participantId: 'participant-before', key: 'agree', votedAt: '2025-01-01T10:00:00Z', trust: 'untrusted' });
  await storage.moderate('p2', 'refuse', 'insulting', '2025-01-02T00:00:00Z', BY);
  await storage.close();
  await undoMigrationThree(sql, kind);
  await sql('ALTER TABLE votes DROP COLUMN received_at');
  await sql('DELETE FROM schema_migrations WHERE version = 2');
  await sql("UPDATE proposals SET status = 'accepted' WHERE id = 'p2'");
}

/** Migration 5 (issuance shared by every process, issue 10) undone: its tables gone, nothing recorded past 3. */
async function undoMigrationsAfterThree(sql) {
  await sql('DROP TABLE consultation_changes'); // migration 8 (issue 12, setup)
  // Migration 7 (issue 12, the moderation queue): who decided, claims, theme changes.
  await sql('DROP TABLE moderation_claims');
  await sql('DROP TABLE theme_changes');
  await sql('ALTER TABLE moderation DROP COLUMN operator_id');
  await sql('ALTER TABLE moderation DROP COLUMN operator_name');
  // Migration 6 (operator accounts, issue 12).
  for (const table of ['operator_sessions', 'operator_invitations', 'operators', 'login_attempts']) await sql(`DROP TABLE ${table}`);
  await sql('DROP TABLE issuance_budget');
  await sql('DROP TABLE issuance_proofs');
  await sql('DROP TABLE cohort_members');
  await sql('DROP TABLE cohort_exclusions');
  await sql('ALTER TABLE votes DROP COLUMN origin');
  await sql('DELETE FROM schema_migrations WHERE version > 3');
}

/**
 * Turns a database back into what migration 2 left: the `verified` flag (true where the vote was
 * host-signed) instead of `trust`, no issued counters, no `server_secrets`.
 */
async function undoMigrationThree(sql, kind) {
  await undoMigrationsAfterThree(sql);
  const flag = kind === 'sqlite' ? 'INTEGER NOT NULL DEFAULT 0' : 'BOOLEAN NOT NULL DEFAULT false';
  await sql(`ALTER TABLE votes ADD COLUMN verified ${flag}`);
  await sql("UPDATE votes SET verified = TRUE WHERE trust = 'host'");
  await sql('ALTER TABLE votes DROP COLUMN trust');
  for (const column of ['i_agree', 'i_disagree', 'i_neutral']) await sql(`ALTER TABLE proposals DROP COLUMN ${column}`);
  await sql('DROP TABLE server_secrets');
  await sql('DELETE FROM schema_migrations WHERE version = 3');
  // Nor did its imports store `countUntrusted` (trusted counting, issue 10).
  await sql(
    kind === 'sqlite'
      ? "UPDATE consultations SET config = json_remove(config, '$.countUntrusted')"
      : "UPDATE consultations SET config = (config::jsonb - 'countUntrusted')::json",
  );
}

/** Turns a database back into what migration 3 left: no origin hashes, no cohort exclusions (issue 10). */
/**
 * Opens the database `migrationOneDatabase` left and checks what migration 2 did; `sql(text)` answers rows.
 * @param {Storage} storage
 * @param {Sql} sql
 */
async function assertMigratedToTwo(storage, sql) {
  assert.deepEqual((await sql('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version)), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal((await proposalIn(storage, 'p2')).status, 'refused', 'the status follows the moderation log again');
  assert.deepEqual((await storage.openData('c1')).proposals.map((p) => p.id), ['p1']);
  // The vote from before is still counted; its row has no receive time. New writes record theirs.
  const receivedAt = Date.UTC(2026, 0, 5, 12, 0);
  const answer = accepted(await storage.vote({ proposalId: 'p1', participantId: 'participant-after', key: 'agree', votedAt: '2026-01-05T12:00:00Z', trust: 'untrusted', receivedAt }));
  assert.deepEqual(answer.votes, { agree: 2, disagree: 0, neutral: 0 });
  // Its bare-id votes are untrusted, yet its results keep counting them until its organiser chooses
  // otherwise (issue 10), also after a re-import of the same file, which does not state the choice.
  assert.equal((await consultationIn(storage, 'c1')).countUntrusted, true);
  await storage.importConsultation(file, '2026-01-06T00:00:00Z');
  assert.equal((await consultationIn(storage, 'c1')).countUntrusted, true);
  const rows = await sql('SELECT participant_id, received_at FROM votes ORDER BY participant_id');
  assert.deepEqual(
    rows.map((r) => [r.participant_id, r.received_at === null ? null : Number(r.received_at)]),
    [
      ['participant-after', receivedAt],
      ['participant-before', null],
    ],
  );
}

/**
 * A version-2 database with a host-signed and an untrusted vote, as `undoMigrationThree` leaves it.
 * @param {Storage} storage
 * @param {Sql} sql
 * @param {'sqlite' | 'postgres'} kind
 */
async function migrationTwoDatabase(storage, sql, kind) {
  assert.deepEqual(await storage.importConsultation(file, '2025-01-01T00:00:00Z'), { created: true, proposals: 2 });
  await storage.vote({ proposalId: 'p1', participantId: 'participant-signed', key: 'agree', votedAt: '2025-01-01T10:00:00Z', trust: 'host' });
  await storage.vote({ proposalId: 'p1', participantId: 'participant-bare', key: 'disagree', votedAt: '2025-01-01T10:00:00Z', trust: 'untrusted' });
  await storage.close();
  await undoMigrationThree(sql, kind);
  assert.deepEqual((await sql("SELECT participant_id, verified FROM votes ORDER BY participant_id")).map((r) => [r.participant_id, Boolean(r.verified)]), [
    ['participant-bare', false],
    ['participant-signed', true],
  ]);
}

/**
 * Migration 3: the verified flag became a trust level, issued votes are counted apart, a secret can be stored.
 * @param {Storage} storage
 * @param {Sql} sql
 */
async function assertMigratedToThree(storage, sql) {
  assert.deepEqual((await sql('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version)), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual((await sql('SELECT participant_id, trust FROM votes ORDER BY participant_id')).map((r) => [r.participant_id, r.trust]), [
    ['participant-bare', 'untrusted'],
    ['participant-signed', 'host'],
  ]);
  await storage.vote({ proposalId: 'p1', participantId: 'i_issuedparticipant', key: 'agree', votedAt: '2026-01-05T12:00:00Z', trust: 'issued' });
  const [p1] = (await storage.openData('c1')).proposals;
  assert.deepEqual(p1.votes, { agree: 2, disagree: 1, neutral: 0 }, 'public tallies unchanged');
  assert.deepEqual(p1.verifiedVotes, { agree: 1, disagree: 0, neutral: 0 });
  assert.deepEqual(p1.issuedVotes, { agree: 1, disagree: 0, neutral: 0 });
  assert.deepEqual(p1.untrustedVotes, { agree: 0, disagree: 1, neutral: 0 });
  // Stored before trusted counting: its results keep counting the bare-id vote (issue 10).
  assert.equal((await consultationIn(storage, 'c1')).countUntrusted, true);
  const [row] = await storage.results('c1');
  assert.deepEqual(row.untrusted.votes, { agree: 0, disagree: 1, neutral: 0 });
  // Migration 5: the issuance tables are back, empty, and take places.
  assert.deepEqual(await sql('SELECT address_hash FROM issuance_budget'), []);
  assert.equal(await storage.issuance.take('hash-of-an-address', Date.now(), 3_600_000, 1), 0);
  assert.ok((await storage.issuance.take('hash-of-an-address', Date.now(), 3_600_000, 1)) > 0);
  const secret = await storage.serverSecret('test', 'first');
  assert.equal(secret, 'first');
  assert.equal(await storage.serverSecret('test', 'second'), 'first', 'the first stored secret stays');
}

/**
 * A version-3 database with a vote, as `undoMigrationsAfterThree` leaves it.
 * @param {Storage} storage
 * @param {Sql} sql
 */
async function migrationThreeDatabase(storage, sql) {
  assert.deepEqual(await storage.importConsultation(file, '2025-01-01T00:00:00Z'), { created: true, proposals: 2 });
  await storage.vote({ proposalId: 'p1', participantId: 'participant-before', key: 'agree', votedAt: '2025-01-01T10:00:00Z', trust: 'issued' });
  await storage.close();
  await undoMigrationsAfterThree(sql);
}

/**
 * Migration 4: rows from before have no origin hash, new writes keep theirs, exclusions can be stored.
 * @param {Storage} storage
 * @param {Sql} sql
 */
async function assertMigratedToFour(storage, sql) {
  assert.deepEqual((await sql('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version)), [1, 2, 3, 4, 5, 6, 7, 8]);
  await storage.vote({ proposalId: 'p1', participantId: 'participant-after', key: 'agree', votedAt: '2026-01-05T12:00:00Z', trust: 'issued', origin: '0123456789abcdef' });
  const votes = await storage.cohortVotes('c1');
  assert.deepEqual(votes.map((v) => [v.participantId, v.origin]).sort(), [
    ['participant-after', '0123456789abcdef'],
    ['participant-before', null],
  ]);
  const at = '2026-01-05T13:00:00.000Z';
  assert.deepEqual(await storage.excludeCohort({ consultationId: 'c1', cohortId: 'A'.repeat(22), kind: 'vector', members: ['participant-after'], reason: 'test', by: 'test', at }), { created: true });
  assert.deepEqual([...(await storage.excludedVotes('c1')).keys()], ['p1']);
}

const postgresUp = await postgresAvailable();
/** Runs SQL on a SQLite file, each call with a connection of its own (the storage holds another). */
const sqliteSql = (path) => (text) => {
  const db = new Database(path);
  try {
    return /^\s*SELECT/i.test(text) ? db.prepare(text).all() : db.exec(text);
  } finally {
    db.close();
  }
};
const postgresSql = (db) => (text) =>
  query(db.url, text.replace(/\b(schema_migrations|votes|proposals|server_secrets|consultations|cohort_members|cohort_exclusions|issuance_budget|issuance_proofs|operator_sessions|operator_invitations|operators|login_attempts|consultation_changes|moderation|moderation_claims|theme_changes)\b/g, `${db.schema}.$1`));

/** `prepare` leaves a database at `version - 1`; once opened again, `check` finds it at `version`. */
function migrates(version, what, prepare, check) {
  describe(`an existing database migrates to version ${version}${what}`, () => {
    it(`SQLite: a file at version ${version - 1}`, async (t) => {
      const path = join(sqliteDir, `migration-${version - 1}`, 'consult.db');
      await prepare(await openStorage(path), sqliteSql(path), 'sqlite');
      const storage = await openStorage(path);
      t.after(() => storage.close());
      await check(storage, sqliteSql(path));
    });

    it(`PostgreSQL: a schema at version ${version - 1}`, { skip: !postgresUp && 'PostgreSQL unreachable' }, async (t) => {
      const db = await freshPostgres();
      assert.ok(db, 'PostgreSQL is reachable');
      t.after(() => db.drop());
      await prepare(await openStorage(db.url, { schema: db.schema }), postgresSql(db), 'postgres');
      const storage = await openStorage(db.url, { schema: db.schema });
      t.after(() => storage.close());
      await check(storage, postgresSql(db));
    });
  });
}

migrates(4, ' (origin hashes, cohort exclusions)', migrationThreeDatabase, assertMigratedToFour);
migrates(3, ' (trust levels)', migrationTwoDatabase, assertMigratedToThree);
migrates(2, '', migrationOneDatabase, assertMigratedToTwo);

if (await postgresAvailable()) {
  storageSuite('PostgreSQL', () => openPostgres());

  describe('PostgreSQL shared by several server processes', () => {
    it('migrates once when several processes start at once on a new schema', async (t) => {
      const db = await freshPostgres();
      assert.ok(db, 'PostgreSQL is reachable');
      t.after(() => db.drop());
      await db.drop(); // connect must create the schema itself
      const storages = await Promise.all(Array.from({ length: 4 }, () => openStorage(db.url, { schema: db.schema })));
      t.after(() => Promise.all(storages.map((s) => s.close())));
      const versions = await query(db.url, `SELECT version FROM ${db.schema}.schema_migrations ORDER BY version`);
      assert.deepEqual(
        versions.map((r) => r.version),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
      assert.deepEqual(await storages[3].importConsultation(file, '2025-01-01T00:00:00Z'), { created: true, proposals: 2 });
      assert.equal((await consultationIn(storages[0], 'c1')).title, 'Shared database');
    });

    it('never counts a participant twice when two processes race, and tallies match the vote rows', async (t) => {
      const [one, two, db] = await twoProcesses(t, { poolSize: 2 });
      const participants = Array.from({ length: 10 }, (_, i) => `participant-shared-${i}`);
      const keys = /** @type {const} */ (['agree', 'disagree', 'neutral']);
      const TRUST = /** @type {const} */ (['host', 'issued', 'untrusted']);
      const writes = [];
      // Each click is a wave of its own (a new turn of the event loop), so each process runs several
      // transactions at once on the same rows, besides racing the other process.
      for (let click = 0; click < 6; click++) {
        await new Promise((resolve) => setImmediate(resolve));
        for (const [i, participantId] of participants.entries()) {
          for (const proposalId of ['p1', 'p2']) {
            const storage = (click + i) % 2 ? one : two;
            const votedAt = new Date(Date.UTC(2025, 0, 1, 10, click % 3)).toISOString();
            writes.push(storage.vote({ proposalId, participantId, key: keys[(i + click) % 3], votedAt, trust: TRUST[i % 3] }));
            if (click === 5) writes.push(storage.qualify({ proposalId, participantId, qualification: 'likeIt', active: true }));
          }
        }
      }
      await Promise.all(writes);
      // Every counter equals what the vote rows say, computed independently by the database.
      const rows = await query(
        db.url,
        `SELECT p.id, p.agree, p.disagree, p.neutral, p.v_agree, p.v_disagree, p.v_neutral, p.q_like_it,
                COUNT(*) FILTER (WHERE v.key = 'agree')::int AS rows_agree,
                COUNT(*) FILTER (WHERE v.key = 'disagree')::int AS rows_disagree,
                COUNT(*) FILTER (WHERE v.key = 'neutral')::int AS rows_neutral,
                COUNT(*) FILTER (WHERE v.key = 'agree' AND v.trust = 'host')::int AS rows_v_agree,
                COUNT(*) FILTER (WHERE v.key = 'disagree' AND v.trust = 'host')::int AS rows_v_disagree,
                COUNT(*) FILTER (WHERE v.key = 'neutral' AND v.trust = 'host')::int AS rows_v_neutral,
                p.i_agree + p.i_disagree + p.i_neutral AS issued,
                COUNT(*) FILTER (WHERE v.key IS NOT NULL AND v.trust = 'issued')::int AS rows_issued,
                COUNT(*) FILTER (WHERE v.qualifications & 1 = 1)::int AS rows_like_it,
                COUNT(v.*)::int AS rows
           FROM ${db.schema}.proposals p LEFT JOIN ${db.schema}.votes v ON v.proposal_seq = p.seq
          GROUP BY p.seq ORDER BY p.seq`,
      );
      for (const r of rows) {
        assert.equal(r.rows, participants.length, `${r.id}: one vote row per participant`);
        assert.deepEqual(
          [r.agree, r.disagree, r.neutral, r.v_agree, r.v_disagree, r.v_neutral, r.q_like_it],
          [r.rows_agree, r.rows_disagree, r.rows_neutral, r.rows_v_agree, r.rows_v_disagree, r.rows_v_neutral, r.rows_like_it],
          r.id,
        );
        assert.equal(r.issued, r.rows_issued, `${r.id}: issued votes counted apart`);
        assert.ok(r.rows_issued > 0 && r.rows_v_agree + r.rows_v_disagree + r.rows_v_neutral > 0, `${r.id}: every trust level written`);
        assert.equal(r.agree + r.disagree + r.neutral, participants.length);
      }
      // Both processes read the same tallies.
      assert.deepEqual(await one.results('c1'), await two.results('c1'));
    });

    it('answers every vote with the tally right after it while two processes race', async (t) => {
      const [one, two] = await twoProcesses(t);
      const answers = [];
      for (let wave = 0; wave < 8; wave++) {
        for (let i = 0; i < 10; i++) {
          const storage = i % 2 ? one : two;
          answers.push(storage.vote({ proposalId: 'p1', participantId: `participant-${wave}-${i}`, key: 'agree', votedAt: '2025-01-01T10:00:00Z', trust: 'untrusted' }));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const agreeCounts = (await Promise.all(answers)).map((a) => accepted(a).votes.agree).sort((a, b) => a - b);
      assert.deepEqual(
        agreeCounts,
        Array.from({ length: 80 }, (_, i) => i + 1),
      );
    });

    it('counts no vote after another process closed the consultation', async (t) => {
      const [one, two] = await twoProcesses(t);
      const answers = [];
      let closing;
      for (let wave = 0; wave < 30; wave++) {
        for (let i = 0; i < 5; i++) {
          const participantId = `participant-${wave}-${i}`;
          answers.push(two.vote({ proposalId: 'p1', participantId, key: 'agree', votedAt: '2025-01-01T10:00:00Z', trust: 'untrusted' }));
        }
        if (wave === 10) {
          closing = one.setStatus('c1', 'closed').then(async () => (await proposalIn(one, 'p1')).votes.agree);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const tallyWhenClosed = await closing;
      const settled = await Promise.all(answers);
      const accepted = settled.filter((a) => !('refused' in a));
      assert.ok(settled.every((a) => !('refused' in a) || a.refused === 'closed'));
      assert.equal((await proposalIn(two, 'p1')).votes.agree, tallyWhenClosed, 'nothing counted after the close');
      assert.equal(accepted.length, tallyWhenClosed, 'every vote answered as counted is counted');
    });

    it('leaves no vote row behind for a refused qualification', async (t) => {
      const db = await freshPostgres();
      assert.ok(db, 'PostgreSQL is reachable');
      t.after(() => db.drop());
      const storage = await openStorage(db.url, { schema: db.schema });
      t.after(() => storage.close());
      await storage.importConsultation(file, '2025-01-01T00:00:00Z');
      const outcome = await storage.qualify({ proposalId: 'p1', participantId: 'participant-no-vote', qualification: 'likeIt', active: true });
      assert.equal('refused' in outcome && outcome.refused, 'conflict');
      assert.deepEqual(await query(db.url, `SELECT * FROM ${db.schema}.votes`), []);
    });

    it('fails only the write PostgreSQL rejects, not the others sent with it', async (t) => {
      const db = await freshPostgres();
      assert.ok(db, 'PostgreSQL is reachable');
      t.after(() => db.drop());
      const storage = await openStorage(db.url, { schema: db.schema });
      t.after(() => storage.close());
      await storage.importConsultation(file, '2025-01-01T00:00:00Z');
      const send = (participantId) => storage.vote({ proposalId: 'p1', participantId, key: 'agree', votedAt: '2025-01-01T10:00:00Z', trust: 'untrusted' });
      // PostgreSQL text cannot hold a NUL character: that write fails, in the same batch as the others.
      const [good1, bad, good2] = await Promise.allSettled([send('participant-good-1'), send('participant-\u0000-bad'), send('participant-good-2')]);
      assert.equal(bad.status, 'rejected');
      assert.equal(good1.status, 'fulfilled');
      assert.equal(good2.status, 'fulfilled');
      assert.deepEqual((await proposalIn(storage, 'p1')).votes, { agree: 2, disagree: 0, neutral: 0 });
    });

    it('keeps schemas apart', async (t) => {
      const a = await openPostgres();
      const b = await openPostgres();
      t.after(async () => {
        await a.close();
        await b.close();
      });
      await a.importConsultation(file, '2025-01-01T00:00:00Z');
      assert.equal((await a.listConsultations()).length, 1);
      assert.deepEqual(await b.listConsultations(), []);
      assert.equal(await b.getProposal('p1'), null);
    });

    it('refuses a schema name it would have to quote', async () => {
      const db = await freshPostgres();
      assert.ok(db, 'PostgreSQL is reachable');
      try {
        await assert.rejects(openStorage(db.url, { schema: 'Robert"); DROP TABLE x; --' }), /schema name/);
      } finally {
        await db.drop();
      }
    });
  });
} else if (process.env.CI === 'true' && process.env.CONSULT_SKIP_POSTGRES !== '1') {
  it('PostgreSQL is reachable (required in CI; set CONSULT_SKIP_POSTGRES=1 to skip it knowingly)', () => {
    assert.fail('PostgreSQL is unavailable: see the warning above.');
  });
}

/**
 * Two storages on one fresh schema, as two server processes would be, with the test consultation imported: `[one, two, db]`.
 * @param {TestContext} t
 * @param {Parameters<typeof openStorage>[1]} [secondOptions]
 */
async function twoProcesses(t, secondOptions = {}) {
  const db = await freshPostgres();
  assert.ok(db, 'PostgreSQL is reachable');
  t.after(() => db.drop());
  const one = await openStorage(db.url, { schema: db.schema });
  const two = await openStorage(db.url, { schema: db.schema, ...secondOptions });
  t.after(async () => {
    await one.close();
    await two.close();
  });
  await one.importConsultation(file, '2025-01-01T00:00:00Z');
  return /** @type {const} */ ([one, two, db]);
}
