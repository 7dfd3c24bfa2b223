import type { ConsultAdapter } from './adapter.js';
import { LocalAdapter } from './local.js';
import { MemoryAdapter } from './memory.js';

/** Builds an adapter for the element that names it; the element's attributes carry its settings. */
export type AdapterFactory = (element: HTMLElement) => ConsultAdapter;

const factories = new Map<string, AdapterFactory>();
const shared = new Map<string, ConsultAdapter>();

/** One instance per name and page, so every widget on the page sees the same votes. */
export function singleton(name: string, create: () => ConsultAdapter): AdapterFactory {
  return () => {
    let adapter = shared.get(name);
    if (!adapter) shared.set(name, (adapter = create()));
    return adapter;
  };
}

/** The adapter a widget uses when nothing names one: votes kept in this browser. */
export const DEFAULT_ADAPTER = 'local';

factories.set('local', singleton('local', () => new LocalAdapter({ openWorld: true })));
factories.set('memory', singleton('memory', () => new MemoryAdapter({ openWorld: true })));

/**
 * Make `adapter="name"` resolve to adapters from `factory`. Registering a name again replaces it
 * (widgets already connected keep the adapter they have).
 */
export function registerAdapter(name: string, factory: AdapterFactory): void {
  factories.set(name, factory);
  // Widgets that named this adapter before it existed (a page registering it late) pick it up now.
  registrations.dispatchEvent(new CustomEvent('registered', { detail: name }));
}

/** Register one ready-made adapter instance under a name. */
export function registerAdapterInstance(name: string, adapter: ConsultAdapter): void {
  registerAdapter(name, () => adapter);
}

const registrations = new EventTarget();

/** Call `listener` with the name of every adapter registered from now on; returns the unsubscribe function. */
export function onAdapterRegistered(listener: (name: string) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<string>).detail);
  registrations.addEventListener('registered', handler);
  return () => registrations.removeEventListener('registered', handler);
}

export function registeredAdapterNames(): string[] {
  return [...factories.keys()].sort();
}

export function adapterFactory(name: string): AdapterFactory | undefined {
  return factories.get(name);
}
