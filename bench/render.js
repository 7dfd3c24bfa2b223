// Render benchmark page: 575 <consult-proposal> cards against a hand-written vanilla-DOM list of
// the same markup, both fed by the same seeded MemoryAdapter. bench/browser.mjs calls
// window.bench.run('component' | 'vanilla') round after round and keeps the medians.
import { ConsultProposalElement, MemoryAdapter, anonymousParticipantId, en } from '/dist/consult-widgets.min.js';
import { mulberry32 as random } from './random.mjs';

export const COUNT = 575;
const CONSULTATION = 'bench';
const THEMES = [
  { id: 'education', label: 'Education' },
  { id: 'health', label: 'Health' },
  { id: 'transport', label: 'Transport' },
  { id: 'environment', label: 'Environment' },
  { id: 'democracy', label: 'Democracy' },
  { id: 'work', label: 'Work' },
];
const OPENINGS = ['We should', 'The city must', 'Let us', 'Government should', 'Schools could', 'Everyone can'];
const VERBS = ['fund', 'protect', 'open up', 'simplify', 'rethink', 'measure', 'share', 'support'];
const OBJECTS = [
  'public transport at night',
  'local repair cafés',
  'clean air around schools',
  'access to open data on spending',
  'training in digital skills for older people',
  'green spaces in every neighbourhood',
  'affordable housing for young workers',
  'citizen assemblies on the budget',
];
const ENDINGS = ['', ' before 2030', ' in every region', ', with yearly public reports', ' for people on low incomes'];
const NAMES = ['Camille', 'Noah', 'Inès', 'Lucas', 'Amina', 'Hugo', 'Léa', 'Yanis', 'Chloé', 'Malik'];

/** 575 accepted proposals of one consultation, with themes, most with an author, random tallies. */
export function generateProposals(count = COUNT, seed = 575) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const base = Date.UTC(2025, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const proposal = {
      id: `b${String(i + 1).padStart(4, '0')}`,
      consultationId: CONSULTATION,
      content: `${pick(OPENINGS)} ${pick(VERBS)} ${pick(OBJECTS)}${pick(ENDINGS)}.`,
      themeId: pick(THEMES).id,
      createdAt: new Date(base + i * 60_000).toISOString(),
      votes: {
        agree: Math.floor(next() * 500),
        disagree: Math.floor(next() * 200),
        neutral: Math.floor(next() * 100),
      },
    };
    if (next() < 0.8) proposal.author = { name: pick(NAMES), age: 18 + Math.floor(next() * 62) };
    return proposal;
  });
}

const proposals = generateProposals();
const ids = proposals.map((p) => p.id);
export const adapter = new MemoryAdapter({
  consultations: [{ id: CONSULTATION, title: 'Benchmark', question: 'What should change?', themes: THEMES }],
  proposals,
});

const stage = document.getElementById('stage');
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves after the next frame with layout done: the end point of both measurements. */
async function frameAndLayout() {
  await nextFrame();
  return document.body.offsetHeight;
}

