import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { langOf, localeFor, type ConsultLocale } from '../i18n/index.js';
import { languageLoading, type TranslationPart } from '../i18n/load.js';

type Host = ReactiveControllerHost & Element;

/** Every connected host, re-rendered when a `lang` attribute changes anywhere in the document. */
const hosts = new Set<Host>();
let observer: MutationObserver | undefined;

function watch(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  // One observer for the page, not one per widget: a page of 575 cards adds one. A `lang` change
  // is rare (a language switcher), so re-rendering every widget then is cheap enough.
  observer = new MutationObserver(() => {
    for (const host of hosts) host.requestUpdate();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/**
 * The host's strings, in the language of its nearest `lang` (its own, an ancestor's, the
 * document's), re-rendering the host when any `lang` changes.
 */
export class LocaleController implements ReactiveController {
  constructor(
    private readonly host: Host,
    /** The parts of a translation the host shows (src/i18n/load.ts). */
    private readonly parts: readonly TranslationPart[],
  ) {
    host.addController(this);
  }

  get locale(): ConsultLocale {
    return localeFor(langOf(this.host));
  }

  /**
   * Undefined when the host's language can show now, else the promise of its translation file: the
   * host waits for it before it renders, so a page in German never shows English first.
   */
  languageReady(): Promise<unknown> | undefined {
    return languageLoading(langOf(this.host), this.parts);
  }

  hostConnected(): void {
    hosts.add(this.host);
    watch();
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
    // The last widget gone (a framework unmounted them): leave nothing observing the page.
    if (hosts.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
  }
}
