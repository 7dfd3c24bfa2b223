/**
 * Share one in-flight call among everyone asking the same thing of the same adapter: 24 cards of
 * one consultation loading together make one `getConsultation` and one `getParticipantVotes`
 * (one request each, with a network adapter) instead of 24. Nothing is kept once the call settles,
 * so a later load always sees fresh data.
 */
const inFlight = new WeakMap<object, Map<string, Promise<unknown>>>();

export function coalesce<T>(owner: object, key: string, call: () => Promise<T>): Promise<T> {
  let calls = inFlight.get(owner);
  if (!calls) inFlight.set(owner, (calls = new Map()));
  const running = calls.get(key) as Promise<T> | undefined;
  if (running) return running;
  const promise = call().finally(() => calls.delete(key));
  calls.set(key, promise);
  return promise;
}
