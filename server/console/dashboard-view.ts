import { html, type PropertyDeclarations } from 'lit';
import { Dashboard, type DashboardBucket } from 'consult-widgets/protocol/admin';
import { ConsoleView } from './console-view.js';
import './dashboard-chart.js';
import { dashboardStyles } from './dashboard-styles.js';
import { dashboardStrings } from './dashboard-strings.js';
import { hrefOf } from './routes.js';
import { controls, tables, tokens, viewParts } from './styles.js';

/** How often the dashboard asks again while the page is visible (a 304 while nothing changed). */
const REFRESH_MS = 10_000;

/**
 * One consultation's dashboard (issue 12): its totals, participants, votes and proposals over time
 * (dashboard-chart.ts), votes per theme, the popular (♥) and divisive (⚡) ideas as the results rank
 * them, and its open data. Refreshes every 10 s while the page is visible, with the ETag of the last
 * answer: nothing is redrawn while nothing changed, and the old numbers stay while new ones come.
 */
export class ConsoleDashboardElement extends ConsoleView {
  static override properties: PropertyDeclarations = {
    consultationId: { attribute: 'consultation-id' },
    name: { state: true },
    bucket: { state: true },
    data: { state: true },
    checkedAt: { state: true },
  };
  static override styles = [tokens, controls, tables, viewParts, dashboardStyles];

  declare consultationId: string;
  /** The consultation's title, once known. */
  declare name: string;
  declare bucket: DashboardBucket;
  /** The last answer; kept on screen while the next one comes. */
  declare data: Dashboard | undefined;
  declare checkedAt: number | undefined;
  private etag: string | undefined;
  private timer?: ReturnType<typeof setInterval>;
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  constructor() {
    super();
    this.name = '';
    this.bucket = 'hour';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.attempt((signal) => this.api.consultation(this.consultationId, signal), { key: 'consultation' }).then((c) => {
      if (c) this.name = c.title;
    });
    void this.refresh();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, REFRESH_MS);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  private get words() {
    return dashboardStrings(this.lang);
  }

  /** Asks for the dashboard; a 304 keeps what is shown. True when an answer (new or unchanged) came. */
  async refresh(): Promise<boolean> {
    const bucket = this.bucket;
    const path = `/consultations/${encodeURIComponent(this.consultationId)}/dashboard?bucket=${bucket}`;
    const answer = await this.attempt((signal) => this.api.getIfChanged(path, Dashboard, this.etag, signal), { key: 'dashboard' });
    if (answer === undefined) return false;
    this.checkedAt = Date.now();
    if (answer) {
      this.etag = answer.etag;
      this.data = answer.value;
    }
    return true;
  }

  private async refreshNow(): Promise<void> {
    if (await this.refresh()) this.announce(this.words.refreshed);
  }

  private choose(bucket: DashboardBucket): void {
    if (bucket === this.bucket) return;
    this.bucket = bucket;
    this.etag = undefined;
    void this.refresh();
  }

  protected override render() {
    const s = this.words;
    const d = this.data;
    const time = new Intl.DateTimeFormat(this.lang || undefined, { timeStyle: 'medium' });
    return html`<header>
        <h1>${s.title(this.name || this.consultationId)}</h1>
        <button type="button" @click=${() => this.refreshNow()}>${s.refresh}</button>
      </header>
      ${this.renderProblem()}
      ${this.checkedAt === undefined ? '' : html`<p class="note">${s.updated(time.format(this.checkedAt))}</p>`}
      ${d ? this.body(d) : this.problem ? '' : html`<p>${this.strings.loading}</p>`}`;
  }

