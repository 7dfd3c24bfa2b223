import { coreCases, type ContractCase } from './cases-core.js';
import { optionalCases } from './cases-optional.js';
import { qualifyCases } from './cases-qualify.js';
import { failedChangeCases, identityCases, opaqueDataCases } from './cases-v2.js';
import { Steps, type ContractFixture, type OptionalMethod } from './fixture.js';
import { registerSkipped, resolveRunner, runnerCase, type Describe, type It } from './runner.js';

export type { ContractChange, ContractData, ContractFaults, ContractFixture, OptionalMethod } from './fixture.js';
export type { ContractCase } from './cases-core.js';

export interface ContractOptions {
  /** Defaults to the global `describe` (mocha, jest, vitest with globals); pass node:test's otherwise. */
  describe?: Describe;
  it?: It;
  /**
   * Optional methods the adapter does not have, registered as skipped (`it.skip`) before any test
   * runs. Needed only under jest, which cannot skip a running test; other runners find out alone.
   */
  missing?: readonly OptionalMethod[];
}

/**
 * The cases, in groups: v1's reads and votes, qualify, the optional methods, then contract v2's
 * `opaqueDataCases` (data a read returns with a proposal comes back in `castVote` / `qualify`),
 * `identityCases` (`getParticipantVote`, `identify`) and `failedChangeCases` (a failed change of
 * vote says which vote the backend holds; needs the fixture's `failNextChange`).
 */
export const contractCases: readonly ContractCase[] = [
  ...coreCases,
  ...qualifyCases,
  ...optionalCases,
  ...opaqueDataCases,
  ...identityCases,
  ...failedChangeCases,
];

/**
 * The behaviour every `ConsultAdapter` must have, as a test suite. Run it against your adapter:
 *
 * ```js
 * import { runAdapterContract } from 'consult-widgets/testing';
 * runAdapterContract('MyAdapter', async () => ({ adapter, consultationId: 'c1', proposalIds: ['p1', 'p2'] }));
 * // every step of every test on a new instance (a reload, a second tab):
 * runAdapterContract('MyAdapter, fresh', async () => ({ createAdapter: () => new MyAdapter(), consultationId: 'c1', proposalIds: ['p1', 'p2'] }));
 * // contract v2's failed change of vote: a hook that makes your (fake) backend fail the next change partway
 * runAdapterContract('MyAdapter, faults', async () => ({ createAdapter, failNextChange: () => server.failNth(2, 503), ...data }));
 * ```
 * `setup` runs before each test and may return a fresh backend or the same one. The fixture's
 * optional hooks (`failNextChange`, see `ContractFaults`) enable the cases that need them.
 */
export function runAdapterContract(
  name: string,
  setup: () => ContractFixture | Promise<ContractFixture>,
  options: ContractOptions = {},
): void {
  const { describe, it } = resolveRunner(options);
  describe(`ConsultAdapter contract: ${name}`, () => {
    for (const c of contractCases) {
      if (c.needs && options.missing?.includes(c.needs) && registerSkipped(it, c.title)) continue;
      it(
        c.title,
        runnerCase(async () => {
          const steps = new Steps(await setup());
          try {
            if (c.needs) await steps.require(c.needs);
            await c.run(steps);
          } finally {
            await steps.dispose();
          }
        }),
      );
    }
  });
}
