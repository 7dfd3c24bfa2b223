import { ContextConsumer } from '@lit/context';
import { LitElement, type PropertyDeclarations } from 'lit';
import type { ConsultAdapter } from '../adapters/adapter.js';
import type { ConsultError } from '../adapters/errors.js';
import { anonymousParticipantId } from '../adapters/participant.js';
import { onAdapterRegistered } from '../adapters/registry.js';
import type { ConsultLocale } from '../i18n/index.js';
import type { TranslationPart } from '../i18n/load.js';
import { Announcer } from './announcer.js';
import { consultContext, type ConsultContext } from './context.js';
import { emit } from './events.js';
import { LoadController } from './load.js';
import { LocaleController } from './locale.js';
import { resolveAdapter } from './resolve-adapter.js';
import { afterTask } from './turns.js';
import { warnOnce } from './warn-once.js';

/**
 * Reactive properties with no attribute (Lit's `@state()`), for a `static properties` declaration.
 * Written out as `{ state: true }` entries they would show as attributes in custom-elements.json.
 */
export function states(...names: string[]): PropertyDeclarations {
  return Object.fromEntries(names.map((name) => [name, { state: true }]));
}

/**
 * What every consult-widgets element that works on a consultation shares: its adapter (the
 * `adapter` property, the `adapter` attribute, the enclosing `<consult-consultation>`, else the
 * default local adapter), a new try when an adapter is registered after it failed to find one,
 * its locale (re-rendered when a `lang` changes), one polite live region, loads with an
 * `AbortSignal` each, and warnings given once.
 */
export abstract class ConsultElement extends LitElement {
  // Declared without decorators: each module with decorators carries its own copy of TypeScript's
  // decorator helper, and this one is shared by every widget's chunk.
  static override properties: PropertyDeclarations = {
    adapter: { attribute: false },
    adapterName: { attribute: 'adapter' },
  };

  /** An adapter object; wins over the `adapter` attribute and over `<consult-consultation>`. */
  declare adapter?: ConsultAdapter;
  /** Name of a registered adapter; else the enclosing consultation's, else `local`. */
  declare adapterName?: string;
  /** What the enclosing `<consult-consultation>` (or `<consult-sequence>`) gives. */
  protected declare context?: ConsultContext;

  /** `invalid`: a configuration mistake, which a later adapter registration may fix. */
  protected abstract phase: string;

  /** The parts of a translation file the widget shows (each language is fetched in parts). */
  static translationParts: readonly TranslationPart[] = ['card'];
  protected readonly i18n = new LocaleController(this, (this.constructor as typeof ConsultElement).translationParts);
  /** The text of the widget's one polite live region. */
  protected readonly announcer = new Announcer(this);
  protected readonly loads = new LoadController(this);
  private stopWatchingRegistry?: () => void;
  /** 0: the first load has not asked yet, 1: it waits (see `adapterSettled`), 2: loads may start. */
  private settling: 0 | 1 | 2 = 0;

  constructor() {
    super();
    new ContextConsumer(this, { context: consultContext, subscribe: true, callback: (value) => this.takeContext(value) });
  }

  /** A reactive change named `context` (as `@consume` + `@state` gave): the widgets reload on it. */
  protected takeContext(value: ConsultContext): void {
    const old = this.context;
    this.context = value;
    this.requestUpdate('context', old);
  }

  /** Load (or load again) what the widget shows. */
  protected abstract load(): Promise<void>;

  protected get locale(): ConsultLocale {
    return this.i18n.locale;
  }

  protected get participantId(): string {
    return this.context?.participantId ?? anonymousParticipantId();
  }

  protected resolveAdapter(): ConsultAdapter | ConsultError {
    return resolveAdapter(this, this.adapter, this.adapterName, this.context?.adapter);
  }

  /** Whether something names the widget's adapter: its property or attribute, or its provider's. */
  private get adapterNamed(): unknown {
    return this.adapter || this.adapterName || (this.context && !this.context.fallback);
  }

  /**
   * Whether the widget's first load may start; each widget's `willUpdate` asks before it loads.
   * At once when something names its adapter (property, attribute, provider). A widget that would
   * read the default adapter waits first: for the end of the task that connected it (frameworks
   * set properties after they append: Vue's `onMounted`, React's effects, maybe a microtask later),
   * then for the zero-delay timers set in that task and one more task (where React 19 runs the
   * passive effects it deferred). It must not read the wrong backend first. When the wait ends it
   * updates and asks again.
   */
  protected adapterSettled(): boolean {
    if (this.settling > 1 || this.adapterNamed) return !!(this.settling = 2);
    if (!this.settling) {
      this.settling = 1;
      // Set in the connecting task (a first update is one of its microtasks), so a page's own
      // setTimeout(…, 0) of that task, clamped alike, fires before this one.
      const timers = new Promise((resolve) => setTimeout(resolve));
      void afterTask()
        .then(() => this.adapterNamed || timers.then(afterTask))
        .then(() => {
          // Left the page meanwhile: wait again when it comes back (connectedCallback asks for an update).
          this.settling = this.isConnected ? 2 : 0;
          if (this.settling) this.requestUpdate();
        });
    }
    return false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.settling) this.requestUpdate();
    // An adapter registered after the widget asked for it: try again.
    this.stopWatchingRegistry = onAdapterRegistered(() => {
      if (this.phase === 'invalid') void this.load();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatchingRegistry?.();
  }

  /**
   * Every update waits for the translation file of the widget's language the first time it is
   * needed (a few KB, once per page): no flash of English, and `updateComplete` includes the wait.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const language = this.i18n.languageReady();
    return language ? language.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** Load again (the retry button does this). */
  async reload(): Promise<void> {
    await this.load();
  }

  protected announce(message: string): void {
    this.announcer.announce(message);
  }

  protected warn(message: string): void {
    warnOnce(this, message);
  }

  /** Warn once and fire `consult-error`. */
  protected report(error: ConsultError): void {
    this.warn(error.message);
    emit(this, 'consult-error', { code: error.code, message: error.message });
  }
}
