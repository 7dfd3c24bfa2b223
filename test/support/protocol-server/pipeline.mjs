// The life of one protocol request under fault injection. Order matters and is part of the
// contract tests rely on:
//   token check (401, issued ids too) → queued 429s → random fault drawn → latency → fault "before" →
//   proxy-style malformed answer → the backend writes → fault "after" → schema-breaking answer.
import { errorAnswer, sleep, writeAnswer } from './http.mjs';
import { corruptJson, proxyAnswer } from './malformed.mjs';
import { answerProtocolRequest } from './routes.mjs';

/** Stands for an answer that must never be written: the connection is closed instead. */
class Drop {
  constructor(style) {
    this.style = style;
  }
}

/**
 * Chromium refuses a response with two different Content-Length values
 * (ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH) and, having received bytes, does not re-send it.
 */
const REFUSED_RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n';

/** Answer (or drop) one protocol request of `scope` and complete its log entry. */
export async function serveProtocolRequest(scope, exchange) {
  const started = performance.now();
  const entry = scope.log.open(exchange);
  entry.applied = exchange.method === 'GET' ? null : false;
  const answer = await produceAnswer(scope, exchange, entry);
  entry.durationMs = Math.round(performance.now() - started);
  if (answer instanceof Drop) {
    drop(exchange.req.socket, answer.style);
    return;
  }
  entry.status = answer.status;
  entry.answered = writeAnswer(exchange.res, answer, exchange.cors);
}

function drop(socket, style) {
  if (style === 'close') socket.destroy();
  else socket.end(REFUSED_RESPONSE);
}

async function produceAnswer(scope, exchange, entry) {
  // Taken now: a reset while this request hangs starts a new world, which a late write must not enter.
  const { faults, malformed, adapter, issuance } = scope;
  const { method, path } = exchange;
  if (!faults.acceptsToken(exchange.headers.authorization)) {
    entry.fault = 'token';
    return errorAnswer(401, 'unauthorized', 'A valid bearer token is required.');
  }
  const unissued = issuance.refusal(exchange);
  if (unissued) {
    entry.fault = 'issued-token';
    return unissued;
  }
  const retryAfter = faults.take429(method, path);
  if (retryAfter !== null) {
    entry.fault = 'rate_limited';
    return errorAnswer(429, 'rate_limited', 'Too many requests: try again later.', { 'retry-after': String(retryAfter) });
  }
  const fault = faults.draw(method, path);
  // One request, one failure: a faulted request does not use up a malformed answer.
  const broken = fault.kind ? null : malformed.take(method, path);
  await sleep(faults.delayFor(method, path));

  if (fault.phase === 'before') {
    const early = await applyFault(fault, faults, entry);
    if (early) return early;
  }
  if (broken === 'html' || broken === 'notfound') {
    // A proxy answered: the backend never saw the request.
    entry.fault = broken;
    return proxyAnswer(broken);
  }
  const answer = await answerProtocolRequest(adapter, exchange, issuance);
  if (method !== 'GET') entry.applied = answer.status < 400;
  if (fault.phase === 'after') {
    const late = await applyFault(fault, faults, entry);
    if (late) return late;
  }
  if (broken === 'schema' && answer.json !== undefined) {
    entry.fault = 'schema';
    return { ...answer, json: corruptJson(answer.json) };
  }
  return answer;
}

/**
 * A drop or a 500 replaces the answer; a hang only waits (then the request goes on: "before", the
 * write lands late, possibly after the client gave up; "after", only the answer is late).
 */
async function applyFault(fault, faults, entry) {
  entry.fault = fault.kind;
  entry.phase = fault.phase;
  if (fault.kind === 'drop') return new Drop(faults.dropStyle);
  if (fault.kind === 'error') return errorAnswer(500, 'server', 'Injected failure (protocol-server fault).');
  await sleep(faults.hangMs);
  return null;
}
