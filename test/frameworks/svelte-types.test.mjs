// @ts-check
// The Svelte typings (consult-widgets/svelte, dist/types/svelte.d.ts; npm run build first) with no
// Svelte installed: plain tsc on a usage file (svelte-types/check.ts) that takes the typings through
// the package's exports, where right props and typed event details pass and each wrong one is
// marked @ts-expect-error (an unused marker is an error too).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBuilt, typecheck } from './harness.mjs';

it('the Svelte typings compile and accept the card as Svelte sets it', { timeout: 120_000 }, async () => {
  assertBuilt(['dist/types/svelte.d.ts']);
  const { code, output } = await typecheck(fileURLToPath(new URL('./svelte-types/tsconfig.json', import.meta.url)));
  assert.equal(output.trim(), '');
  assert.equal(code, 0);
});
