/**
 * Resolves once the current task has ended, its microtasks included: the first turn a widget's
 * first load waits for (docs/decisions.md, "Issue 13: entries and adapter timing"). One posted
 * message for every caller of a task; a message, not a timer: never clamped, nor throttled in a
 * hidden tab.
 */
let queued: (() => void)[] | undefined;
// Made on first use, not when the module loads: a listening port keeps a Node process alive, and
// Node code imports this module without rendering a widget (the contract suite, adapters).
let channel: MessageChannel | undefined;

function open(): MessageChannel {
  const made = new MessageChannel();
  made.port1.onmessage = () => {
    const callbacks = queued!;
    queued = undefined;
    callbacks.forEach((run) => run());
  };
  return made;
}

export const afterTask = (): Promise<void> =>
  new Promise((resolve) => {
    if (!queued) (channel ??= open()).port2.postMessage((queued = []));
    queued.push(resolve);
  });
