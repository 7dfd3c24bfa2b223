import { html, LitElement, type PropertyDeclarations } from 'lit';
import { ConsoleError, type AdminApi } from './api.js';
import type { ConsoleStrings } from './i18n.js';

/**
 * What every view of the console shares: the shell hands it the API, the strings and the language;
 * a request that fails shows one message (role=alert) and loses nothing the operator typed; a 401
 * brings the sign-in form back (the shell listens for `console-session-ended`); announcements go to
 * the shell's one polite live region (`console-announce`).
 */
export class ConsoleView extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    strings: { attribute: false },
    lang: {},
    problem: { state: true },
  };

  declare api: AdminApi;
  declare strings: ConsoleStrings;
  /** The last failure, shown by `renderProblem()`; empty when the last request went through. */
  declare problem: string;
  private loads = new Map<string, AbortController>();

  constructor() {
    super();
    this.problem = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const abort of this.loads.values()) abort.abort();
    this.loads.clear();
  }

  /**
   * Runs one request. Under a `key`, a newer run aborts the older one and a late answer of the older
   * one is dropped (a refresh never shows stale data). Answers undefined when it failed or was
   * overtaken; `describe` words a failure for this view (403 or 409, say), the default words any.
   */
  protected async attempt<T>(work: (signal: AbortSignal) => Promise<T>, options: { key?: string; describe?: (error: ConsoleError) => string | undefined } = {}): Promise<T | undefined> {
    const abort = new AbortController();
    if (options.key) {
      this.loads.get(options.key)?.abort();
      this.loads.set(options.key, abort);
    }
    try {
      const value = await work(abort.signal);
      if (abort.signal.aborted) return undefined;
      this.problem = '';
      return value;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      if (error instanceof ConsoleError && error.status === 401) {
        this.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }));
        return undefined;
      }
      const described = error instanceof ConsoleError ? options.describe?.(error) : undefined;
      this.problem = described ?? this.strings.error(error instanceof ConsoleError ? error.message : String(error));
      return undefined;
    } finally {
      if (options.key && this.loads.get(options.key) === abort) this.loads.delete(options.key);
    }
  }

  /** Says something in the shell's polite live region. */
  protected announce(text: string): void {
    this.dispatchEvent(new CustomEvent('console-announce', { detail: text, bubbles: true, composed: true }));
  }

  protected renderProblem() {
    return this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : '';
  }

  /** Numbers and dates in the console's language. */
  protected get numbers(): Intl.NumberFormat {
    return new Intl.NumberFormat(this.lang || undefined);
  }
}
