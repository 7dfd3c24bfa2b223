// Runs the contract suite with a recording describe/it: which cases passed, failed (with the
// message) or skipped (with the reason). Shared by the suite's own tests (contract*.test.ts).
import { runAdapterContract, type CaseBody, type ContractFixture, type ContractOptions } from '../../src/testing/index.js';

export interface Outcome {
  passed: string[];
  failed: Record<string, string>;
  skipped: Record<string, string>;
}

/**
 * Runs the suite with a recording `describe`/`it`, calling each case as node:test would (a context
 * with `skip(message)`) or as mocha would (`this.skip()`, which throws).
 */
export async function record(setup: () => ContractFixture, as: 'node' | 'mocha', options: ContractOptions = {}): Promise<Outcome> {
  const cases: [string, CaseBody][] = [];
  runAdapterContract('recorded', setup, { describe: (_name, body) => body(), it: (title, body) => cases.push([title, body]), ...options });
  const outcome: Outcome = { passed: [], failed: {}, skipped: {} };
  const pending = new Error('mocha pending');
  for (const [title, body] of cases) {
    let skipped: string | undefined;
    try {
      if (as === 'node') await body.call({}, { skip: (message: string) => (skipped = message) });
      else
        await body.call({
          skip: () => {
            skipped = '(mocha gives no message)';
            throw pending;
          },
        });
    } catch (error) {
      if (error !== pending) outcome.failed[title] = (error as Error).message;
    }
    if (skipped !== undefined) outcome.skipped[title] = skipped;
    else if (!(title in outcome.failed)) outcome.passed.push(title);
  }
  return outcome;
}

