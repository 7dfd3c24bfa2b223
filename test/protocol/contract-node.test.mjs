// @ts-check
/**
 * The contract suite under node:test, on the built package (npm run build first), as README
 * "Check an adapter: the contract suite" shows it: a v1 fixture (one adapter) and the fresh mode
 * (a new adapter for every step of a test). A last run checks, through node:test's own TAP
 * report, that an adapter's missing optional methods are reported skipped, not passed.
 *
 *   npm run build && node --test test/protocol/contract-node.test.mjs
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runAdapterContract } from 'consult-widgets/testing';
import { readFileSync } from 'node:fs';
import { MemoryAdapter } from 'consult-widgets';
import { composeMemoryResults } from 'consult-widgets';
import 'consult-widgets/adapters/memory-erasure';

/** @import { ConsultAdapter } from 'consult-widgets' */

composeMemoryResults(); // MemoryAdapter's getResults, as the results widget's entry composes it in

const seed = {
  consultations: [
    { id: 'c1', title: 'Streets', question: 'What would make our streets better?' },
    { id: 'old', title: 'Old', question: 'Closed?', status: /** @type {const} */ ('closed') },
  ],
  proposals: [
    // `meta`: a backend's own data about the proposal (contract v2), handed back with every write.
    { id: 'p1', consultationId: 'c1', content: 'More trees along the main avenue', votes: { agree: 5, disagree: 1, neutral: 0 }, meta: { proposalKey: 'k-p1' } },
    { id: 'p2', consultationId: 'c1', content: 'Safe bicycle lanes to every school' },
    { id: 'p3', consultationId: 'c1', content: 'Benches and water fountains in every park' },
    { id: 'old-1', consultationId: 'old', content: 'A proposal of a closed consultation' },
  ],
};
const fixture = { consultationId: 'c1', proposalIds: ['p1', 'p2', 'p3'], closedProposalId: 'old-1' };

const REQUIRED = ['getConsultation', 'getProposal', 'listProposals', 'getParticipantVotes', 'castVote'];
const OPTIONAL = ['qualify', 'submitProposal', 'getSequence', 'getResults', 'eraseParticipation', 'subscribe'];

/**
 * A new client of one in-memory backend. A MemoryAdapter is its own backend (a new one starts
 * empty), so its fresh mode hands out new objects calling one instance; an adapter of a real
 * backend gives `createAdapter: () => new MyAdapter(options)`.
 * @param {MemoryAdapter} backend
 * @param {string[]} methods
 * @returns {ConsultAdapter}
 */
function clientOf(backend, methods = [...REQUIRED, ...OPTIONAL]) {
  const own = /** @type {Record<string, (...args: unknown[]) => unknown>} */ (/** @type {unknown} */ (backend));
  return /** @type {ConsultAdapter} */ (/** @type {unknown} */ (Object.fromEntries(methods.map((m) => [m, own[m].bind(backend)]))));
}

if (process.env.CONTRACT_CHILD === 'required-only') {
  // Run by the last test below, in a child process: an adapter with the required methods only.
  runAdapterContract('required methods only', () => ({ adapter: clientOf(new MemoryAdapter(seed), REQUIRED), ...fixture }), { describe, it });
} else {
  // v1 fixture: one adapter for every step of a test (setup runs before each test).
  runAdapterContract('MemoryAdapter', () => ({ adapter: new MemoryAdapter(seed), ...fixture }), { describe, it });

  // Fresh mode: each step of a test gets a new adapter on the same backend, as after a reload.
  runAdapterContract(
    'MemoryAdapter, a new adapter per step',
    () => {
      const backend = new MemoryAdapter(seed);
      return { createAdapter: () => clientOf(backend), ...fixture };
    },
    { describe, it },
  );

  describe('the contract suite under node:test', () => {
    it("is README's example: each line of it that is not a comment is in this file", () => {
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      const example = readme.split('<!-- contract-node example')[1]?.split('```js\n')[1]?.split('```')[0];
      assert.ok(example, 'README has the marked example');
      const own = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').map((line) => line.trim());
      const missing = example.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('//') && !own.includes(line));
      assert.deepEqual(missing, []);
    });

    it('reports the missing optional methods as skipped, with the reason, and nothing failed', async () => {
      const tap = await new Promise((resolve, reject) =>
        execFile(
          process.execPath,
          ['--test', '--test-reporter=tap', fileURLToPath(import.meta.url)],
          // Without NODE_TEST_CONTEXT, which `node --test` sets for its files: the child must report in TAP.
          { env: { ...process.env, NODE_TEST_CONTEXT: undefined, CONTRACT_CHILD: 'required-only' } },
          (error, stdout) => (error ? reject(new Error(`${error.message}\n${stdout}`)) : resolve(stdout)),
        ),
      );
      const skipped = [...String(tap).matchAll(/^\s*ok \d+ - ([^#\n]+?) # SKIP (.+)$/gm)].map((m) => `${m[1].split(':')[0]}: ${m[2]}`);
      assert.deepEqual(skipped.sort(), [
        'eraseParticipation: eraseParticipation (the adapter has none)',
        'failed change: failed change (the fixture has no failNextChange)',
        'getParticipantVote: getParticipantVote (the adapter has none)',
        'getResults: getResults (the adapter has none)',
        'getSequence: getSequence (the adapter has none)',
        'identify: identify (the adapter has none)',
        'qualify: qualify (the adapter has none)',
        'qualify: qualify (the adapter has none)',
        'qualify: qualify (the adapter has none)',
        'submitProposal: submitProposal (the adapter has none)',
        'subscribe: subscribe (the adapter has none)',
      ]);
      assert.match(String(tap), /^# fail 0$/m);
      assert.match(String(tap), /^# pass 11$/m); // v1's ten, and contract v2's opaque data (p1 has meta)
    });
  });
}
