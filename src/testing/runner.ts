/**
 * The contract suite runs under any runner that has `describe` and `it`: mocha (web-test-runner),
 * `node:test`, vitest and jest. They agree on registering tests; they differ on how a test that
 * has started skips itself, and the suite only learns that an optional method is missing once the
 * fixture's (asynchronous) setup has run, inside the test. So every case body is a plain
 * `function (...args)`: its length stays 0 (mocha and jest take a body with parameters for a
 * `done` callback), it sees mocha's `this` and the context node:test and vitest pass in.
 */

export type Describe = (name: string, body: () => void) => unknown;
/** A case as the runner calls it: `this` is mocha's context, `args[0]` node:test's or vitest's. */
export type CaseBody = (this: unknown, ...args: unknown[]) => Promise<void>;
export type It = (name: string, body: CaseBody) => unknown;

export interface Runner {
  describe: Describe;
  it: It;
}

/** Thrown inside a case to skip it; the runner's own skip is called with `reason`. */
export class Skip {
  constructor(readonly reason: string) {}
}

/** The `describe` and `it` given, or the runner's globals (mocha, jest, vitest with `globals`). */
export function resolveRunner(given: Partial<Runner>): Runner {
  const g = globalThis as unknown as Partial<Runner>;
  const describe = given.describe ?? g.describe;
  const it = given.it ?? g.it;
  if (!describe || !it) throw new Error('runAdapterContract needs describe and it (pass them in options).');
  return { describe, it };
}

/** Register a case skipped before it runs (`it.skip`), where the runner has it; false otherwise. */
export function registerSkipped(it: It, title: string): boolean {
  const skip = (it as { skip?: unknown }).skip;
  if (typeof skip !== 'function') return false;
  (skip as (name: string, body: CaseBody) => unknown).call(it, title, async () => {});
  return true;
}

/** A case body for any runner: a `Skip` thrown by `body` becomes the runner's skip. */
export function runnerCase(body: () => Promise<void>): CaseBody {
  return async function (this: unknown, ...args: unknown[]) {
    try {
      await body();
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      skipNow(this, args[0], error.reason);
    }
  };
}

function skipNow(self: unknown, context: unknown, reason: string): void {
  // node:test's `t.skip(message)` marks the test (and shows "# SKIP <message>"); vitest's
  // `context.skip(note)` throws its own signal. node:test also binds `this` to that context, so
  // it is asked first.
  const fromArgument = (context as { skip?: unknown } | undefined)?.skip;
  if (typeof fromArgument === 'function') {
    (fromArgument as (message?: string) => void).call(context, reason);
    return;
  }
  // mocha's `this.skip()` throws its Pending signal; it shows the title (which names the method).
  const fromThis = (self as { skip?: unknown } | undefined)?.skip;
  if (typeof fromThis === 'function') {
    (fromThis as () => void).call(self);
    return;
  }
  // jest has no skip once a test runs: say so rather than pass in silence.
  console.warn(
    `consult-widgets contract: skipped: ${reason}, but this runner cannot skip a running test and counts it as passed. ` +
      'List the method in the options\' `missing` to have it registered as skipped.',
  );
}
