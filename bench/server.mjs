// consult-server under the seed consultation's whole vote stream (bench/seed-dataset.mjs: 121,325
// PUT …/votes requests from 11,661 participants on 575 proposals, in votedAt order), over loopback HTTP:
//  a. replay: every request as fast as N keep-alive connections allow (closed loop);
//  b. floor: the same requests against a bare node:http server that only parses the body and
//     answers `{}`, in its own process: what any Node server on this machine can do at best;
//  c. paced: the first 40,000 requests at 2,000 votes/s (open loop, on a fresh database), for the
//     latency a steady load sees.
// After a and c the tallies must equal the stream's expected ones exactly (MISMATCH, exit 1).
//
//   node bench/server.mjs [--db all|both|sqlite|sqlite-normal|postgres] [--connections 64] [--quick] [--client raw|http]
//                         [--phases floor,replay,paced] [--origin https://partner.example] [--profile]
//
// --origin sends that Origin header with every request, as a widget on a partner site does (the
// consultation then lists it in allowedOrigins): the server's CORS check runs on every vote.
//
// --tokens (issue 10): every participant of the stream first gets a server-issued identity
// (POST /api/v1/participants, not timed), and its votes go out under that id with
// `Authorization: Bearer <token>`, as the REST adapter sends them: the token check runs on every vote.
// --compare-tokens runs each storage's replay four times, alternating without and with tokens
// (fresh database each time), and prints the ratio of the medians: issue 10's "within 15 % of
// the replay without tokens", from one run on one machine whatever its load (docs/decisions.md).
//
// --profile runs the server with --cpu-prof (profiles in bench/results/profiles/) and prints where
// its time went. CONSULT_SERVER_CLI=path runs another build of the server (for comparing changes).
//
// Needs `npm run build` (server/dist/cli.js). Prints a table and writes bench/results/server.json.
// The client and the servers share the machine's cores, so the client stays cheap: paths and bodies
// are built once, each request is one write on a raw keep-alive socket, and only the status line and
// content-length of each answer are read: about half the CPU of node:http's client, which
// `--client http` uses instead (keep-alive Agent, maxSockets = connections).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { round } from './common.mjs';
import { generateSeedDataset, KEYS, SEED_CONSULTATION_ID as CONSULTATION_ID } from './seed-dataset.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const CLI = process.env.CONSULT_SERVER_CLI || join(root, 'server/dist/cli.js');
const SEED = 1;
const GOALS = { replaySeconds: 15, votesPerSecond: 8000, floorRatio: 0.5, pacedP99Ms: 25, tokensRatio: 0.85 };
const PACED_RATE = 2000;
/** Storages benchmarked: SQLite as shipped (synchronous=FULL), SQLite with CONSULT_SQLITE_SYNCHRONOUS=normal, PostgreSQL. */
const KINDS = ['sqlite', 'sqlite-normal', 'postgres'];
const DB_CHOICES = { sqlite: ['sqlite'], 'sqlite-normal': ['sqlite-normal'], postgres: ['postgres'], both: ['sqlite', 'postgres'], all: KINDS };
const WARM_UP_REQUESTS = 3000;
/** Every phase ends by itself: a request, a start, a stop, the whole run. */
const PHASE_TIMEOUT_MS = 180_000;
const START_TIMEOUT_MS = 30_000;
const WATCHDOG_MS = 15 * 60_000;

