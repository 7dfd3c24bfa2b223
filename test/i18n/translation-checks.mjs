// @ts-check
// What every translation file must satisfy against English, shared by the widgets' files
// (locales.test.mjs) and the console's (console-locales.test.mjs): every key, the plural forms its
// language's rules reach, English's placeholders, no key English lacks, no empty string.

const pluralKey = /^(.*)_(zero|one|two|few|many|other)$/;
const placeholders = (text) => new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]));
const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

/** Leaves of a section as [path, text]. */
export function leaves(node, path = '') {
  return Object.entries(node).flatMap(([key, value]) => (typeof value === 'string' ? [[`${path}${key}`, value]] : leaves(value, `${path}${key}.`)));
}

/** The plural categories a language's integers reach (a file may leave out `many` when only 10⁶ needs it: `_other` stands in). */
export function categories(tag) {
  const rules = new Intl.PluralRules(tag === 'pt' ? 'pt-PT' : tag); // as src/i18n/messages.ts
  const reached = new Set(['other']);
  for (let n = 0; n <= 1000; n += 1) reached.add(rules.select(n));
  return reached;
}

/**
 * The problems of `file` (language `tag`) against `en` in `sections`, and all its texts.
 * `englishLeft`: also report a multi-word string left as English has it.
 */
export function fileProblems(en, file, tag, sections, { englishLeft = false } = {}) {
  const problems = [];
  const texts = [];
  const need = categories(tag);
  for (const section of sections) {
    const mine = new Map(leaves(file[section] ?? {}));
    const english = leaves(en[section]);
    const bases = new Map();
    for (const [key, text] of english) {
      const plural = pluralKey.exec(key);
      if (plural) bases.set(plural[1], english.find(([k]) => k === `${plural[1]}_other`)?.[1] ?? text);
      else if (!mine.has(key)) problems.push(`${section}.${key} missing`);
      else if (!same(placeholders(text), placeholders(mine.get(key) ?? ''))) problems.push(`${section}.${key}: placeholders differ from English`);
      else if (englishLeft && mine.get(key) === text && /[A-Za-z]+ [A-Za-z]+/.test(text.replace(/\{\{\w+\}\}|<[^>]*>/g, ''))) problems.push(`${section}.${key} left in English`);
    }
    for (const [base, other] of bases) {
      for (const cat of need) if (!mine.has(`${base}_${cat}`)) problems.push(`${section}.${base}_${cat} missing (${tag} plural rules)`);
      for (const [key, text] of mine) {
        if (!key.startsWith(`${base}_`) || !pluralKey.test(key)) continue;
        const wanted = placeholders(other);
        const got = placeholders(text);
        // A `one` form may leave the number out ("The line can be added."); no form may add one.
        if (key.endsWith('_other') ? !same(wanted, got) : ![...got].every((p) => wanted.has(p))) problems.push(`${section}.${key}: placeholders differ from English`);
      }
    }
    for (const [key, text] of mine) {
      const plural = pluralKey.exec(key);
      const known = plural ? bases.has(plural[1]) : english.some(([k]) => k === key);
      if (!known) problems.push(`${section}.${key}: not a key of English`);
      if (!text.trim()) problems.push(`${section}.${key} empty`);
      texts.push(text);
    }
  }
  return { problems, texts };
}
