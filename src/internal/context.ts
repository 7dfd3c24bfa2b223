import { createContext } from '@lit/context';
import type { ConsultAdapter } from '../adapters/adapter.js';
import type { ConsultError } from '../adapters/errors.js';

/** What a `<consult-consultation>` gives every widget inside it. */
export interface ConsultContext {
  /** The adapter, or why none could be made (e.g. an unknown adapter name). */
  adapter: ConsultAdapter | ConsultError;
  consultationId: string | undefined;
  participantId: string;
}

export const consultContext = createContext<ConsultContext>(Symbol('consult-context'));
