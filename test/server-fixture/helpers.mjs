// @ts-check
// Shared by the protocol server's node tests: one request → status, headers and parsed body.
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { ENDPOINTS, ErrorBody } from 'consult-widgets/protocol';

export const PARTICIPANT = 'participant-0001';
export const OTHER = 'participant-0002';

/**
 * `fetch` of `endpoint + path`; `body` is sent as JSON unless it is already a string.
 * @param {string} endpoint
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, headers?: Record<string, string>, signal?: AbortSignal }} [init]
 * @returns {Promise<{ status: number, headers: Headers, json: any, text: string }>}
 */
export async function call(endpoint, method, path, { body, headers = {}, signal } = {}) {
  /** @type {RequestInit & { headers: Record<string, string> }} */
  const init = { method, headers: { ...headers }, signal };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${endpoint}${path}`, init);
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Asserts a success answer of `operationId` and that it matches the protocol's response schema. */
export function assertAnswer(answer, operationId) {
  const endpoint = ENDPOINTS[operationId];
  assert.equal(answer.status, endpoint.status, `${operationId}: ${answer.text}`);
  const parsed = z.safeParse(endpoint.response, answer.json);
  assert.ok(parsed.success, `${operationId} answer is not protocol v1: ${answer.text}`);
  return answer.json;
}

/** Asserts a protocol error answer: status, `{ error: { code, message } }` and the code. */
export function assertError(answer, status, code) {
  assert.equal(answer.status, status, answer.text);
  assert.match(answer.headers.get('content-type') ?? '', /application\/json/);
  assert.ok(z.safeParse(ErrorBody, answer.json).success, `not an ErrorBody: ${answer.text}`);
  assert.equal(answer.json.error.code, code);
  assert.ok(answer.json.error.message.length > 0);
}

export const vote = (key, votedAt = new Date().toISOString()) => ({ key, votedAt });

/** Calls `check` until it returns a truthy value (no fixed sleeps: the server decides when). */
export async function eventually(check, { tries = 200, intervalMs = 10 } = {}) {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error('eventually: the condition never held');
}
