// @ts-check
// A fake of a Make.org-shaped API, in memory, for the example adapter's tests (examples/makeorg/README.md).
// Not Make.org's real API: its shape (questions, proposals with an opaque `proposalKey`, votes and
// qualifications as separate POSTs, visitors known by a server-issued session), small enough to read.
//
// Every test takes its own space: `/makeorg/<space>/…`, seeded on first use, so tests running at
// the same time never see each other's votes. `<base>/__control/…` is the tests' remote control
// (fault injection, request log); a real API has none of it.
//
//   web-test-runner.config.mjs: middleware: [makeOrgMiddleware()]
//   node:                       const server = await startFakeServer(); … server.close()
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

export const PREFIX = '/makeorg';
const VOTE_KEYS = ['agree', 'disagree', 'neutral'];
const QUALIFICATIONS = {
  agree: ['likeIt', 'doable', 'platitudeAgree'],
  disagree: ['noWay', 'impossible', 'platitudeDisagree'],
  neutral: ['doNotUnderstand', 'noOpinion', 'doNotCare'],
};

/** What every space starts with: an open question with three accepted proposals (and one in moderation), a finished one. */
function seed() {
  const question = (questionId, title, status) => ({ questionId, slug: questionId, title, question: `${title}?`, language: 'fr', status, wording: { prefix: 'Il faut' } });
  const proposal = (id, questionId, content, counts, status = 'Accepted') => ({
    id,
    questionId,
    content,
    status,
    createdAt: '2026-01-15T10:00:00.000Z',
    author: { firstName: 'Camille', age: 34 },
    votes: Object.fromEntries(VOTE_KEYS.map((k, i) => [k, counts[i]])),
    qualifications: {},
  });
  return {
    questions: new Map([
      ['climate', question('climate', 'How can we act for the climate', 'open')],
      ['past', question('past', 'A finished consultation', 'finished')],
    ]),
    proposals: new Map(
      [
        proposal('mk-1', 'climate', 'Il faut planter des arbres en ville', [60, 20, 20]),
        proposal('mk-2', 'climate', 'Il faut des trains de nuit', [3, 1, 0]),
        proposal('mk-3', 'climate', 'Il faut isoler les écoles', [0, 0, 0]),
        proposal('mk-4', 'climate', 'Il faut attendre la modération', [0, 0, 0], 'Pending'),
        proposal('mk-old', 'past', 'Il faut se souvenir', [1, 0, 0]),
      ].map((p) => [p.id, p]),
    ),
    /** sessionId → { visitorId, votes: Map<proposalId, { key, qualifications: Set, justUnvoted }> } */
    sessions: new Map(),
    secret: randomBytes(16),
    /** Faults armed by the tests: how many "second request of a change" still fail, and with what status. */
    faults: { change: 0, status: 503, retryAfter: 1 },
    log: [],
  };
}

class Refusal extends Error {
  constructor(status, code, extra = {}, retryAfter = 0) {
    super(code);
    this.status = status;
    this.retryAfter = retryAfter;
    this.body = { code, message: code.replaceAll('_', ' '), ...extra };
  }
}

/** The handler: `owns(path)`, `handle(req, res)`, and `space(name)` for a test that wants to look inside. */
export function createMakeOrgHandler() {
  const spaces = new Map();
  const space = (name) => spaces.get(name) ?? spaces.set(name, seed()).get(name);
  return {
    owns: (pathname) => pathname.startsWith(`${PREFIX}/`),
    space,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://fake');
      const [, , name, ...rest] = url.pathname.split('/');
      const path = `/${rest.join('/')}`;
      const s = space(name ?? '');
      if (!path.startsWith('/__control')) s.log.push({ method: req.method, path });
      let status = 200;
      let body;
      let retryAfter = 0;
      try {
        const input = req.method === 'POST' ? await readJson(req) : {};
        body = route(s, req.method ?? 'GET', path, url.searchParams, input, String(req.headers['x-session-id'] ?? ''));
        if (body?.created) {
          status = 201;
          delete body.created;
        }
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        status = error.status;
        body = error.body;
        retryAfter = error.retryAfter;
      }
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...(retryAfter && { 'retry-after': String(retryAfter) }) });
      res.end(JSON.stringify(body));
    },
  };
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(400, 'invalid_json');
  }
}

function route(s, method, path, query, input, sessionId) {
  let m;
  if (method === 'POST' && path === '/sessions') {
    const id = randomUUID();
    const visitorId = `visitor-${randomUUID().slice(0, 18)}`;
    s.sessions.set(id, { visitorId, votes: new Map() });
    return { created: true, sessionId: id, visitorId };
  }
  if (method === 'POST' && path === '/__control/fail-change') {
    s.faults = { change: input.times ?? 1, status: input.status ?? 503, retryAfter: input.retryAfter ?? 1 };
    return { armed: s.faults };
  }
  if (method === 'POST' && path === '/__control/close') {
    question(s, input.questionId).status = 'finished';
    return { closed: input.questionId };
  }
  if (method === 'GET' && path === '/__control/log') return { requests: s.log };
  if (method === 'GET' && (m = /^\/questions\/([^/]+)$/.exec(path))) return questionView(s, question(s, m[1]));
  if (method === 'GET' && (m = /^\/questions\/([^/]+)\/proposals$/.exec(path))) {
    const q = question(s, m[1]);
    const all = [...s.proposals.values()].filter((p) => p.questionId === q.questionId && p.status === 'Accepted');
    const skip = Number(query.get('skip') ?? 0);
    const limit = Math.min(Number(query.get('limit') ?? 20), 100);
    return { total: all.length, results: all.slice(skip, skip + limit).map((p) => proposalView(s, p)) };
  }
  if (method === 'GET' && (m = /^\/proposals\/([^/]+)$/.exec(path))) return proposalView(s, proposal(s, m[1]));
  if (method === 'GET' && (m = /^\/proposals\/([^/]+)\/vote$/.exec(path))) {
    const held = session(s, sessionId).votes.get(proposal(s, m[1]).id);
    return { voteKey: held?.key ?? null, qualificationKeys: held ? [...held.qualifications] : [] };
  }
  if (method === 'POST' && (m = /^\/proposals\/([^/]+)\/(vote|unvote|qualification|unqualification)$/.exec(path))) {
    return write(s, session(s, sessionId), proposal(s, m[1]), m[2], input);
  }
  throw new Refusal(404, 'not_found');
}

