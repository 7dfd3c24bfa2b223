/**
 * Seed data for the demo: the citizen consultation held before the AI Action Summit (Paris,
 * February 2025), for `MemoryAdapter` / `LocalAdapter`: `new LocalAdapter({ ...seed })`.
 *
 * The question, the six themes, the 24 ideas and their popular/divisive categories, and the
 * headline counts are copied from the consultation's public results page. The per-idea tallies
 * are NOT real results: they are made-up stand-ins for "everybody else's votes", fixed numbers
 * (no randomness, so every run and every test sees the same page) shaped like the real categories:
 * popular ideas are agree-heavy (61–77 % agree), divisive ones split (agree within 4 points of
 * disagree).
 */

export const CONSULTATION_ID = 'ai-action-summit-2024';

/** @type {import('../../src/adapters/memory.js').ConsultationSeed} */
export const consultation = {
  id: CONSULTATION_ID,
  title: 'AI Action Summit: citizen consultation',
  question: 'What are your ideas for shaping AI to serve the public good?',
  locale: 'en',
  status: 'open',
  proposalPrefix: null,
  proposalMinLength: 12,
  proposalMaxLength: 140,
  themes: [
    { id: 'education', label: 'AI Education' },
    { id: 'transparency', label: 'Transparency and Trust' },
    { id: 'society', label: 'Managing the Impact of AI on Society' },
    { id: 'governance', label: 'Governance and Democracy' },
    { id: 'environment', label: 'AI and the Environment' },
    { id: 'public-interest', label: 'Public Interest' },
  ],
  counts: { participants: 11661, proposals: 575, votes: 121325 },
};

// [id, category, text, [agree, disagree, neutral]]; the theme is the id without its number.
/** @type {Array<[string, 'popular' | 'divisive', string, [number, number, number]]>} */
const IDEAS = [
  ['education-1', 'popular', 'Train the population in the ethical use of AI and raise awareness of its biases', [2421, 356, 784]],
  ['education-2', 'divisive', 'Integrate AI into educational curricula, both as a subject and as a tool', [730, 676, 420]],
  ['education-3', 'divisive', 'Improve accessibility to AI for the widest possible audience', [1675, 1635, 677]],
  ['transparency-1', 'popular', 'Ensure easy identification of AI-generated content', [1599, 180, 473]],
  ['transparency-2', 'popular', 'Guarantee the security of personal data', [2151, 499, 467]],
  ['transparency-3', 'popular', 'Expand funding for research on AI biases', [2062, 241, 375]],
  ['society-1', 'popular', 'Limit AI to specific uses and sectors', [2622, 248, 673]],
  ['society-2', 'popular', 'Ensure the protection of intellectual property, cultural and artistic production', [1987, 310, 807]],
  ['society-3', 'popular', 'Prevent and manage the impact of AI on work and employment', [2461, 318, 1190]],
  ['society-4', 'divisive', 'Stop the use of AI', [827, 804, 603]],
  ['society-5', 'divisive', 'Generalise professional transition programmes to address the changes brought by AI', [700, 718, 377]],
  ['governance-1', 'popular', 'Monitor the expansion of AI and better define its role in society', [1729, 426, 505]],
  ['governance-2', 'popular', 'Harmonise ethics and global governance of AI', [2186, 494, 845]],
  ['governance-3', 'popular', 'Leverage AI to safeguard democracies', [2160, 216, 710]],
  ['governance-4', 'popular', 'Strengthen legal frameworks to better regulate AI usage', [2687, 593, 671]],
  ['governance-5', 'divisive', 'Utilise AI to guide public policies and democratic processes', [1405, 1475, 632]],
  ['environment-1', 'popular', 'Limit the environmental impact of AI', [1297, 284, 196]],
  ['environment-2', 'popular', 'Leverage AI to anticipate natural crises', [1876, 343, 423]],
  ['public-interest-1', 'popular', 'Develop AI for health diagnostics', [1344, 154, 705]],
  ['public-interest-2', 'popular', 'Gradually use AI to optimise public services', [2332, 430, 306]],
  ['public-interest-3', 'divisive', 'Address public interest issues through AI', [1052, 1130, 447]],
  ['public-interest-4', 'divisive', 'Streamline public administration management with AI', [1467, 1572, 455]],
  ['public-interest-5', 'divisive', 'Simplify access to justice and its functioning', [756, 792, 211]],
  ['public-interest-6', 'divisive', 'Facilitate administrative procedures with the help of AI', [1450, 1333, 1137]],
];

/** How the results page marked each idea: `popular` (a heart) or `divisive` (a lightning bolt). */
export const categories = Object.fromEntries(IDEAS.map(([id, category]) => [id, category]));

/** @type {import('../../src/adapters/memory.js').ProposalSeed[]} */
export const proposals = IDEAS.map(([id, , content, [agree, disagree, neutral]], index) => ({
  id,
  consultationId: CONSULTATION_ID,
  themeId: id.replace(/-\d+$/, ''),
  content,
  status: 'accepted',
  // Spread over the consultation's first weeks (it opened on 18 September 2024), one idea a day.
  createdAt: new Date(Date.UTC(2024, 8, 18 + index, 9)).toISOString(),
  votes: { agree, disagree, neutral },
  qualifications: {},
}));

/** Everything `MemoryAdapter` / `LocalAdapter` need: `new LocalAdapter({ ...seed, namespace })`. */
export const seed = { consultations: [consultation], proposals };

export default seed;