const children = new Set();

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'all' },
      connections: { type: 'string', default: '64' },
      quick: { type: 'boolean', default: false },
      client: { type: 'string', default: 'raw' },
      profile: { type: 'boolean', default: false },
      phases: { type: 'string', default: 'floor,replay,paced' },
      origin: { type: 'string' },
      tokens: { type: 'boolean', default: false },
      'compare-tokens': { type: 'boolean', default: false },
      'serve-floor': { type: 'boolean', default: false },
    },
  });
  if (values['serve-floor']) return serveFloor();
  const connections = Number(values.connections);
  if (!Number.isInteger(connections) || connections < 1 || connections > 1000) throw new Error('--connections: 1–1000');
  if (!DB_CHOICES[values.db]) throw new Error(`--db: ${Object.keys(DB_CHOICES).join(', ')}`);
  if (!['raw', 'http'].includes(values.client)) throw new Error('--client: raw or http');
  const phases = new Set(values.phases.split(','));
  if (![...phases].every((p) => ['floor', 'replay', 'paced'].includes(p))) throw new Error('--phases: floor, replay and/or paced');
  if (!existsSync(CLI)) {
    console.error(`Missing ${CLI}: run npm run build first.`);
    return 1;
  }
  const watchdog = setTimeout(() => {
    console.error(`Benchmark still running after ${WATCHDOG_MS / 60_000} min: giving up.`);
    killChildren();
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  const generated = performance.now();
  const stream = generateSeedDataset(SEED);
  const replayCount = values.quick ? 30_000 : stream.votes.length;
  const pacedCount = Math.min(stream.votes.length, (values.quick ? 10 : 20) * PACED_RATE);
  const requests = prepareRequests(stream);
  const warmUp = prepareWarmUp();
  console.log(
    `Stream (seed ${SEED}): ${stream.votes.length} requests, generated in ${Math.round(performance.now() - generated)} ms; ` +
      `replaying ${replayCount}${values.quick ? ' (--quick)' : ''} over ${connections} connections (${values.client} client), ` +
      `paced: ${pacedCount} at ${PACED_RATE}/s.`,
  );
  const machine = { cpus: availableParallelism(), loadAverage1m: round(loadavg()[0], 2), node: process.version };
  if (machine.loadAverage1m > machine.cpus * 0.5) console.log(`Warning: load average ${machine.loadAverage1m} before the start; timings will be noisy.`);

  const work = mkdtempSync(join(tmpdir(), 'consult-bench-'));
  const files = { main: join(work, 'import.json'), warmUp: join(work, 'warm-up.json') };
  // The replay's bare ids are untrusted votes (issue 10): the consultation counts them, so the tally
  // check after the replay reads every vote from the results.
  const allowOrigin = (file) => ({
    ...file,
    consultation: { ...file.consultation, countUntrusted: true, ...(values.origin ? { allowedOrigins: [values.origin] } : {}) },
  });
  writeFileSync(files.main, JSON.stringify(allowOrigin(stream.importFile)));
  writeFileSync(files.warmUp, JSON.stringify(allowOrigin(warmUp.importFile)));
  const compareTokens = values['compare-tokens'];
  const options = { connections, client: values.client, origin: values.origin, tokens: values.tokens, profile: values.profile, work, files, stream, requests, warmUp };
  const results = {
    measuredAt: new Date().toISOString(),
    machine,
    settings: { server: CLI.replace(root, ''), seed: SEED, connections, client: values.client, origin: values.origin ?? null, tokens: values.tokens, compareTokens, replayRequests: replayCount, pacedRequests: pacedCount, pacedRate: PACED_RATE, warmUpRequests: WARM_UP_REQUESTS },
    goals: GOALS,
  };
  let ok = true;
  try {
    if (phases.has('floor')) results.floor = await floorRun(options, replayCount);
    for (const kind of DB_CHOICES[values.db]) {
      const run = {};
      if (compareTokens && phases.has('replay')) {
        const tokens = await tokenComparison(kind, options, replayCount);
        if (tokens === null) run.skipped = 'PostgreSQL unavailable';
        else [run.tokens, run.replay] = [tokens, tokens.replayWithout];
        ok &&= !tokens || tokens.ok;
      }
      for (const mode of ['replay', 'paced']) {
        if (!phases.has(mode) || run.skipped || run[mode]) continue;
        const result = await serverRun(kind, mode, options, mode === 'paced' ? pacedCount : replayCount);
        if (result === null) run.skipped = 'PostgreSQL unavailable';
        else run[mode] = result;
        ok &&= !result || result.check.ok;
      }
      if (run.replay && results.floor) run.floorRatio = round(run.replay.votesPerSecond / results.floor.votesPerSecond, 2);
      results[kind] = run;
    }
  } finally {
    killChildren();
    rmSync(work, { recursive: true, force: true });
  }
  printTable(results);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/server.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nWrote bench/results/server.json');
  return ok ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// Requests, pre-serialised once: the path and the body of each vote.

function prepareRequests(stream) {
  const paths = stream.votes.map((v) => `/api/v1/proposals/${v.proposalId}/votes/${v.participantId}`);
  const bodies = stream.votes.map((v) => `{"key":"${v.key}","votedAt":"${v.votedAt}"}`);
  return { paths, bodies };
}

/**
 * The first `count` votes of the stream, each participant replaced by an identity the server
 * issued, with its token in an extra header. Issued 32 at a time, before the measured run.
 */
async function withIssuedIdentities(base, stream, count) {
  const votes = stream.votes.slice(0, count);
  const participants = [...new Set(votes.map((v) => v.participantId))];
  const issued = new Map();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < participants.length) {
      const participant = participants[next++];
      const response = await fetch(`${base}/api/v1/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ consultationId: CONSULTATION_ID }),
      });
      if (response.status !== 201) throw new Error(`POST /participants answered ${response.status}: ${await response.text()}`);
      issued.set(participant, await response.json());
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  console.log(`   ${participants.length} identities issued in ${Math.round(performance.now() - started)} ms (not timed)`);
  return {
    paths: votes.map((v) => `/api/v1/proposals/${v.proposalId}/votes/${issued.get(v.participantId).participantId}`),
    bodies: votes.map((v) => `{"key":"${v.key}","votedAt":"${v.votedAt}"}`),
    extra: votes.map((v) => `Authorization: Bearer ${issued.get(v.participantId).token}\r\n`),
  };
}

/** A second, small consultation: warms up the vote path without touching the measured one's tallies. */
function prepareWarmUp() {
  const proposals = Array.from({ length: 10 }, (_, i) => ({ id: `warm-up-${i + 1}`, content: `Warm-up proposal ${i + 1}` }));
  const importFile = { consultation: { id: 'bench-warm-up', title: 'Warm-up', question: 'Warm-up?', locale: 'en' }, proposals };
  const paths = [];
  const bodies = [];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < WARM_UP_REQUESTS; i++) {
    paths.push(`/api/v1/proposals/warm-up-${(i % 10) + 1}/votes/warm-up-participant-${Math.floor(i / 10)}`);
    bodies.push(`{"key":"${KEYS[i % 3]}","votedAt":"${new Date(start + i).toISOString()}"}`);
  }
  return { importFile, paths, bodies };
}

// ---------------------------------------------------------------------------------------------
// Runs.

async function floorRun(o, count) {
  console.log('\nfloor: bare node:http server (reads and JSON.parses the body, answers 200 {})');
  const child = await startChild([process.execPath, fileURLToPath(import.meta.url), '--serve-floor'], {}, /^floor at (http:\S+)/m);
  try {
    await replay(child.url, o.warmUp, o.warmUp.paths.length, o);
    const result = await measured('floor replay', child, () => replay(child.url, o.requests, count, o));
    return result;
  } finally {
    await stopChild(child);
  }
}

/** A fresh database, the import, a server on it, the warm-up, then `mode`; null when PostgreSQL is unavailable. */
async function serverRun(kind, mode, o, count) {
  const db = await freshDatabase(kind, o.work, mode);
  if (!db) return null;
  console.log(`\n${kind} ${mode}: ${mode === 'paced' ? `${count} requests at ${PACED_RATE}/s` : `${count} requests, closed loop`}`);
  let child;
  try {
    for (const file of [o.files.main, o.files.warmUp]) await runCli(['import', file, '--db', db.url]);
    const profileDir = join(root, 'bench/results/profiles');
    const flags = o.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${kind}-${mode}-${Date.now()}.cpuprofile`] : [];
    if (o.profile) mkdirSync(profileDir, { recursive: true });
    child = await startChild(
      [process.execPath, ...flags, CLI, '--port', '0', '--db', db.url],
      {
        CONSULT_RATE_LIMIT: 'off',
        CONSULT_ISSUANCE_PER_ADDRESS: '10000000',
        LOG_LEVEL: 'warn',
        CONSULT_SQLITE_SYNCHRONOUS: kind === 'sqlite-normal' ? 'normal' : 'full',
      },
      /protocol v1 at (http:\S+)\/api\/v1/,
    );
    const requests = o.tokens ? await withIssuedIdentities(child.url, o.stream, count) : o.requests;
    await replay(child.url, o.warmUp, o.warmUp.paths.length, o);
    const result =
      mode === 'paced'
        ? await measured(`${kind} paced`, child, () => paced(child.url, requests, count, PACED_RATE, o))
        : await measured(`${kind} replay`, child, () => replay(child.url, requests, count, o));
    result.check = await checkTallies(child.url, o.stream, count);
    console.log(
      `   tallies: ${result.check.ok ? 'exact' : 'MISMATCH'} (${result.check.proposals} proposals, ${result.check.votes} votes, ` +
        `${result.check.participants} participants)`,
    );
    for (const m of result.check.mismatches.slice(0, 10)) console.log(`   MISMATCH ${m}`);
    await stopChild(child);
    child = undefined;
    if (o.profile) summariseProfile(profileDir, `${kind}-${mode}-`);
    return result;
  } finally {
    if (child) await stopChild(child);
    await db.drop();
  }
}

/**
 * The replay without and with tokens, alternated (A B A B: a machine's drift in load or heat
 * weighs on both alike); the ratio of the medians of votes/s. Null when PostgreSQL is unavailable.
 */
async function tokenComparison(kind, o, count) {
  const runs = { without: [], with: [] };
  for (let pass = 1; pass <= 2; pass++) {
    for (const tokens of [false, true]) {
      console.log(`\n${kind}: replay ${tokens ? 'with' : 'without'} tokens, round ${pass} of 2`);
      const result = await serverRun(kind, 'replay', { ...o, tokens }, count);
      if (result === null) return null;
      runs[tokens ? 'with' : 'without'].push(result);
    }
  }
  const median = (list, pick = (r) => r.votesPerSecond) => {
    const sorted = list.map(pick).sort((a, b) => a - b);
    const middle = sorted.length / 2;
    return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
  };
  const cpu = (r) => r.serverCpuUsPerVote;
  const comparison = {
    withoutVotesPerSecond: runs.without.map((r) => r.votesPerSecond),
    withVotesPerSecond: runs.with.map((r) => r.votesPerSecond),
    ratio: round(median(runs.with) / median(runs.without), 3),
    // The server's CPU per vote depends less on what else the machine runs than votes/s does.
    cpuRatio: round(median(runs.with, cpu) / median(runs.without, cpu), 3),
    ok: [...runs.without, ...runs.with].every((r) => r.check.ok),
  };
  // The table's replay row: the median run without tokens (not written to server.json twice).
  Object.defineProperty(comparison, 'replayWithout', { value: runs.without.toSorted((a, b) => a.votesPerSecond - b.votesPerSecond)[Math.floor(runs.without.length / 2)] });
  console.log(
    `   ${kind}: without tokens ${comparison.withoutVotesPerSecond.join(', ')} votes/s; with ${comparison.withVotesPerSecond.join(', ')} votes/s; ` +
      `ratio of the medians ${comparison.ratio} (goal ≥ 0.85); server CPU per vote with/without ${comparison.cpuRatio}`,
  );
  return comparison;
}

/** Runs `work` and adds the server's CPU time (user + system) to its statistics. */
async function measured(label, child, work) {
  const cpuBefore = processCpuMs(child.process.pid);
  const postgresBefore = postgresCpuMs();
  const clientBefore = process.cpuUsage();
  const stats = await work();
  const client = process.cpuUsage(clientBefore);
  stats.serverCpuMs = processCpuMs(child.process.pid) - cpuBefore;
  stats.clientCpuMs = Math.round((client.user + client.system) / 1000);
  stats.serverCpuUsPerVote = round((stats.serverCpuMs * 1000) / stats.requests, 1);
  stats.clientCpuUsPerVote = round((stats.clientCpuMs * 1000) / stats.requests, 1);
  if (label.startsWith('postgres')) stats.postgresCpuUsPerVote = round(((postgresCpuMs() - postgresBefore) * 1000) / stats.requests, 1);
  console.log(
    `   ${label}: ${stats.ok}/${stats.requests} answered 200 in ${stats.totalSeconds} s → ${stats.votesPerSecond} votes/s; ` +
      `latency p50 ${stats.p50Ms} ms, p99 ${stats.p99Ms} ms, max ${stats.maxMs} ms; ` +
      `CPU per vote: server ${stats.serverCpuUsPerVote} µs, ` +
      (stats.postgresCpuUsPerVote === undefined ? '' : `PostgreSQL ${stats.postgresCpuUsPerVote} µs, `) +
      `client ${stats.clientCpuUsPerVote} µs` +
      (stats.errors ? `; ${stats.errors} failed (first: ${stats.firstError})` : ''),
  );
  return stats;
}

/** Closed loop: each connection sends its next request when the previous one is answered. */
function replay(base, requests, count, o) {
  const latencies = new Float64Array(count);
  return drive(base, o, count, latencies, (pool, done) => {
    let next = 0;
    const started = performance.now();
    const sendNext = (connection) => {
      if (next >= count) return void (pool.idle(connection), pool.idleCount() === pool.size && done(performance.now() - started));
      const i = next++;
      const t0 = performance.now();
      connection.send(requests.paths[i], requests.bodies[i], requests.extra?.[i], (status) => {
        latencies[i] = performance.now() - t0;
        pool.record(i, status);
        sendNext(connection);
      });
    };
    for (let connection; (connection = pool.take()); ) sendNext(connection);
  });
}

/**
 * Open loop: request i is due at `i / rate` s whatever the answers do, and its latency counts from
 * when it was due (a backlog shows up in the figures instead of slowing the sender down).
 */
function paced(base, requests, count, rate, o) {
  const latencies = new Float64Array(count);
  return drive(base, o, count, latencies, (pool, done) => {
    let next = 0;
    let answered = 0;
    const waiting = [];
    const started = performance.now();
    const due = (i) => started + (i * 1000) / rate;
    const send = (connection, i) =>
      connection.send(requests.paths[i], requests.bodies[i], requests.extra?.[i], (status) => {
        latencies[i] = performance.now() - due(i);
        pool.record(i, status);
        if (++answered === count) return done(performance.now() - started);
        if (waiting.length) send(connection, waiting.shift());
        else pool.idle(connection);
      });
    const tick = () => {
      const now = performance.now();
      while (next < count && due(next) <= now) {
        const connection = pool.take();
        if (connection) send(connection, next++);
        else waiting.push(next++);
      }
      if (next < count) setTimeout(tick, Math.max(0, Math.min(5, due(next) - performance.now())));
    };
    tick();
  });
}

/** Opens the connections, runs `loop`, closes them; resolves to the run's statistics. */
async function drive(base, o, count, latencies, loop) {
  const url = new URL(base);
  const statuses = new Uint16Array(count);
  const failures = { count: 0, first: null };
  const pool = await openPool(o.client, url.hostname, Number(url.port), o.connections, o.origin, failures);
  try {
    const totalMs = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`run still going after ${PHASE_TIMEOUT_MS / 1000} s`)), PHASE_TIMEOUT_MS);
      pool.record = (i, status) => (statuses[i] = status);
      loop(pool, (ms) => {
        clearTimeout(timer);
        resolve(ms);
      });
    });
    let ok = 0;
    for (let i = 0; i < count; i++) {
      if (statuses[i] === 200) ok++;
      else if (!failures.first) failures.first = `HTTP ${statuses[i]} for request ${i}`;
    }
    const sorted = latencies.slice().sort();
    const at = (p) => round(sorted[Math.min(count - 1, Math.ceil(p * count) - 1)], 2);
    return {
      requests: count,
      ok,
      errors: count - ok,
      firstError: failures.first,
      totalSeconds: round(totalMs / 1000, 2),
      votesPerSecond: Math.round((ok * 1000) / totalMs),
      p50Ms: at(0.5),
      p90Ms: at(0.9),
      p99Ms: at(0.99),
      maxMs: round(sorted[count - 1], 2),
    };
  } finally {
    pool.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Clients. Both answer `send(path, body, extraHeaders, onAnswer(status))`; a failed request answers status 0.

async function openPool(kind, host, port, size, origin, failures) {
  const fail = (error) => {
    failures.count++;
    failures.first ??= error.message;
  };
  const connections =
    kind === 'raw'
      ? await Promise.all(Array.from({ length: size }, () => rawConnection(host, port, origin, fail)))
      : httpConnections(host, port, size, origin, fail);
  const idle = [...connections];
  return {
    size,
    take: () => idle.pop(),
    idle: (connection) => idle.push(connection),
    idleCount: () => idle.length,
    close: () => connections.forEach((c) => c.close()),
  };
}

/**
 * One keep-alive socket, one request at a time. The request is written as one string; the answer
 * is read up to its content-length (consult-server and the floor always send one).
 */
function rawConnection(host, port, origin, fail) {
  const head = `Host: ${host}:${port}\r\n${origin ? `Origin: ${origin}\r\n` : ''}Content-Type: application/json\r\nContent-Length: `;
  let socket;
  let pending = null;
  let buffer = null;
  let closed = false;
  const answer = (status) => {
    const callback = pending;
    pending = null;
    buffer = null;
    callback(status);
  };
  const connect = () =>
    new Promise((resolve) => {
      socket = net.connect({ host, port, noDelay: true }, resolve);
      socket.on('data', (chunk) => {
        buffer = buffer ? Buffer.concat([buffer, chunk]) : chunk;
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0 || !pending) return;
        const headers = buffer.toString('latin1', 0, end);
        const length = /\r\ncontent-length: *(\d+)/i.exec(headers);
        if (!length) {
          fail(new Error(`answer without content-length: ${headers.slice(0, 200)}`));
          return socket.destroy();
        }
        if (buffer.length < end + 4 + Number(length[1])) return;
        answer(Number(headers.slice(9, 12)));
      });
      socket.on('error', (error) => fail(error));
      socket.on('close', () => {
        socket = null;
        if (pending && !closed) answer(0);
      });
    });
  const connection = {
    send(path, body, extra = '', onAnswer) {
      pending = onAnswer;
      const write = () => socket.write(`PUT ${path} HTTP/1.1\r\n${extra}${head}${Buffer.byteLength(body)}\r\n\r\n${body}`);
      // After close() (a run that timed out), nothing more is sent nor answered.
      if (closed) return;
      if (socket) write();
      else connect().then(write);
    },
    close() {
      closed = true;
      socket?.destroy();
    },
  };
  return connect().then(() => connection);
}

