// @ts-check
/**
 * Issue 9, item 7: logs a flood cannot fill. A flood answered only with 429 wrote 28.9 MB of logs
 * in 10 s (two lines per request); a full disk wrote 44,900 stack traces in 25 s. Now refusals
 * are counted and summarised once per interval (short here), and a repeated server error is
 * logged once per burst with its count. On SQLite and PostgreSQL.
 *
 *   npm run build && node --test test/server/edge-logs.test.mjs
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { it } from 'node:test';
import * as z from 'zod/mini';
import { ImportFile } from 'consult-widgets/protocol/admin';
import { createConsultServer, openStorage } from 'consult-server';
import { fixtureFile, forEachDatabase, startServer, vote } from './server.mjs';
import { freshPostgres } from './pg.mjs';

const INTERVAL = 400;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pino destination that keeps what it is given: `.text()` and `.lines()` (parsed). */
function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { stream, text: () => text, bytes: () => Buffer.byteLength(text), lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

const sum = (lines, pick) => lines.reduce((total, line) => total + (pick(line) ?? 0), 0);

await forEachDatabase('edge: logs under a flood', (database) => {
  it('a flood of 3,000 requests answered 429 logs a few summary lines with the right counts, not a line per request', async (t) => {
    const logs = capture();
    const ctx = await startServer({
      database: database.id,
      logger: { level: 'info', stream: logs.stream },
      logSummaryIntervalMs: INTERVAL,
      rateLimit: { perAddress: 10, perParticipant: 10_000, windowMs: 60_000 },
    });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const before = logs.bytes();
    const statuses = [];
    for (let i = 0; i < 3000; i++) {
      const answer = await ctx.server.app.inject({ method: 'GET', url: `/api/v1/consultations/${c.id}`, remoteAddress: '198.51.100.1' });
      statuses.push(answer.statusCode);
    }
    assert.equal(statuses.filter((s) => s === 429).length, 2990, 'the flood was refused');
    await sleep(INTERVAL * 2.5);
    const written = logs.bytes() - before;
    t.diagnostic(`log bytes for 3,000 requests (10 served, 2,990 refused): ${written} B`);
    assert.ok(written < 8_000, `${written} bytes of logs for the flood:\n${logs.text().slice(before, before + 2000)}`);
    const lines = logs.lines();
    const summaries = lines.filter((l) => /^refused \d+ requests in the last/.test(l.msg));
    assert.ok(summaries.length >= 1, 'a summary line');
    assert.equal(sum(summaries, (l) => l.refusals['429 rate_limited']), 2990);
    assert.equal(sum(summaries, (l) => l.limits.address), 2990);
    assert.equal(lines.filter((l) => l.msg === 'request completed').length, 10, 'one line per served request');
    assert.ok(
      lines.filter((l) => l.msg === 'request completed').every((l) => l.req?.url === `/api/v1/consultations/${c.id}` && l.res?.statusCode === 200),
      'a served request line says what was served',
    );
  });

  it('a burst of 2,000 storage errors logs the first with its stack, then the count; the next burst is logged again', async (t) => {
    const logs = capture();
    const postgres = database.id === 'postgres' ? await freshPostgres() : null;
    const real = postgres ? await openStorage(postgres.url, { schema: postgres.schema }) : await openStorage(':memory:');
    let failing = false;
    const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const storage = new Proxy(real, {
      get(target, property) {
        if (property === 'vote' && failing) return async () => Promise.reject(diskFull());
        const value = target[property];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const server = await createConsultServer({ storage, rateLimit: false, logger: { level: 'info', stream: logs.stream }, logSummaryIntervalMs: INTERVAL });
    t.after(async () => {
      await server.close();
      await postgres?.drop();
    });
    await real.importConsultation(z.parse(ImportFile, fixtureFile('burst')), new Date().toISOString());
    const put = (i) => server.app.inject({ method: 'PUT', url: `/api/v1/proposals/burst-p1/votes/participant-${i}`, payload: vote('agree') });

    failing = true;
    for (let i = 0; i < 2000; i++) assert.equal((await put(i)).statusCode, 500);
    await sleep(INTERVAL * 3.5); // the burst is over: a whole interval without the error
    for (let i = 0; i < 5; i++) assert.equal((await put(i)).statusCode, 500);
    await sleep(INTERVAL * 1.5);
    failing = false;

    const lines = logs.lines();
    const full = lines.filter((l) => l.msg === 'request failed');
    assert.equal(full.length, 2, 'once per burst, with the error');
    assert.match(full[0].err.stack, /database or disk is full/);
    const repeats = lines.filter((l) => /^the same server error \d+ more times/.test(l.msg));
    assert.equal(sum(repeats, (l) => l.repeated), 1999 + 4, 'every other error is counted');
    assert.ok(repeats.every((l) => l.error.includes('database or disk is full')));
    assert.ok(logs.bytes() < 12_000, `${logs.bytes()} bytes for 2,005 failed requests`);
    assert.equal(sum(lines.filter((l) => l.refusals), (l) => l.refusals['500 server']), 2005, 'and summarised by status');
    assert.equal((await put('after')).statusCode, 200, 'the server recovers with the storage');
  });
});
