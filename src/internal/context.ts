import { ContextRoot, createContext } from '@lit/context';
import type { ConsultAdapter } from '../adapters/adapter.js';
import type { ConsultError } from '../adapters/errors.js';

/** What a `<consult-consultation>` gives every widget inside it. */
export interface ConsultContext {
  /** The adapter, or why none could be made (e.g. an unknown adapter name). */
  adapter: ConsultAdapter | ConsultError;
  consultationId: string | undefined;
  participantId: string;
  /** `adapter` is the default one: the provider names none (a widget's first load waits for a property, as without a provider). */
  fallback?: boolean;
}

export const consultContext = createContext<ConsultContext>(Symbol('consult-context'));

// Lets widgets that asked for their context before any <consult-consultation> was defined (their
// module ran first, or the provider's loads later) find it once it is: the root replays their
// requests. Here, not in the provider's module, because every widget imports this one. One root
// per page, however many copies of the library it holds.
const rootKey = Symbol.for('consult-widgets.context-root');
const globals = globalThis as { [rootKey]?: ContextRoot };
if (typeof document !== 'undefined' && !globals[rootKey]) {
  globals[rootKey] = new ContextRoot();
  globals[rootKey].attach(document.documentElement);
}
