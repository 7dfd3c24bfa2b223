import * as z from 'zod/mini';
import { ConsultError } from '../adapters/errors.js';
import type { Tally } from '../protocol/index.js';

/** A broken rule: the message says which, in the integrator's terms. */
export class ContractFailure extends Error {}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractFailure(message);
}

export function conforms<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const result = z.safeParse(schema, value);
  assert(result.success, `${what} does not match protocol v1: ${result.success ? '' : z.prettifyError(result.error)}`);
  return result.data;
}

export async function rejectsWith(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert(error instanceof ConsultError, `${what}: rejected with ${String(error)}, not a ConsultError`);
    assert(error.code === code, `${what}: expected code "${code}", got "${error.code}" (${error.message})`);
    return;
  }
  throw new ContractFailure(`${what}: expected a rejection with code "${code}", but it resolved`);
}

export function sameTally(actual: Tally, expected: Tally, what: string): void {
  assert(
    actual.agree === expected.agree && actual.disagree === expected.disagree && actual.neutral === expected.neutral,
    `${what}: tally ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
  );
}

let sequence = 0;
/** A participant id no earlier test used, so tests never see each other's votes. */
export function freshParticipant(): string {
  sequence += 1;
  return `contract-${Date.now().toString(36)}-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Click times in the past: a backend counts a `votedAt` more than a few minutes in its future at
 * its receive time (`countedClick`), so future times would be ordered by arrival, not as written.
 */
export const at = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms).toISOString();
