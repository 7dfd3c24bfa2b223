// @ts-check
// The translation files (src/i18n/locales/<tag>.json): every language has every key, the plural
// forms its rules need, English's placeholders, its own script, and is shipped under its own code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { englishFile, translationFiles } from '../../scripts/locales.mjs';
import { fileProblems } from './translation-checks.mjs';

const expected = 'ar bg cs da de el en es et fa fi fr he hi hr hu it ja lt lv nl pl pt pt-BR ro sk sl sv sw tr uk zh-Hans'.split(' ');
const files = translationFiles();
const en = files.find((f) => f.tag === 'en')?.file;
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
      const { problems, texts: all } = fileProblems(en, file, tag, Object.keys(en).filter((k) => k !== '$meta'), { englishLeft: true });
      const text = all.join('\n').replace(/\{\{\w+\}\}/g, '');
      const script = scripts[tag];
      if (script && !script.has.test(text)) problems.push(`not written in ${tag}'s script or letters (${script.has})`);
      if (script?.not?.test(text)) problems.push(`letters of another language (${script.not}): ${text.match(script.not)?.[0]}`);
      assert.deepEqual(problems, []);
    });
  }
});
