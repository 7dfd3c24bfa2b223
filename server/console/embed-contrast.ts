/**
 * WCAG 2.2 contrast for the embed builder's colour pickers: relative luminance (sRGB), the ratio
 * (L1 + 0.05) / (L2 + 0.05), and AA's thresholds. Pure functions, unit-tested.
 */

/** AA for normal text; the widgets use every token below as text or as the fill under text. */
export const AA_TEXT = 4.5;

/** `#rgb` or `#rrggbb` (what `<input type=color>` gives) → [r, g, b] in 0–255; null otherwise. */
export function parseHex(color: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG's relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast ratio of two colours (1 to 21), or null when one is not a hex colour. */
export function contrastRatio(a: string, b: string): number | null {
  const x = parseHex(a);
  const y = parseHex(b);
  if (!x || !y) return null;
  const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The ratio as WCAG writes it, rounded down to two decimals (4.499 never shows as a pass). */
export const formatRatio = (ratio: number): string => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;

export interface ContrastCheck {
  ratio: number;
  passes: boolean;
}

export function checkContrast(foreground: string, background: string, minimum = AA_TEXT): ContrastCheck | null {
  const ratio = contrastRatio(foreground, background);
  return ratio === null ? null : { ratio, passes: ratio >= minimum };
}

/** The background every colour below is read on. */
export const SURFACE_TOKEN = '--consult-surface';

/**
 * The widgets' public colour tokens (README, "Custom properties") with their light defaults
 * (src/internal/theme.styles.ts, results.styles.ts). Each is text on the surface, or the fill of a
 * pressed button whose text is the surface colour: either way it needs 4.5:1 against it.
 */
export const COLOUR_TOKENS: readonly { name: string; value: string }[] = [
  { name: SURFACE_TOKEN, value: '#ffffff' },
  { name: '--consult-text', value: '#1a1a1a' },
  { name: '--consult-muted', value: '#595959' },
  { name: '--consult-accent', value: '#1f4fbf' },
  { name: '--consult-agree-color', value: '#1b7a3a' },
  { name: '--consult-disagree-color', value: '#b3261e' },
  { name: '--consult-neutral-color', value: '#5f6368' },
  { name: '--consult-popular-color', value: '#b3261e' },
  { name: '--consult-divisive-color', value: '#8a5a00' },
];

/** The checks of a palette: each token but the surface against the surface. */
export function paletteChecks(palette: Readonly<Record<string, string>>): { name: string; check: ContrastCheck | null }[] {
  const surface = palette[SURFACE_TOKEN] ?? '#ffffff';
  return COLOUR_TOKENS.filter((t) => t.name !== SURFACE_TOKEN).map((t) => ({ name: t.name, check: checkContrast(palette[t.name] ?? t.value, surface) }));
}
