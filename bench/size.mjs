// Bundle size report: raw, min+gzip (level 9) and brotli (quality 11) for each shipped bundle.
// `node bench/size.mjs` reports; `node bench/size.mjs --check` also fails (exit 1) over budget.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Budgets are on min+gzip, the figure a partner site's page weight actually pays. Why each: docs/decisions.md. */
// What every page with the module embed pays: the card (its votes and qualifications are a chunk),
// the provider, the local adapter. Issue 2 asked for 25 KB.
export const EMBED_ENTRY_GZIP_BUDGET = 28.85 * 1024; // 28.85 KB (issue 11: the REST adapter, then the card's writes, load on first use; issue 14: 28,518 B before the 32 languages + the 1 KB the issue allows, see docs/decisions.md)
// Each widget the module embed loads the first time a page shows it (sequence, propose, results).
export const LAZY_CHUNK_GZIP_BUDGET = 10 * 1024; // 10 KB
// The module embed with every chunk (each compressed on its own, as each is fetched).
export const MODULE_ALL_GZIP_BUDGET = 62.5 * 1024; // 62.5 KB (issue 11: the widgets without decorators pay for the REST and writes chunks' boundaries; issue 13: withDelivery in the REST chunk, the lang observer's disconnect, contract v2 in the widgets, a failed write's state; issue 14: forced colours; direction, language of parts and long ideas in results and propose, see docs/decisions.md)
// The classic-script embed: every widget in one file (a classic script has no chunks to fetch).
export const CLASSIC_EMBED_GZIP_BUDGET = 55.45 * 1024; // 55.45 KB (issue 11: the widgets without decorators; issue 13: withDelivery, contract v2 in the widgets, a failed write's state; issue 14: forced colours; direction, language of parts and long ideas in results and propose, see docs/decisions.md)
// The card alone. Issue 2 asked for 16 KB; Lit and zod/mini alone weigh about that.
// The operator console consult-server serves at /admin/ (Lit, the admin protocol's schemas, its views):
// operators load it, participants never do.
export const CONSOLE_GZIP_BUDGET = 33 * 1024; // 33 KB (issue 12: the first load: shell, sign-in, invitations, consultations, moderation; 31.2 KB measured, see docs/decisions.md)
// The console's views loaded on demand (server/console/lazy-views.ts), each its own chunk: only
// operators who open that view fetch it. The dashboard's carries uPlot (its chart).
export const CONSOLE_DASHBOARD_GZIP_BUDGET = 30.75 * 1024; // 30.75 KB (issue 12: 27.7 KB measured, uPlot about 20 KB of it)
// Any other view's chunk (settings, embed, trust, audit, operators, new poll and their shared parts).
export const CONSOLE_VIEW_GZIP_BUDGET = 10 * 1024; // 10 KB (issue 12: settings, the largest, 8.5 KB measured)
// Every console chunk together.
export const CONSOLE_CHUNKS_GZIP_BUDGET = 64 * 1024; // 64 KB (issue 12: 58.7 KB measured: dashboard 27.7, settings 8.5, embed 6.8 and eight smaller)
// A console language (every view's strings in one file, fetched once by an operator who chose it).
export const CONSOLE_LANGUAGE_GZIP_BUDGET = 10 * 1024; // 10 KB (issue 14: French 7.4 KB measured)
export const PROPOSAL_ONLY_GZIP_BUDGET = 29.74 * 1024; // 29.74 KB (issue 14: 29,427 B before the 32 languages + 1 KB, like the entry; issues 10 and 11: the protocol's results fields and vote rules; the writes chunk inlined; issue 13: the lang observer's disconnect, contract v2 in the card, a failed write's state, <consult-consultation> defined by the card's entry; issue 14: forced colours, see docs/decisions.md)

// A language's strings, fetched in parts (src/i18n/load.ts): what one widget needs (the card's part
// and its own), and every part (a page showing every widget). The issue asked ≤ 3 KB a language.
export const LANGUAGE_WIDGET_GZIP_BUDGET = 3 * 1024; // 3 KB
export const LANGUAGE_ALL_GZIP_BUDGET = 6 * 1024; // 6 KB (5.4 KB measured for Ukrainian: Cyrillic, Greek, Arabic take 2 bytes a letter; see docs/decisions.md)

const root = new URL('../', import.meta.url);
const chunkDir = new URL('dist/chunks/', root);
const jsFiles = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')).sort() : []);
const chunks = jsFiles(chunkDir);
const consoleChunks = jsFiles(new URL('server/dist/console/chunks/', root));
const chunkName = (file) => file.replace(/-[\w-]{8}\.js$/, '').replace(/\.js$/, '');
const BUNDLES = [
  { file: 'dist/consult-widgets.min.js', label: 'module embed: entry (every page)', budget: EMBED_ENTRY_GZIP_BUDGET },
  ...chunks.map((name) => ({
    file: `dist/chunks/${name}`,
    label: `module embed: lazy ${chunkName(name)}`,
    budget: LAZY_CHUNK_GZIP_BUDGET,
  })),
  { file: 'dist/consult-widgets.iife.min.js', label: 'classic embed: every widget', budget: CLASSIC_EMBED_GZIP_BUDGET },
  { file: 'dist/consult-proposal.min.js', label: 'proposal-only (ESM)', budget: PROPOSAL_ONLY_GZIP_BUDGET },
  { file: 'server/dist/console/console.js', label: 'operator console (/admin/)', budget: CONSOLE_GZIP_BUDGET },
  ...consoleChunks.map((name) => ({
    file: `server/dist/console/chunks/${name}`,
    label: `operator console: lazy ${chunkName(name)}`,
    budget: chunkName(name) === 'dashboard-view' ? CONSOLE_DASHBOARD_GZIP_BUDGET : CONSOLE_VIEW_GZIP_BUDGET,
  })),
];

