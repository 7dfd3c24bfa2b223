import * as z from 'zod/mini';
import { describeIssue, ErrorBody } from '../protocol/index.js';
import { ConsultError, type ConsultErrorCode } from './errors.js';

export interface HttpOptions {
  /** Base URL of protocol v1, e.g. `https://consult.example.org/api/v1`. */
  endpoint: string;
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** A token (or a function giving one) sent as `Authorization: Bearer …`; host sites may sign participant ids. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Give up on a request after this long (default 10 s): it then fails with `timeout`. */
  timeoutMs?: number;
}

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'DELETE' | 'POST';
  /** Path below the endpoint, already encoded, with its query string. */
  path: string;
  body?: unknown;
  /** Lets the request outlive the page (writes flushed on pagehide). */
  keepalive?: boolean;
  signal?: AbortSignal;
  /**
   * Reads that may have changed: the browser revalidates its cached copy (`If-None-Match`, a 304
   * costs no body), and an answer whose `ETag` is the one remembered here is that same object
   * again, neither read nor parsed (so a widget polling with `live` sees `===` and skips a render).
   */
  revalidate?: Map<string, { etag: string; value: unknown }>;
}

const CODE_BY_STATUS: Record<number, ConsultErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  408: 'timeout',
  409: 'conflict',
  413: 'too_large',
  422: 'unprocessable',
  428: 'proof_required',
  429: 'rate_limited',
};

/**
 * One protocol v1 request: JSON in, JSON out, every failure a `ConsultError` whose message says
 * what went wrong in words a site owner can act on. The answer is checked against `schema`.
 */
export async function request<T>(options: HttpOptions, req: HttpRequest, schema: z.ZodMiniType<T>): Promise<T> {
  const url = `${options.endpoint.replace(/\/+$/, '')}${req.path}`;
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const forward = () => controller.abort();
  req.signal?.addEventListener('abort', forward, { once: true });
  let response: Response;
  try {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const token = await options.getToken?.();
    if (token) headers.authorization = `Bearer ${token}`;
    response = await (options.fetch ?? fetch)(url, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      keepalive: req.keepalive ?? false,
      signal: controller.signal,
      ...(req.revalidate ? { cache: 'no-cache' as const } : {}),
      credentials: 'omit', // no cookies, ever
    });
  } catch (error) {
    if (controller.signal.aborted && !req.signal?.aborted) {
      throw new ConsultError('timeout', `${url} did not answer within ${timeoutMs / 1000} s.`, { cause: error });
    }
    throw new ConsultError('network', `Could not reach ${url} (offline, or the server is down).`, { cause: error });
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', forward);
  }
  const etag = req.revalidate && response.ok ? response.headers.get('etag') : null;
  const known = etag ? req.revalidate!.get(req.path) : undefined;
  if (known && known.etag === etag) {
    void response.body?.cancel().catch(() => {});
    return known.value as T;
  }
  const value = await readAnswer(response, url, schema);
  if (etag) req.revalidate!.set(req.path, { etag, value });
  return value;
}

async function readAnswer<T>(response: Response, url: string, schema: z.ZodMiniType<T>): Promise<T> {
  const isJson = /\bjson\b/i.test(response.headers.get('content-type') ?? '');
  let body: unknown;
  try {
    body = isJson ? await response.json() : undefined;
  } catch {
    throw new ConsultError('bad_response', `${url} answered malformed JSON (HTTP ${response.status}).`);
  }
  if (response.ok) {
    if (!isJson) throw new ConsultError('bad_response', `${url} answered ${describeType(response)}, not JSON.`);
    const parsed = z.safeParse(schema, body);
    if (!parsed.success) {
      throw new ConsultError('bad_response', `${url} answered something that is not protocol v1: ${describeIssue(parsed.error)}.`);
    }
    return parsed.data;
  }
  throw errorFor(response, url, body);
}

/** The ConsultError for a non-2xx answer; a body that is not a protocol error says so. */
function errorFor(response: Response, url: string, body: unknown): ConsultError {
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const protocolError = z.safeParse(ErrorBody, body);
  if (!protocolError.success) {
    if (status === 404) {
      return new ConsultError('bad_response', `No protocol v1 server answers at ${url} (HTTP 404): check the endpoint.`);
    }
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'server' : 'bad_response');
    return new ConsultError(code, `${url} failed with HTTP ${status} (${describeType(response)}).`, { retryAfterMs });
  }
  const { code, message } = protocolError.data.error;
  const known = code === 'closed' ? 'closed' : (CODE_BY_STATUS[status] ?? (status >= 500 ? 'server' : 'bad_response'));
  return new ConsultError(known, message, { retryAfterMs });
}

function describeType(response: Response): string {
  return (response.headers.get('content-type') ?? 'no content type').split(';')[0]!;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
