// @ts-check
/**
 * The issuance budget is kept in the database, so every server process on one database counts the
 * same places (issue 10): two real consult-server processes on one PostgreSQL schema give one
 * address 60 identities in all, not 120, whether its requests alternate or race. The window slides
 * by the server's clock (`now`), rows name keyed hashes, never an address, and leave with their
 * window; on SQLite (one process) and PostgreSQL alike. Run `npm run build` first.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import * as z from 'zod/mini';
import { ImportFile } from 'consult-widgets/protocol/admin';
import { IssuanceBudget, openStorage } from 'consult-server';
import { schemaUrl, skipPostgres, startServer as startChild, stopServer } from './child.mjs';
import { freshPostgres } from './pg.mjs';
import { fixtureFile, forEachDatabase } from './server.mjs';

/** A storage of its own and `sql(text)` to read its tables from another connection; `close()` removes it. */
export async function ownDatabase(id) {
  if (id === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'consult-issuance-'));
    const path = join(dir, 'consult.db');
    const storage = await openStorage(path);
    const sql = (text) => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare(text).all();
      } finally {
        db.close();
      }
    };
    return { storage, sql, close: async () => (await storage.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const database = await freshPostgres();
  assert.ok(database, 'PostgreSQL is reachable');
  const storage = await openStorage(database.url, { schema: database.schema });
  const sql = async (text) => {
    const client = new pg.Client({ connectionString: schemaUrl(database) });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };
  return { storage, sql, close: async () => (await storage.close(), await database.drop()) };
}

/**
 * Two servers on one database, stopped after the test. When one fails to start, the one that did is
 * stopped too: left running, its pipes would keep this file's process, and `node --test`, alive.
 * @param {string} db
 * @param {import('node:test').TestContext} t
 */
async function startTwo(db, t) {
  const started = await Promise.allSettled([startChild(db), startChild(db)]);
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  t.after(() => Promise.all(servers.map(stopServer)));
  for (const s of started) if (s.status === 'rejected') throw s.reason;
  return servers;
}

const issue = (url, consultationId) =>
  fetch(`${url}/participants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ consultationId }) });

describe('two consult-server processes on one PostgreSQL share the issuance budget', () => {
  it('alternating requests from one address get 60 identities in all; the 61st is 429 with Retry-After from either process', { timeout: 90_000 }, async (t) => {
    const database = await freshPostgres();
    if (!database) return skipPostgres(t, 'issuance-shared.test.mjs');
    t.after(() => database.drop());
    const storage = await openStorage(database.url, { schema: database.schema });
    await storage.importConsultation(z.parse(ImportFile, fixtureFile('shared')), new Date().toISOString());
    await storage.close();
    const servers = await startTwo(schemaUrl(database), t);

    const statuses = [];
    for (let i = 0; i < 60; i++) statuses.push((await issue(servers[i % 2].url, 'shared')).status);
    assert.deepEqual(statuses, new Array(60).fill(201), 'each process issues its turn while the address has places');
    for (const server of servers) {
      const refused = await issue(server.url, 'shared');
      assert.equal(refused.status, 429);
      const wait = Number(refused.headers.get('retry-after'));
      assert.ok(wait >= 1 && wait <= 3600, `Retry-After ${wait} s, within the hour window`);
      assert.equal((await refused.json()).error.code, 'rate_limited');
    }
  });

  it('requests racing on both processes never take more than the budget', { timeout: 90_000 }, async (t) => {
    const database = await freshPostgres();
    if (!database) return skipPostgres(t, 'issuance-shared.test.mjs');
    t.after(() => database.drop());
    const storage = await openStorage(database.url, { schema: database.schema });
    await storage.importConsultation(z.parse(ImportFile, fixtureFile('race')), new Date().toISOString());
    await storage.close();
    const servers = await startTwo(schemaUrl(database), t);

    const answers = await Promise.all(Array.from({ length: 90 }, (_, i) => issue(servers[i % 2].url, 'race')));
    const issued = answers.filter((a) => a.status === 201).length;
    assert.equal(issued, 60, `60 places, ${issued} issued`);
    assert.equal(answers.filter((a) => a.status === 429).length, 30);
  });
});

await forEachDatabase('the shared budget as stored', (database) => {
  {
    it('slides by the server clock: places come back as the window passes, Retry-After says when', async (t) => {
      const ctx = await ownDatabase(database.id);
      t.after(() => ctx.close());
      let now = Date.UTC(2026, 11, 5, 12, 0, 0);
      /** @type {import('consult-server').IssuanceOptions} */
      const options = { perAddress: 3, windowMs: 3_600_000, tokenDays: 1, ipv6Prefix: 64, proof: false };
      const budget = await IssuanceBudget.open(ctx.storage, options, () => now);
      const other = await IssuanceBudget.open(ctx.storage, options, () => now); // a second process
      assert.equal(await budget.take('203.0.113.7'), 0);
      now += 10 * 60_000;
      assert.equal(await other.take('203.0.113.7'), 0);
      assert.equal(await budget.take('203.0.113.7'), 0);
      const wait = await other.take('203.0.113.7');
      // The first place frees when its 3-minute slice leaves the hour: 50 minutes from now.
      assert.equal(wait, 50 * 60);
      assert.equal(await budget.take('2001:db8::1'), 0, 'another address has its own places');
      now += wait * 1000;
      assert.equal(await budget.take('203.0.113.7'), 0, 'one place back once the oldest slice left');
      assert.ok((await other.take('203.0.113.7')) > 0);
    });

    it('keeps keyed hashes, never an address, and deletes a row once its window has passed', async (t) => {
      const ctx = await ownDatabase(database.id);
      t.after(() => ctx.close());
      let now = Date.UTC(2026, 11, 5, 12, 0, 0);
      /** @type {import('consult-server').IssuanceOptions} */
      const options = { perAddress: 60, windowMs: 3_600_000, tokenDays: 1, ipv6Prefix: 64, proof: false };
      const budget = await IssuanceBudget.open(ctx.storage, options, () => now);
      await budget.take('203.0.113.7');
      await budget.take('2001:db8:aa:bb::1');
      const rows = await ctx.sql('SELECT address_hash, counts FROM issuance_budget ORDER BY address_hash');
      assert.equal(rows.length, 2);
      for (const row of rows) {
        assert.match(row.address_hash, /^[A-Za-z0-9_-]{32}$/);
        assert.doesNotMatch(JSON.stringify(row), /203\.0\.113|2001:db8|db8/);
      }
      now += 3_600_000 + 60_000;
      await budget.take('198.51.100.1');
      assert.equal((await ctx.sql('SELECT address_hash FROM issuance_budget')).length, 1, 'the two old rows are gone');
    });
  }
});
