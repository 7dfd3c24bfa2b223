import { callsOf, type SharedCall } from './coalesce.js';

/**
 * `coalesce` for callers with an `AbortSignal` (the widgets' loads). The shared call gets its own
 * signal, aborted only once every caller gave up: each caller that passed a signal aborted it, and
 * nobody joined without one (a card, through `coalesce`). One widget leaving never cancels another's
 * answer; an abandoned call is forgotten, so the next caller starts a fresh one.
 */
export function coalesceAbortable<T>(owner: object, key: string, call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const calls = callsOf(owner);
  let running = calls.get(key);
  if (!running) {
    const controller = new AbortController();
    let waiting = 0;
    const promise: SharedCall = call(controller.signal).finally(() => calls.get(key) === promise && calls.delete(key));
    promise.pin = () => (waiting = Infinity);
    sharing.set(promise, {
      join: () => waiting++,
      leave: () => {
        if (--waiting) return;
        if (calls.get(key) === promise) calls.delete(key);
        controller.abort();
      },
    });
    calls.set(key, (running = promise));
  }
  const shared = sharing.get(running);
  if (!signal || !shared) running.pin?.();
  else {
    shared.join();
    // A signal aborted already never fires: its caller counts as waiting, which only keeps the call.
    signal.addEventListener('abort', shared.leave);
  }
  return running as Promise<T>;
}

const sharing = new WeakMap<SharedCall, { join(): void; leave(): void }>();
