// The test control API under `{endpoint}/__test/`: reset, faults, malformed answers, and read
// access to the request log and the stored state. JSON in and out, never faulted or logged.
import * as z from 'zod/mini';
import { describeIssue } from '../../../dist/protocol/index.js';
import { checkFaultConfig, FaultConfig, Faults } from './faults.mjs';
import { errorAnswer, jsonAnswer } from './http.mjs';
import { checkMalformedConfig, Malformed, MalformedConfig } from './malformed.mjs';
import { defaultSeed } from './seed.mjs';

/** `POST reset` may replace the default seed; the MemoryAdapter checks every item. */
const ResetRequest = z.strictObject({
  consultations: z.optional(z.array(z.looseObject({ id: z.string() }))),
  proposals: z.optional(z.array(z.looseObject({ id: z.string(), content: z.string() }))),
});

const IssuanceRequest = z.strictObject({ offered: z.optional(z.boolean()), revoke: z.optional(z.boolean()) });

const ACTIONS = {
  'POST /reset': (scope, { body }) => {
    // A list given replaces the default one; the other list stays the default.
    scope.reset({ ...defaultSeed(), ...parseBody(ResetRequest, body.text, {}) });
    return { ok: true, scope: scope.name };
  },
  'GET /log': (scope, { query }) => ({ entries: scope.log.since(Number(query.get('since') ?? 0)) }),
  'GET /faults': (scope) => ({
    faults: scope.faults.config,
    remaining429: scope.faults.remaining429,
    injected: scope.faults.injected,
  }),
  'POST /faults': (scope, { body }) => {
    const config = parseBody(FaultConfig, body.text, {}, checkFaultConfig);
    scope.faults = new Faults(config);
    return { faults: config };
  },
  'POST /malformed': (scope, { body }) => {
    const config = parseBody(MalformedConfig, body.text, undefined, checkMalformedConfig);
    scope.malformed = new Malformed(config);
    return { malformed: config };
  },
  // Issue 10: `{ offered }` turns POST /participants on or off; `{ revoke: true }` makes every issued token fail (401).
  'POST /issuance': (scope, { body }) => {
    const config = parseBody(IssuanceRequest, body.text, {});
    if (config.offered !== undefined) scope.issuance.offered = config.offered;
    if (config.revoke) scope.issuance.revokeAll();
    return scope.issuance.config;
  },
  'GET /issuance': (scope) => scope.issuance.config,
  'GET /state': (scope, { query }) => scope.state(query.get('consultationId') ?? undefined),
};

/** A refused control request: answered 400 with the reason. */
class ControlError extends Error {}

export function answerControlRequest(scope, exchange) {
  const action = ACTIONS[`${exchange.method} ${exchange.path}`];
  if (!action) return errorAnswer(404, 'not_found', `No test control action ${exchange.method} __test${exchange.path}.`);
  try {
    return jsonAnswer(200, action(scope, exchange));
  } catch (error) {
    // A bad seed makes the MemoryAdapter throw a ConsultError('config'): the caller's mistake too.
    if (error instanceof ControlError || error?.code === 'config') return errorAnswer(400, 'invalid_request', error.message);
    throw error;
  }
}

/** The JSON body checked against `schema` (an empty body is `empty`), then by `check` if given. */
function parseBody(schema, text, empty, check = () => null) {
  let value = empty;
  if (text) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ControlError('The body is not valid JSON.');
    }
  }
  const result = z.safeParse(schema, value);
  if (!result.success) throw new ControlError(`Invalid control request: ${describeIssue(result.error)}.`);
  const problem = check(result.data);
  if (problem) throw new ControlError(problem);
  return result.data;
}
