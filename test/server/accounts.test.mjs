// @ts-check
/**
 * Operator accounts and sessions (issue 12; docs/server.md "Operators and sessions"), on SQLite
 * and PostgreSQL: what an attacker meets at the admin API (no answer without a session or the
 * token, cookie flags, CSRF, brute force, a moderator's limits, expiry, logout, invitations) and
 * what the database and the logs keep (no password, session id or invitation token in clear).
 *
 *   npm run build && node --test test/server/accounts.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { assertError, forEachDatabase, startServer } from './server.mjs';
import { addOperatorWithToken, adminClient, EVIL, FAST_SCRYPT, logCapture, logIn, manualClock, ORIGIN, PASSWORD, sessionOf } from './accounts-helpers.mjs';

const HOUR = 3_600_000;
const asError = (answer, status, code) => assertError({ ...answer, headers: new Headers(answer.headers) }, status, code);

/** Every row of every table, as text (what a stolen database shows). */
async function databaseText(ctx) {
  if (ctx.database === 'sqlite') {
    const db = ctx.storage.db;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    return JSON.stringify(tables.map(({ name }) => db.prepare(`SELECT * FROM "${name}"`).all()));
  }
  const { rows: tables } = await ctx.storage.pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
  const out = [];
  for (const { table_name: name } of tables) out.push((await ctx.storage.pool.query(`SELECT * FROM "${name}"`)).rows);
  return JSON.stringify(out);
}