  private body(d: Dashboard) {
    const s = this.words;
    const n = this.numbers;
    const count = (label: string, value: number) => html`<div>
      <dt>${label}</dt>
      <dd>${n.format(value)}</dd>
    </div>`;
    return html`<section aria-labelledby="counts">
        <h2 id="counts">${s.counts}</h2>
        <dl class="counts">
          ${count(s.participants, d.counts.participants)} ${count(s.votes, d.counts.votes)} ${count(s.proposals, d.counts.proposals)}
          ${count(s.pending, d.proposals.pending)}
        </dl>
        ${d.proposals.pending ? html`<p><a href=${hrefOf({ view: 'moderation', consultationId: this.consultationId })}>${s.moderate}</a></p>` : ''}
      </section>
      <section aria-labelledby="activity">
        <div class="bar">
          <h2 id="activity">${s.activity}</h2>
          <fieldset>
            <legend>${s.per}</legend>
            ${(['hour', 'day'] as const).map(
              (b) => html`<label><input type="radio" name="bucket" value=${b} .checked=${this.bucket === b} @change=${() => this.choose(b)} />${s[b]}</label>`,
            )}
          </fieldset>
        </div>
        <console-dashboard-chart .timeline=${d.timeline} bucket=${d.bucket} lang=${this.lang}></console-dashboard-chart>
      </section>
      ${this.themes(d)}
      <div class="ideas">${this.ideas('popular', '♥', d.popular)} ${this.ideas('divisive', '⚡', d.divisive)}</div>
      <section aria-labelledby="open-data">
        <h2 id="open-data">${s.openData}</h2>
        <p class="note">${s.openDataNote}</p>
        <ul class="downloads">
          ${(['json', 'csv'] as const).map((format) => html`<li><a href=${this.api.openDataUrl(this.consultationId, format)} download=${`${this.consultationId}.${format}`}>${s[format]}</a></li>`)}
        </ul>
      </section>`;
  }

  private themes(d: Dashboard) {
    const s = this.words;
    const n = this.numbers;
    // The "no theme" row only when some accepted proposal has none.
    const rows = d.themes.filter((t) => t.themeId !== null || t.proposals > 0);
    return html`<section aria-labelledby="themes">
      <h2 id="themes">${s.themes}</h2>
      <div class="table" tabindex="0" role="region" aria-label=${s.themesCaption}>
        <table>
          <caption>${s.themesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">${s.theme}</th>
              <th scope="col" class="n">${s.proposals}</th>
              <th scope="col" class="n">${s.agree}</th>
              <th scope="col" class="n">${s.disagree}</th>
              <th scope="col" class="n">${s.neutral}</th>
              <th scope="col" class="n">${s.total}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (t) => html`<tr data-theme=${t.themeId ?? ''}>
                <th scope="row">${t.label ?? s.noTheme}</th>
                <td class="n">${n.format(t.proposals)}</td>
                <td class="n">${n.format(t.votes.agree)}</td>
                <td class="n">${n.format(t.votes.disagree)}</td>
                <td class="n">${n.format(t.votes.neutral)}</td>
                <td class="n">${n.format(t.votes.agree + t.votes.disagree + t.votes.neutral)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private ideas(kind: 'popular' | 'divisive', sign: string, ideas: Dashboard['popular']) {
    const s = this.words;
    const n = this.numbers;
    const share = new Intl.NumberFormat(this.lang || undefined, { style: 'percent' });
    return html`<section aria-labelledby=${kind}>
      <h2 id=${kind}><span aria-hidden="true">${sign}</span> ${s[kind]}</h2>
      ${ideas.length === 0
        ? html`<p class="note">${s.noneYet}</p>`
        : html`<ol>
            ${ideas.map((p) => {
              const votes = n.format(p.votes.agree + p.votes.disagree + p.votes.neutral);
              return html`<li data-proposal-id=${p.proposalId}>
                ${p.content}
                <span class="share">${kind === 'popular' ? s.popularShare(votes, share.format(p.shares.agree)) : s.divisiveShare(votes, share.format(p.shares.agree), share.format(p.shares.disagree))}</span>
              </li>`;
            })}
          </ol>`}
    </section>`;
  }
}

customElements.define('console-dashboard', ConsoleDashboardElement);
