import { en } from './en.js';
import { fr } from './fr.js';
import type { ConsultLocale } from './locale.js';

export type { ConsultLocale } from './locale.js';
export { en, fr };

const locales = new Map<string, ConsultLocale>([
  ['en', en],
  ['fr', fr],
]);

/** Add or replace a locale; `tag` is matched on its language part too (`fr-CA` → `fr`). */
export function registerLocale(locale: ConsultLocale): void {
  locales.set(locale.tag.toLowerCase(), locale);
}

/** The best registered locale for a BCP 47 tag, English when none fits. */
export function localeFor(tag: string | null | undefined): ConsultLocale {
  const wanted = (tag ?? '').toLowerCase();
  return locales.get(wanted) ?? locales.get(wanted.split('-')[0] ?? '') ?? en;
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

/**
 * A widget's strings in `locale`: the locale's own section when it brings one, else the widget's
 * built-in section for the locale's language, else English. Sections travel with their widget
 * (src/i18n/sections/), so a page that shows only cards does not download the form's strings.
 */
export function sectionOf<S>(locale: ConsultLocale, own: S | undefined, builtIn: { en: S } & Partial<Record<string, S>>): S {
  const tag = locale.tag.toLowerCase();
  return own ?? builtIn[tag] ?? builtIn[tag.split('-')[0]!] ?? builtIn.en;
}
