// @ts-check
// The translation files (src/i18n/locales/<tag>.json): every language has every key, the plural
// forms its rules need, English's placeholders, its own script, and is shipped under its own code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { englishFile, translationFiles } from '../../scripts/locales.mjs';
import { fileProblems, letterProblems } from './translation-checks.mjs';

const expected = 'ar bg cs da de el en es et fa fi fr he hi hr hu it ja lt lv nl pl pt pt-BR ro sk sl sv sw tr uk zh-Hans'.split(' ');
const files = translationFiles();
const en = files.find((f) => f.tag === 'en')?.file;
describe('translation files', () => {
  it('ship the 32 languages, each under its own code, and the loader knows each', () => {
    assert.deepEqual(files.map((f) => f.tag).sort(), [...expected].sort());
    for (const { tag, file } of files) assert.equal(file.$meta?.tag, tag, `${tag}.json says it is ${file.$meta?.tag}`);
    const shipped = /const shipped =\s*'([^']+)'/.exec(readFileSync(new URL('../../src/i18n/load.ts', import.meta.url), 'utf8'))?.[1];
    assert.deepEqual(shipped?.split(' ').sort(), expected.filter((t) => t !== 'en').sort());
  });

  it('say who reviewed them, their name and direction', () => {
    for (const { tag, file } of files) {
      const meta = file.$meta ?? {};
      assert.equal(typeof meta.reviewed, 'boolean', `${tag}: $meta.reviewed`);
      assert.ok(meta.name && meta.englishName, `${tag}: $meta.name and englishName`);
      assert.equal(meta.dir, ['ar', 'fa', 'he'].includes(tag) ? 'rtl' : 'ltr', `${tag}: $meta.dir`);
    }
  });

  it('English is what the code holds (run `node scripts/locales.mjs --english` after changing a string)', async () => {
    assert.deepEqual(en, await englishFile());
  });

  for (const { tag, file } of files.filter((f) => f.tag !== 'en')) {
    it(`${tag}: every key, the plural forms of its rules, English's placeholders, no English left, its own script`, () => {
      const { problems, texts } = fileProblems(en, file, tag, Object.keys(en).filter((k) => k !== '$meta'), { englishLeft: true });
      assert.deepEqual([...problems, ...letterProblems(tag, texts)], []);
    });
  }
});
