/**
 * Share one in-flight call among everyone asking the same thing of the same adapter: 24 cards of
 * one consultation loading together make one `getConsultation` and one `getParticipantVotes`
 * (one request each, with a network adapter) instead of 24. Nothing is kept once the call settles,
 * so a later load always sees fresh data. Calls that can be aborted: coalesce-abortable.ts.
 */
export type SharedCall = Promise<unknown> & {
  /** Set on an abortable call: someone who cannot abort joined it, so it must never be aborted. */
  pin?: () => void;
};

/** The calls in flight, by adapter and question (joined by coalesce-abortable.ts through `callsOf`). */
const inFlight = new WeakMap<object, Map<string, SharedCall>>();

export function callsOf(owner: object): Map<string, SharedCall> {
  let calls = inFlight.get(owner);
  if (!calls) inFlight.set(owner, (calls = new Map()));
  return calls;
}

export function coalesce<T>(owner: object, key: string, call: () => Promise<T>): Promise<T> {
  const calls = callsOf(owner);
  let running = calls.get(key);
  if (running) running.pin?.();
  else {
    const promise: SharedCall = call().finally(() => calls.get(key) === promise && calls.delete(key));
    calls.set(key, (running = promise));
  }
  return running as Promise<T>;
}
