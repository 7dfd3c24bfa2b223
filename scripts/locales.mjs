// @ts-check
// Translation files: src/i18n/locales/<tag>.json (i18next JSON v4), the source of every language
// but English, whose strings live beside the code that uses them (src/i18n/en.ts and sections/).
//   node scripts/locales.mjs            writes each language as modules the widgets import on first
//                                       use, one per part: dist/locales/<tag>/<part>.js (beside the
//                                       bundles) and dist/i18n/locales/<tag>/ (beside the npm loader)
//   node scripts/locales.mjs --english  writes src/i18n/locales/en.json from the English in dist/
//                                       (run after changing an English string; a test checks it)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const source = new URL('../src/i18n/locales/', import.meta.url);
const dist = new URL('../dist/', import.meta.url);

/** English as a translation file, read from the built sections (so tsc has run). */
export async function englishFile() {
  const load = (path) => import(new URL(path, dist).href);
  const [{ cardMessagesEn }, { qualifyMessagesEn }, { sequenceMessagesEn }, { proposeMessagesEn }, { resultsMessagesEn }] = await Promise.all([
    load('i18n/en.js'),
    load('i18n/sections/qualify.js'),
    load('i18n/sections/sequence.js'),
    load('i18n/sections/propose.js'),
    load('i18n/sections/results.js'),
  ]);
  return {
    $meta: { tag: 'en', name: 'English', englishName: 'English', dir: 'ltr', reviewed: true, note: 'The source: generated from src/i18n/en.ts and src/i18n/sections/*.ts by scripts/locales.mjs --english.' },
    card: cardMessagesEn,
    qualify: qualifyMessagesEn,
    sequence: sequenceMessagesEn,
    propose: proposeMessagesEn,
    results: resultsMessagesEn,
  };
}

export function translationFiles() {
  return readdirSync(source)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ tag: name.slice(0, -'.json'.length), file: JSON.parse(readFileSync(new URL(name, source), 'utf8')) }));
}

/** The parts a page downloads (src/i18n/load.ts): the sections in each, without the file's `$meta`. */
export const parts = { card: ['card', 'qualify'], sequence: ['sequence'], propose: ['propose'], results: ['results'] };

export function partModules(file) {
  return Object.entries(parts).map(([part, sections]) => ({
    part,
    text: `export default ${JSON.stringify(Object.fromEntries(sections.filter((s) => file[s]).map((s) => [s, file[s]])))};\n`,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--english')) {
    writeFileSync(new URL('en.json', source), `${JSON.stringify(await englishFile(), null, 2)}\n`);
    console.log('Wrote src/i18n/locales/en.json.');
  } else {
    const files = translationFiles().filter(({ tag }) => tag !== 'en');
    for (const { tag, file } of files) {
      for (const dir of ['locales/', 'i18n/locales/']) {
        mkdirSync(new URL(`${dir}${tag}/`, dist), { recursive: true });
        for (const { part, text } of partModules(file)) writeFileSync(new URL(`${dir}${tag}/${part}.js`, dist), text);
      }
    }
    // The files themselves in the package (`consult-widgets/locales/<tag>.json`): what a translator
    // copies to add a language from a page (registerTranslation).
    for (const { tag, file } of translationFiles()) writeFileSync(new URL(`i18n/locales/${tag}.json`, dist), `${JSON.stringify(file, null, 2)}\n`);
    console.log(`Wrote ${files.length} translations (4 parts each) to dist/locales/ and dist/i18n/locales/.`);
  }
}
