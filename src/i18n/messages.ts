/**
 * Translation files are i18next JSON v4 (what Weblate, Crowdin, Lokalise and Transifex import as is):
 * nested groups of strings, `{{name}}` placeholders, plural forms as `key_one`, `key_few`,
 * `key_other`… chosen by `Intl.PluralRules`. Each widget's section turns its messages into the
 * functions its views call (src/i18n/sections/).
 */
export interface Messages {
  [key: string]: string | Messages;
}

const rules = new Map<string, Intl.PluralRules>();

/** `{{name}}` replaced by `params.name`; an unknown name stays as it is, so a typo shows. */
export function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, name: string) => params[name] ?? all);
}

/** The plural form of `key` for `count` in `tag` (`key_other` when the file lacks that form), filled. */
export function plural(m: Messages, tag: string, key: string, count: number, params: Record<string, string>): string {
  let rule = rules.get(tag);
  // Our `pt` file is European Portuguese; Intl's `pt` is Brazil's rules (0 is "one" there, not in Portugal).
  if (!rule) rules.set(tag, (rule = new Intl.PluralRules(tag === 'pt' ? 'pt-PT' : tag)));
  const text = m[`${key}_${rule.select(count)}`] ?? m[`${key}_other`];
  return fill(typeof text === 'string' ? text : key, params);
}

/**
 * `over` (a loaded file's section) laid on `base` (English): a string replaces a string, a plural
 * form English lacks (`_few`, `_many`…) is added, anything else is ignored, so a key missing or
 * broken in a file shows in English and never breaks the widget.
 */
export function merge<M extends Messages>(base: M, over: unknown): M {
  if (!over || typeof over !== 'object') return base;
  const out: Messages = { ...base };
  for (const [key, value] of Object.entries(over as Messages)) {
    const mine = base[key];
    if (typeof value === 'string' && (typeof mine === 'string' || (mine === undefined && /_(zero|one|two|few|many|other)$/.test(key)))) out[key] = value;
    else if (value && typeof value === 'object' && mine && typeof mine === 'object') out[key] = merge(mine, value);
  }
  return out as M;
}
