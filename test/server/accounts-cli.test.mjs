// @ts-check
/**
 * `consult-server user …` (issue 12), run as a process on a SQLite file and on a PostgreSQL
 * schema, then a server on that database: the first admin logs in with the password given on
 * stdin, an invited moderator accepts their link, a role change and a removal apply to open
 * sessions. The password prompt runs in a pseudo-terminal (util-linux `script`), where it must not
 * echo what is typed.
 *
 *   npm run build && node --test test/server/accounts-cli.test.mjs
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createConsultServer, openStorage } from 'consult-server';
import { CLI, schemaUrl } from './child.mjs';
import { freshPostgres } from './pg.mjs';
import { forEachDatabase } from './server.mjs';
import { adminClient, logIn, PASSWORD } from './accounts-helpers.mjs';

/** The CLI to completion: `{ code, stdout, stderr }`; `input` goes to its stdin. */
function cli(args, input) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => (out.stdout += chunk));
    child.stderr.on('data', (chunk) => (out.stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ...out });
    });
    child.stdin.end(input ?? '');
  });
}

await forEachDatabase('consult-server user', (database) => {
  it('adds, lists, invites, re-roles and removes operators; a server on the database takes them at once', async (t) => {
    let db;
    let open;
    if (database.id === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'consult-users-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      db = join(dir, 'consult.db');
      open = () => openStorage(db);
    } else {
      const pg = await freshPostgres();
      assert.ok(pg, 'PostgreSQL is reachable');
      t.after(() => pg.drop());
      db = schemaUrl(pg);
      open = () => openStorage(pg.url, { schema: pg.schema });
    }
    const user = (args, input) => cli(['user', ...args, '--db', db], input);

    const added = await user(['add', ' Ana@Example.ORG', '--role', 'admin', '--password-stdin'], `${PASSWORD}\n`);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added admin ana@example\.org\./);
    assert.ok(!added.stdout.includes(PASSWORD) && !added.stderr.includes(PASSWORD));

    const invited = await user(['add', 'mo@example.org', '--role', 'moderator', '--invite', '--url', 'https://consult.example.org/']);
    assert.equal(invited.code, 0, invited.stderr);
    const link = /^(https:\/\/consult\.example\.org\/admin\/#invite=([A-Za-z0-9_-]{43}))$/m.exec(invited.stdout);
    assert.ok(link, invited.stdout);

    const refusals = [
      [['add', 'ana@example.org', '--role', 'admin', '--password-stdin'], `${PASSWORD}\n`, 1, /already/],
      [['add', 'eve@example.org', '--role', 'root', '--password-stdin'], `${PASSWORD}\n`, 2, /--role/],
      [['add', 'eve@example.org', '--role', 'admin', '--password-stdin'], 'short\n', 2, /password/],
      [['add', 'eve@example.org', '--role', 'admin'], '', 2, /--password-stdin or --invite/],
      [['add', 'eve@example.org', '--role', 'admin', '--invite', '--password-stdin'], `${PASSWORD}\n`, 2, /not both/],
      [['add', 'not an email', '--role', 'admin', '--invite'], '', 2, /email/],
      [['remove', 'nobody@example.org'], '', 1, /No active operator/],
      [['role', 'ana@example.org', 'root'], '', 2, /role/],
      [['frobnicate', 'ana@example.org'], '', 2, /Unknown user command/],
    ];
    for (const [args, input, code, message] of /** @type {[string[], string, number, RegExp][]} */ (refusals)) {
      const refused = await user(args, input);
      assert.equal(refused.code, code, `${args.join(' ')}: ${refused.stderr}`);
      assert.match(refused.stderr, message);
    }

    const listed = await user(['list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      listed.stdout.trim().split('\n').map((line) => line.split('\t').slice(0, 3)),
      [
        ['ana@example.org', 'admin', 'active'],
        ['mo@example.org', 'moderator', 'invited'],
      ],
    );

    const storage = await open();
    const server = await createConsultServer({ storage, rateLimit: false, logger: false });
    t.after(() => server.close());
    const admin = adminClient({ server });
    // The CLI's hash has the default cost (N = 2^17): the server verifies it as stored.
    const ana = await logIn(admin, 'ana@example.org');
    assert.equal(ana.answer.status, 201, ana.answer.text);
    const mo = await admin('POST', `/invitations/${link[2]}`, { body: { password: 'a moderator passphrase' } });
    assert.equal(mo.status, 201, mo.text);
    const moCookie = /^consult_session=([^;]*)/.exec(String(mo.headers['set-cookie']))?.[1];
    assert.ok(moCookie, 'the invitation logs the operator in');

    assert.equal((await user(['role', 'mo@example.org', 'admin'])).code, 0);
    assert.equal((await admin('GET', '/session', { cookie: moCookie })).json.operator.role, 'admin');
    const removed = await user(['remove', 'ana@example.org']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal((await admin('GET', '/session', { cookie: ana.cookie })).status, 401, 'a removed operator\'s sessions end');
    assert.match((await user(['list'])).stdout, /ana@example\.org\tadmin\tremoved/);
  });
});

describe('consult-server user add in a terminal', () => {
  it('asks the password twice without echoing it', { skip: !existsSync('/usr/bin/script') && 'no util-linux script here' }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'consult-users-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'consult.db');
    const secret = 'typed at a terminal 42';
    const command = [process.execPath, CLI, 'user', 'add', 'tty@example.org', '--role', 'admin', '--db', db].map((a) => `'${a}'`).join(' ');
    const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let answered = 0;
    child.stdout.on('data', (chunk) => {
      screen += chunk;
      // Type only once the prompt is there (before it, the terminal itself would echo: typeahead).
      const prompts = (screen.match(/Password: |Again: /g) ?? []).length;
      if (prompts > answered) {
        answered = prompts;
        child.stdin.write(`${secret}\r`);
      }
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, screen);
    assert.match(screen, /Password: [\s\S]*Again: [\s\S]*Added admin tty@example\.org\./);
    assert.ok(!screen.includes(secret), `the password was echoed: ${JSON.stringify(screen)}`);
    const listed = await cli(['user', 'list', '--db', db]);
    assert.match(listed.stdout, /tty@example\.org\tadmin\tactive/);
  });
});