/** One vote, unvote, qualification or unqualification of a session on a proposal. */
function write(s, visitor, p, action, input) {
  if (input.proposalKey !== proposalKey(s, p.id)) throw new Refusal(400, 'invalid_proposal_key');
  if (!VOTE_KEYS.includes(input.voteKey)) throw new Refusal(400, 'invalid_vote_key');
  if (question(s, p.questionId).status !== 'open') throw new Refusal(403, 'question_closed');
  const held = visitor.votes.get(p.id);
  // The fault the tests arm: the vote that follows this session's unvote on this proposal fails.
  const secondOfChange = action === 'vote' && held?.justUnvoted;
  if (held) held.justUnvoted = false;
  if (secondOfChange && s.faults.change > 0) {
    s.faults.change--;
    throw new Refusal(s.faults.status, 'unavailable', {}, s.faults.retryAfter);
  }
  if (action === 'vote') {
    if (held?.key && held.key !== input.voteKey) throw new Refusal(409, 'already_voted', { voteKey: held.key });
    if (!held?.key) {
      p.votes[input.voteKey]++;
      visitor.votes.set(p.id, { key: input.voteKey, qualifications: new Set(), justUnvoted: false });
    }
  } else if (action === 'unvote') {
    if (held?.key !== input.voteKey) throw new Refusal(409, 'not_voted', { voteKey: held?.key ?? null });
    p.votes[held.key]--;
    for (const q of held.qualifications) p.qualifications[q]--;
    visitor.votes.set(p.id, { key: null, qualifications: new Set(), justUnvoted: true });
  } else {
    const q = input.qualificationKey;
    if (!QUALIFICATIONS[input.voteKey].includes(q)) throw new Refusal(400, 'invalid_qualification_key');
    if (held?.key !== input.voteKey) throw new Refusal(409, 'vote_mismatch', { voteKey: held?.key ?? null });
    const add = action === 'qualification';
    if (add !== held.qualifications.has(q)) {
      p.qualifications[q] = (p.qualifications[q] ?? 0) + (add ? 1 : -1);
      if (add) held.qualifications.add(q);
      else held.qualifications.delete(q);
    }
  }
  const now = visitor.votes.get(p.id);
  return { voteKey: now?.key ?? null, qualificationKeys: [...(now?.qualifications ?? [])], votes: votesView(p) };
}

const question = (s, id) => s.questions.get(id) ?? fail(404, 'question_not_found');
const proposal = (s, id) => s.proposals.get(id) ?? fail(404, 'proposal_not_found');
const session = (s, id) => s.sessions.get(id) ?? fail(401, 'no_session');
function fail(status, code) {
  throw new Refusal(status, code);
}

/** The opaque token a write must carry: a signature of the proposal, so no client can make one up. */
const proposalKey = (s, id) => createHmac('sha256', s.secret).update(id).digest('base64url').slice(0, 22);

function questionView(s, q) {
  const proposals = [...s.proposals.values()].filter((p) => p.questionId === q.questionId);
  const votes = proposals.reduce((n, p) => n + VOTE_KEYS.reduce((m, k) => m + p.votes[k], 0), 0);
  return { ...q, proposalsCount: proposals.filter((p) => p.status === 'Accepted').length, votesCount: votes, participantsCount: s.sessions.size };
}

/** Make.org's shape: one entry per vote key, its count and its qualifications' counts. */
function votesView(p) {
  return VOTE_KEYS.map((voteKey) => ({
    voteKey,
    count: p.votes[voteKey],
    qualifications: QUALIFICATIONS[voteKey].map((qualificationKey) => ({ qualificationKey, count: p.qualifications[qualificationKey] ?? 0 })),
  }));
}

function proposalView(s, p) {
  const { votes: _votes, qualifications: _qualifications, ...rest } = p;
  return { ...rest, proposalKey: proposalKey(s, p.id), votes: votesView(p) };
}

/** Koa middleware (web-test-runner's dev server) serving the fake on the test pages' origin. */
export function makeOrgMiddleware() {
  const handler = createMakeOrgHandler();
  return async (ctx, next) => {
    if (!handler.owns(ctx.path)) return next();
    ctx.respond = false;
    await handler.handle(ctx.req, ctx.res);
  };
}

/** The fake on its own port (node tests, a demo page). Resolves to `{ origin, handler, close() }`. */
export async function startFakeServer({ port = 0, host = '127.0.0.1' } = {}) {
  const handler = createMakeOrgHandler();
  const server = createServer((req, res) => {
    if (handler.owns(new URL(req.url ?? '/', 'http://fake').pathname)) return void handler.handle(req, res);
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const address = server.address();
  return {
    origin: `http://${host}:${typeof address === 'object' && address ? address.port : port}`,
    handler,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve(undefined)))),
  };
}
