import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { formatNumber, type ConsultLocale } from '../../i18n/index.js';
import { VOTE_KEYS, type Tally } from '../../protocol/index.js';

/** The agree / disagree / neutral share bar with its text legend (the bar itself is decoration). */
export function resultsBar(locale: ConsultLocale, tally: Tally | undefined) {
  const votes = tally ?? { agree: 0, disagree: 0, neutral: 0 };
  const total = votes.agree + votes.disagree + votes.neutral;
  const share = (n: number) => (total === 0 ? 0 : n / total);
  const legend = [
    ...VOTE_KEYS.map((key) => locale.share(key, formatNumber(locale, share(votes[key]), { style: 'percent' }))),
    locale.voteCount(total, formatNumber(locale, total)),
  ].join(' · ');
  return html`<div part="results" class="results">
    <div part="bar" class="bar" aria-hidden="true">
      ${VOTE_KEYS.map(
        (key) =>
          // styleMap writes through the CSSOM, which a strict style-src CSP allows (a style attribute it would not).
          html`<span part="bar-${key}" class=${key} style=${styleMap({ width: `${share(votes[key]) * 100}%` })}></span>`,
      )}
    </div>
    <p class="legend">${tally ? legend : nothing}</p>
  </div>`;
}

/** FNV-1a hash of inline text, as a stable proposal id for static pages that give none. */
export function idFromContent(content: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < content.length; i++) {
    hash ^= content.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `c-${(hash >>> 0).toString(36)}`;
}
