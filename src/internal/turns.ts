/**
 * Call `callback` once the current task has ended, its microtasks included: the first turn a
 * widget's first load waits for (docs/decisions.md, "Issue 13: entries and adapter timing"). One
 * posted message for every callback of a task; a message, not a timer: never clamped, nor
 * throttled in a hidden tab.
 */
let queued: (() => void)[] | undefined;
let port: MessagePort | undefined;

export function afterTask(callback: () => void): void {
  if (!port) {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const callbacks = queued!;
      queued = undefined;
      for (const run of callbacks) run();
    };
    port = channel.port2;
  }
  if (!queued) {
    queued = [];
    port.postMessage(0);
  }
  queued.push(callback);
}

