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

/**
 * Letters each language writes and its look-alikes do not: a file under the wrong code (Make.org's
 * widget serves Latvian for `lt`) fails here. `has`: at least one must occur; `not`: none may.
 */
const scripts = {
  ar: { has: /[\u0600-\u06FF]/, not: /[پچژگی]/ },
  fa: { has: /[پچژگی]/, not: /[ي]/ },
  he: { has: /[\u0590-\u05FF]/ },
  el: { has: /[\u0370-\u03FF]/ },
  bg: { has: /[ъ]/, not: /[іїєґ]/ },
  uk: { has: /[іїєґ]/, not: /[ъы]/ },
  hi: { has: /[\u0900-\u097F]/ },
  ja: { has: /[\u3040-\u30FF]/ },
  'zh-Hans': { has: /[这们个选]/, not: /[\u3040-\u30FF這們個選]/ },
  cs: { has: /[ěřů]/, not: /[ľĺŕôł]/ },
  sk: { has: /[ľĺŕô]/, not: /[ěřů]/ },
  pl: { has: /[łąęśźżń]/ },
  hr: { has: /[ćđ]/, not: /[ěřů]/ },
  sl: { has: /[čšž]/, not: /[ćđěřů]/ },
  lt: { has: /[ėųį]/, not: /[āēīķļņģ]/ },
  lv: { has: /[āēīķļņģ]/, not: /[ėųį]/ },
  et: { has: /[õ]/ },
  fi: { has: /[äö]/, not: /[õå]/ },
  hu: { has: /[őű]/ },
  ro: { has: /[șță]/ },
  tr: { has: /[ğşı]/ },
  de: { has: /[äöüß]/, not: /[åæø]/ },
  da: { has: /[æø]/, not: /[äö]/ },
  sv: { has: /[åäö]/, not: /[æø]/ },
  nl: { has: /\bhet\b|\been\b|ij/, not: /[äöüß]/ },
  es: { has: /[ñ¿¡]/ },
  pt: { has: /[ãõç]/, not: /\bvocê\b/ },
  'pt-BR': { has: /[ãõç]/ },
  it: { has: /\bdi\b|\bnon\b/, not: /[ñãõ]/ },
  fr: { has: /[çéèêà]/ },
  sw: { has: /\bkura\b|\bya\b|\bwa\b/, not: /[à-ÿĀ-ž\u0370-\u1FFF]/ }, // Latin letters without accents
};

/** A file's texts not in its language's letters, or with the letters of a look-alike language. */
export function letterProblems(tag, texts) {
  const text = texts.join('\n').replace(/\{\{\w+\}\}/g, '');
  const script = scripts[tag];
  const problems = [];
  if (script && !script.has.test(text)) problems.push(`not written in ${tag}'s script or letters (${script.has})`);
  if (script?.not?.test(text)) problems.push(`letters of another language (${script.not}): ${text.match(script.not)?.[0]}`);
  return problems;
}