function httpConnections(host, port, size, origin, fail) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: size });
  const connection = {
    send(path, body, extra = '', onAnswer) {
      const [name, value] = extra ? extra.trim().split(/: (.*)/) : [];
      const request = http.request(
        {
          agent,
          host,
          port,
          method: 'PUT',
          path,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(origin ? { origin } : {}),
            ...(name ? { [name]: value } : {}),
          },
        },
        (response) => {
          response.on('data', () => {});
          response.on('end', () => onAnswer(response.statusCode));
        },
      );
      request.on('error', (error) => {
        fail(error);
        onAnswer(0);
      });
      request.end(body);
    },
    close: () => agent.destroy(),
  };
  // The agent shares its sockets: `size` handles on it keep at most `size` requests in flight.
  return Array.from({ length: size }, () => connection);
}

// ---------------------------------------------------------------------------------------------
// Checks.

/**
 * What the server must hold once the first `count` votes are applied: `{ tallies, participants,
 * votes }`, every proposal in the map (zeros if nobody voted on it). Votes come in votedAt order,
 * so a later vote of the same participant on the same proposal would replace the earlier one.
 */
function expectedTallies(stream, count) {
  const latest = new Map();
  for (const vote of stream.votes.slice(0, count)) latest.set(`${vote.proposalId} ${vote.participantId}`, vote);
  const tallies = new Map(stream.importFile.proposals.map((p) => [p.id, { agree: 0, disagree: 0, neutral: 0 }]));
  const participants = new Set();
  for (const vote of latest.values()) {
    tallies.get(vote.proposalId)[vote.key]++;
    participants.add(vote.participantId);
  }
  return { tallies, participants: participants.size, votes: latest.size };
}

