/** Every failure leaves the server as protocol v1's JSON error body, never a stack trace or SQL. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_STATUS, MAX_BODY_BYTES, type ErrorCode } from 'consult-widgets/protocol';
import type { Refusal } from '../storage/storage.js';

export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const fromRefusal = (r: Refusal) => new HttpError(r.refused, r.message);

/** The protocol's code for a status fastify or a plugin chose. */
function codeOf(status: number): ErrorCode {
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'not_found';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  return 'invalid_request';
}

/** Messages a site owner can act on, for the framework's own errors (its own mention internals). */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: `The request body is over ${MAX_BODY_BYTES} bytes.`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as JSON, with "content-type: application/json".',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request says it has a JSON body but it is empty.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The content-length header does not match the body.',
};

/** `onServerError` logs a 5xx (log-summary.ts: once per burst); by default each one in full. */
export function installErrorHandlers(
  app: FastifyInstance,
  onServerError: (error: Error, request: FastifyRequest) => void = (error, request) => request.log.error({ err: error }, 'request failed'),
): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.status).headers(error.headers).send({ error: { code: error.code, message: error.message } });
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = codeOf(status);
      const message = FRAMEWORK_MESSAGES[error.code] ?? (error.code?.startsWith('FST_') ? 'The request is malformed.' : error.message);
      return reply.code(status === 415 ? 400 : status).send({ error: { code, message } });
    }
    onServerError(error, request);
    return reply.code(500).send({ error: { code: 'server', message: 'The server failed; try again later.' } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `Nothing here: ${request.method} ${pathOnly(request.url)}.` } });
  });
}

/** The path without its query (which may hold a participant id) and cut short. */
function pathOnly(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** `frameworkErrors`: a path that is not valid percent-encoded UTF-8, or an id far over 128 characters. */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'An id in the path is too long: ids have at most 128 characters.'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The path is not valid percent-encoded UTF-8.'
        : undefined;
  if (message) void reply.code(400).send({ error: { code: 'invalid_request', message } });
  else void reply.code(500).send({ error: { code: 'server', message: 'The server failed; try again later.' } });
}

/** `clientErrorHandler`: requests node's HTTP parser refuses get ErrorBody too, then the connection closes. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, onRefused: (status: number) => void = () => {}): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive.']
        : [400, 'The request is not valid HTTP.'];
  onRefused(status);
  const body = JSON.stringify({ error: { code: 'invalid_request', message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
