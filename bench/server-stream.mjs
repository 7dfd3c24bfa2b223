// A vote stream at the scale of the seed consultation (AI Action Summit, 2024–25): 1 consultation,
// 575 proposals in its 6 themes, 11,661 participants, 121,325 vote requests, generated from a
// seeded PRNG so that every run replays exactly the same requests. bench/server.mjs replays it
// against consult-server; the expected final tallies come with it.
//
//   import { generateStream, expectedTallies, voteRequest } from './server-stream.mjs';
//   node bench/server-stream.mjs [--seed 1] [--import file.json]   # summary, optionally the import file
//
// The stream is columnar (typed arrays, one entry per request) so that a benchmark client can walk
// it without allocating. Participants vote in sessions spread over three weeks; each votes on
// distinct proposals, popular proposals more often. About 1 % of the requests are re-votes: the same
// participant and proposal again, a little later, with another key. Requests are in `votedAt`
// order (strictly increasing), so a re-vote always carries the newer `votedAt` and wins.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mulberry32 as random } from './random.mjs';

export const CONSULTATION_ID = 'ai-action-summit-2024';
export const PROPOSALS = 575;
export const PARTICIPANTS = 11_661;
export const REQUESTS = 121_325;
/** Requests that change the key of an earlier vote of the same participant. */
export const REVOTES = 1_213;
export const KEYS = /** @type {const} */ (['agree', 'disagree', 'neutral']);

const THEMES = [
  { id: 'education', label: 'AI Education' },
  { id: 'transparency', label: 'Transparency and Trust' },
  { id: 'society', label: 'Managing the Impact of AI on Society' },
  { id: 'governance', label: 'Governance and Democracy' },
  { id: 'environment', label: 'AI and the Environment' },
  { id: 'public-interest', label: 'Public Interest' },
];
const OPENINGS = ['We should', 'Governments must', 'Let us', 'Companies should', 'Schools could', 'Europe must'];
const VERBS = ['regulate', 'explain', 'fund research on', 'label', 'limit', 'open up', 'audit', 'teach'];
const OBJECTS = [
  'AI-generated content',
  'the energy use of data centres',
  'recommendation algorithms',
  'facial recognition in public spaces',
  'the training data of public models',
  'AI in hiring decisions',
  'the impact of AI on jobs',
  'access to AI tools for everyone',
];
const ENDINGS = ['', ' before 2030', ' in every country', ', with yearly public reports', ' for the public good'];
const NAMES = ['Camille', 'Noah', 'Inès', 'Lucas', 'Amina', 'Hugo', 'Léa', 'Yanis', 'Chloé', 'Malik'];
/** [agree, disagree] probabilities per kind of proposal; neutral is the rest. */
const PROFILES = [
  { share: 0.6, agree: 0.68, disagree: 0.1 }, // popular
  { share: 0.25, agree: 0.4, disagree: 0.37 }, // divisive
  { share: 0.15, agree: 0.22, disagree: 0.55 }, // rejected
];
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const START = Date.UTC(2024, 8, 18, 10, 0, 0);
const DURATION_MS = 21 * 24 * 3600 * 1000;

/** Standard normal (Box–Muller), for the long tails of popularity and of votes per participant. */
const gaussian = (next) => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());

/**
 * The whole stream for `seed`: `{ seed, importFile, proposalIds, participantIds, length,
 * proposal, participant, key, votedAt }`; request i is proposal `proposalIds[proposal[i]]`,
 * participant `participantIds[participant[i]]`, key `KEYS[key[i]]`, `votedAt[i]` in ms since the epoch.
 */
