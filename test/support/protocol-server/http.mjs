// Raw node:http plumbing shared by the standalone server and the web-test-runner middleware: both
// hand us node's `req`/`res`, so faults such as a destroyed socket behave the same in each.
import { createHash } from 'node:crypto';
import { MAX_BODY_BYTES } from '../../../dist/protocol/index.js';

/** Protocol v1: a body over 16 KB is answered 413. */
export const BODY_LIMIT = MAX_BODY_BYTES;

/**
 * The whole body as text (only the first `limit` + 1 bytes are kept) and whether it was too large.
 * The rest is still read, so a keep-alive connection stays usable after a 413.
 */
export async function readBody(req, limit = BODY_LIMIT) {
  const chunks = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      if (size <= limit) chunks.push(chunk);
      size += chunk.length;
    }
  } catch {
    // The client went away mid-body; the answer will not be written anyway.
  }
  return { text: Buffer.concat(chunks).toString('utf8'), size, tooLarge: size > limit };
}

/** An answer before serialisation: the `schema` malformed mode needs the JSON value, not its text. */
export function jsonAnswer(status, json, headers = {}) {
  return { status, json, headers };
}

export function errorAnswer(status, code, message, headers = {}) {
  return jsonAnswer(status, { error: { code, message } }, headers);
}

/**
 * Adds a content-derived `ETag` to a 200 JSON answer, and turns it into a bodiless 304 when the
 * request's `If-None-Match` already names it.
 */
export function withEtag(answer, ifNoneMatch) {
  if (answer.status !== 200 || answer.json === undefined) return answer;
  const tag = `"${createHash('sha1').update(JSON.stringify(answer.json)).digest('base64url')}"`;
  const headers = { ...answer.headers, etag: tag, 'cache-control': 'no-cache' };
  if (matchesEtag(ifNoneMatch, tag)) return { status: 304, headers };
  return { ...answer, headers };
}

function matchesEtag(ifNoneMatch, tag) {
  if (!ifNoneMatch) return false;
  // Weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`.
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === tag);
}

/** Writes the answer unless the client has gone; returns whether it was written. */
export function writeAnswer(res, answer, extraHeaders = {}) {
  if (res.destroyed || res.writableEnded || res.socket?.destroyed) return false;
  const headers = { 'cache-control': 'no-store', ...extraHeaders, ...answer.headers };
  let body;
  if (answer.json !== undefined) {
    body = JSON.stringify(answer.json);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if (answer.text !== undefined) {
    body = answer.text;
    headers['content-type'] = answer.contentType ?? 'text/plain; charset=utf-8';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(answer.status, headers);
  res.end(body);
  return true;
}

/**
 * Permissive CORS for a test server: any origin (echoed, so it works with credentials too), and
 * the headers a client must read (`Retry-After` for backoff, `ETag` for revalidation) exposed.
 */
export function corsHeaders(req) {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-expose-headers': 'ETag, Retry-After',
    vary: 'Origin',
  };
}

/** The answer to a CORS preflight: every method of the protocol and whatever headers are asked. */
export function preflightAnswer(req) {
  const headers = {
    'access-control-allow-methods': 'GET, PUT, POST, DELETE, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type, authorization',
    'access-control-max-age': '600',
  };
  // Chromium's Private Network Access preflight (a public page calling a loopback backend).
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  return { status: 204, headers };
}

export function sleep(ms) {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
