import type { ConsultAdapter } from '../adapters/adapter.js';
import { ConsultError } from '../adapters/errors.js';

/**
 * Contract v2's `identify`: the participant a widget acts for when its adapter knows the visitor
 * (a backend session) better than the page does. One call per adapter instance, shared by every
 * widget asking at once and kept for the instance's life (a page of 24 cards makes one call); a
 * new session is a new adapter (setting `adapter` reloads the widgets). A failed call is forgotten,
 * so a retry asks again. The shared call gets no signal: one widget leaving must not cancel the
 * others' answer, and each widget drops what an aborted load answers.
 */
const asked = new WeakMap<ConsultAdapter, Promise<string>>();
const known = new WeakMap<ConsultAdapter, string>();

/**
 * The participant id now, when known without waiting: the page's (`pageId`: `participant-id`, the
 * context, the local anonymous id) for an adapter without `identify`, identify's once it answered;
 * `undefined` while it has not.
 */
export function participantNow(adapter: ConsultAdapter, pageId: string): string | undefined {
  return typeof adapter.identify === 'function' ? known.get(adapter) : pageId;
}

/** The participant id the widget acts for with `adapter`; rejects with a ConsultError when `identify` fails. */
export function participantOf(adapter: ConsultAdapter, pageId: string): Promise<string> {
  const now = participantNow(adapter, pageId);
  if (now !== undefined) return Promise.resolve(now);
  let call = asked.get(adapter);
  if (!call) {
    call = identify(adapter).then(
      (id) => (known.set(adapter, id), id),
      (error: unknown) => {
        asked.delete(adapter);
        throw error;
      },
    );
    asked.set(adapter, call);
  }
  return call;
}

async function identify(adapter: ConsultAdapter): Promise<string> {
  let id: unknown;
  try {
    id = await adapter.identify!();
  } catch (error) {
    throw ConsultError.from(error);
  }
  // Lenient on the id's shape (a backend's session ids are its own), strict on there being one:
  // an empty id would file every visitor's votes under one participant.
  if (typeof id !== 'string' || !id.trim()) throw new ConsultError('bad_response', 'The adapter identified no participant.');
  return id;
}
