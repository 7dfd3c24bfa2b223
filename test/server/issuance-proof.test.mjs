// @ts-check
/**
 * Proof of work at issuance (issue 10, optional per server): a server that asks one answers 428
 * `proof_required` to a request without it; a solved challenge issues once; wrong, expired,
 * replayed, another consultation's or malformed proofs are refused with JSON 4xx and issue
 * nothing; a replay is refused by another process on the same database too. Both databases.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createChallenge, solveChallenge } from 'altcha-lib/v1';
import { createConsultServer, openStorage } from 'consult-server';
import { CLI, runCli } from './child.mjs';
import { freshPostgres, postgresAvailable } from './pg.mjs';
import { assertError, fixtureFile, forEachDatabase, startServer } from './server.mjs';

/** Small on purpose: a test solves in milliseconds; the difficulty's cost is measured apart (docs/server.md). */
const PROOF = { maxNumber: 2000, expiresMs: 5 * 60_000 };

const challengeFor = (ctx, consultationId) => ctx.call('GET', `/participants/challenge?consultationId=${encodeURIComponent(consultationId)}`);

async function solve(challenge) {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  assert.ok(solution, 'the challenge has a solution within maxnumber');
  const { maxnumber: _m, ...rest } = challenge;
  return { ...rest, number: solution.number };
}

async function solvedProof(ctx, consultationId) {
  const answer = await challengeFor(ctx, consultationId);
  assert.equal(answer.status, 200, answer.text);
  return solve(answer.json);
}

const issue = (ctx, body) => ctx.call('POST', '/participants', { body });

await forEachDatabase('proof of work at issuance', (database) => {
  const proofServer = (t) =>
    startServer({ database: database.id, issuance: { proof: PROOF } }).then((ctx) => {
      t.after(() => ctx.close());
      return ctx;
    });

  it('without a proof: 428 proof_required; the challenge names its consultation and expiry, is never cached; a solved one issues', async (t) => {
    const ctx = await proofServer(t);
    const c = await ctx.seed();
    assertError(await issue(ctx, { consultationId: c.id }), 428, 'proof_required');
    const answer = await challengeFor(ctx, c.id);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.equal(answer.json.algorithm, 'SHA-256');
    assert.equal(answer.json.maxnumber, PROOF.maxNumber);
    assert.match(answer.json.salt, new RegExp(`consultationId=${c.id}&expires=\\d+&$`));
    const issued = await issue(ctx, { consultationId: c.id, proof: await solve(answer.json) });
    assert.equal(issued.status, 201, issued.text);
    assert.match(issued.json.participantId, /^i_/);
  });

  it('refuses wrong, replayed, expired, forged and other-consultation proofs (4xx, nothing issued)', async (t) => {
    const ctx = await proofServer(t);
    const c = await ctx.seed();
    const other = await ctx.seed();
    const proof = await solvedProof(ctx, c.id);

    assertError(await issue(ctx, { consultationId: c.id, proof: { ...proof, number: proof.number + 1 } }), 403, 'forbidden');
    assertError(await issue(ctx, { consultationId: other.id, proof }), 403, 'forbidden');
    // The salt changed to name the other consultation: its hash no longer matches.
    const moved = { ...proof, salt: proof.salt.replace(`consultationId=${c.id}`, `consultationId=${other.id}`) };
    assertError(await issue(ctx, { consultationId: other.id, proof: moved }), 403, 'forbidden');
    // A challenge this server did not sign (an attacker's own key): solved, yet refused.
    const foreign = await createChallenge({ hmacKey: 'not-the-server-key', maxNumber: 50, params: { consultationId: c.id }, expires: new Date(Date.now() + 60_000) });
    assertError(await issue(ctx, { consultationId: c.id, proof: await solve({ ...foreign, maxnumber: 50 }) }), 403, 'forbidden');

    assert.equal((await issue(ctx, { consultationId: c.id, proof })).status, 201, 'the genuine proof still issues once');
    assertError(await issue(ctx, { consultationId: c.id, proof }), 428, 'proof_required');

    // Expired: a genuine challenge of this server (its stored key) whose time has passed.
    const key = await ctx.storage.serverSecret('issuance-proofs', 'unused');
    const old = await createChallenge({ hmacKey: key, maxNumber: 50, params: { consultationId: c.id }, expires: new Date(Date.now() - 1000) });
    assertError(await issue(ctx, { consultationId: c.id, proof: await solve({ ...old, maxnumber: 50 }) }), 428, 'proof_required');
    const fresh = await createChallenge({ hmacKey: key, maxNumber: 50, params: { consultationId: c.id }, expires: new Date(Date.now() + 60_000) });
    assert.equal((await issue(ctx, { consultationId: c.id, proof: await solve({ ...fresh, maxnumber: 50 }) })).status, 201, 'the same key, in time: issues');
  });

  it('refuses malformed proofs with 400 before any work', async (t) => {
    const ctx = await proofServer(t);
    const c = await ctx.seed();
    const proof = await solvedProof(ctx, c.id);
    const malformed = {
      'a string': 'eyJhbGdvcml0aG0iOiJTSEEtMjU2In0=',
      'SHA-1': { ...proof, algorithm: 'SHA-1' },
      'a negative number': { ...proof, number: -1 },
      'a fractional number': { ...proof, number: 1.5 },
      'an upper-case challenge': { ...proof, challenge: proof.challenge.toUpperCase() },
      'no signature': { ...proof, signature: undefined },
      'a huge salt': { ...proof, salt: 'x'.repeat(600) },
    };
    for (const [what, bad] of Object.entries(malformed)) {
      const answer = await issue(ctx, { consultationId: c.id, proof: bad });
      assert.equal(answer.status, 400, `${what}: ${answer.text}`);
      assertError(answer, 400, 'invalid_request');
    }
    assert.equal((await issue(ctx, { consultationId: c.id, proof })).status, 201, 'none of them used the challenge');
  });

  it('a challenge follows the consultation rules (404 unknown, 409 closed) and is 404 where no proof is asked', async (t) => {
    const ctx = await proofServer(t);
    const c = await ctx.seed();
    assertError(await challengeFor(ctx, 'no-such-consultation'), 404, 'not_found');
    await ctx.storage.setStatus(c.id, 'closed');
    assertError(await challengeFor(ctx, c.id), 409, 'closed');
    const plain = await startServer({ database: database.id });
    t.after(() => plain.close());
    const open = await plain.seed();
    assertError(await challengeFor(plain, open.id), 404, 'not_found');
    assert.equal((await issue(plain, { consultationId: open.id })).status, 201, 'no proof asked: issues as before');
  });

  it('the budget still counts after the proof: a solved proof over budget is 429', async (t) => {
    const ctx = await startServer({ database: database.id, issuance: { perAddress: 1, proof: PROOF } });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    assert.equal((await issue(ctx, { consultationId: c.id, proof: await solvedProof(ctx, c.id) })).status, 201);
    assertError(await issue(ctx, { consultationId: c.id, proof: await solvedProof(ctx, c.id) }), 429, 'rate_limited');
  });
});

