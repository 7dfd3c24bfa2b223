/**
 * The console's languages (issue 14): translation files server/console/locales/<tag>.json in
 * i18next JSON v4 like the widgets' (src/i18n/locales/), one section per strings file (`console`,
 * `settings`, `trust`, `audit`, `dashboard`, `embed`). English is in the code and in console.js;
 * the build writes every other file as dist/console/locales/<tag>.js, imported beside console.js
 * the first time the console needs it.
 */
import { merge, type Messages } from 'consult-widgets/i18n/messages';

/**
 * The shipped languages and their own names (the language menu shows them before their file is
 * loaded). Adding a language: its JSON file, and its tag and name here (a test checks both).
 */
export const SHIPPED = {
  en: 'English',
  ar: 'العربية',
  bg: 'Български',
  cs: 'Čeština',
  da: 'Dansk',
  de: 'Deutsch',
  el: 'Ελληνικά',
  es: 'Español',
  et: 'Eesti',
  fa: 'فارسی',
  fi: 'Suomi',
  fr: 'Français',
  he: 'עברית',
  hi: 'हिन्दी',
  hr: 'Hrvatski',
  hu: 'Magyar',
  it: 'Italiano',
  ja: '日本語',
  lt: 'Lietuvių',
  lv: 'Latviešu',
  nl: 'Nederlands',
  pl: 'Polski',
  pt: 'Português (Portugal)',
  'pt-BR': 'Português (Brasil)',
  ro: 'Română',
  sk: 'Slovenčina',
  sl: 'Slovenščina',
  sv: 'Svenska',
  sw: 'Kiswahili',
  tr: 'Türkçe',
  uk: 'Українська',
  'zh-Hans': '简体中文',
} as Record<string, string>;

export type ConsoleLanguage = string;

/** The shipped languages written right to left: the console's page takes their direction. */
export const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he']);

/** Loaded files, by tag; a section missing or broken in one shows in English (`merge`). */
const files = new Map<string, Record<string, unknown>>();
const loading = new Map<string, Promise<void>>();

/**
 * `?lang=` first, then what the operator kept, then the browser's languages: the first whose tag
 * (`pt-BR`) or language (`fr-CA` reads `fr`) is shipped; English otherwise.
 */
export function chooseLanguage(search: string, stored: string | null, preferred: readonly string[]): ConsoleLanguage {
  const asked = new URLSearchParams(search).get('lang');
  const tags = Object.keys(SHIPPED);
  for (const candidate of [asked, stored, ...preferred]) {
    const wanted = candidate?.toLowerCase();
    const found = wanted && (tags.find((t) => t.toLowerCase() === wanted) ?? tags.find((t) => t === wanted.split('-')[0]));
    if (found) return found;
  }
  return 'en';
}

/**
 * Undefined when `tag` can be shown now (English, loaded, or not shipped); else the promise of its
 * file, fetched once. A file that fails to load leaves English and a console warning; the console
 * still works.
 */
export function languageLoading(tag: string): Promise<void> | undefined {
  if (tag === 'en' || !(tag in SHIPPED) || files.has(tag)) return undefined;
  let load = loading.get(tag);
  if (!load) {
    // Relative to console.js (this module is in the entry): dist/console/locales/<tag>.js, served
    // under the console's CSP like the chunks (script-src 'self').
    load = import(`./locales/${tag}.js`)
      .then((module: { default: Record<string, unknown> }) => void files.set(tag, module.default))
      .catch((error: unknown) => {
        files.set(tag, {});
        console.warn(`consult-console: the ${tag} translation could not be loaded; English is shown.`, error);
      });
    loading.set(tag, load);
  }
  return load;
}

/**
 * The strings function a view calls (`settingsStrings(lang)`…) for one section: English from its
 * messages, another language from its file laid over English, each built once.
 */
export function localized<M extends Messages, S>(section: string, en: M, from: (tag: string, m: M) => S): (lang: string | undefined) => S {
  const english = from('en', en);
  const built = new Map<string, S>();
  return (lang) => {
    const over = lang ? files.get(lang)?.[section] : undefined;
    if (!lang || !over) return english;
    let strings = built.get(lang);
    if (!strings) built.set(lang, (strings = from(lang, merge(en, over))));
    return strings;
  };
}
