import { ConsultError } from '../../src/adapters/errors.js';

/** An adapter's `identify` (contract v2) that rejects with `error` until `heal()`, then answers `id`. */
export function failingIdentity(error: ConsultError, id: string) {
  let failing = true;
  return {
    identify: async () => {
      if (failing) throw error;
      return id;
    },
    heal: () => void (failing = false),
  };
}
