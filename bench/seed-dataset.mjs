// The seed consultation replayed (issue 5, "Seed replay dataset"): the AI Action Summit citizen
// consultation (Make.org, 2024–25) at its published scale, 575 accepted proposals in its 6 themes,
// 11,661 participants and 121,325 final votes with qualifications, generated from a seed number.
// Its 24 published ideas (demo/data/ai-action-summit.js) come out as exactly the 15 popular and
// the 9 divisive ideas of the results method (src/results/): `npm start` imports it so that the
// demo's results page shows the published picture, and benchmarks replay it.
//
//   import { generateSeedDataset } from './seed-dataset.mjs';
//   node bench/seed-dataset.mjs [--seed 1] [--out dir]   # summary; --out writes dir/consultation.json
//
// How the picture is guaranteed rather than hoped for:
// - the 24 ideas get exactly the stand-in tallies of demo/data/ai-action-summit.js (popular ones
//   61–77 % agree, divisive ones split), 70,292 votes, and generous qualifications (popular: many
//   "like it" and "doable"; divisive: many "like it" and "no way"), so their topScore or
//   controversy is high and, with thousands of votes each, its lower bound is close to it;
// - the 551 other proposals share the other 51,033 votes (at least 30 each, median about 70, a few
//   several hundred: a long tail) and are drawn from profiles whose best case stays below the ideas:
//   consensus ones are less agreed and less qualified, controversial ones less evenly split, and the
//   rest sit in limbo or rejection. Their key and qualification counts are the profile's exactly
//   (rounded), not random draws, so a small proposal cannot get lucky.
// No re-votes and no withdrawals: every vote is final, so the stored tallies are the generated ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { categories, consultation as demoConsultation, proposals as ideas } from '../demo/data/ai-action-summit.js';
import { mulberry32 } from './random.mjs';

export const SEED_CONSULTATION_ID = demoConsultation.id;
/** The counters of the consultation's published results page. */
export const SEED_COUNTS = Object.freeze({ participants: 11_661, proposals: 575, votes: 121_325 });
export const KEYS = /** @type {const} */ (['agree', 'disagree', 'neutral']);
/** The qualifications of each vote key, in the protocol's order (src/protocol/schemas.ts). */
export const QUALIFICATIONS = {
  agree: ['likeIt', 'doable', 'platitudeAgree'],
  disagree: ['noWay', 'impossible', 'platitudeDisagree'],
  neutral: ['doNotUnderstand', 'noOpinion', 'doNotCare'],
};

/** Every proposal that is not one of the 24 ideas gets at least this many votes (minVotes is 20). */
const MIN_FILLER_VOTES = 30;
/** The consultation opened on 18 September 2024 (see the demo data) and ran about 15 weeks. */
const OPENED = Date.UTC(2024, 8, 18);
const DAYS = 105;
/** Proposals (largest first) whose voters are drawn at random; the others' are chosen greedily. */
const GREEDY_AFTER = 275;
/** Make.org shows proposals in sequences of 12. */
const SEQUENCE = 12;

const THEME_IDS = demoConsultation.themes.map((t) => t.id);
/** Share of the filler proposals in each theme (society and governance drew the most proposals). */
const THEME_WEIGHTS = { education: 0.16, transparency: 0.17, society: 0.21, governance: 0.19, environment: 0.12, 'public-interest': 0.15 };

