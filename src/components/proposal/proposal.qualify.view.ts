import { html } from 'lit';
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
  return html`<div
    part="qualifications"
    class="qualifications"
    role="group"
    aria-label=${qualifyStrings(l).group}
    data-key=${q.key}
    @click=${q.onClick}
  >
    ${q.items.map(
      (item) =>
        html`<button
          part="qualification"
          class="qualification ${item.waiting ? 'waiting' : ''}"
          data-qualification=${item.key}
          aria-pressed=${item.pressed ? 'true' : 'false'}
          ?disabled=${q.disabled}
        >
          ${qualifyStrings(l).label[item.key]} <span class="count">${formatNumber(l, item.count)}</span>
        </button>`,
    )}
  </div>`;
}

