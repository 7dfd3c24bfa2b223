// @ts-check
// The operator console's translation files (server/console/locales/<tag>.json), checked as the
// widgets' are (test/i18n/locales.test.mjs): every key, the plural forms each language's rules
// reach, English's placeholders, en.json what the code holds, and the loader's list the files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { englishFile, sections, translationFiles } from '../../scripts/console-locales.mjs';

const files = translationFiles();
const en = files.find((f) => f.tag === 'en')?.file;
const pluralKey = /^(.*)_(zero|one|two|few|many|other)$/;
const placeholders = (text) => new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]));
const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

/** Leaves of a section as [path, text]. */
function leaves(node, path = '') {
  return Object.entries(node).flatMap(([key, value]) => (typeof value === 'string' ? [[`${path}${key}`, value]] : leaves(value, `${path}${key}.`)));
}

/** The plural categories a language's integers reach (as messages.ts picks them). */
function categories(tag) {
  const rules = new Intl.PluralRules(tag === 'pt' ? 'pt-PT' : tag);
  const reached = new Set(['other']);
  for (let n = 0; n <= 1000; n += 1) reached.add(rules.select(n));
  return reached;
}

describe('console translation files', () => {
  it('are the languages the console offers (SHIPPED in server/console/locales.ts), each under its own code and name', () => {
    const source = readFileSync(new URL('../../server/console/locales.ts', import.meta.url), 'utf8');
    const list = /export const SHIPPED = (\{[^}]*\})/.exec(source)?.[1] ?? '{}';
    const shipped = Object.fromEntries([...list.matchAll(/'?([\w-]+)'?: '([^']+)'/g)].map((m) => [m[1], m[2]]));
    assert.deepEqual(Object.keys(shipped).sort(), files.map((f) => f.tag).sort());
    for (const { tag, file } of files) {
      const meta = file.$meta ?? {};
      assert.equal(meta.tag, tag, `${tag}.json says it is ${meta.tag}`);
      assert.equal(meta.name, shipped[tag], `${tag}: the menu's name is $meta.name`);
      assert.equal(typeof meta.reviewed, 'boolean', `${tag}: $meta.reviewed`);
      assert.ok(meta.englishName && ['ltr', 'rtl'].includes(meta.dir), `${tag}: $meta.englishName and dir`);
    }
  });

  it('English is what the code holds (run `node scripts/console-locales.mjs --english` after changing a string)', async () => {
    assert.deepEqual(en, await englishFile());
    assert.deepEqual(Object.keys(en).filter((k) => k !== '$meta'), Object.keys(sections));
  });

  for (const { tag, file } of files.filter((f) => f.tag !== 'en')) {
    it(`${tag}: every key, the plural forms of its rules, English's placeholders, nothing else`, () => {
      const problems = [];
      const need = categories(tag);
      for (const section of Object.keys(sections)) {
        const mine = new Map(leaves(file[section] ?? {}));
        const english = leaves(en[section]);
        const bases = new Map();
        for (const [key, text] of english) {
          const plural = pluralKey.exec(key);
          if (plural) bases.set(plural[1], english.find(([k]) => k === `${plural[1]}_other`)?.[1] ?? text);
          else if (!mine.has(key)) problems.push(`${section}.${key} missing`);
          else if (!same(placeholders(text), placeholders(mine.get(key) ?? ''))) problems.push(`${section}.${key}: placeholders differ from English`);
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
          if (!(plural ? bases.has(plural[1]) : english.some(([k]) => k === key))) problems.push(`${section}.${key}: not a key of English`);
          if (!text.trim()) problems.push(`${section}.${key} empty`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it('fr: French typography (narrow no-break space before ; ! ? and inside « », no-break space before :, ’)', () => {
    const text = leaves(files.find((f) => f.tag === 'fr')?.file ?? {}).map(([, t]) => t).join('\n');
    assert.doesNotMatch(text, / [;:!?»]|« /, 'an ordinary space before ; : ! ? » or after «');
    assert.doesNotMatch(text, /'/, 'a straight apostrophe');
    assert.doesNotMatch(text, /\u00A0[;!?]|\u202F:/, 'the wrong no-break space');
  });
});
