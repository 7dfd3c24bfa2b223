import type { ConsultAdapter } from '../adapters/adapter.js';
import { ConsultError } from '../adapters/errors.js';
import { adapterFactory, DEFAULT_ADAPTER, registeredAdapterNames } from '../adapters/registry.js';
import { localeFor, langOf } from '../i18n/index.js';

/**
 * The adapter an element uses, by the documented precedence: the `adapter` JS property, then the
 * `adapter="name"` attribute, then the one inherited from `<consult-consultation>`, then the
 * default local adapter. Returns a `ConsultError` (code `config`) instead of throwing.
 */
export function resolveAdapter(
  element: HTMLElement,
  property: ConsultAdapter | undefined,
  name: string | undefined,
  inherited: ConsultAdapter | ConsultError | undefined,
): ConsultAdapter | ConsultError {
  if (property) return property;
  if (!name && inherited) return inherited;
  const wanted = name || DEFAULT_ADAPTER;
  const factory = adapterFactory(wanted);
  if (!factory) {
    return new ConsultError('config', localeFor(langOf(element)).errors.unknownAdapter(wanted, registeredAdapterNames()));
  }
  try {
    return factory(element);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return new ConsultError('config', `The "${wanted}" adapter could not be created: ${message}`, { cause: error });
  }
}