// Proposal texts: an optional opening, an action of the theme, an optional ending. "mainstream"
// actions go to proposals most people agree with or shrug at, "bold" ones to those that divide or
// are rejected, so a proposal's text roughly fits its votes.
const OPENINGS = ['', '', '', 'We should ', 'We must ', 'The State should ', 'Europe should ', 'Public authorities must ', "Let's "];
const ENDINGS = [
  '',
  '',
  '',
  ' by 2030',
  ' in every country',
  ', with independent oversight',
  ' at European level',
  ', with public reports every year',
  ' as soon as possible',
  ', step by step',
];
const ACTIONS = {
  education: {
    mainstream: [
      'Teach children how recommendation algorithms shape what they see',
      'Train every teacher to use AI tools in the classroom',
      'Offer free online courses on AI for adults',
      'Create AI literacy workshops in public libraries',
      'Teach pupils to check sources and spot deepfakes',
      'Include the ethics of AI in secondary school programmes',
      'Fund AI training for older people who feel left behind',
      'Help workers learn AI skills through paid training leave',
      'Explain the limits of chatbots to students before they use them',
      'Open AI summer schools for teenagers in rural areas',
      'Give universities the means to train more AI researchers',
      'Train civil servants to use AI responsibly',
      'Make AI courses accessible to people with disabilities',
      "Teach parents how AI shapes their children's screens",
      'Create a public platform of free AI learning resources',
    ],
    bold: [
      'Ban AI tools from schools until pupils are 16',
      'Replace part of homework with AI tutoring',
      'Make an AI certificate compulsory to use AI at work',
      "Let AI grade exams to free up teachers' time",
      'Give every pupil a personal AI assistant',
      'Stop teaching coding now that AI writes code',
    ],
  },
  transparency: {
    mainstream: [
      'Label every image and video generated by AI',
      'Require companies to publish the data used to train their models',
      'Tell people clearly when they are talking to a chatbot',
      'Create an independent authority to audit algorithms',
      'Explain every automated decision that affects a citizen',
      'Let users refuse that their data trains AI models',
      'Publish the source code of algorithms used by public services',
      'Require watermarks on AI-generated text in the media',
      'Give citizens a right to a human review of AI decisions',
      'Make platforms reveal how their recommendation systems rank content',
      'Test AI systems for bias before they reach the market',
      'Create a public register of AI systems used by the State',
      'Protect whistleblowers who reveal abuses in AI companies',
      'Fine companies that hide the use of AI from their customers',
    ],
    bold: [
      'Ban AI systems whose decisions cannot be explained',
      'Open-source every AI model above a certain size',
      'Ban anonymous use of generative AI tools',
      'Require a licence to publish AI-generated content',
      'Make AI companies liable for all misinformation their tools produce',
    ],
  },
  society: {
    mainstream: [
      'Support workers whose jobs are changed by AI',
      'Involve unions in decisions to deploy AI at work',
      'Protect artists from the copying of their work by AI',
      'Pay creators when their works are used to train AI',
      'Study the effects of AI on mental health',
      'Keep a human contact in every essential service',
      'Protect children from manipulative chatbots',
      'Fight discrimination caused by biased algorithms',
      'Make sure AI does not widen inequalities between regions',
      'Fund research on the social effects of automation',
      'Make sure older people can still do everything without AI',
      'Limit the use of AI to monitor employees',
    ],
    bold: [
      'Tax companies that replace jobs with AI',
      'Create a universal basic income funded by AI profits',
      'Reduce the working week as AI raises productivity',
      'Exclude AI-generated music and films from prizes',
      'Ban AI companions for minors',
      'Forbid the use of AI in hiring decisions',
    ],
  },
  governance: {
    mainstream: [
      'Create an international body to oversee advanced AI',
      'Consult citizens before every major AI law',
      'Give regulators the means to inspect AI models',
      'Coordinate AI rules between European countries',
      'Protect elections from AI-generated disinformation',
      'Set common safety tests for powerful AI models',
      "Include citizens' assemblies in AI governance",
      'Make AI companies share their risk assessments with public authorities',
      'Train members of parliament on AI issues',
      'Create a European AI agency with real enforcement powers',
      'Ban lethal autonomous weapons worldwide',
    ],
    bold: [
      'Pause the development of the most powerful AI models',
      'Let citizens vote on the use of AI in each public service',
      'Nationalise the AI infrastructure of strategic sectors',
      'Use AI to draft laws faster',
      'Ban AI-generated political advertising',
      'Let an AI assistant summarise every bill for voters',
    ],
  },
  environment: {
    mainstream: [
      'Measure and publish the energy use of AI models',
      'Power data centres with renewable energy',
      'Reuse the heat of data centres to warm homes',
      'Use AI to reduce energy waste in buildings',
      'Use AI to monitor biodiversity and deforestation',
      'Favour small, efficient AI models over giant ones',
      'Include the water use of data centres in their permits',
      'Use AI to improve weather and climate forecasts',
      'Recycle the hardware used to train AI',
      'Help farmers use AI to save water',
    ],
    bold: [
      'Cap the energy that AI data centres may use',
      'Tax the carbon footprint of every AI query',
      'Ban new data centres in regions short of water',
      'Limit the use of generative AI for entertainment',
      'Stop training new large models until they are carbon neutral',
    ],
  },
  'public-interest': {
    mainstream: [
      'Use AI to shorten waiting times in hospitals',
      'Develop AI tools to detect diseases earlier',
      'Use AI to help people fill in administrative forms',
      'Build public AI models in European languages',
      'Give researchers free access to public computing power',
      'Use AI to translate public services into every language spoken here',
      'Use AI to help people with disabilities in daily life',
      'Open public data to build AI for the common good',
      'Use AI to plan public transport better',
      'Fund AI projects led by non-profit organisations',
      'Use AI to detect tax fraud',
    ],
    bold: [
      'Let AI decide on minor administrative requests',
      'Use AI to predict crime in neighbourhoods',
      'Replace the call centres of public services with chatbots',
      'Use facial recognition to secure public places',
      'Let AI judges settle small claims',
    ],
  },
};
const NAMES = ['Camille', 'Noah', 'Inès', 'Lucas', 'Amina', 'Hugo', 'Léa', 'Yanis', 'Chloé', 'Malik', 'Sofia', 'Jonas', 'Aïcha', 'Tom', 'Elena', 'Karim'];