const check = process.argv.includes('--check');
const kb = (bytes) => (bytes / 1024).toFixed(2);

const missing = BUNDLES.filter((b) => !existsSync(new URL(b.file, root)));
if (missing.length > 0) {
  for (const b of missing) console.error(`Missing ${b.file}: run npm run build first.`);
  process.exit(1);
}

const rows = BUNDLES.map(({ file, label, budget }) => {
  const source = readFileSync(new URL(file, root));
  const gzip = gzipSync(source, { level: 9 }).length;
  const brotli = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { file, label, raw: source.length, gzip, brotli, gzipBudget: budget, withinBudget: gzip <= budget };
});

// The module embed with every chunk a page could load, each fetched (and compressed) on its own.
const moduleRows = rows.filter((r) => r.file === 'dist/consult-widgets.min.js' || r.file.startsWith('dist/chunks/'));
const sum = (key) => moduleRows.reduce((total, r) => total + r[key], 0);
rows.push({
  file: '(entry + every chunk)',
  label: 'module embed: every widget',
  raw: sum('raw'),
  gzip: sum('gzip'),
  brotli: sum('brotli'),
  gzipBudget: MODULE_ALL_GZIP_BUDGET,
  withinBudget: sum('gzip') <= MODULE_ALL_GZIP_BUDGET,
});

// The console's views loaded on demand, all of them.
const consoleChunkRows = rows.filter((r) => r.file.startsWith('server/dist/console/chunks/'));
const consoleSum = (key) => consoleChunkRows.reduce((total, r) => total + r[key], 0);
rows.push({
  file: '(every console chunk)',
  label: 'operator console: every lazy view',
  raw: consoleSum('raw'),
  gzip: consoleSum('gzip'),
  brotli: consoleSum('brotli'),
  gzipBudget: CONSOLE_CHUNKS_GZIP_BUDGET,
  withinBudget: consoleSum('gzip') <= CONSOLE_CHUNKS_GZIP_BUDGET,
});

// Each shipped language: its parts compressed one by one, as each is fetched.
const localeDir = new URL('dist/locales/', root);
const languages = existsSync(localeDir) ? readdirSync(localeDir).sort() : [];
const languageRows = languages.map((tag) => {
  const part = (name) => gzipSync(readFileSync(new URL(`dist/locales/${tag}/${name}.js`, root)), { level: 9 }).length;
  const [card, sequence, propose, results] = ['card', 'sequence', 'propose', 'results'].map(part);
  return { tag, card, widest: card + Math.max(sequence, propose, results), all: card + sequence + propose + results };
});
if (languageRows.length > 0) {
  const worst = (key) => languageRows.reduce((a, b) => (b[key] > a[key] ? b : a));
  for (const [key, label, budget] of [
    ['widest', 'one widget (card part + its own)', LANGUAGE_WIDGET_GZIP_BUDGET],
    ['all', 'every widget (4 parts)', LANGUAGE_ALL_GZIP_BUDGET],
  ]) {
    const r = worst(key);
    rows.push({ file: `(largest language: ${r.tag})`, label: `translation: ${label}`, raw: 0, gzip: r[key], brotli: 0, gzipBudget: budget, withinBudget: r[key] <= budget });
  }
  console.log(`Translations (min+gzip bytes: card part / card + largest other part / all parts): ${languageRows.map((r) => `${r.tag} ${r.card}/${r.widest}/${r.all}`).join(', ')}\n`);
}

// The console's languages: one file each, beside console.js.
const consoleLocales = new URL('server/dist/console/locales/', root);
const consoleLanguages = jsFiles(consoleLocales).map((name) => ({
  tag: name.replace(/\.js$/, ''),
  gzip: gzipSync(readFileSync(new URL(name, consoleLocales)), { level: 9 }).length,
}));
if (consoleLanguages.length > 0) {
  const r = consoleLanguages.reduce((a, b) => (b.gzip > a.gzip ? b : a));
  rows.push({ file: `(largest console language: ${r.tag})`, label: 'operator console: one language', raw: 0, gzip: r.gzip, brotli: 0, gzipBudget: CONSOLE_LANGUAGE_GZIP_BUDGET, withinBudget: r.gzip <= CONSOLE_LANGUAGE_GZIP_BUDGET });
}

const table = [
  ['bundle', 'contents', 'raw', 'min+gzip', 'brotli', 'gzip budget'],
  ...rows.map((r) => [
    r.file,
    r.label,
    `${kb(r.raw)} KB (${r.raw} B)`,
    `${kb(r.gzip)} KB (${r.gzip} B)`,
    `${kb(r.brotli)} KB (${r.brotli} B)`,
    `${kb(r.gzipBudget)} KB ${r.withinBudget ? 'ok' : 'OVER'}`,
  ]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
const line = (row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
console.log(line(table[0]));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table.slice(1)) console.log(line(row));

mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(
  new URL('bench/results/size.json', root),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), unit: 'bytes', bundles: rows }, null, 2)}\n`,
);

if (check) {
  const over = rows.filter((r) => !r.withinBudget);
  for (const r of over) {
    console.error(
      `Over budget: ${r.file} (${r.label}) is ${kb(r.gzip)} KB min+gzip (${r.gzip} B), ` +
        `budget ${kb(r.gzipBudget)} KB (${r.gzipBudget} B), ${r.gzip - r.gzipBudget} B too many.`,
    );
  }
  if (over.length > 0) process.exit(1);
  console.log('All bundles within their gzip budgets.');
}
