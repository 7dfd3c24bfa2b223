/**
 * Share one in-flight call among everyone asking the same thing of the same adapter: 24 cards of
 * one consultation loading together make one `getConsultation` and one `getParticipantVotes` (one
 * request each, with a network adapter) instead of 24. Nothing is kept once the call settles, so a
 * later load always sees fresh data.
 *
 * The shared call gets its own signal, aborted only once every caller gave up: each caller that
 * passed a signal aborted it, and nobody joined without one (a caller without a signal pins it).
 * One card or widget leaving never cancels another's answer; an abandoned call is forgotten, so the
 * next caller starts a fresh one.
 */
type SharedCall = Promise<unknown> & { join(): void; leave(): void };

/** The calls in flight, by adapter and question. */
const inFlight = new WeakMap<object, Map<string, SharedCall>>();

export function coalesceAbortable<T>(owner: object, key: string, call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const calls = inFlight.get(owner) ?? new Map<string, SharedCall>();
  inFlight.set(owner, calls);
  let running = calls.get(key);
  if (!running) {
    const controller = new AbortController();
    let waiting = 0;
    const forget = () => calls.get(key) === running && calls.delete(key);
    running = Object.assign(call(controller.signal).finally(forget), {
      join: () => waiting++,
      leave: () => {
        if (--waiting) return;
        forget();
        controller.abort();
      },
    });
    calls.set(key, running);
  }
  // A caller without a signal never leaves, and neither does one whose signal was aborted already
  // (it never fires): both only keep the call.
  running.join();
  signal?.addEventListener('abort', running.leave, { once: true });
  return running as Promise<T>;
}