async function checkTallies(base, stream, count) {
  const expected = expectedTallies(stream, count);
  const response = await fetch(`${base}/api/v1/consultations/${CONSULTATION_ID}/results`);
  const results = await response.json();
  const mismatches = [];
  const seen = new Set();
  for (const { proposalId, votes } of results.proposals ?? []) {
    seen.add(proposalId);
    const want = expected.tallies.get(proposalId);
    if (!want) mismatches.push(`${proposalId}: not in the stream`);
    else if (want.agree !== votes.agree || want.disagree !== votes.disagree || want.neutral !== votes.neutral) {
      mismatches.push(`${proposalId}: expected ${JSON.stringify(want)}, server has ${JSON.stringify(votes)}`);
    }
  }
  for (const id of expected.tallies.keys()) if (!seen.has(id)) mismatches.push(`${id}: missing from /results`);
  const counts = results.counts ?? {};
  if (counts.votes !== expected.votes) mismatches.push(`counts.votes: expected ${expected.votes}, server has ${counts.votes}`);
  if (counts.participants !== expected.participants) {
    mismatches.push(`counts.participants: expected ${expected.participants}, server has ${counts.participants}`);
  }
  return { ok: response.ok && mismatches.length === 0, proposals: seen.size, votes: counts.votes, participants: counts.participants, mismatches };
}

