import { css, html, nothing, type PropertyDeclarations } from 'lit';
import { REFUSAL_REASONS, type AdminConsultation, type ModerationDecision } from 'consult-widgets/protocol/admin';
import { ConsoleView } from './console-view.js';
import { controls, tables, tokens, viewParts } from './styles.js';
import { stackedTables } from './trust-parts.js';
import { auditStrings } from './audit-i18n.js';
import { moderationCsvHref, moderationLog, type LogFilter } from './audit-api.js';

/** Decisions per page: "Load more" asks for the next page with the cursor of the last one. */
export const AUDIT_PAGE = 50;

/** A day of a date field (`YYYY-MM-DD`) as the instant it starts, in the operator's time zone; `next`: the day after. */
function dayStart(day: string, next = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (next ? 1 : 0)).toISOString();
}

/**
 * The moderation log of one consultation (issue 12, every operator): each decision with its time,
 * proposal, decision, reason and operator; filtered (decision, reason, operator, days, order) by
 * the form, paged with the server's cursor ("Load more"), and downloadable as CSV with the same
 * filters (a same-origin link: the session cookie goes with it).
 */
export class ConsoleAuditElement extends ConsoleView {
  static override properties: PropertyDeclarations = {
    consultationId: { attribute: 'consultation-id' },
    admin: { type: Boolean },
    consultation: { state: true },
    decisions: { state: true },
    nextCursor: { state: true },
    filter: { state: true },
    operators: { state: true },
    busy: { state: true },
    rangeInvalid: { state: true },
  };
  static override styles = [
    tokens,
    controls,
    tables,
    viewParts,
    stackedTables,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1rem;
        align-items: flex-end;
        background: var(--c-surface);
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        padding: 0.75rem 1rem 1rem;
        margin: 0 0 1rem;
      }
      fieldset {
        display: contents;
      }
      legend {
        flex-basis: 100%;
        font-weight: 600;
        padding: 0;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
        min-width: 0;
      }
      .buttons,
      .after {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .after {
        margin-top: 1rem;
      }
      .error.range {
        flex-basis: 100%;
        margin: 0;
      }
      th,
      td {
        vertical-align: top;
      }
      td.text {
        min-width: 12rem;
        overflow-wrap: anywhere;
      }
      td.when {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  declare consultationId: string;
  declare admin: boolean;
  declare consultation: AdminConsultation | undefined;
  /** undefined: the first page is not in yet. */
  declare decisions: ModerationDecision[] | undefined;
  declare nextCursor: string | null;
  /** The filters applied (the form's, once submitted): the pages and the CSV link follow them. */
  declare filter: LogFilter;
  /** Operators to filter by, id → name: every operator for an admin, those met in the log otherwise. */
  declare operators: Map<string, string>;
  declare busy: boolean;
  declare rangeInvalid: boolean;
  private texts = new Map<string, string>();

  constructor() {
    super();
    this.admin = false;
    this.nextCursor = null;
    this.filter = {};
    this.operators = new Map();
    this.busy = false;
    this.rangeInvalid = false;
  }

  /**
   * Loads at the first update, not in connectedCallback: an element upgraded when its chunk arrives
   * gets `api` and `strings` (set by the shell before) back only when its first update starts.
   */
  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) void this.start();
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('consultationId')) void this.start();
  }

  private async start(): Promise<void> {
    const consultation = await this.attempt((signal) => this.api.consultation(this.consultationId, signal), { key: 'consultation' });
    if (consultation) this.consultation = consultation;
    await this.load(false);
    if (this.admin) {
      const operators = await this.attempt((signal) => this.api.operators(signal), { key: 'operators' });
      if (operators) this.know(operators.map((o) => [o.id, o.email]));
    }
  }

  private know(entries: Iterable<readonly [string, string]>): void {
    const operators = new Map(this.operators);
    for (const [id, name] of entries) if (!operators.has(id)) operators.set(id, name);
    if (operators.size !== this.operators.size) this.operators = operators;
  }

  /** The first page with the filters applied, or (`more`) the next one after those shown. */
  async load(more: boolean): Promise<void> {
    const filter: LogFilter = { ...this.filter, limit: String(AUDIT_PAGE), ...(more && this.nextCursor ? { cursor: this.nextCursor } : {}) };
    this.busy = true;
    const page = await this.attempt((signal) => moderationLog(this.api, this.consultationId, filter, signal), { key: 'log' });
    this.busy = false;
    if (!page) return;
    if (!more) this.texts = new Map();
    for (const [id, text] of Object.entries(page.texts)) this.texts.set(id, text);
    this.decisions = more ? [...(this.decisions ?? []), ...page.decisions] : page.decisions;
    this.nextCursor = page.nextCursor;
    this.know(page.decisions.flatMap((d) => (d.operator ? [[d.operator.id, d.operator.name] as const] : [])));
    if (more) this.announce(auditStrings(this.lang).loaded(this.numbers.format(this.decisions.length)));
  }

  private apply(event: Event): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '');
    const from = dayStart(value('from'));
    const to = dayStart(value('to'), true);
    this.rangeInvalid = from !== undefined && to !== undefined && from >= to;
    if (this.rangeInvalid) return;
    this.filter = { decision: value('decision'), reason: value('reason'), operator: value('operator'), from, to, order: value('order') === 'newest' ? 'newest' : undefined };
    void this.load(false).then(() => this.announce(auditStrings(this.lang).loaded(this.numbers.format(this.decisions?.length ?? 0))));
  }

  private clear(event: Event): void {
    (event.target as HTMLButtonElement).form?.reset();
    this.rangeInvalid = false;
    this.filter = {};
    void this.load(false);
  }

  protected override render() {
    const s = auditStrings(this.lang);
    return html`<h1>${s.title(this.consultation?.title ?? this.consultationId)}</h1>
      ${this.filters()} ${this.renderProblem()}
      ${this.decisions === undefined ? html`<p>${this.strings.loading}</p>` : this.table(this.decisions)}`;
  }

  private filters() {
    const s = auditStrings(this.lang);
    const reasons = this.strings.moderation.reasons;
    const f = this.filter;
    const operators = [...this.operators].sort((a, b) => a[1].localeCompare(b[1]));
    return html`<form @submit=${this.apply}>
      <fieldset>
        <legend>${s.filters}</legend>
        <label
          >${s.decision}
          <select name="decision">
            <option value="">${s.any}</option>
            <option value="accept" ?selected=${f.decision === 'accept'}>${s.accept}</option>
            <option value="refuse" ?selected=${f.decision === 'refuse'}>${s.refuse}</option>
          </select></label
        >
        <label
          >${s.reason}
          <select name="reason">
            <option value="">${s.any}</option>
            ${REFUSAL_REASONS.map((r) => html`<option value=${r} ?selected=${f.reason === r}>${reasons[r]}</option>`)}
          </select></label
        >
        <label
          >${s.operator}
          <select name="operator">
            <option value="">${s.any}</option>
            ${operators.map(([id, name]) => html`<option value=${id} ?selected=${f.operator === id}>${name}</option>`)}
          </select></label
        >
        <label>${s.from} <input type="date" name="from" aria-invalid=${this.rangeInvalid ? 'true' : 'false'} /></label>
        <label>${s.to} <input type="date" name="to" aria-invalid=${this.rangeInvalid ? 'true' : 'false'} /></label>
        <label
          >${s.order}
          <select name="order">
            <option value="oldest">${s.oldest}</option>
            <option value="newest" ?selected=${f.order === 'newest'}>${s.newest}</option>
          </select></label
        >
        <div class="buttons">
          <button type="submit" class="primary" ?disabled=${this.busy}>${s.apply}</button>
          <button type="button" @click=${this.clear}>${s.clear}</button>
        </div>
        ${this.rangeInvalid ? html`<p class="error range" role="alert">${s.badRange}</p>` : ''}
      </fieldset>
    </form>`;
  }

  private table(decisions: readonly ModerationDecision[]) {
    const s = auditStrings(this.lang);
    const reasons = this.strings.moderation.reasons;
    const when = new Intl.DateTimeFormat(this.lang || undefined, { dateStyle: 'medium', timeStyle: 'medium' });
    const label = this.strings.operators.cellLabel;
    const caption = s.caption(this.numbers.format(decisions.length), this.nextCursor !== null);
    return html`${decisions.length === 0
        ? html`<p>${s.none}</p>`
        : html`<div class="table" tabindex="0" role="region" aria-label=${caption}>
            <table role="table" class="stacked">
              <caption>${caption}</caption>
              <thead>
                <tr role="row">
                  <th scope="col" role="columnheader">${s.time}</th>
                  <th scope="col" role="columnheader">${s.proposal}</th>
                  <th scope="col" role="columnheader">${s.decision}</th>
                  <th scope="col" role="columnheader">${s.reason}</th>
                  <th scope="col" role="columnheader">${s.operator}</th>
                </tr>
              </thead>
              <tbody>
                ${decisions.map(
                  (d) => html`<tr role="row" data-proposal-id=${d.proposalId}>
                    <td role="cell" data-label=${label(s.time)} data-col="time" class="when"><time datetime=${d.decidedAt}>${when.format(new Date(d.decidedAt))}</time></td>
                    <td role="cell" data-label=${label(s.proposal)} data-col="proposal" class="text">${this.texts.get(d.proposalId) ?? ''} <span class="id">${d.proposalId}</span></td>
                    <td role="cell" data-label=${label(s.decision)} data-col="decision">${d.decision === 'accept' ? s.accept : s.refuse}</td>
                    <td role="cell" data-label=${d.reason ? label(s.reason) : nothing} data-col="reason">${d.reason ? reasons[d.reason] : ''}</td>
                    <td role="cell" data-label=${label(s.operator)} data-col="operator">${d.operator?.name ?? s.nobody}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      <div class="after">
        ${this.nextCursor !== null ? html`<button type="button" ?disabled=${this.busy} @click=${() => this.load(true)}>${s.more}</button>` : ''}
        <a class="button" href=${moderationCsvHref(this.api, this.consultationId, this.filter)} download>${s.csv}</a>
      </div>`;
  }
}

customElements.define('console-audit', ConsoleAuditElement);
