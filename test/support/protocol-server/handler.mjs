// Everything under the prefix: scope selection, CORS, the control API and protocol requests.
// Works on node's raw `req`/`res`, which both node:http and Koa (web-test-runner) provide.
import { answerControlRequest } from './control.mjs';
import { corsHeaders, errorAnswer, preflightAnswer, readBody, writeAnswer } from './http.mjs';
import { serveProtocolRequest } from './pipeline.mjs';
import { normalisePrefix, ownsPath, resolveTarget } from './paths.mjs';
import { Scope } from './scope.mjs';

export function createProtocolHandler({ prefix = '/api/v1' } = {}) {
  const base = normalisePrefix(prefix);
  const scopes = new Map();
  const scope = (name) => {
    if (!scopes.has(name)) scopes.set(name, new Scope(name));
    return scopes.get(name);
  };

  return {
    prefix: base,
    /** The scope named `name` (created on first use), for node tests that look inside directly. */
    scope,
    owns: (pathname) => ownsPath(base, pathname),

    async handle(req, res) {
      const url = new URL(req.url, 'http://protocol-server');
      const cors = corsHeaders(req);
      try {
        const target = resolveTarget(url.pathname.slice(base.length));
        if (!target) {
          writeAnswer(res, errorAnswer(400, 'invalid_request', 'Scope names are 1–64 characters of A–Z, a–z, 0–9, _ and -.'), cors);
          return;
        }
        await serve(scope(target.scope), target, req, res, url, cors);
      } catch (error) {
        // A bug of this server: say so in the answer rather than leaving the request hanging.
        writeAnswer(res, errorAnswer(500, 'server', `protocol-server crashed: ${error?.stack ?? error}`), cors);
      }
    },
  };
}

async function serve(scope, target, req, res, url, cors) {
  if (req.method === 'OPTIONS') {
    // Preflights of protocol paths are logged (a cross-origin client's headers show there), never faulted.
    const log = target.control ? null : scope.log.open({ ...exchangeOf(req, target, url), body: NO_BODY });
    const answer = preflightAnswer(req);
    const answered = writeAnswer(res, answer, cors);
    if (log) Object.assign(log, { status: answer.status, answered });
    return;
  }
  const body = await readBody(req);
  const exchange = { ...exchangeOf(req, target, url), req, res, body, cors };
  if (target.control) writeAnswer(res, answerControlRequest(scope, exchange), cors);
  else await serveProtocolRequest(scope, exchange);
}

const NO_BODY = { text: '', size: 0, tooLarge: false };

function exchangeOf(req, target, url) {
  return { method: req.method, path: target.path, query: url.searchParams, headers: req.headers };
}