/**
 * How voters judge a filler proposal: probabilities of each key and, per key, of each of its three
 * qualifications. Ranges are chosen so that no profile, even at its best draw and with many votes,
 * reaches the weakest of the 24 ideas (see the header); `share` is how many of the 551 take it.
 */
const FILLER_PROFILES = [
  {
    zone: 'consensus',
    share: 0.36,
    text: 'mainstream',
    agree: [0.55, 0.68],
    disagree: [0.05, 0.15],
    qualifications: { agree: [[0.08, 0.2], [0.04, 0.12], [0.03, 0.1]], disagree: [[0.2, 0.35], [0.1, 0.2], [0.03, 0.08]] },
  },
  {
    zone: 'controversy',
    share: 0.16,
    text: 'bold',
    agree: [0.36, 0.5],
    disagree: [0.22, 0.32],
    qualifications: { agree: [[0.08, 0.18], [0.05, 0.12], [0.03, 0.08]], disagree: [[0.1, 0.22], [0.08, 0.16], [0.03, 0.08]] },
  },
  {
    zone: 'limbo',
    share: 0.2,
    text: 'mainstream',
    agree: [0.22, 0.36],
    disagree: [0.1, 0.2],
    qualifications: { agree: [[0.06, 0.14], [0.04, 0.1], [0.05, 0.12]], disagree: [[0.1, 0.2], [0.06, 0.14], [0.04, 0.1]] },
  },
  {
    zone: 'rejection',
    share: 0.28,
    text: 'bold',
    agree: [0.08, 0.22],
    disagree: [0.5, 0.72],
    qualifications: { agree: [[0.1, 0.22], [0.04, 0.1], [0.02, 0.06]], disagree: [[0.3, 0.45], [0.12, 0.24], [0.03, 0.08]] },
  },
];
/** Qualification probabilities of the 24 ideas, per key (like it / doable / platitude, …). */
const IDEA_QUALIFICATIONS = {
  popular: { agree: [[0.38, 0.48], [0.2, 0.3], [0.02, 0.04]], disagree: [[0.3, 0.45], [0.1, 0.2], [0.03, 0.06]] },
  divisive: { agree: [[0.36, 0.46], [0.1, 0.2], [0.03, 0.06]], disagree: [[0.4, 0.5], [0.12, 0.22], [0.03, 0.06]] },
};
/** Neutral voters qualify alike everywhere: don't understand / no opinion / don't care. */
const NEUTRAL_QUALIFICATIONS = [[0.03, 0.08], [0.15, 0.3], [0.05, 0.12]];

/**
 * The whole dataset for `seed`:
 * - `importFile`: the consultation as `consult-server import` takes it (protocol ImportFile);
 * - `votes`: every final vote in `votedAt` order, `{ proposalId, participantId, key, votedAt, qualifications }`;
 * - `expected`: the ids that must come out `popular` (15) and `divisive` (9).
 */