describe('every process on one PostgreSQL refuses a proof another process used', { skip: !(await postgresAvailable()) && 'PostgreSQL unreachable' }, () => {
  it('a challenge made by one process issues on another once, and is refused there and on the first afterwards', async (t) => {
    const db = await freshPostgres();
    assert.ok(db, 'PostgreSQL is reachable');
    t.after(() => db.drop());
    const start = async () => {
      const storage = await openStorage(db.url, { schema: db.schema });
      const server = await createConsultServer({ storage, rateLimit: false, logger: false, issuance: { proof: PROOF } });
      t.after(() => server.close());
      return server;
    };
    const [one, two] = await Promise.all([start(), start()]);
    const { fixtureFile } = await import('./server.mjs');
    const { ImportFile } = await import('consult-widgets/protocol/admin');
    const z = await import('zod/mini');
    await one.storage.importConsultation(z.parse(ImportFile, fixtureFile('proofs')), new Date().toISOString());
    const challenge = await one.app.inject({ method: 'GET', url: '/api/v1/participants/challenge?consultationId=proofs' });
    const proof = await solve(challenge.json());
    const post = (server) => server.app.inject({ method: 'POST', url: '/api/v1/participants', payload: { consultationId: 'proofs', proof } });
    assert.equal((await post(two)).statusCode, 201, 'one key for every process (stored in the database)');
    assert.equal((await post(two)).statusCode, 428);
    assert.equal((await post(one)).statusCode, 428, 'the other process knows it was used');
  });
});

describe('CONSULT_ISSUANCE_PROOF', () => {
  /** consult-server on `db` with `env`, until it listens (`{ url, stop }`) or exits (`{ code, stderr }`). */
  const run = (db, env) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, '--port', '0', '--db', db], { env: { ...process.env, CONSULT_RATE_LIMIT: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const collect = (chunk) => {
        output += chunk;
        const ready = /protocol v1 at (http:\S+)\/api\/v1/.exec(output);
        if (ready) resolve({ url: `${ready[1]}/api/v1`, stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('exit', (code) => resolve({ code, stderr: output }));
    });

  it('off by default; on or a difficulty turns it on (the challenge carries it); anything else stops the server with a usage error', { timeout: 60_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'consult-proof-env-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'consult.db');
    writeFileSync(join(dir, 'import.json'), JSON.stringify(fixtureFile('env')));
    await runCli(['import', join(dir, 'import.json'), '--db', db]);
    for (const value of ['lots', '0', '-5', '1.5', '100000001']) {
      const { code, stderr } = await run(db, { CONSULT_ISSUANCE_PROOF: value });
      assert.equal(code, 2, `${value}: ${stderr}`);
      assert.match(stderr, /CONSULT_ISSUANCE_PROOF/);
    }
    for (const [env, maxnumber] of [[{}, null], [{ CONSULT_ISSUANCE_PROOF: 'off' }, null], [{ CONSULT_ISSUANCE_PROOF: '5000' }, 5000], [{ CONSULT_ISSUANCE_PROOF: 'on' }, 20_000]]) {
      const server = await run(db, env);
      assert.ok(server.url, JSON.stringify(server));
      try {
        const challenge = await fetch(`${server.url}/participants/challenge?consultationId=env`);
        const issued = await fetch(`${server.url}/participants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"consultationId":"env"}' });
        if (maxnumber === null) {
          assert.equal(challenge.status, 404, JSON.stringify(env));
          assert.equal(issued.status, 201);
        } else {
          assert.equal((await challenge.json()).maxnumber, maxnumber);
          assert.equal(issued.status, 428);
        }
      } finally {
        await server.stop();
      }
    }
  });
});
