import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Runs of a widget's load, in the manner of `@lit/task`: each run gets its own `AbortSignal`,
 * aborted when a newer run starts or the host leaves the page. The widget passes the signal to
 * the adapter (`RequestOptions.signal`) and drops whatever a run answers once its signal is
 * aborted, so a slow answer to an old question never overwrites a newer one.
 */
export class LoadController implements ReactiveController {
  private current?: AbortController;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Abort the previous run and start a new one; its signal says whether it is still current. */
  start(): AbortSignal {
    this.current?.abort();
    this.current = new AbortController();
    return this.current.signal;
  }

  /** The signal of the run in progress (a `live` refresh belongs to the load it refreshes). */
  get signal(): AbortSignal {
    return (this.current ??= new AbortController()).signal;
  }

  /** Abort the run in progress, if any: its answer will be dropped. */
  abort(): void {
    this.current?.abort();
  }

  hostDisconnected(): void {
    this.abort();
  }
}
