/**
 * Resolves once the current task has ended, its microtasks included: the first turn a widget's
 * first load waits for (docs/decisions.md, "Issue 13: entries and adapter timing"). One posted
 * message for every caller of a task; a message, not a timer: never clamped, nor throttled in a
 * hidden tab.
 */
let queued: (() => void)[] | undefined;
const channel = new MessageChannel();
channel.port1.onmessage = () => {
  const callbacks = queued!;
  queued = undefined;
  callbacks.forEach((run) => run());
};

export const afterTask = (): Promise<void> =>
  new Promise((resolve) => {
    if (!queued) channel.port2.postMessage((queued = []));
    queued.push(resolve);
  });
