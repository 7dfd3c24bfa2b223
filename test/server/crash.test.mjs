// @ts-check
// An acknowledged vote survives a crash. consult-server runs as a child process (server/dist/cli.js)
// under a write load from many participants at once; it is killed with SIGKILL mid-load, restarted
// on the same database, and then every vote that got a 200 must be there with its key, and every
// proposal's counters must equal the vote rows (read from the database itself, after the server
// stopped). SQLite, and PostgreSQL when it is reachable. Run `npm run build` first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { exited, runCli, schemaUrl, skipPostgres, startServer, stopServer } from './child.mjs';
import { freshPostgres } from './pg.mjs';

const CONSULTATION = 'crash';
const PROPOSALS = Array.from({ length: 20 }, (_, i) => `crash-${String(i + 1).padStart(2, '0')}`);
const KEYS = ['agree', 'disagree', 'neutral'];
/** Requests in flight at any time. */
const WORKERS = 32;
/** Acknowledged requests before the kill: enough for many group commits, well under a second of load. */
const KILL_AFTER_ACKS = 1500;
/** Votes held in flight at the kill: headers and half a body sent, the rest never. */
const HELD = 4;

test('SQLite: every acknowledged vote survives kill -9, counters equal the vote rows', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-crash-'));
  try {
    const file = join(dir, 'consult.db');
    await crashAndCheck(file, () => {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        return db.prepare(COUNTERS_SQL.replace('$1', '?')).all(CONSULTATION);
      } finally {
        db.close();
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: every acknowledged vote survives kill -9, counters equal the vote rows', { timeout: 120_000 }, async (t) => {
  const database = await freshPostgres();
  if (!database) return skipPostgres(t, 'crash.test.mjs');
  try {
    await crashAndCheck(schemaUrl(database), async () => {
      const client = new pg.Client({ connectionString: schemaUrl(database) });
      await client.connect();
      try {
        return (await client.query(COUNTERS_SQL, [CONSULTATION])).rows;
      } finally {
        await client.end();
      }
    });
  } finally {
    await database.drop();
  }
});

/** Per proposal: its counters and the vote rows counted by key (same SQL on both databases). */
const COUNTERS_SQL = `
  SELECT p.id, p.agree, p.disagree, p.neutral, p.v_agree + p.v_disagree + p.v_neutral AS verified,
         COALESCE(SUM(CASE WHEN v.key = 'agree' THEN 1 ELSE 0 END), 0) AS agree_rows,
         COALESCE(SUM(CASE WHEN v.key = 'disagree' THEN 1 ELSE 0 END), 0) AS disagree_rows,
         COALESCE(SUM(CASE WHEN v.key = 'neutral' THEN 1 ELSE 0 END), 0) AS neutral_rows
    FROM proposals p LEFT JOIN votes v ON v.proposal_seq = p.seq
   WHERE p.consultation_id = $1
   GROUP BY p.seq, p.id, p.agree, p.disagree, p.neutral, p.v_agree, p.v_disagree, p.v_neutral
   ORDER BY p.seq`;

async function crashAndCheck(db, readCounters) {
  const dir = mkdtempSync(join(tmpdir(), 'consult-crash-import-'));
  try {
    const importFile = join(dir, 'import.json');
    writeFileSync(
      importFile,
      JSON.stringify({
        consultation: { id: CONSULTATION, title: 'Crash test', question: 'Does every vote survive?', locale: 'en' },
        proposals: PROPOSALS.map((id) => ({ id, content: `Proposal ${id}` })),
      }),
    );
    await runCli(['import', importFile, '--db', db]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const first = await startServer(db);
  const requests = await loadUntilKilled(first);
  const acked = requests.filter((r) => r.acked);
  const interrupted = requests.filter((r) => !r.acked);
  assert.ok(acked.length >= KILL_AFTER_ACKS, `only ${acked.length} votes acknowledged before the kill`);
  assert.ok(interrupted.length >= HELD, `the kill should have interrupted requests in flight (${interrupted.length} were)`);

  const second = await startServer(db);
  try {
    await checkEveryAcknowledgedVote(second.url, requests);
    // The restarted server takes votes again.
    const answer = await putVote(second.url, PROPOSALS[0], 'after-restart-0001', 'agree', new Date().toISOString());
    assert.equal(answer.status, 200);
    assert.equal(answer.json.key, 'agree');
  } finally {
    await stopServer(second);
  }

  const rows = await readCounters();
  assert.equal(rows.length, PROPOSALS.length);
  let votes = 0;
  for (const row of rows) {
    for (const key of KEYS) assert.equal(Number(row[key]), Number(row[`${key}_rows`]), `${row.id}: ${key} counter ≠ vote rows`);
    assert.equal(Number(row.verified), 0, `${row.id}: no vote was signed`);
    votes += Number(row.agree) + Number(row.disagree) + Number(row.neutral);
  }
  const pairs = new Set(acked.map((r) => `${r.proposalId} ${r.participantId}`)).size;
  assert.ok(votes >= pairs + 1, `${votes} votes stored, ${pairs} acknowledged (+1 after the restart)`);
}

/**
 * WORKERS loops, one request in flight each. Each participant votes on three proposals, then changes
 * its first vote (a newer votedAt, another key). At the KILL_AFTER_ACKS-th answer the server gets
 * SIGKILL while the loops go on; the loops end at their first failure.
 *
 * Whether a loop's request is still unanswered when the signal lands is a race (the answers of one
 * group commit arrive together, and a busy machine may answer them all first), so the kill does not
 * rely on it: HELD more votes are held in flight by a barrier, their headers and half their body
 * sent and the rest kept back, so the server cannot have answered them. They count as interrupted
 * requests (stored or not, both are allowed below).
 */
async function loadUntilKilled(server) {
  const requests = [];
  let acks = 0;
  let killing = false;
  let killed = false;
  let clock = Date.UTC(2025, 0, 1);
  const kill = async () => {
    const held = await Promise.all(
      Array.from({ length: HELD }, (_, h) => {
        const request = { proposalId: PROPOSALS[h], participantId: `crash-held-${h}`, key: 'agree', votedAt: new Date(++clock).toISOString(), acked: false };
        requests.push(request);
        return holdVote(server.url, request);
      }),
    );
    killed = true;
    server.process.kill('SIGKILL');
    await exited(server.process);
    for (const socket of held) socket.destroy();
  };
  let killDone;
  const worker = async (w) => {
    for (let n = 0; !killed; n++) {
      const participantId = `crash-participant-${w}-${n}`;
      const proposals = [0, 1, 2].map((k) => PROPOSALS[(w * 7 + n * 3 + k) % PROPOSALS.length]);
      const plan = proposals.map((proposalId, k) => ({ proposalId, key: KEYS[(w + n + k) % 3] }));
      plan.push({ proposalId: proposals[0], key: KEYS[(w + n + 1) % 3] });
      for (const { proposalId, key } of plan) {
        if (killed) return;
        const request = { proposalId, participantId, key, votedAt: new Date(++clock).toISOString(), acked: false };
        requests.push(request);
        try {
          const answer = await putVote(server.url, proposalId, participantId, key, request.votedAt);
          assert.equal(answer.status, 200, answer.text);
          request.acked = true;
        } catch (error) {
          if (!killed) throw error;
          return;
        }
        if (++acks >= KILL_AFTER_ACKS && !killing) {
          killing = true;
          killDone = kill();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  await killDone;
  return requests;
}

/**
 * Sends a vote's request line, headers and the first half of its body on a socket of its own, and
 * resolves with the socket once the bytes are handed to the kernel: the server is then reading a
 * request it can never finish, and cannot answer it.
 */
function holdVote(url, { proposalId, participantId, key, votedAt }) {
  const { hostname, port, pathname } = new URL(url);
  const body = JSON.stringify({ key, votedAt });
  const head = [
    `PUT ${pathname}/proposals/${proposalId}/votes/${participantId} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`${head}\r\n\r\n${body.slice(0, body.length >> 1)}`, () => resolve(socket));
    });
    // After the kill the socket is reset: rejecting a settled promise does nothing.
    socket.on('error', reject);
    socket.on('data', (chunk) => reject(new Error(`a held vote was answered: ${chunk}`)));
  });
}

/**
 * For each participant and proposal: the newest acknowledged vote must be stored, unless a newer
 * request was sent and interrupted (it may have been committed before the kill, or not). A pair
 * with nothing acknowledged may hold one of its interrupted requests, or nothing.
 */
async function checkEveryAcknowledgedVote(url, requests) {
  const byParticipant = groupBy(requests, (r) => r.participantId);
  let checked = 0;
  for (const [participantId, sent] of byParticipant) {
    const answer = await call(url, 'GET', `/participants/${participantId}/votes?consultationId=${CONSULTATION}`);
    assert.equal(answer.status, 200, answer.text);
    const stored = new Map(answer.json.votes.map((v) => [v.proposalId, v.key]));
    for (const [proposalId, pair] of groupBy(sent, (r) => r.proposalId)) {
      const lastAcked = pair.findLastIndex((r) => r.acked);
      const allowed = new Set(pair.slice(lastAcked + 1).map((r) => r.key));
      if (lastAcked >= 0) {
        allowed.add(pair[lastAcked].key);
        assert.ok(stored.has(proposalId), `${participantId} on ${proposalId}: acknowledged vote lost`);
        checked++;
      }
      if (stored.has(proposalId)) {
        assert.ok(
          allowed.has(stored.get(proposalId)),
          `${participantId} on ${proposalId}: stored ${stored.get(proposalId)}, acknowledged ${pair[lastAcked]?.key ?? 'nothing'}`,
        );
      }
      stored.delete(proposalId);
    }
    assert.equal(stored.size, 0, `${participantId} has votes it never sent: ${[...stored.keys()]}`);
  }
  assert.ok(checked > 0);
}

/** Map.groupBy arrived in Node 21. */
function groupBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    if (groups.has(key)) groups.get(key).push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

// --- child processes and HTTP ---------------------------------------------------------------

async function call(url, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}

const putVote = (url, proposalId, participantId, key, votedAt) =>
  call(url, 'PUT', `/proposals/${proposalId}/votes/${participantId}`, { key, votedAt });
