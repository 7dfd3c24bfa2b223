// @ts-check
// Concurrent writes count once. consult-server runs as a child process (server/dist/cli.js); many
// requests for the same participant and proposal arrive at once over many sockets, with keys and
// votedAt values in no particular order: one vote row must remain, with the key of the newest
// votedAt, and the counters must equal the vote rows. The same with many participants at once on
// one proposal. SQLite (one process), PostgreSQL with one server and with two server processes on
// the same database (the scale-out deployment). Run `npm run build` first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runCli, schemaUrl, skipPostgres, startServer, stopServer } from './child.mjs';
import { mulberry32 } from '../../bench/random.mjs';
import { freshPostgres } from './pg.mjs';

const CONSULTATION = 'race';
const PROPOSALS = ['race-1', 'race-2', 'race-3', 'race-4', 'race-5', 'race-crowd'];
const KEYS = ['agree', 'disagree', 'neutral'];
/** Sockets across all servers of a test; every request of a round is sent at once over them. */
const SOCKETS = 50;

test('SQLite: concurrent votes of one participant leave one row with the newest key; a crowd counts once each', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-race-'));
  try {
    const file = join(dir, 'consult.db');
    await raceAndCheck(file, 1, () => {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return {
          counters: db.prepare(COUNTERS_SQL.replace('$1', '?')).all(CONSULTATION),
          rows: db.prepare(VOTE_ROWS_SQL.replace('$1', '?')).all(CONSULTATION),
        };
      } finally {
        db.close();
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const servers of [1, 2]) {
  const name = servers === 1 ? 'one server' : 'two server processes on the same database';
  test(`PostgreSQL, ${name}: concurrent votes count once, the newest votedAt wins`, { timeout: 60_000 }, async (t) => {
    const database = await freshPostgres();
    if (!database) return skipPostgres(t, 'concurrency.test.mjs');
    try {
      await raceAndCheck(schemaUrl(database), servers, async () => {
        const client = new pg.Client({ connectionString: schemaUrl(database) });
        await client.connect();
        try {
          return {
            counters: (await client.query(COUNTERS_SQL, [CONSULTATION])).rows,
            rows: (await client.query(VOTE_ROWS_SQL, [CONSULTATION])).rows,
          };
        } finally {
          await client.end();
        }
      });
    } finally {
      await database.drop();
    }
  });
}

/** Per proposal: its counters and the vote rows counted by key (same SQL on both databases). */
const COUNTERS_SQL = `
  SELECT p.id, p.agree, p.disagree, p.neutral,
         COALESCE(SUM(CASE WHEN v.key = 'agree' THEN 1 ELSE 0 END), 0) AS agree_rows,
         COALESCE(SUM(CASE WHEN v.key = 'disagree' THEN 1 ELSE 0 END), 0) AS disagree_rows,
         COALESCE(SUM(CASE WHEN v.key = 'neutral' THEN 1 ELSE 0 END), 0) AS neutral_rows
    FROM proposals p LEFT JOIN votes v ON v.proposal_seq = p.seq
   WHERE p.consultation_id = $1
   GROUP BY p.seq, p.id, p.agree, p.disagree, p.neutral
   ORDER BY p.seq`;
/** Every vote row of the consultation. */
const VOTE_ROWS_SQL = `
  SELECT p.id AS proposal_id, v.participant_id, v.key
    FROM votes v JOIN proposals p ON p.seq = v.proposal_seq
   WHERE p.consultation_id = $1`;

/**
 * Imports the consultation, starts `serverCount` servers on `db`, and sends, round after round,
 * every request of the round at once, spread over the servers and SOCKETS sockets:
 *  - one participant, one proposal, 100 requests with mixed keys and votedAt values (5 rounds);
 *  - 200 participants on one proposal, 3 requests each with mixed keys and votedAt values.
 * Checks every answer, then the API's view, then (servers stopped) the rows in the database.
 */
async function raceAndCheck(db, serverCount, readDatabase) {
  const dir = mkdtempSync(join(tmpdir(), 'consult-race-import-'));
  try {
    const importFile = join(dir, 'import.json');
    const proposals = PROPOSALS.map((id) => ({ id, content: `Proposal ${id}` }));
    writeFileSync(importFile, JSON.stringify({ consultation: { id: CONSULTATION, title: 'Race', question: 'Who wins?', locale: 'en' }, proposals }));
    await runCli(['import', importFile, '--db', db]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const random = mulberry32(4242);
  const servers = [];
  const expected = new Map(); // `${proposalId} ${participantId}` → key of the newest votedAt
  try {
    for (let i = 0; i < serverCount; i++) servers.push(await startServer(db));
    const clients = servers.map((server) => client(server.url, SOCKETS / serverCount));
    await Promise.all(clients.map((c) => c.open()));

    // One participant, one proposal, 100 requests at once (a new proposal and participant each round).
    for (let round = 0; round < 5; round++) {
      const writes = conflictingWrites(PROPOSALS[round], `same-participant-${round}`, 100, random);
      await sendAtOnce(clients, writes, 1);
      expected.set(`${PROPOSALS[round]} same-participant-${round}`, newest(writes).key);
    }
    // A crowd: 200 participants at once on one proposal, three conflicting requests each.
    const crowd = Array.from({ length: 200 }, (_, i) => conflictingWrites('race-crowd', `crowd-participant-${String(i).padStart(3, '0')}`, 3, random));
    await sendAtOnce(clients, shuffle(crowd.flat(), random), crowd.length);
    for (const writes of crowd) expected.set(`race-crowd ${writes[0].participantId}`, newest(writes).key);

    // What the API says: each participant's key, and each proposal's tally from those keys.
    for (const [pair, key] of expected) {
      const [proposalId, participantId] = pair.split(' ');
      const answer = await get(`${servers[0].url}/participants/${participantId}/votes?consultationId=${CONSULTATION}`);
      assert.deepEqual(answer.votes, [{ proposalId, key, qualifications: [] }], `${participantId}'s votes`);
    }
    for (const proposalId of PROPOSALS) {
      for (const server of servers) {
        assert.deepEqual((await get(`${server.url}/proposals/${proposalId}`)).votes, tallyOf(expected, proposalId), `tally of ${proposalId}`);
      }
    }
    clients.forEach((c) => c.close());
  } finally {
    await Promise.all(servers.map(stopServer));
  }

  // What the database holds: one row per participant and proposal, counters equal to the rows.
  const { counters, rows } = await readDatabase();
  assert.equal(rows.length, expected.size, 'one vote row per participant and proposal');
  for (const row of rows) assert.equal(row.key, expected.get(`${row.proposal_id} ${row.participant_id}`), `${row.participant_id} on ${row.proposal_id}`);
  for (const row of counters) {
    assert.deepEqual(
      { agree: Number(row.agree), disagree: Number(row.disagree), neutral: Number(row.neutral) },
      { agree: Number(row.agree_rows), disagree: Number(row.disagree_rows), neutral: Number(row.neutral_rows) },
      `${row.id}: counters ≠ vote rows`,
    );
    assert.deepEqual({ agree: Number(row.agree), disagree: Number(row.disagree), neutral: Number(row.neutral) }, tallyOf(expected, row.id));
  }
}

/** `count` votes of one participant on one proposal: distinct votedAt values, keys at random, shuffled. */
function conflictingWrites(proposalId, participantId, count, random) {
  const base = Date.UTC(2025, 1, 10, 9);
  const times = new Set();
  while (times.size < count) times.add(base + Math.floor(random() * 3_600_000));
  return shuffle(
    [...times].map((t) => ({ proposalId, participantId, key: KEYS[Math.floor(random() * 3)], votedAt: new Date(t).toISOString() })),
    random,
  );
}

const newest = (writes) => writes.reduce((a, b) => (b.votedAt > a.votedAt ? b : a));

/**
 * Sends every write at once, alternating between the servers, and checks each answer: 200, a key
 * no older than the write's own (the newest votedAt wins, whatever the arrival order), and a tally
 * that never counts more than `voters` votes, even for a moment.
 */
async function sendAtOnce(clients, writes, voters) {
  const answers = await Promise.all(writes.map((w, i) => clients[i % clients.length].put(`/proposals/${w.proposalId}/votes/${w.participantId}`, w)));
  answers.forEach((answer, i) => {
    const w = writes[i];
    assert.equal(answer.status, 200, answer.text);
    const allowed = writes.filter((o) => o.participantId === w.participantId && o.proposalId === w.proposalId && o.votedAt >= w.votedAt).map((o) => o.key);
    assert.ok(allowed.includes(answer.json.key), `${w.participantId} sent ${w.key} at ${w.votedAt}, the answer says ${answer.json.key}`);
    const votes = answer.json.votes;
    assert.ok(votes.agree >= 0 && votes.disagree >= 0 && votes.neutral >= 0, JSON.stringify(votes));
    assert.ok(votes.agree + votes.disagree + votes.neutral <= voters, `${JSON.stringify(votes)}: more than ${voters} votes`);
    if (voters === 1) assert.equal(votes[answer.json.key], 1, `${JSON.stringify(votes)} does not count the answer's key`);
  });
}

function tallyOf(expected, proposalId) {
  const tally = { agree: 0, disagree: 0, neutral: 0 };
  for (const [pair, key] of expected) if (pair.startsWith(`${proposalId} `)) tally[key]++;
  return tally;
}

function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// --- child processes and HTTP ---------------------------------------------------------------

/** A keep-alive agent of `sockets` sockets on one server; `open()` connects them all beforehand. */
function client(url, sockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const request = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify({ key: body.key, votedAt: body.votedAt });
      const headers = payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {};
      const req = http.request(`${url}${path}`, { method, agent, headers, timeout: 20_000 }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, text, json: text ? JSON.parse(text) : undefined }));
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 20 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  return {
    put: (path, body) => request('PUT', path, body),
    // As many requests at once as sockets: the agent opens every socket now, so the races below are real.
    open: () => Promise.all(Array.from({ length: sockets }, () => request('GET', `/consultations/${CONSULTATION}`))),
    close: () => agent.destroy(),
  };
}

async function get(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  assert.equal(response.status, 200, url);
  return response.json();
}

