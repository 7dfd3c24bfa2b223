// @ts-check
// The operator console's translation files (server/console/locales/<tag>.json), checked as the
// widgets' are (test/i18n/locales.test.mjs): every key, the plural forms each language's rules
// reach, English's placeholders, en.json what the code holds, and the loader's list the files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { englishFile, sections, translationFiles } from '../../scripts/console-locales.mjs';
import { fileProblems, leaves, letterProblems } from './translation-checks.mjs';

const files = translationFiles();
const en = files.find((f) => f.tag === 'en')?.file;

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
    it(`${tag}: every key, the plural forms of its rules, English's placeholders, no English left, its own letters`, () => {
      const { problems, texts } = fileProblems(en, file, tag, Object.keys(sections), { englishLeft: true });
      assert.deepEqual([...problems, ...letterProblems(tag, texts)], []);
    });
  }

  it('fr: French typography (narrow no-break space before ; ! ? and inside « », no-break space before :, ’)', () => {
    const text = leaves(files.find((f) => f.tag === 'fr')?.file ?? {}).map(([, t]) => t).join('\n');
    assert.doesNotMatch(text, / [;:!?»]|« /, 'an ordinary space before ; : ! ? » or after «');
    assert.doesNotMatch(text, /'/, 'a straight apostrophe');
    assert.doesNotMatch(text, /\u00A0[;!?]|\u202F:/, 'the wrong no-break space');
  });
});
