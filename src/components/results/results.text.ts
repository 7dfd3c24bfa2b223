import { html, nothing, type TemplateResult } from 'lit';

/**
 * Ideas longer than this many characters (code points) are shortened in the lists: a tweet's
 * length, about where Make.org's and Pol.is's lists cut. Standard proposals stay under it; expert
 * contributions (thousands of characters) do not, and shown whole one made the results 7,080 px
 * tall at 320 px.
 */
export const LONG_IDEA = 280;
/** What a shortened idea shows: enough to recognise it (3–4 lines at 320 px), at least 40 fewer characters. */
const SHOWN = 240;

/**
 * The start of a long idea, cut after a whole word when one ends in the last third of what is
 * shown (text without spaces, as Japanese or Chinese, is cut between characters), with "…";
 * `undefined` for an idea short enough to show whole.
 */
export function shorten(text: string): string | undefined {
  const points = Array.from(text);
  if (points.length <= LONG_IDEA) return undefined;
  const head = points.slice(0, SHOWN).join('');
  const space = head.search(/\s+\S*$/);
  return `${space > (SHOWN * 2) / 3 ? head.slice(0, space) : head}…`;
}

/** A private-use character no translation contains: where an interpolated value lands. */
const SLOT = '\uE000';

/**
 * A localized sentence with user text inside it, the user text isolated in a `<bdi>` in the
 * consultation's language: "… of the theme <bdi>التعليم</bdi>, with …" keeps the sentence's
 * punctuation and numbers on their side. `sentence` is given the slot and must put it in once.
 */
export function withIsolated(sentence: (slot: string) => string, value: string, lang: string | undefined): TemplateResult | string {
  const [before, after] = sentence(SLOT).split(SLOT);
  return after === undefined ? sentence(value) : html`${before}<bdi lang=${lang ?? nothing}>${value}</bdi>${after}`;
}
