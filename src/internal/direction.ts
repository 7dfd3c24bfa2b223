/**
 * The writing direction of a language tag. Chromium has `Intl.Locale#getTextInfo`, but not every
 * browser we support does: the scripts written right to left are few and stable, so a list.
 */
const rightToLeft = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku-arab', 'nqo', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

export function directionOf(tag: string | null | undefined): 'ltr' | 'rtl' {
  const lower = (tag ?? '').toLowerCase();
  if (/-(arab|hebr|thaa|syrc|nkoo|adlm|rohg)\b/.test(lower)) return 'rtl';
  if (/-(latn|cyrl)\b/.test(lower)) return 'ltr';
  return rightToLeft.has(lower.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}
