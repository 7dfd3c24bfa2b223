/** Where the anonymous participant id lives in first-party localStorage. Never a cookie. */
export const PARTICIPANT_STORAGE_KEY = 'consult-widgets:participant';

let inMemoryId: string | undefined;

/**
 * The anonymous id of this browser's participant: created once with `crypto.randomUUID()` and kept
 * in localStorage. When storage is unavailable it lasts for the page's life only.
 */
export function anonymousParticipantId(): string {
  try {
    const stored = localStorage.getItem(PARTICIPANT_STORAGE_KEY);
    if (stored && /^[A-Za-z0-9_-]{8,128}$/.test(stored)) return stored;
    const id = newId();
    localStorage.setItem(PARTICIPANT_STORAGE_KEY, id);
    return id;
  } catch {
    return (inMemoryId ??= newId());
  }
}

function newId(): string {
  // randomUUID exists only in secure contexts; an http:// partner page still needs an id.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
