/**
 * Share one in-flight call among everyone asking the same thing of the same adapter: 24 cards of
 * one consultation loading together make one `getConsultation` and one `getParticipantVotes`
 * (one request each, with a network adapter) instead of 24. Nothing is kept once the call settles,
 * so a later load always sees fresh data.
 *
 * The shared call has its own `AbortSignal`, aborted only once every caller gave up: each caller
 * that passed a signal aborted it, and none came without one. One widget leaving never cancels
 * another's answer; an abandoned call is forgotten, so the next caller starts a fresh one.
 */
interface Shared {
  promise: Promise<unknown>;
  controller: AbortController;
  /** Callers still waiting (Infinity once one came without a signal). */
  waiting: number;
}

const inFlight = new WeakMap<object, Map<string, Shared>>();

export function coalesce<T>(owner: object, key: string, call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
  let calls = inFlight.get(owner);
  if (!calls) inFlight.set(owner, (calls = new Map()));
  let shared = calls.get(key);
  const forget = () => calls.get(key) === shared && calls.delete(key);
  if (!shared) {
    const controller = new AbortController();
    calls.set(key, (shared = { controller, waiting: 0, promise: call(controller.signal).finally(forget) }));
  }
  const entry = shared;
  if (!signal) entry.waiting = Infinity;
  else {
    entry.waiting++;
    // A signal aborted already never fires: its caller counts as waiting, which only keeps the call.
    signal.addEventListener('abort', () => --entry.waiting || (forget(), entry.controller.abort()));
  }
  return entry.promise as Promise<T>;
}
