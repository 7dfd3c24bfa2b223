import { css, html, type PropertyDeclarations } from 'lit';
import type { AdminConsultation } from 'consult-widgets/protocol/admin';
import { ConsoleView } from './console-view.js';
import { hrefOf } from './routes.js';
import { controls, tables, tokens, viewParts } from './styles.js';

/** How often the list's counts refresh while the page is visible. */
const REFRESH_MS = 15_000;

/** Every consultation with its status and live counts. */
export class ConsoleConsultationsElement extends ConsoleView {
  static override properties: PropertyDeclarations = {
    admin: { type: Boolean },
    items: { state: true },
  };
  static override styles = [
    tokens,
    controls,
    tables,
    viewParts,
    css`
      :host {
        display: block;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      /* The accent, as every other link of the console (not the browser's default blue). */
      th a {
        color: var(--c-accent);
      }
    `,
  ];

  declare admin: boolean;
  declare items: AdminConsultation[] | undefined;
  private timer?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    this.admin = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.load();
    }, REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  async load(): Promise<void> {
    const items = await this.attempt((signal) => this.api.consultations(signal), { key: 'list' });
    if (items) this.items = items;
  }

  protected override render() {
    const s = this.strings.consultations;
    const n = this.numbers;
    return html`<header>
        <h1>${s.title}</h1>
        <div class="actions">
          ${this.admin
            ? html`<a class="button" href=${hrefOf({ view: 'new-poll' })}>${this.strings.setup.newPoll}</a>
                <a class="button" href=${hrefOf({ view: 'new-consultation' })}>${this.strings.setup.newConsultation}</a>`
            : ''}
          <button type="button" @click=${() => this.load()}>${s.refresh}</button>
        </div>
      </header>
      ${this.renderProblem()}
      ${this.items === undefined
        ? html`<p>${this.strings.loading}</p>`
        : this.items.length === 0
          ? html`<p>${s.none}</p>`
          : html`<div class="table" tabindex="0" role="region" aria-label=${s.title}>
              <table>
                <caption>${s.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">${s.name}</th>
                    <th scope="col">${s.status}</th>
                    <th scope="col" class="n">${s.proposals}</th>
                    <th scope="col" class="n">${s.participants}</th>
                    <th scope="col" class="n">${s.votes}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.items.map(
                    (c) => html`<tr>
                      <th scope="row">
                        <a href=${hrefOf({ view: 'moderation', consultationId: c.id })} aria-label=${s.moderate(c.title)}>${c.title}</a>
                        <div class="id">${c.id}</div>
                      </th>
                      <td>${c.status === 'open' ? s.open : s.closed}</td>
                      <td class="n">${n.format(c.counts.proposals)}</td>
                      <td class="n">${n.format(c.counts.participants)}</td>
                      <td class="n">${n.format(c.counts.votes)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`}`;
  }
}
