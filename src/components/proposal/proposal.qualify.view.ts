import { html, nothing } from 'lit';
import { formatNumber, type ConsultLocale } from '../../i18n/index.js';
import { qualifyStrings } from '../../i18n/sections/qualify.js';
import type { QualificationKey, VoteKey } from '../../protocol/index.js';

export interface QualificationsView {
  /** The vote they qualify. */
  key: VoteKey;
  items: readonly { key: QualificationKey; count: number; pressed: boolean; waiting: boolean }[];
  /** A closed consultation: shown, not changeable. */
  disabled: boolean;
  /** Click handler of the group: the clicked button's `data-qualification` is the one toggled. */
  onClick: (event: Event) => void;
}

/** Make.org's qualifications of the participant's vote: three toggles, each with its count. */
export function qualificationsRow(l: ConsultLocale, q: QualificationsView) {
  const s = qualifyStrings(l);
  return html`<div
    part="qualifications"
    class="qualifications"
    role="group"
    aria-label=${s.group}
    data-key=${q.key}
    @click=${q.onClick}
  >
    ${q.items.map((item) => {
      const label = s.label[item.key];
      const count = formatNumber(l, item.count);
      // Named "I like it, 3 people": the visible "I like it 3" read as is ends on a bare number.
      // The name begins with the visible label (WCAG 2.5.3, speech input); a locale without the
      // sentence keeps the visible text as the name.
      return html`<button
        part="qualification"
        class="qualification ${item.waiting ? 'waiting' : ''}"
        data-qualification=${item.key}
        aria-pressed=${item.pressed ? 'true' : 'false'}
        aria-label=${s.count?.(label, item.count, count) ?? nothing}
        ?disabled=${q.disabled}
      >
        ${label} <span class="count">${count}</span>
      </button>`;
    })}
  </div>`;
}

