import { cardLocale, cardMessagesEn, en } from './en.js';
import type { ConsultLocale } from './locale.js';
import { merge, type Messages } from './messages.js';

export type { ConsultLocale } from './locale.js';
export { en };

/** A translation file (src/i18n/locales/<tag>.json): one section of messages per widget. */
export interface Translation {
  $meta?: { tag?: string; name?: string; dir?: 'ltr' | 'rtl'; reviewed?: boolean };
  [section: string]: Messages | Translation['$meta'];
}

const locales = new Map<string, ConsultLocale>([['en', en]]);
/** Tags a page registered a locale object for: a translation file loaded later does not replace it. */
const own = new Set<string>();
const translations = new Map<string, Translation>();

/** Add or replace a locale; `tag` is matched on its language part too (`fr-CA` → `fr`). */
export function registerLocale(locale: ConsultLocale): void {
  own.add(locale.tag.toLowerCase());
  locales.set(locale.tag.toLowerCase(), locale);
}

/**
 * Add a translation file's messages (i18next JSON v4, as in src/i18n/locales/) under `tag`: what the
 * lazy loader does for the 32 languages shipped, and what a page can do for another one.
 */
export function registerTranslation(tag: string, translation: Translation): void {
  const key = tag.toLowerCase();
  // A language arrives in parts (one per widget): each adds its sections.
  translation = { ...translations.get(key), ...translation };
  translations.set(key, translation);
  sections.clear();
  if (!own.has(key)) locales.set(key, cardLocale(tag, merge(cardMessagesEn, translation.card)));
}

/** The best registered locale for a BCP 47 tag, English when none fits. */
export function localeFor(tag: string | null | undefined): ConsultLocale {
  const wanted = (tag ?? '').toLowerCase();
  return locales.get(wanted) ?? locales.get(wanted.split('-')[0] ?? '') ?? en;
}

const sections = new Map<string, unknown>();

/**
 * A widget's strings in `locale`: the locale object's own section when it brings one, else the
 * section of the translation file registered for its tag (or its language), built once, else
 * English. Each widget's section code travels with the widget.
 */
export function sectionOf<S>(locale: ConsultLocale, name: string, given: S | undefined, english: S, build: (tag: string, messages: unknown) => S): S {
  if (given) return given;
  const tag = locale.tag.toLowerCase();
  const file = translations.get(tag) ?? translations.get(tag.split('-')[0] ?? '');
  if (!file) return english;
  const key = `${tag}|${name}`;
  if (!sections.has(key)) sections.set(key, build(locale.tag, file[name]));
  return sections.get(key) as S;
}

/**
 * The language an element is shown in: its own `lang`, else the nearest ancestor's, crossing
 * shadow roots, else the document's.
 */
export function langOf(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.getAttribute('lang')) return node.getAttribute('lang') as string;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang || 'en';
}

const formats = new Map<string, Intl.NumberFormat>();
const warmed = new Set<string>();

/**
 * Build a locale's number formats ahead of need, when the browser is idle: the first
 * Intl.NumberFormat of a page can take tens of milliseconds, which the first vote's render (the
 * one that must land in the click's frame) should not pay.
 */
export function warmFormats(locale: ConsultLocale): void {
  if (warmed.has(locale.tag)) return;
  warmed.add(locale.tag);
  const warm = () => {
    formatNumber(locale, 0);
    formatNumber(locale, 0, { style: 'percent' });
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 2000 });
  else setTimeout(warm, 0);
}

export function formatNumber(locale: ConsultLocale, value: number, options?: Intl.NumberFormatOptions): string {
  // Building an Intl.NumberFormat costs far more than using one: keep one per locale and style.
  const key = `${locale.tag}|${JSON.stringify(options ?? {})}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale.tag, options)));
  return format.format(value);
}