export function generateSeedDataset(seed = 1) {
  const next = mulberry32(seed);
  const between = ([low, high]) => low + (high - low) * next();
  const pick = (list) => list[Math.floor(next() * list.length)];

  // 1. Proposals: the 24 ideas with their demo tallies, then the filler with profiles.
  const proposals = ideas.map((idea) => ({
    id: idea.id,
    themeId: idea.themeId,
    content: idea.content,
    tally: [idea.votes.agree, idea.votes.disagree, idea.votes.neutral],
    qualificationRates: drawRates(IDEA_QUALIFICATIONS[categories[idea.id]], between),
  }));
  const fillerCount = SEED_COUNTS.proposals - proposals.length;
  const ideaVotes = proposals.reduce((sum, p) => sum + p.tally[0] + p.tally[1] + p.tally[2], 0);
  const fillerSizes = longTail(fillerCount, SEED_COUNTS.votes - ideaVotes, MIN_FILLER_VOTES, next);
  const texts = new Set(proposals.map((p) => p.content));
  for (let i = 0; i < fillerCount; i++) {
    const profile = pickWeighted(FILLER_PROFILES, (p) => p.share, next);
    const themeId = pickWeighted(THEME_IDS, (t) => THEME_WEIGHTS[t], next);
    let content;
    do {
      const opening = pick(OPENINGS);
      const action = pick(ACTIONS[themeId][profile.text]);
      // "Let's let users…" reads badly: such actions go without that opening.
      content = opening && !(opening === "Let's " && action.startsWith('Let ')) ? `${opening}${lowerFirst(action)}` : action;
      content += pick(ENDINGS);
    } while (texts.has(content) || content.length > demoConsultation.proposalMaxLength);
    texts.add(content);
    const agree = between(profile.agree);
    const disagree = between(profile.disagree);
    proposals.push({
      id: `${themeId}-p${String(i + 1).padStart(3, '0')}`,
      themeId,
      content,
      author: next() < 0.75 ? { name: pick(NAMES), age: 16 + Math.floor(next() * 64) } : undefined,
      tally: apportion([agree, disagree, 1 - agree - disagree], fillerSizes[i]),
      qualificationRates: drawRates(profile.qualifications, between),
    });
  }

  // 2. How many votes each participant casts: a full sequence of 12 for many, fewer for those who
  // stopped early, several sequences for a committed few; exactly SEED_COUNTS.votes in all.
  const budget = participantBudgets(next);

  // 3. Who votes on what: each proposal, largest first, draws its voters among those with votes
  // left, weighted by how many they have left (exponential races, i.e. weighted sampling without
  // replacement), so everyone's budget runs out together and nobody votes twice on a proposal.
  // Random draws alone can strand a vote at the very end (someone with 2 votes left and 1 proposal
  // to go), so the smallest proposals take the voters with the most votes left instead, ties drawn
  // at random: Ryser's greedy, which always completes when the remaining counts allow it at all.
  const order = proposals.map((_, i) => i).sort((a, b) => sizeOf(proposals[b]) - sizeOf(proposals[a]) || a - b);
  const total = SEED_COUNTS.votes;
  const voteProposal = new Uint16Array(total);
  const voteParticipant = new Uint16Array(total);
  const voteKey = new Uint8Array(total);
  const voteQualifications = new Uint8Array(total); // bit i: QUALIFICATIONS[key][i]
  const race = new Float64Array(SEED_COUNTS.participants);
  let v = 0;
  let step = 0;
  for (const p of order) {
    const proposal = proposals[p];
    const size = sizeOf(proposal);
    const greedy = step++ >= GREEDY_AFTER;
    for (let i = 0; i < race.length; i++) {
      race[i] = budget[i] <= 0 ? Infinity : greedy ? -budget[i] - next() : -Math.log(1 - next()) / budget[i];
    }
    const threshold = race.slice().sort()[size - 1];
    if (!Number.isFinite(threshold)) throw new Error(`seed ${seed}: too few participants left for ${proposal.id}`);
    const { keys, masks } = ballotsOf(proposal, next);
    let chosen = 0;
    for (let i = 0; i < race.length && chosen < size; i++) {
      if (race[i] > threshold) continue;
      budget[i]--;
      voteProposal[v] = p;
      voteParticipant[v] = i;
      voteKey[v] = keys[chosen];
      voteQualifications[v] = masks[chosen];
      chosen++;
      v++;
    }
  }
  if (v !== total || budget.some((b) => b !== 0)) throw new Error(`seed ${seed}: votes and participants do not match`);

  // 4. When: each participant's votes in a random order, in sessions of one sequence (12 votes)
  // on days spread over the consultation (more at its start), one vote every 4–30 s.
  const votedAt = sessionTimes(voteParticipant, next);

  // 5. The vote objects, in time order.
  const byTime = Uint32Array.from({ length: total }, (_, i) => i).sort((a, b) => votedAt[a] - votedAt[b] || a - b);
  const participantIds = Array.from({ length: SEED_COUNTS.participants }, (_, i) => `seed${seed}-participant-${String(i + 1).padStart(5, '0')}`);
  const votes = Array.from(byTime, (i) => {
    const key = KEYS[voteKey[i]];
    return {
      proposalId: proposals[voteProposal[i]].id,
      participantId: participantIds[voteParticipant[i]],
      key,
      votedAt: new Date(votedAt[i]).toISOString(),
      qualifications: QUALIFICATIONS[key].filter((_, bit) => voteQualifications[i] & (1 << bit)),
    };
  });

  const { counts: _counts, ...config } = demoConsultation;
  const importFile = {
    consultation: { ...config, allowedOrigins: [], requireSignedParticipants: false },
    proposals: proposals.map(({ id, content, themeId, author }) => ({ id, content, themeId, ...(author ? { author } : {}), status: 'accepted' })),
  };
  const expected = {
    popular: ideas.filter((i) => categories[i.id] === 'popular').map((i) => i.id),
    divisive: ideas.filter((i) => categories[i.id] === 'divisive').map((i) => i.id),
  };
  return { seed, importFile, votes, expected };
}