export function generateStream(seed = 1) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];

  const proposalIds = Array.from({ length: PROPOSALS }, (_, i) => `p${String(i + 1).padStart(4, '0')}`);
  const proposals = proposalIds.map((id) => {
    const proposal = { id, content: `${pick(OPENINGS)} ${pick(VERBS)} ${pick(OBJECTS)}${pick(ENDINGS)}.`, themeId: pick(THEMES).id };
    if (next() < 0.8) proposal.author = { name: pick(NAMES), age: 18 + Math.floor(next() * 62) };
    return proposal;
  });
  const importFile = {
    consultation: {
      id: CONSULTATION_ID,
      title: 'AI Action Summit: citizen consultation (benchmark stream)',
      question: 'What are your ideas for shaping AI to serve the public good?',
      locale: 'en',
      themes: THEMES,
    },
    proposals,
  };

  // How each proposal is judged, and how often it is shown (a few proposals gather many votes).
  const profiles = proposalIds.map(() => {
    let u = next();
    const profile = PROFILES.find((p) => (u -= p.share) < 0) ?? PROFILES[0];
    const jitter = (next() - 0.5) * 0.1;
    return { agree: profile.agree + jitter, disagree: profile.disagree - jitter / 2 };
  });
  const drawKey = (p) => {
    const u = next();
    return u < profiles[p].agree ? 0 : u < profiles[p].agree + profiles[p].disagree ? 1 : 2;
  };
  const popularity = proposalIds.map(() => Math.exp(0.8 * gaussian(next)));
  const cumulative = new Float64Array(PROPOSALS);
  popularity.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const total = cumulative[PROPOSALS - 1];
  const weightedProposal = () => {
    const u = next() * total;
    let lo = 0;
    let hi = PROPOSALS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // Participant ids: 12 characters of the id alphabet, all different.
  const seen = new Set();
  const participantIds = [];
  while (participantIds.length < PARTICIPANTS) {
    let id = '';
    for (let i = 0; i < 12; i++) id += ID_CHARS[Math.floor(next() * ID_CHARS.length)];
    if (seen.has(id)) continue;
    seen.add(id);
    participantIds.push(id);
  }

  // Votes per participant: at least one, a long tail, summing exactly to the first votes wanted.
  const firstVotes = REQUESTS - REVOTES;
  const weights = participantIds.map(() => Math.exp(gaussian(next)));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const extra = firstVotes - PARTICIPANTS;
  const counts = weights.map((w) => Math.min(PROPOSALS, 1 + Math.floor((extra * w) / weightSum)));
  for (let left = firstVotes - counts.reduce((a, b) => a + b, 0), i = 0; left > 0; i = (i + 1) % PARTICIPANTS) {
    if (counts[i] < PROPOSALS) {
      counts[i]++;
      left--;
    }
  }

  // First votes: each participant's session, one vote every 3–25 s on distinct proposals.
  const n = REQUESTS;
  const proposal = new Uint16Array(n);
  const participant = new Uint32Array(n);
  const key = new Uint8Array(n);
  const time = new Float64Array(n);
  let e = 0;
  for (let p = 0; p < PARTICIPANTS; p++) {
    const chosen = distinctProposals(counts[p], next, weightedProposal, popularity);
    let t = next() * (DURATION_MS - 3_600_000);
    for (const pr of chosen) {
      proposal[e] = pr;
      participant[e] = p;
      key[e] = drawKey(pr);
      time[e++] = t;
      t += 3000 + next() * 22_000;
    }
  }
  // Re-votes: distinct first votes changed 2–120 s later to one of the two other keys.
  const revoted = new Set();
  while (revoted.size < REVOTES) revoted.add(Math.floor(next() * firstVotes));
  for (const original of [...revoted].sort((a, b) => a - b)) {
    proposal[e] = proposal[original];
    participant[e] = participant[original];
    key[e] = (key[original] + 1 + Math.floor(next() * 2)) % 3;
    time[e++] = time[original] + 2000 + next() * 118_000;
  }

  // In time order; votedAt strictly increasing (whole milliseconds).
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b] || a - b);
  const stream = {
    seed,
    importFile,
    proposalIds,
    participantIds,
    length: n,
    proposal: new Uint16Array(n),
    participant: new Uint32Array(n),
    key: new Uint8Array(n),
    votedAt: new Float64Array(n),
  };
  let previous = 0;
  order.forEach((from, to) => {
    stream.proposal[to] = proposal[from];
    stream.participant[to] = participant[from];
    stream.key[to] = key[from];
    previous = stream.votedAt[to] = Math.max(previous + 1, START + Math.round(time[from]));
  });
  return stream;
}

/** `count` distinct proposal indexes, popular ones more likely. */
function distinctProposals(count, next, weightedProposal, popularity) {
  if (count <= 100) {
    const chosen = new Set();
    while (chosen.size < count) chosen.add(weightedProposal());
    return [...chosen];
  }
  // Many votes: weighted sampling without replacement (Efraimidis–Spirakis), rejection would crawl.
  return popularity
    .map((w, i) => ({ i, rank: Math.log(1 - next()) / w }))
    .sort((a, b) => b.rank - a.rank)
    .slice(0, count)
    .map((c) => c.i);
}

/** Request i as the protocol sends it: `{ proposalId, participantId, key, votedAt }` (votedAt ISO). */
export function voteRequest(stream, i) {
  return {
    proposalId: stream.proposalIds[stream.proposal[i]],
    participantId: stream.participantIds[stream.participant[i]],
    key: KEYS[stream.key[i]],
    votedAt: new Date(stream.votedAt[i]).toISOString(),
  };
}

/**
 * What the server must hold once the first `count` requests are applied (in any order: the newest
 * `votedAt` of each participant and proposal wins): `{ tallies: Map<proposalId, Tally>,
 * participants, votes }`. Every proposal is in the map, with zeros if nobody voted on it.
 */
export function expectedTallies(stream, count = stream.length) {
  const latest = new Map();
  for (let i = 0; i < count; i++) {
    // Requests are in votedAt order: a later request of the same pair replaces the earlier one.
    latest.set(stream.proposal[i] * 16_384 + stream.participant[i], i);
  }
  const tallies = new Map(stream.proposalIds.map((id) => [id, { agree: 0, disagree: 0, neutral: 0 }]));
  const participants = new Set();
  for (const i of latest.values()) {
    tallies.get(stream.proposalIds[stream.proposal[i]])[KEYS[stream.key[i]]]++;
    participants.add(stream.participant[i]);
  }
  return { tallies, participants: participants.size, votes: latest.size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, import: { type: 'string' } } });
  const started = performance.now();
  const stream = generateStream(Number(values.seed));
  const expected = expectedTallies(stream);
  const ms = Math.round(performance.now() - started);
  console.log(
    `seed ${stream.seed}: ${stream.length} requests, ${expected.participants} participants, ${expected.votes} votes on ` +
      `${stream.proposalIds.length} proposals, ${new Date(stream.votedAt[0]).toISOString()} → ` +
      `${new Date(stream.votedAt[stream.length - 1]).toISOString()} (generated in ${ms} ms)`,
  );
  if (values.import) {
    writeFileSync(values.import, `${JSON.stringify(stream.importFile, null, 2)}\n`);
    console.log(`Wrote ${values.import}`);
  }
}
