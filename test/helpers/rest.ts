// Shared by the tests that run the REST adapter against the protocol test server
// (test/support/protocol-server.md): fresh scopes, draining the outbox, waiting for the card.
import { waitUntil } from '@open-wc/testing';
import { ConsultError } from '../../src/adapters/errors.js';
import { RestAdapter, type RestAdapterOptions } from '../../src/adapters/rest.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import { testBackend, type LogEntry, type TestBackend } from '../support/protocol-client.mjs';
import { parts } from './proposal.js';

/** An adapter on the backend's endpoint (another one on the same endpoint is another page or tab: same outbox storage). */
export function adapterFor(backend: TestBackend, options: Partial<RestAdapterOptions> = {}): RestAdapter {
  return new RestAdapter({ endpoint: backend.endpoint, retryBaseDelayMs: 20, ...options });
}

/** A fresh backend scope and an adapter of its own (outboxes are keyed by endpoint: no test shares one). */
export async function fresh(options: Partial<RestAdapterOptions> = {}): Promise<{ backend: TestBackend; adapter: RestAdapter }> {
  const backend = testBackend();
  await backend.reset();
  return { backend, adapter: adapterFor(backend, options) };
}

/** Strictly increasing `votedAt` times: the order of the user's clicks. */
export function clock(): () => string {
  let t = Date.now();
  return () => new Date(++t).toISOString();
}

/**
 * Everything the adapter still holds, delivered: flush, and let the outbox's backoff timers run,
 * until nothing waits (bounded: a stuck outbox fails the test instead of hanging it).
 */
export async function drain(adapter: RestAdapter, timeout = 8000): Promise<void> {
  await adapter.flush();
  await waitUntil(
    async () => {
      if (adapter.pendingWrites() > 0) await adapter.flush();
      return adapter.pendingWrites() === 0;
    },
    `the outbox still holds ${adapter.pendingWrites()} writes`,
    { timeout, interval: 25 },
  );
}

/** Every request the server received has finished (a hung write lands late: wait for it). */
export async function quiet(backend: TestBackend): Promise<LogEntry[]> {
  await waitUntil(async () => (await backend.log()).every((e) => e.durationMs !== null), 'a request never finished', {
    timeout: 5000,
  });
  return backend.log();
}

/** The ConsultError a call rejects with (the test fails if it resolves). */
export async function failure(call: Promise<unknown>): Promise<ConsultError> {
  const outcome = await call.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof ConsultError)) throw outcome;
  return outcome;
}

/** Wait until the card's live region says `text` (a real server and backoff: allow a few seconds). */
export async function hears(el: ConsultProposalElement, text: string): Promise<void> {
  const says = () => parts(el).live.textContent!;
  await waitUntil(() => says().includes(text), `the card never said "${text}" (it says "${says()}")`, { timeout: 5000 });
}