const sizeOf = (proposal) => proposal.tally[0] + proposal.tally[1] + proposal.tally[2];
const lowerFirst = (text) => (/^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text);

function pickWeighted(list, weight, next) {
  let u = next() * list.reduce((sum, item) => sum + weight(item), 0);
  for (const item of list) if ((u -= weight(item)) < 0) return item;
  return list[list.length - 1];
}

/** One probability per qualification of each key, drawn in its range. */
function drawRates(ranges, between) {
  return [ranges.agree, ranges.disagree, NEUTRAL_QUALIFICATIONS].map((perKey) => perKey.map(between));
}

/**
 * The ballots of a proposal, in random order: the keys of its tally, and per ballot the bit mask of
 * its qualifications (bit i: QUALIFICATIONS[key][i]). Each qualification goes to round(rate × voters
 * of its key) of them, at most two per ballot: exact counts, so that a small proposal's picture is its
 * profile's and not a lucky draw.
 */
function ballotsOf(proposal, next) {
  const keys = shuffledKeys(proposal.tally, next);
  const masks = new Uint8Array(keys.length);
  for (let key = 0; key < 3; key++) {
    const voters = [];
    keys.forEach((k, i) => k === key && voters.push(i));
    proposal.qualificationRates[key].forEach((rate, bit) => {
      const open = shuffle(voters.filter((i) => masks[i] !== 3 && masks[i] !== 5 && masks[i] !== 6), next);
      for (const i of open.slice(0, Math.round(rate * voters.length))) masks[i] |= 1 << bit;
    });
  }
  return { keys, masks };
}

/** `total` split in proportion to `shares` (largest remainders), as whole numbers. */
function apportion(shares, total) {
  const exact = shares.map((s) => s * total);
  const parts = exact.map(Math.floor);
  const order = exact.map((_, i) => i).sort((a, b) => exact[b] - parts[b] - (exact[a] - parts[a]) || a - b);
  for (let k = 0, left = total - parts.reduce((a, b) => a + b, 0); k < left; k++) parts[order[k]]++;
  return parts;
}

