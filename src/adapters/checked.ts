import * as z from 'zod/mini';
import { describeIssue } from '../protocol/index.js';
import { ConsultError } from './errors.js';

/**
 * Await an adapter call and check its answer against the protocol schema, so a custom adapter that
 * throws a foreign error or returns garbage gives a `ConsultError` the widget can show, never an
 * exception in the host page.
 */
export async function checked<T>(schema: z.ZodMiniType<T>, what: string, call: () => Promise<unknown>): Promise<T> {
  let value: unknown;
  try {
    value = await call();
  } catch (error) {
    throw ConsultError.from(error);
  }
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new ConsultError('bad_response', `The adapter returned an invalid ${what}: ${describeIssue(result.error)}.`);
}