/** Rejects after `ms`: no round may hang the benchmark. */
function deadline(ms, what) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: not done after ${ms} ms`)), ms));
}

// ---- (i) the web component ----------------------------------------------------------------

async function renderComponents() {
  const cards = [];
  let ready = 0;
  let failure;
  let allReady;
  const done = new Promise((resolve) => (allReady = resolve));
  const onReady = () => {
    if (++ready === COUNT) allReady();
  };
  const onError = (event) => {
    failure ??= new Error(`consult-error on ${event.detail.proposalId}: ${event.detail.message}`);
    allReady();
  };
  stage.addEventListener('consult-ready', onReady);
  stage.addEventListener('consult-error', onError);
  try {
    const fragment = document.createDocumentFragment();
    for (const id of ids) {
      const card = document.createElement('consult-proposal');
      card.adapter = adapter;
      card.proposalId = id;
      card.loading = 'eager';
      cards.push(card);
      fragment.append(card);
    }
    stage.append(fragment);
    await done;
    if (failure) throw failure;
    // consult-ready fires when the data is in; the re-render that shows it follows in updateComplete.
    await Promise.all(cards.map((card) => card.updateComplete));
  } finally {
    stage.removeEventListener('consult-ready', onReady);
    stage.removeEventListener('consult-error', onError);
  }
  const busy = cards.filter((card) => card.shadowRoot?.querySelector('article')?.getAttribute('aria-busy') !== 'false');
  if (busy.length > 0) throw new Error(`${busy.length} component cards still busy after consult-ready`);
}

// ---- (ii) the vanilla-DOM baseline --------------------------------------------------------

// The component's own CSS text in one constructed sheet shared by every card, as Lit does.
const sheet = new CSSStyleSheet();
sheet.replaceSync(ConsultProposalElement.elementStyles.map((style) => style.cssText).join('\n'));

function element(tag, className, text, part) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  if (part) node.setAttribute('part', part);
  return node;
}

/** One card with the same markup as <consult-proposal>: skeleton first, data filled in later. */
function vanillaCard(id) {
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [sheet];
  const article = element('article', 'card', '', 'card');
  article.setAttribute('aria-busy', 'true');
  const theme = element('p', 'theme', '', 'theme');
  const content = element('p', 'content', '', 'content');
  content.append(element('span', 'skeleton'), element('span', 'skeleton short'), element('span', 'visually-hidden', en.loading));
  const author = element('p', 'author', '', 'author');
  const actions = element('div', 'actions', '', 'actions');
  actions.setAttribute('role', 'group');
  actions.setAttribute('aria-label', en.voteGroup);
  const buttons = ['agree', 'disagree', 'neutral'].map((key) => {
    const button = element('button', key, en.voteLabel[key], `button button-${key}`);
    button.setAttribute('aria-pressed', 'false');
    button.disabled = true;
    button.addEventListener('click', () => {
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
    });
    return button;
  });
  actions.append(...buttons);
  // The results area a card reserves before the vote: an empty bar and the hint.
  const results = element('div', 'results', '', 'results');
  const bar = element('div', 'bar', '', 'bar');
  bar.setAttribute('aria-hidden', 'true');
  for (const key of ['agree', 'disagree', 'neutral']) {
    const segment = element('span', key, '', `bar-${key}`);
    segment.style.setProperty('width', '0%');
    bar.append(segment);
  }
  results.append(bar, element('p', 'legend'));
  const status = element('p', 'status', '', 'status');
  const live = element('div', 'visually-hidden');
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  article.append(theme, content, author, actions, results, status, live);
  root.append(article);

  // The same adapter calls, in the same order, as the component's load().
  const load = async () => {
    const proposal = await adapter.getProposal(id);
    const [consultation, mine] = await Promise.all([
      adapter.getConsultation(proposal.consultationId),
      adapter.getParticipantVotes(anonymousParticipantId(), proposal.consultationId),
    ]);
    const myKey = mine.find((vote) => vote.proposalId === id)?.key ?? null;
    theme.textContent = consultation.themes.find((t) => t.id === proposal.themeId)?.label ?? '';
    content.textContent = proposal.content;
    author.textContent = en.byAuthor(proposal.author?.name, proposal.author?.age);
    for (const button of buttons) {
      button.setAttribute('aria-pressed', String(button.className === myKey));
      button.disabled = consultation.status === 'closed';
    }
    results.lastChild.textContent = en.resultsHint;
    article.setAttribute('aria-busy', 'false');
  };
  return { host, load };
}

async function renderVanilla() {
  const cards = ids.map(vanillaCard);
  const fragment = document.createDocumentFragment();
  for (const card of cards) fragment.append(card.host);
  stage.append(fragment);
  await Promise.all(cards.map((card) => card.load()));
  const busy = cards.filter((card) => card.host.shadowRoot.querySelector('article').getAttribute('aria-busy') !== 'false');
  if (busy.length > 0) throw new Error(`${busy.length} vanilla cards still busy`);
}

// ---- rounds -----------------------------------------------------------------------------

const RENDERERS = { component: renderComponents, vanilla: renderVanilla };

/** Empty the stage and let the browser settle (and collect garbage when --expose-gc is on). */
async function clear() {
  stage.replaceChildren();
  await frameAndLayout();
  window.gc?.();
  await sleep(50);
  await frameAndLayout();
}

/** One measured round: ms from appending 575 cards to all of them rendered with data, laid out. */
async function run(kind) {
  const render = RENDERERS[kind];
  if (!render) throw new Error(`Unknown renderer "${kind}"`);
  await clear();
  const start = performance.now();
  await Promise.race([render(), deadline(20_000, kind)]);
  await frameAndLayout();
  const ms = performance.now() - start;
  const cards = stage.children.length;
  const height = document.body.offsetHeight;
  await clear();
  return { kind, ms, cards, height };
}

window.bench = { count: COUNT, run, clear };

// By hand: `npm start`, open /bench/render.html, press the button.
const button = document.getElementById('run');
const out = document.getElementById('out');
button.disabled = false;
button.addEventListener('click', async () => {
  button.disabled = true;
  const lines = [];
  try {
    for (let round = 0; round < 3; round++) {
      for (const kind of round % 2 ? ['vanilla', 'component'] : ['component', 'vanilla']) {
        const { ms } = await run(kind);
        lines.push(`${kind} ${ms.toFixed(1)} ms`);
        out.textContent = lines.join(' · ');
      }
    }
  } catch (error) {
    out.textContent = `Failed: ${error.message}`;
  } finally {
    button.disabled = false;
  }
});
