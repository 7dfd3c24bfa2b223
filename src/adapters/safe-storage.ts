/** The page's localStorage, or undefined where reading it throws (storage disabled, sandboxed frames). */
export function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