/** The exact keys of a tally [agree, disagree, neutral], shuffled (Fisher–Yates). */
function shuffledKeys(tally, next) {
  const keys = new Uint8Array(tally[0] + tally[1] + tally[2]);
  keys.fill(1, tally[0], tally[0] + tally[1]).fill(2, tally[0] + tally[1]);
  return shuffle(keys, next);
}

function shuffle(array, next) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

const gaussian = (next) => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());

/** `count` sizes of at least `min`, summing exactly to `sum`, log-normally spread (a few large, most small). */
function longTail(count, sum, min, next) {
  const spare = sum - count * min;
  if (spare < 0) throw new Error(`${sum} votes cannot give ${count} proposals ${min} each`);
  const weights = Array.from({ length: count }, () => Math.exp(1.1 * gaussian(next)));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  return apportion(weights.map((w) => w / weightSum), spare).map((extra) => min + extra);
}

/** Votes per participant (at least 1), summing exactly to SEED_COUNTS.votes. */
function participantBudgets(next) {
  const budget = new Int32Array(SEED_COUNTS.participants);
  for (let i = 0; i < budget.length; i++) {
    const u = next();
    if (u < 0.52) budget[i] = 1 + Math.floor((SEQUENCE - 1) * next() ** 1.3); // stopped during the first sequence
    else if (u < 0.91) budget[i] = SEQUENCE; // one sequence
    else budget[i] = SEQUENCE * (1 + Math.min(12, Math.floor(-Math.log(1 - next()) / 0.6))) + Math.floor(SEQUENCE * next());
  }
  let missing = SEED_COUNTS.votes - budget.reduce((a, b) => a + b, 0);
  while (missing !== 0) {
    const i = Math.floor(next() * budget.length);
    const step = missing > 0 ? (budget[i] < 200 ? 1 : 0) : budget[i] > 1 ? -1 : 0;
    budget[i] += step;
    missing -= step;
  }
  return budget;
}

/** Milliseconds since the epoch of each vote, from its participant's sessions. */
function sessionTimes(voteParticipant, next) {
  const participants = SEED_COUNTS.participants;
  const start = new Uint32Array(participants + 1);
  for (const p of voteParticipant) start[p + 1]++;
  for (let p = 0; p < participants; p++) start[p + 1] += start[p];
  const votesOf = new Uint32Array(voteParticipant.length);
  const fill = start.slice(0, participants);
  voteParticipant.forEach((p, v) => (votesOf[fill[p]++] = v));

  const votedAt = new Float64Array(voteParticipant.length);
  const day = 86_400_000;
  for (let p = 0; p < participants; p++) {
    const mine = shuffle(votesOf.subarray(start[p], start[p + 1]), next);
    // One session per sequence, each on a day of its own draw (more at the start), in daytime.
    const sessions = Array.from({ length: Math.ceil(mine.length / SEQUENCE) }, () => {
      const dayIndex = Math.floor(DAYS * next() ** 1.8);
      return OPENED + dayIndex * day + (7 + 15 * next()) * 3_600_000;
    }).sort((a, b) => a - b);
    let t = 0;
    for (let k = 0; k < mine.length; k++) {
      // A session starts no earlier than a minute after the previous one ended.
      t = k % SEQUENCE === 0 ? Math.max(t + 60_000, sessions[k / SEQUENCE]) : t + 4000 + next() * 26_000;
      votedAt[mine[k]] = Math.round(t);
    }
  }
  return votedAt;
}

/** Results rows (the shape `computeResults` takes) straight from the generated votes. */
export function resultsInputOf(dataset) {
  const rows = new Map(
    dataset.importFile.proposals.map((p) => [p.id, { proposalId: p.id, content: p.content, themeId: p.themeId ?? null, votes: { agree: 0, disagree: 0, neutral: 0 }, qualifications: {} }]),
  );
  const participants = new Set();
  for (const vote of dataset.votes) {
    const row = rows.get(vote.proposalId);
    row.votes[vote.key]++;
    for (const q of vote.qualifications) row.qualifications[q] = (row.qualifications[q] ?? 0) + 1;
    participants.add(vote.participantId);
  }
  return {
    consultationId: dataset.importFile.consultation.id,
    counts: { participants: participants.size, proposals: rows.size, votes: dataset.votes.length },
    rows: [...rows.values()],
  };
}

