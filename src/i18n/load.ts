import { registerTranslation, type Translation } from './index.js';

/**
 * The languages shipped as translation files (src/i18n/locales/<tag>.json), English being built
 * in. The build writes each as a module beside the bundles (dist/locales/<tag>/) and beside this
 * file (dist/i18n/locales/<tag>/): a page downloads only its own language, the first time a
 * widget needs it, from where the script came from (a classic script's `import()` resolves against
 * the script's URL too).
 */
const shipped =
  'ar bg cs da de el es et fa fi fr he hi hr hu it ja lt lv nl pl pt pt-BR ro sk sl sv sw tr uk zh-Hans'.split(' ');

/**
 * A language comes in parts, one per widget, so a page of cards does not download the form's strings:
 * `card` (the card and its qualifications, which every widget shows some of), `sequence`, `propose`,
 * `results`. The build writes each as locales/<tag>/<part>.js.
 */
export type TranslationPart = 'card' | 'sequence' | 'propose' | 'results';

const loading = new Map<string, Promise<void> | true>();

/** The shipped file for a BCP 47 tag: its own, else its language's (zh, zh-CN and zh-SG read zh-Hans). */
export function translationFileFor(tag: string): string | undefined {
  const wanted = tag.toLowerCase();
  const language = wanted.split('-')[0];
  if (language === 'en') return undefined;
  if (language === 'zh') return /^zh(-hans(-.+)?|-cn|-sg|-my)?$/.test(wanted) ? 'zh-Hans' : undefined;
  return shipped.find((t) => t.toLowerCase() === wanted) ?? shipped.find((t) => t === language);
}

function loadPart(file: string, part: TranslationPart): Promise<void> | undefined {
  const key = `${file}/${part}`;
  const state = loading.get(key);
  if (state === true) return undefined;
  if (state) return state;
  const load = import(`./locales/${file}/${part}.js`)
    .then((module: { default: Translation }) => registerTranslation(file, module.default))
    .catch((error: unknown) => console.warn(`consult-widgets: the ${key} translation could not be loaded; English is shown.`, error))
    .then(() => void loading.set(key, true));
  loading.set(key, load);
  return load;
}

/**
 * Undefined when `tag`'s strings for those parts can be shown now (English, loaded, or not
 * shipped); else the promise of the files still to come, each fetched once per page. A file that
 * fails to load (offline, not deployed) leaves English, and says so once in the console.
 */
export function languageLoading(tag: string, parts: readonly TranslationPart[]): Promise<unknown> | undefined {
  const file = translationFileFor(tag);
  const waits = file ? parts.map((part) => loadPart(file, part)).filter(Boolean) : [];
  return waits.length ? Promise.all(waits) : undefined;
}
