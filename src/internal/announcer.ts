import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The text of a widget's one polite live region (the view binds `message` into a
 * `role="status"` element). `announce` re-renders the host.
 */
export class Announcer implements ReactiveController {
  message = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  announce(message: string): void {
    // A changed text is what makes a screen reader speak again: repeat with a trailing no-break space.
    this.message = message && message === this.message ? `${message}\u00a0` : message;
    this.host.requestUpdate();
  }

  hostConnected(): void {}
}
