// @ts-check
/**
 * Operator accounts (issue 12) beyond one server: the admin API without CONSULT_ADMIN_TOKEN, two
 * server processes sharing sessions and login limits through one PostgreSQL database, and the
 * time of a login for an unknown email.
 *
 *   npm run build && node --test test/server/accounts-shared.test.mjs
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addOperator, createConsultServer, openStorage } from 'consult-server';
import { skipPostgres } from './child.mjs';
import { freshPostgres } from './pg.mjs';
import { assertError, forEachDatabase, startServer } from './server.mjs';
import { addOperatorWithToken, adminClient, FAST_SCRYPT, logIn, PASSWORD } from './accounts-helpers.mjs';

const asError = (answer, status, code) => assertError({ ...answer, headers: new Headers(answer.headers) }, status, code);

await forEachDatabase('login time', (database) => {
  it('an unknown email costs the same scrypt work as a wrong password (timed with a 16 MiB hash)', async (t) => {
    const slow = await startServer({ database: database.id, accounts: { scryptCost: { logN: 14, r: 8, p: 1 } } });
    t.after(() => slow.close());
    const timed = adminClient(slow);
    await addOperatorWithToken(timed, 'ana@example.org', 'admin');
    const once = async (email, n) => {
      const start = performance.now();
      asError((await logIn(timed, email, 'not the password', { address: `192.0.2.${n}` })).answer, 401, 'unauthorized');
      return performance.now() - start;
    };
    // Interleaved, so the machine's load falls on both alike; the fastest of each is the least disturbed.
    const wrong = [];
    const unknown = [];
    for (let i = 0; i < 5; i++) {
      wrong.push(await once('ana@example.org', 100 + i));
      unknown.push(await once('nobody@example.org', 200 + i));
    }
    const [w, u] = [Math.min(...wrong), Math.min(...unknown)];
    // Without the hash an unknown email would answer in about a millisecond; loose bounds for a busy machine.
    assert.ok(u > w / 4 && u < w * 4, `unknown email ${u.toFixed(1)} ms, wrong password ${w.toFixed(1)} ms (fastest of 5)`);
  });

});

await forEachDatabase('the admin API without CONSULT_ADMIN_TOKEN', (database) => {
  it('sessions open it; no bearer token does', async (t) => {
    const ctx = await startServer({ database: database.id, adminToken: undefined, accounts: { scryptCost: FAST_SCRYPT } });
    t.after(() => ctx.close());
    const admin = adminClient(ctx);
    for (const bearer of ['undefined', 'x', ' ']) asError(await admin('GET', '/consultations', { bearer, origin: null }), 401, 'unauthorized');
    asError(await admin('GET', '/consultations'), 401, 'unauthorized');
    // The CLI's way in (accounts-cli.test.mjs runs the CLI itself), as an embedder would call it.
    assert.notEqual(await addOperator(ctx.storage, { email: 'ana@example.org', role: 'admin', password: PASSWORD }, Date.now(), FAST_SCRYPT), 'exists');
    const { cookie } = await logIn(admin, 'ana@example.org');
    assert.equal((await admin('GET', '/consultations', { cookie })).status, 200);
  });
});

describe('two server processes on one PostgreSQL database', () => {
  it('share sessions: a logout on one ends the session on the other', async (t) => {
    const pg = await freshPostgres();
    if (!pg) return skipPostgres(t, 'two servers on one PostgreSQL');
    const servers = [];
    t.after(async () => {
      for (const s of servers) await s.close();
      await pg.drop();
    });
    for (let i = 0; i < 2; i++) {
      const storage = await openStorage(pg.url, { schema: pg.schema });
      const server = await createConsultServer({ storage, adminToken: 'admin-token-for-tests-0123456789', rateLimit: false, logger: false, accounts: { scryptCost: FAST_SCRYPT } });
      servers.push(server);
    }
    const [one, two] = servers.map((server) => adminClient({ server }));
    await addOperatorWithToken(one, 'ana@example.org', 'admin');
    const { cookie } = await logIn(two, 'ana@example.org');
    assert.equal((await one('GET', '/session', { cookie })).status, 200, 'a session made on one process works on the other');
    assert.equal((await one('DELETE', '/session', { cookie })).status, 204);
    asError(await two('GET', '/session', { cookie }), 401, 'unauthorized');
    // Login limits are shared too: 10 tries by default (the login above was one), split between the processes.
    for (let i = 0; i < 9; i++) asError((await logIn(i % 2 ? one : two, 'ana@example.org', 'wrong guess')).answer, 401, 'unauthorized');
    asError((await logIn(one, 'ana@example.org', PASSWORD, { address: '192.0.2.1' })).answer, 429, 'rate_limited');
    asError((await logIn(two, 'ana@example.org', PASSWORD, { address: '192.0.2.2' })).answer, 429, 'rate_limited');
  });
});