// ---------------------------------------------------------------------------------------------
// Databases and child processes.

let databaseCounter = 0;

async function freshDatabase(kind, work, label) {
  if (kind.startsWith('sqlite')) {
    const dir = join(work, `sqlite-${label}-${++databaseCounter}`);
    return { url: join(dir, 'consult.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { freshPostgres } = await import('../test/server/pg.mjs');
  const pg = await freshPostgres();
  if (!pg) return null;
  // The CLI takes a URL only: the schema goes in as the connection's search_path.
  const url = new URL(pg.url);
  url.searchParams.set('options', `-c search_path=${pg.schema}`);
  return { url: url.href, drop: pg.drop };
}

function runCli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`consult-server ${args[0]} failed (${code}): ${stderr.trim()}`));
    });
  });
}

/** Spawns a server and resolves once its stdout matched `ready` (first group: the base URL). */
function startChild(argv, env, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${argv.slice(1).join(' ')} did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const collect = (chunk) => {
      output = (output + chunk).slice(-4000);
      const match = ready.exec(output);
      if (match && timer) {
        clearTimeout(timer);
        resolve({ process: child, url: match[1], output: () => output });
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', (chunk) => {
      output = (output + chunk).slice(-4000);
      process.stderr.write(chunk);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`${argv.slice(1).join(' ')} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

/** SIGTERM (the server closes its database and, with --cpu-prof, writes the profile), SIGKILL after 15 s. */
function stopChild(child) {
  const p = child.process;
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
    p.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    p.kill('SIGTERM');
  });
}

function killChildren() {
  for (const child of children) child.kill('SIGKILL');
}

/** User + system CPU time of a process so far, from /proc (Linux); 0 elsewhere. */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** CPU time of every PostgreSQL process on this machine (its server runs here too), from /proc. */
function postgresCpuMs() {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += processCpuMs(pid);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// The floor server (`--serve-floor`, run as a child) and the profile summary.

function serveFloor() {
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        response.writeHead(400, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`floor at http://127.0.0.1:${server.address().port}`));
  // Runs until the benchmark sends SIGTERM (handled below, for every mode).
  return new Promise(() => {});
}

/** Self time by function and by package in the newest profile named `prefix…`. */
function summariseProfile(dir, prefix) {
  const file = readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .sort()
    .at(-1);
  if (!file) return void console.log('   (no profile written)');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const selfUs = new Map(profile.nodes.map((n) => [n.id, 0]));
  profile.samples.forEach((id, i) => selfUs.set(id, selfUs.get(id) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map();
  const byPackage = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id);
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^file:\/\//, '').replace(root, '');
    const fn = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (where.startsWith('node:') ? 'node (core)' : where ? where.split('/')[0] : functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `     ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  console.log(`   profile ${file}: ${Math.round(total / 1000)} ms sampled\n   by package:\n${top(byPackage, 12)}\n   by function:\n${top(byFunction, 25)}`);
}

// ---------------------------------------------------------------------------------------------

function printTable(r) {
  const mark = (good) => (good ? 'met' : 'MISSED');
  const dash = (value) => value ?? '–';
  const rows = [['', 'votes/s', 'p50 ms', 'p99 ms', 'total s', '× floor', 'paced p99 ms', 'tallies']];
  if (r.floor) rows.push(['floor (bare node:http)', r.floor.votesPerSecond, r.floor.p50Ms, r.floor.p99Ms, r.floor.totalSeconds, 1, '', '']);
  for (const kind of KINDS) {
    const k = r[kind];
    if (!k) continue;
    if (k.skipped) rows.push([`consult-server, ${kind}`, `skipped: ${k.skipped}`, '', '', '', '', '', '']);
    else {
      const checks = [k.replay, k.paced].filter(Boolean).map((run) => run.check.ok);
      rows.push([
        `consult-server, ${kind}`,
        dash(k.replay?.votesPerSecond),
        dash(k.replay?.p50Ms),
        dash(k.replay?.p99Ms),
        dash(k.replay?.totalSeconds),
        dash(k.floorRatio),
        dash(k.paced?.p99Ms),
        checks.every(Boolean) ? 'exact' : 'MISMATCH',
      ]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  console.log(`\n${rows.map((row) => row.map((cell, c) => String(cell)[c ? 'padStart' : 'padEnd'](widths[c])).join('  ')).join('\n')}`);
  const full = r.settings.replayRequests === 121_325;
  console.log(`\nGoals (${r.settings.connections} connections${full ? '' : '; --quick: the replay goal is scaled to the requests replayed'}):`);
  const scaledSeconds = (GOALS.replaySeconds * r.settings.replayRequests) / 121_325;
  for (const kind of KINDS) {
    const k = r[kind];
    if (!k || k.skipped) continue;
    const goals = [];
    if (k.replay) {
      const forSqlite = kind.startsWith('sqlite') ? '' : ' (a goal set for SQLite)';
      goals.push(`replay ≤ ${round(scaledSeconds, 1)} s (≥ ${GOALS.votesPerSecond} votes/s): ${k.replay.totalSeconds} s → ${mark(k.replay.totalSeconds <= scaledSeconds)}${forSqlite}`);
    }
    if (k.floorRatio !== undefined) goals.push(`≥ ${GOALS.floorRatio}× floor: ${k.floorRatio}× → ${mark(k.floorRatio >= GOALS.floorRatio)}`);
    if (k.paced) goals.push(`p99 ≤ ${GOALS.pacedP99Ms} ms at ${PACED_RATE}/s: ${k.paced.p99Ms} ms → ${mark(k.paced.p99Ms <= GOALS.pacedP99Ms)}`);
    if (k.tokens) goals.push(`with tokens ≥ ${GOALS.tokensRatio}× without: ${k.tokens.ratio}× → ${mark(k.tokens.ratio >= GOALS.tokensRatio)}`);
    console.log(`  ${kind}: ${goals.join('; ')}`);
  }
}

process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killChildren();
    process.exit(130);
  });
}

process.exitCode = await main().catch((error) => {
  console.error(error);
  killChildren();
  return 1;
});