await forEachDatabase('operator accounts', (database) => {
  const clock = manualClock();
  const logs = logCapture();
  /** Every secret the tests hand out: none may reach the logs or the database. */
  const secrets = new Set([PASSWORD]);
  let ctx;
  let admin;
  let c;
  before(async () => {
    ctx = await startServer({
      database: database.id,
      now: clock.now,
      logger: { level: 'info', stream: logs.stream },
      accounts: { scryptCost: FAST_SCRYPT, login: { perEmail: 5, perAddress: 8 } },
    });
    admin = adminClient(ctx);
    c = await ctx.seed();
    await addOperatorWithToken(admin, 'Ana@Example.org', 'admin');
    await addOperatorWithToken(admin, 'mo@example.org', 'moderator');
  });
  after(() => ctx?.close());

  const session = async (email, options) => {
    const { answer, cookie } = await logIn(admin, email, PASSWORD, options);
    assert.equal(answer.status, 201, answer.text);
    secrets.add(cookie);
    return cookie;
  };

  it('no admin route answers without a session or the token, nor with an unknown session', async () => {
    const routes = [
      ['GET', '/consultations'],
      ['GET', `/consultations/${c.id}`],
      ['POST', '/consultations', {}],
      ['PUT', `/consultations/${c.id}/status`, { status: 'closed' }],
      ['GET', `/consultations/${c.id}/proposals`],
      ['GET', `/consultations/${c.id}/moderation`],
      ['GET', `/consultations/${c.id}/cohorts`],
      ['POST', `/consultations/${c.id}/cohorts/${'A'.repeat(22)}/exclusion`, { reason: 'Looks scripted', by: 'x' }],
      ['POST', `/proposals/${c.p6}/moderation`, { decision: 'accept' }],
      ['DELETE', '/participants/participant-0001'],
      ['GET', '/session'],
      ['DELETE', '/session'],
      ['GET', '/operators'],
      ['POST', '/operators', { email: 'eve@example.org', role: 'admin', password: PASSWORD }],
      ['PUT', '/operators/op_AAAAAAAAAAAAAAAAAAAAAA/role', { role: 'admin' }],
      ['DELETE', '/operators/op_AAAAAAAAAAAAAAAAAAAAAA'],
    ];
    for (const [method, path, body] of routes) {
      for (const cookie of [undefined, 'A'.repeat(43), '']) {
        asError(await admin(method, path, { body, cookie }), 401, 'unauthorized');
      }
      asError(await admin(method, path, { body, bearer: 'not-the-token', origin: null }), 401, 'unauthorized');
    }
    const pending = await ctx.storage.listProposals(c.id, { status: 'pending', limit: 10 });
    assert.deepEqual(pending.items.map((p) => p.id), [c.p6], 'nothing was moderated');
    assert.equal((await admin('GET', '/operators', { bearer: true })).json.operators.length, 2, 'nobody was added');
  });

  it('a login sets an HttpOnly, SameSite=Strict cookie for the admin API only; GET /admin/session says who', async () => {
    const { answer, cookie, header } = await logIn(admin, '  ANA@example.ORG ', PASSWORD);
    assert.equal(answer.status, 201, answer.text);
    secrets.add(cookie);
    assert.match(cookie, /^[A-Za-z0-9_-]{43}$/);
    assert.match(header, /; HttpOnly/);
    assert.match(header, /; SameSite=Strict/);
    assert.match(header, /; Path=\/api\/v1\/admin(;|$)/);
    assert.doesNotMatch(header, /Secure/, 'plain HTTP: no Secure flag, or the browser would drop it');
    assert.equal(answer.json.operator.name, 'ana@example.org');
    const me = await admin('GET', '/session', { cookie });
    assert.equal(me.status, 200);
    assert.deepEqual({ ...me.json.operator, id: undefined }, { id: undefined, name: 'ana@example.org', role: 'admin' });
    assert.equal(me.json.via, 'session');
    assert.equal(me.json.expiresAt, new Date(clock.now() + 12 * HOUR).toISOString());
    const token = await admin('GET', '/session', { bearer: true, origin: null });
    assert.deepEqual(token.json, { operator: { id: 'admin-token', name: 'admin-token', role: 'admin' }, via: 'token', idleExpiresAt: null, expiresAt: null });
  });

  it('the cookie is Secure behind a trusted proxy that says HTTPS, and only there', async () => {
    const proxied = { headers: { 'x-forwarded-proto': 'https' } };
    // Not behind a trusted proxy: anyone can send X-Forwarded-Proto; the origin stays http.
    const direct = await logIn(admin, 'ana@example.org', PASSWORD, proxied);
    assert.equal(direct.answer.status, 201);
    assert.doesNotMatch(direct.header, /Secure/);
    secrets.add(direct.cookie);
    const behind = await startServer({ database: 'sqlite', trustProxy: 1, accounts: { scryptCost: FAST_SCRYPT } });
    try {
      const viaProxy = adminClient(behind);
      await addOperatorWithToken(viaProxy, 'ana@example.org', 'admin');
      // Over HTTPS the console's origin is https://…: the proxy forwards that Origin.
      const secure = await logIn(viaProxy, 'ana@example.org', PASSWORD, { ...proxied, origin: ORIGIN.replace('http:', 'https:'), address: '10.0.0.2' });
      assert.equal(secure.answer.status, 201, secure.answer.text);
      assert.match(secure.header, /; Secure/);
      secrets.add(secure.cookie);
      const plain = await logIn(viaProxy, 'ana@example.org', PASSWORD, { address: '10.0.0.2' });
      assert.doesNotMatch(plain.header, /Secure/);
      secrets.add(plain.cookie);
    } finally {
      await behind.close();
    }
  });

  it('CSRF: a write with the cookie from a foreign origin, or without Origin, is refused (403); the bearer token needs none', async () => {
    const cookie = await session('ana@example.org');
    const close = (origin) => admin('PUT', `/consultations/${c.id}/status`, { body: { status: 'closed' }, cookie, origin });
    for (const origin of [EVIL, null, 'null', `${ORIGIN}:8080`, ORIGIN.replace('http:', 'https:'), `${ORIGIN}.evil.example`]) {
      asError(await close(origin), 403, 'forbidden');
    }
    asError(await admin('DELETE', '/session', { cookie, origin: EVIL }), 403, 'forbidden');
    assert.equal((await ctx.storage.getConsultation(c.id)).status, 'open', 'nothing was closed');
    assert.equal((await admin('GET', '/session', { cookie })).status, 200, 'nor did the session end');
    // A login from another site (login CSRF) is refused too.
    asError(await admin('POST', '/session', { body: { email: 'ana@example.org', password: PASSWORD }, origin: EVIL }), 403, 'forbidden');
    asError(await admin('POST', '/session', { body: { email: 'ana@example.org', password: PASSWORD }, origin: null }), 403, 'forbidden');
    // Reads need no Origin (SameSite=Strict keeps other sites' requests cookieless anyway).
    assert.equal((await admin('GET', '/consultations', { cookie, origin: null })).status, 200);
    assert.equal((await close(ORIGIN)).status, 200);
    assert.equal((await admin('PUT', `/consultations/${c.id}/status`, { body: { status: 'open' }, bearer: true, origin: null })).status, 200);
  });

  it('no CORS on admin routes: a foreign preflight gets no grant, a foreign request with the token is refused', async () => {
    const preflight = await ctx.server.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/admin/session',
      headers: { host: 'console.example', origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.statusCode, 404, 'the CORS plugin does not answer it: the JSON 404');
    assert.equal(preflight.headers['access-control-allow-origin'], undefined, preflight.body);
    assert.equal(preflight.headers['access-control-allow-credentials'], undefined);
    asError(await admin('GET', '/consultations', { bearer: true, origin: EVIL }), 403, 'forbidden');
  });

  it('the same answer for an unknown email and a wrong password', async () => {
    const unknown = await logIn(admin, 'nobody@example.org', PASSWORD, { address: '192.0.2.10' });
    const wrong = await logIn(admin, 'mo@example.org', 'wrong password!!', { address: '192.0.2.11' });
    const error = asError(unknown.answer, 401, 'unauthorized');
    assert.deepEqual(asError(wrong.answer, 401, 'unauthorized'), error);
    assert.equal(unknown.cookie, '');
    assert.equal(wrong.cookie, '');
  });

  it('brute force: 5 tries per email whatever the addresses, then 429 with Retry-After, even with the right password', async () => {
    await addOperatorWithToken(admin, 'target@example.org', 'moderator');
    for (let i = 0; i < 5; i++) {
      asError((await logIn(admin, 'target@example.org', `guess number ${i}`, { address: `203.0.113.${i + 1}` })).answer, 401, 'unauthorized');
    }
    for (const address of ['203.0.113.99', '2001:db8:1::1', '2001:db8:2::1']) {
      const refused = (await logIn(admin, 'TARGET@example.org', PASSWORD, { address })).answer;
      asError(refused, 429, 'rate_limited');
      const wait = Number(refused.headers['retry-after']);
      assert.ok(wait >= 1 && wait <= 15 * 60, `Retry-After ${wait}`);
    }
    // The window passes: the owner logs in.
    clock.advance(16 * 60_000);
    assert.equal((await logIn(admin, 'target@example.org', PASSWORD, { address: '203.0.113.99' })).answer.status, 201);
  });

  it('brute force: 8 tries per address (IPv6 per /64) whatever the emails, then 429', async () => {
    clock.advance(16 * 60_000);
    for (let i = 0; i < 8; i++) {
      asError((await logIn(admin, `user${i}@example.org`, 'guess', { address: `2001:db8:77::${i + 1}` })).answer, 401, 'unauthorized');
    }
    for (const email of ['ana@example.org', 'someone-else@example.org']) {
      asError((await logIn(admin, email, PASSWORD, { address: '2001:db8:77::ffff' })).answer, 429, 'rate_limited');
    }
    // The emails tried from that address still have their own budget elsewhere.
    assert.equal((await logIn(admin, 'ana@example.org', PASSWORD, { address: '2001:db8:78::1' })).answer.status, 201);
    clock.advance(16 * 60_000);
  });

  it('a moderator reads and moderates, and gets 403 for everything else', async () => {
    const cookie = await session('mo@example.org');
    const as = (method, path, body) => admin(method, path, { body, cookie });
    assert.equal((await as('GET', '/consultations')).status, 200);
    assert.equal((await as('GET', `/consultations/${c.id}/proposals?status=pending`)).status, 200);
    assert.equal((await as('GET', `/consultations/${c.id}/cohorts`)).status, 200);
    for (const [method, path, body] of [
      ['PUT', `/consultations/${c.id}/status`, { status: 'closed' }],
      ['POST', '/consultations', { consultation: { id: c.id, title: 'Hijacked', question: 'Q?', locale: 'en' }, proposals: [] }],
      ['DELETE', '/participants/participant-0001'],
      ['POST', `/consultations/${c.id}/cohorts/${'A'.repeat(22)}/exclusion`, { reason: 'Looks scripted' }],
      ['GET', '/operators'],
      ['POST', '/operators', { email: 'mo2@example.org', role: 'admin', password: PASSWORD }],
    ]) {
      asError(await as(method, path, body), 403, 'forbidden');
    }
    const consultation = await ctx.storage.getConsultation(c.id);
    assert.equal(consultation.status, 'open');
    assert.equal(consultation.title, c.file.consultation.title);
    const accepted = await as('POST', `/proposals/${c.p6}/moderation`, { decision: 'accept' });
    assert.equal(accepted.status, 200, accepted.text);
  });

  it('a cohort decision with a session needs no `by` (the operator decides); with the token it does', async () => {
    const cookie = await session('ana@example.org');
    const path = `/consultations/${c.id}/cohorts/${'A'.repeat(22)}/exclusion`;
    // The cohort is unknown: past the body check, the route answers 404.
    asError(await admin('POST', path, { body: { reason: 'Looks scripted' }, cookie }), 404, 'not_found');
    asError(await admin('POST', path, { body: { reason: 'Looks scripted' }, bearer: true, origin: null }), 400, 'invalid_request');
    asError(await admin('POST', path, { body: { reason: 'Looks scripted', by: 'Ana' }, bearer: true, origin: null }), 404, 'not_found');
  });

  it('an erasure by a session logs its operator, not admin-token', async () => {
    const cookie = await session('ana@example.org');
    assert.equal((await admin('DELETE', '/participants/participant-0042', { cookie })).status, 200);
    const line = logs.text.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((l) => l.erasure);
    assert.equal(line.erasure.by, 'ana@example.org');
  });

  it('a session ends after 2 h unused and 12 h after login, used or not', async () => {
    const idle = await session('ana@example.org');
    const used = await session('ana@example.org');
    clock.advance(HOUR + 59 * 60_000);
    assert.equal((await admin('GET', '/session', { cookie: used })).status, 200);
    clock.advance(2 * 60_000);
    asError(await admin('GET', '/session', { cookie: idle }), 401, 'unauthorized');
    for (let h = 0; h < 9; h++) {
      clock.advance(HOUR);
      assert.equal((await admin('GET', '/consultations', { cookie: used })).status, 200, `hour ${h}`);
    }
    clock.advance(HOUR);
    asError(await admin('GET', '/consultations', { cookie: used }), 401, 'unauthorized');
  });

  it('logout ends the session (the cookie is cleared and the id no longer works)', async () => {
    const cookie = await session('ana@example.org');
    const out = await admin('DELETE', '/session', { cookie });
    assert.equal(out.status, 204);
    assert.match(sessionOf(out).header, /^consult_session=; .*Max-Age=0/);
    asError(await admin('GET', '/session', { cookie }), 401, 'unauthorized');
  });

  it('an invitation works once, within 72 h, and logs the invited operator in', async () => {
    const cookie = await session('ana@example.org');
    const created = await admin('POST', '/operators', { body: { email: 'new@example.org', role: 'moderator' }, cookie });
    assert.equal(created.status, 201, created.text);
    const { url, expiresAt } = created.json.invitation;
    assert.equal(expiresAt, new Date(clock.now() + 72 * HOUR).toISOString());
    const token = new URL(url).hash.replace('#invite=', '');
    assert.equal(new URL(url).origin + new URL(url).pathname, `${ORIGIN}/admin/`);
    secrets.add(token);
    // Not yet a password: the invited email cannot log in.
    asError((await logIn(admin, 'new@example.org', PASSWORD, { address: '192.0.2.50' })).answer, 401, 'unauthorized');
    const accept = (t, password = `${PASSWORD}!`) => admin('POST', `/invitations/${t}`, { body: { password }, address: '192.0.2.50' });
    asError(await admin('POST', `/invitations/${token}`, { body: { password: `${PASSWORD}!` }, origin: EVIL }), 403, 'forbidden');
    asError(await accept(token, 'short'), 400, 'invalid_request');
    const first = await accept(token);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.operator.name, 'new@example.org');
    secrets.add(sessionOf(first).cookie).add(`${PASSWORD}!`);
    assert.equal((await admin('GET', '/session', { cookie: sessionOf(first).cookie })).json.operator.role, 'moderator');
    asError(await accept(token, 'another password entirely'), 404, 'not_found');
    assert.equal((await logIn(admin, 'new@example.org', `${PASSWORD}!`, { address: '192.0.2.51' })).answer.status, 201);
    // Expired: 72 h later, unused, it opens nothing.
    const late = await admin('POST', '/operators', { body: { email: 'late@example.org', role: 'moderator' }, bearer: true, origin: null });
    const lateToken = new URL(late.json.invitation.url).hash.replace('#invite=', '');
    secrets.add(lateToken);
    clock.advance(72 * HOUR);
    asError(await accept(lateToken), 404, 'not_found');
  });

  it('admins list, re-role and remove operators; a removed operator\'s sessions end; the last admin stays', async () => {
    const cookie = await session('ana@example.org');
    const moCookie = await session('mo@example.org');
    const list = (await admin('GET', '/operators', { cookie })).json.operators;
    const mo = list.find((o) => o.email === 'mo@example.org');
    const ana = list.find((o) => o.email === 'ana@example.org');
    assert.equal(mo.role, 'moderator');
    assert.equal(mo.passwordSet, true);
    asError(await admin('POST', '/operators', { body: { email: 'MO@example.org', role: 'admin', password: PASSWORD }, cookie }), 409, 'conflict');
    const promoted = await admin('PUT', `/operators/${mo.id}/role`, { body: { role: 'admin' }, cookie });
    assert.equal(promoted.json.role, 'admin');
    assert.equal((await admin('GET', '/session', { cookie: moCookie })).json.operator.role, 'admin', 'the role applies to open sessions at once');
    const removed = await admin('DELETE', `/operators/${mo.id}`, { cookie });
    assert.equal(removed.status, 200);
    assert.ok(removed.json.disabledAt);
    asError(await admin('GET', '/session', { cookie: moCookie }), 401, 'unauthorized');
    asError((await logIn(admin, 'mo@example.org', PASSWORD, { address: '192.0.2.60' })).answer, 401, 'unauthorized');
    // Ana is the last active admin now.
    asError(await admin('PUT', `/operators/${ana.id}/role`, { body: { role: 'moderator' }, cookie }), 409, 'conflict');
    asError(await admin('DELETE', `/operators/${ana.id}`, { cookie }), 409, 'conflict');
    asError(await admin('DELETE', `/operators/${mo.id}`, { cookie }), 404, 'not_found');
    // Added again, mo keeps their id (decisions name it) with the new role.
    await addOperatorWithToken(admin, 'mo@example.org', 'moderator');
    assert.equal((await admin('GET', '/operators', { cookie })).json.operators.find((o) => o.email === 'mo@example.org').id, mo.id);
    // An admin invited but not yet in cannot sign in: Ana stays the last admin who can, and the
    // invited one can be removed (before, the invitation counted as an admin and let Ana go).
    const invited = await admin('POST', '/operators', { body: { email: 'ivy@example.org', role: 'admin' }, cookie });
    assert.equal(invited.status, 201, invited.text);
    assert.equal(invited.json.operator.passwordSet, false);
    asError(await admin('PUT', `/operators/${ana.id}/role`, { body: { role: 'moderator' }, cookie }), 409, 'conflict');
    asError(await admin('DELETE', `/operators/${ana.id}`, { cookie }), 409, 'conflict');
    assert.equal((await admin('DELETE', `/operators/${invited.json.operator.id}`, { cookie })).status, 200);
  });

  it('nothing secret is stored or logged in clear', async () => {
    const stored = await databaseText(ctx);
    const logged = logs.text;
    assert.ok(secrets.size >= 8, `${secrets.size} secrets`);
    for (const secret of secrets) {
      assert.ok(!stored.includes(secret), `the database holds a secret in clear: ${secret.slice(0, 6)}…`);
      assert.ok(!logged.includes(secret), `the logs hold a secret: ${secret.slice(0, 6)}…`);
    }
    assert.match(stored, /scrypt\$10\$8\$1\$/, 'passwords are stored as scrypt hashes with their parameters');
    assert.doesNotMatch(stored, /198\.51\.100\.7|2001:db8:77/, 'no client address in the database');
    assert.match(logged, /invitations\/:token/, 'the invitation route was logged, its token redacted');
  });
});
