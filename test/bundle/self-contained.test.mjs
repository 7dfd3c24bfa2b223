// @ts-check
// The bundles must run on a page with no import map and no bundler: every dependency inside,
// nothing left for the browser to resolve, and Lit in its production build.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseAst } from 'rollup/parseAst';
import { assertBuilt, DIST } from './support/server.mjs';

const ESM_BUNDLES = ['consult-widgets.min.js', 'consult-proposal.min.js'];
// The module embed's entry loads a chunk per lazy widget (dist/chunks/); the other bundles are one file each.
const IIFE_BUNDLE = 'consult-widgets.iife.min.js';

const read = (name) => readFileSync(resolve(DIST, name), 'utf8');
// The one import() with a computed path: a language's part, beside the bundle (issue 14).
const TRANSLATIONS = './locales/*/*.js';
const translationsBeside = () => readdirSync(resolve(DIST, 'locales')).every((tag) => readdirSync(resolve(DIST, 'locales', tag)).includes('card.js'));

/** Every module specifier in the program: static imports, re-exports and dynamic import(). */
function specifiers(program) {
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if (
      ['ImportDeclaration', 'ExportAllDeclaration', 'ExportNamedDeclaration', 'ImportExpression'].includes(node.type) &&
      node.source
    ) {
      const source = node.source;
      // A template's fixed parts with `*` for each expression: the translation loader's
      // `./locales/${tag}/${part}.js` reads `./locales/*/*.js`.
      if (source.type === 'TemplateLiteral') found.push(source.quasis.map((q) => q.value.cooked).join('*'));
      else found.push(source.type === 'Literal' ? source.value : `<computed ${source.type}>`);
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'type') visit(value);
  };
  visit(program);
  return found;
}

describe('bundles are self-contained production builds', () => {
  assertBuilt(...ESM_BUNDLES, IIFE_BUNDLE);

  it('consult-proposal.min.js imports nothing (no "lit", "zod" or other bare specifier)', () => {
    const text = read('consult-proposal.min.js');
    assert.deepEqual(specifiers(parseAst(text)), [TRANSLATIONS]);
    assert.ok(translationsBeside());
    // The same, as text: catches a specifier the parser walk might miss.
    assert.doesNotMatch(text, /\b(?:from|import)\s*\(?\s*["'](?:lit|zod|@lit\/[^"']*)(?:\/[^"']*)?["']/);
  });

  it('the module embed and its chunks import only one another, by relative paths that exist', () => {
    const files = ['consult-widgets.min.js', ...readdirSync(resolve(DIST, 'chunks')).map((f) => `chunks/${f}`)];
    assert.ok(files.length >= 4, `expected the entry and a chunk per lazy widget, found ${files.join(', ')}`);
    const lazy = [];
    for (const name of files) {
      const text = read(name);
      for (const specifier of specifiers(parseAst(text))) {
        if (specifier === TRANSLATIONS && translationsBeside()) continue;
        assert.match(specifier, /^\.\.?\//, `${name} imports "${specifier}": not a file of the embed`);
        const target = resolve(DIST, dirname(name), specifier);
        assert.ok(files.some((f) => resolve(DIST, f) === target), `${name} imports ${specifier}, which is not in dist/`);
        if (name === 'consult-widgets.min.js') lazy.push(specifier);
      }
      assert.doesNotMatch(text, /\b(?:from|import)\s*\(?\s*["'](?:lit|zod|@lit\/[^"']*)(?:\/[^"']*)?["']/);
    }
    // The entry loads each lazy widget with import() only: nothing it imports statically.
    const entry = parseAst(read('consult-widgets.min.js'));
    assert.ok(entry.body.every((node) => node.type !== 'ImportDeclaration'), 'the entry imports a chunk statically');
    assert.ok(['sequence', 'propose', 'results'].every((w) => lazy.some((s) => s.includes(w))), `lazy chunks: ${lazy.join(', ')}`);
  });

  it(`${IIFE_BUNDLE} is one classic script with no module syntax and no require()`, () => {
    const text = read(IIFE_BUNDLE);
    const program = parseAst(text);
    // import() is a classic script's too: it resolves against the script's URL.
    assert.deepEqual(specifiers(program), [TRANSLATIONS]);
    assert.ok(
      program.body.every((node) => !/^(Import|Export)/.test(node.type)),
      'import/export at the top level',
    );
    assert.doesNotMatch(text, /\brequire\s*\(\s*["']/);
    assert.doesNotMatch(text, /\b(?:from|import)\s*\(?\s*["'](?:lit|zod|@lit\/[^"']*)(?:\/[^"']*)?["']/);
  });

  for (const name of [...ESM_BUNDLES, IIFE_BUNDLE]) {
    it(`${name} carries Lit's production build (no dev-mode banner or dev-only checks)`, () => {
      const text = read(name);
      // Strings that exist only in lit's development build.
      assert.doesNotMatch(text, /Lit is in dev mode/);
      assert.doesNotMatch(text, /lit\.dev\/msg\//);
    });
  }
});
