// @ts-check
// `npm run typecheck` checks the server's tests against the server's types (tsconfig.tests.json)
// only where a file asks for it: a test file without `// @ts-check` would drift from the storage
// interface unseen, so every one must carry it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const FOLDERS = ['../server/', '../protocol/', '../bundle/', '../server-fixture/'];

test('every node test file and helper is type-checked', () => {
  const unchecked = [];
  for (const folder of FOLDERS) {
    const dir = new URL(folder, import.meta.url);
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!name.endsWith('.mjs')) continue;
      const head = readFileSync(new URL(name, dir), 'utf8').split('\n', 3).join('\n');
      if (!head.includes('// @ts-check')) unchecked.push(`${folder.slice(3)}${name}`);
    }
  }
  assert.deepEqual(unchecked, []);
});