/** The popular and divisive ideas as the project's results method computes them (needs `npm run build`). */
async function printPicture(dataset, input) {
  let results;
  try {
    results = await import('../dist/results/index.js');
  } catch {
    console.log('(run `npm run build` to see the popular and divisive ideas computed by src/results/)');
    return;
  }
  console.log(summarisePicture(results, dataset, input));
}

/**
 * Text summary from `results` (dist/results/index.js): zones, the top lists with their lower
 * bounds, and how far below the last listed idea the best other proposal of its zone stays.
 */
export function summarisePicture(results, dataset, input = resultsInputOf(dataset)) {
  const output = results.computeResults(input);
  const lines = [];
  const zones = {};
  for (const p of output.proposals) zones[p.zone ?? 'unrated'] = (zones[p.zone ?? 'unrated'] ?? 0) + 1;
  lines.push(`zones: ${Object.entries(zones).map(([zone, n]) => `${zone} ${n}`).join(', ')}`);
  const listed = topLists(output);
  for (const [category, zone] of [
    ['popular', 'consensus'],
    ['divisive', 'controversy'],
  ]) {
    const inZone = output.proposals.filter((p) => p.zone === zone);
    const ids = listed[category];
    const want = dataset.expected[category];
    const same = ids.length === want.length && want.every((id) => ids.includes(id));
    lines.push(`${category} (${ids.length} of ${inZone.length} in ${zone}; ${same ? 'exactly the published ideas' : 'NOT the published ideas'}):`);
    for (const id of ids) {
      const p = inZone.find((q) => q.proposalId === id);
      const n = p.votes.agree + p.votes.disagree + p.votes.neutral;
      lines.push(
        `  ${String(p.rank).padStart(2)}. ${id.padEnd(18)} bound ${p.bound.toFixed(3)}  score ${p.score.toFixed(3)}  ` +
          `${n} votes, ${pct(p.shares.agree)} agree, ${pct(p.shares.disagree)} disagree`,
      );
    }
    const last = Math.min(...inZone.filter((p) => ids.includes(p.proposalId)).map((p) => p.bound));
    const best = inZone.filter((p) => !ids.includes(p.proposalId)).sort((a, b) => b.bound - a.bound)[0];
    if (best) {
      const n = best.votes.agree + best.votes.disagree + best.votes.neutral;
      lines.push(`  best other: ${best.proposalId} bound ${best.bound.toFixed(3)} (${n} votes), ${(last - best.bound).toFixed(3)} below the last listed`);
    }
  }
  return lines.join('\n');
}

const pct = (share) => `${Math.round(100 * share)} %`;

/** `{ popular: ids, divisive: ids }` in rank order, from a `computeResults` answer. */
export function topLists(output) {
  const ranked = (zone) =>
    output.proposals
      .filter((p) => p.zone === zone && p.rank !== null)
      .sort((a, b) => a.rank - b.rank)
      .map((p) => p.proposalId);
  return { popular: ranked('consensus'), divisive: ranked('controversy') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`);
  const started = performance.now();
  const dataset = generateSeedDataset(seed);
  const ms = Math.round(performance.now() - started);
  const input = resultsInputOf(dataset);
  const qualifications = dataset.votes.reduce((sum, v) => sum + v.qualifications.length, 0);
  console.log(
    `seed ${seed}: ${input.counts.proposals} proposals in ${dataset.importFile.consultation.themes.length} themes, ` +
      `${input.counts.participants} participants, ${input.counts.votes} votes, ${qualifications} qualifications, ` +
      `${dataset.votes[0].votedAt} → ${dataset.votes.at(-1).votedAt} (generated in ${ms} ms)`,
  );
  if (values.out) {
    mkdirSync(values.out, { recursive: true });
    const file = join(values.out, 'consultation.json');
    writeFileSync(file, `${JSON.stringify(dataset.importFile, null, 2)}\n`);
    console.log(`Wrote ${file}`);
  }
  await printPicture(dataset, input);
}
