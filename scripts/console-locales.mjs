// @ts-check
// The operator console's translation files: server/console/locales/<tag>.json (i18next JSON v4,
// like the widgets' src/i18n/locales/), the source of every language but English, whose strings
// live beside the console's code (server/console/i18n.ts and the tabs' *-i18n.ts / *-strings.ts).
//   node scripts/console-locales.mjs --english  writes locales/en.json from the English in the code
//                                               (run after changing an English string; a test checks it)
// server/build.mjs calls writeConsoleLocales: each other language as one module beside console.js,
// dist/console/locales/<tag>.js, which the console imports the first time it needs it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const consoleDir = new URL('../server/console/', import.meta.url);
const source = new URL('locales/', consoleDir);

/** Each section of a file, and the console module that holds its English messages. */
export const sections = {
  console: ['i18n.ts', 'consoleMessagesEn'],
  settings: ['settings-i18n.ts', 'settingsMessagesEn'],
  trust: ['trust-i18n.ts', 'trustMessagesEn'],
  audit: ['audit-i18n.ts', 'auditMessagesEn'],
  dashboard: ['dashboard-strings.ts', 'dashboardMessagesEn'],
  embed: ['embed-strings.ts', 'embedMessagesEn'],
};

/**
 * English as a translation file, read from the TypeScript itself (esbuild bundles the six modules
 * in memory: no build needed first, and the test sees what the code holds now).
 */
export async function englishFile() {
  const contents = Object.values(sections)
    .map(([file, name]) => `export { ${name} } from './${file}';`)
    .join('\n');
  const messages = fileURLToPath(new URL('../src/i18n/messages.ts', import.meta.url));
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(consoleDir), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    plugins: [
      {
        name: 'widgets-messages',
        setup(b) {
          b.onResolve({ filter: /^consult-widgets\/i18n\/messages$/ }, () => ({ path: messages }));
        },
      },
    ],
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
  return {
    $meta: { tag: 'en', name: 'English', englishName: 'English', dir: 'ltr', reviewed: true, note: 'The source: generated from server/console/*.ts by scripts/console-locales.mjs --english.' },
    ...Object.fromEntries(Object.entries(sections).map(([section, [, name]]) => [section, module[name]])),
  };
}

/** The files as they are: [{ tag, file }]. */
export function translationFiles() {
  return readdirSync(source)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ tag: name.slice(0, -'.json'.length), file: JSON.parse(readFileSync(new URL(name, source), 'utf8')) }));
}

/** Writes every language but English as `<dir>/<tag>.js` (its sections, without `$meta`); returns how many. */
export function writeConsoleLocales(dir) {
  mkdirSync(dir, { recursive: true });
  const files = translationFiles().filter(({ tag }) => tag !== 'en');
  for (const { tag, file } of files) {
    const { $meta, ...strings } = file;
    writeFileSync(new URL(`${tag}.js`, dir), `export default ${JSON.stringify(strings)};\n`);
  }
  return files.length;
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--english')) {
  writeFileSync(new URL('en.json', source), `${JSON.stringify(await englishFile(), null, 2)}\n`);
  console.log('Wrote server/console/locales/en.json.');
}
