// The fake Make.org-shaped API (examples/makeorg/fake-server.mjs, web-test-runner's middleware at
// /makeorg/) as the example's tests use it: a space per test, its fault switch, its request log.
import type { ContractFixture } from 'consult-widgets/testing';
import { MakeOrgAdapter } from '../../examples/makeorg/adapter.js';
import type { StorageLike } from '../../examples/makeorg/api.js';

/** A browser's storage for one test: shared by the adapter instances of that "browser" (reloads). */
export class MemoryStorage implements StorageLike {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** A fresh seeded backend (the fake's own space) and its address. */
export function newSpace(): string {
  return `${location.origin}/makeorg/${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Arm the fake: the next `times` changes of vote (a vote right after the same session's unvote on
 * the same proposal) fail on their second request with `status` (and `Retry-After: retryAfter`
 * seconds, none for 0). Plugs into a fixture hook as `() => failNextChange(baseUrl)`.
 */
export async function failNextChange(baseUrl: string, { times = 1, status = 503, retryAfter = 1 } = {}): Promise<void> {
  const response = await fetch(`${baseUrl}/__control/fail-change`, { method: 'POST', body: JSON.stringify({ times, status, retryAfter }) });
  if (!response.ok) throw new Error(`the fake refused the fault switch: HTTP ${response.status}`);
}

/** Every API request the space has answered so far (control requests left out), e.g. `POST /proposals/mk-1/vote`. */
export async function requests(baseUrl: string): Promise<string[]> {
  const { requests: log } = (await (await fetch(`${baseUrl}/__control/log`)).json()) as { requests: { method: string; path: string }[] };
  return log.map((r) => `${r.method} ${r.path}`);
}

/**
 * The contract suite's fixture, fresh-adapter mode: every step a new instance on one storage (a
 * reload). `failNextChange` is the suite v2 hook for its "failed change" case: it arms the fake
 * (a shared server, so it holds for whichever instance makes the change).
 */
export function contractFixture(): ContractFixture & { baseUrl: string; failNextChange(): Promise<void> } {
  const baseUrl = newSpace();
  const storage = new MemoryStorage();
  return {
    baseUrl,
    createAdapter: () => new MakeOrgAdapter({ baseUrl, storage }),
    consultationId: 'climate',
    proposalIds: ['mk-1', 'mk-2', 'mk-3'],
    closedProposalId: 'mk-old',
    failNextChange: () => failNextChange(baseUrl),
  };
}

/** The fake's question `questionId` stops taking votes (a consultation closed while a vote waits). */
export async function closeQuestion(baseUrl: string, questionId: string): Promise<void> {
  await fetch(`${baseUrl}/__control/close`, { method: 'POST', body: JSON.stringify({ questionId }) });
}
