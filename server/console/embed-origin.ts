/**
 * The embed builder's origin check (apart from embed-snippet.ts, which the console's first load
 * carries for the new poll's embed code: this stays in the builder's chunk). Pure, unit-tested.
 */
/** The partner page's origin as typed, against the consultation's allowed origins (`*`: any). */
export type OriginCheck = { state: 'empty' } | { state: 'invalid' } | { state: 'allowed' | 'refused'; origin: string };

export function checkOrigin(typed: string, allowedOrigins: readonly string[]): OriginCheck {
  const text = typed.trim();
  if (!text) return { state: 'empty' };
  let origin: string;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { state: 'invalid' };
    origin = url.origin;
  } catch {
    return { state: 'invalid' };
  }
  return { state: allowedOrigins.includes('*') || allowedOrigins.includes(origin) ? 'allowed' : 'refused', origin };
}
