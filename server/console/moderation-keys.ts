/**
 * The moderation view's keyboard (issue 12: Make.org's and Pol.is's moderators work from the
 * keyboard): which key does what, kept apart from the element so the mapping reads in one place.
 */
import { REFUSAL_REASONS, type RefusalReason } from 'consult-widgets/protocol/admin';

export type KeyAction =
  | { kind: 'accept' }
  | { kind: 'refuse' }
  | { kind: 'reason'; reason: RefusalReason }
  | { kind: 'cancel' }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'theme' };

/** Where a letter is typed, not pressed as a command: fields, lists and editable text keep their keys. */
export function typingIn(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The action of a key press, or null when the key is not the view's. Modifier chords stay the
 * browser's (Ctrl+R reloads), and a held key does not repeat a decision on the proposals after.
 * While a refusal asks its reason, only 1–7 and Escape mean something.
 */
export function keyAction(event: KeyboardEvent, refusing: boolean): KeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || event.defaultPrevented) return null;
  if (typingIn(event.composedPath()[0])) return null;
  if (refusing) {
    if (event.key === 'Escape') return { kind: 'cancel' };
    const index = /^[1-9]$/.test(event.key) ? Number(event.key) - 1 : -1;
    const reason = REFUSAL_REASONS[index];
    return reason ? { kind: 'reason', reason } : null;
  }
  switch (event.key.toLowerCase()) {
    case 'a':
      return { kind: 'accept' };
    case 'r':
      return { kind: 'refuse' };
    case 'j':
      return { kind: 'next' };
    case 'k':
      return { kind: 'previous' };
    case 't':
      return { kind: 'theme' };
    default:
      return null;
  }
}
