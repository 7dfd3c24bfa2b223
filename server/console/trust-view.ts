import { html, nothing, type PropertyDeclarations } from 'lit';
import type { AdminCohort, AdminCohorts, AdminConsultation } from 'consult-widgets/protocol/admin';
import { ConsoleView } from './console-view.js';
import { controls, tables, tokens, viewParts } from './styles.js';
import { effectTable, exclusionsTable, stackedTables, stateOf, timeOf, trustStyles } from './trust-parts.js';
import { trustStrings } from './trust-i18n.js';
import { cohorts, decideCohort } from './trust-api.js';

/** Most pages of accepted proposals read to name the ideas a cohort moves (100 a page). */
const TEXT_PAGES = 10;
/** As CohortDecisionRequest checks it: 3 to 500 characters once trimmed. */
const REASON_MIN = 3;
const REASON_MAX = 500;

/** An exclusion or restoration being asked: the reason typed, then a confirmation. */
interface Decision {
  cohortId: string;
  action: 'exclusion' | 'restoration';
  step: 'reason' | 'confirm';
  reason: string;
  invalid: boolean;
}

/**
 * The trust view of one consultation (issue 12, admins): the suspicious cohorts the server detects
 * now (server/cohorts.ts), each with its numbers, its state and the effect of its votes on the
 * published lists; exclude or restore one with a reason, asked twice; every exclusion with who,
 * why and when. The server records the session's operator as who decided, and refuses a
 * moderator (403, shown in the view's alert).
 */
export class ConsoleTrustElement extends ConsoleView {
  static override properties: PropertyDeclarations = {
    consultationId: { attribute: 'consultation-id' },
    consultation: { state: true },
    data: { state: true },
    texts: { state: true },
    decision: { state: true },
    busy: { state: true },
  };
  static override styles = [tokens, controls, tables, viewParts, trustStyles, stackedTables];

  declare consultationId: string;
  declare consultation: AdminConsultation | undefined;
  declare data: AdminCohorts | undefined;
  /** Texts of the ideas the cohorts move, by proposal id. */
  declare texts: Map<string, string>;
  declare decision: Decision | null;
  declare busy: boolean;

  constructor() {
    super();
    this.texts = new Map();
    this.decision = null;
    this.busy = false;
  }

  /**
   * Loads at the first update, not in connectedCallback: an element upgraded when its chunk arrives
   * gets `api` and `strings` (set by the shell before) back only when its first update starts.
   */
  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) void this.load();
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('consultationId')) void this.load();
  }

  async load(): Promise<void> {
    const id = this.consultationId;
    const loaded = await this.attempt((signal) => Promise.all([this.api.consultation(id, signal), cohorts(this.api, id, signal)]), { key: 'load' });
    if (!loaded) return;
    [this.consultation, this.data] = loaded;
    await this.loadTexts(loaded[1].cohorts);
  }

  /** The texts of the ideas named by the effects, read from the accepted proposals until all are found. */
  private async loadTexts(cohorts: readonly AdminCohort[]): Promise<void> {
    const wanted = new Set(cohorts.flatMap((c) => [c.effect.popular, c.effect.divisive].flatMap((l) => [...l.leave, ...l.enter])).filter((id) => !this.texts.has(id)));
    if (wanted.size === 0) return;
    const texts = new Map(this.texts);
    let cursor: string | undefined;
    for (let page = 0; page < TEXT_PAGES && wanted.size > 0; page++) {
      const answer = await this.attempt((signal) => this.api.proposalPage(this.consultationId, 'accepted', cursor, signal), { key: 'texts' });
      if (!answer) return;
      for (const p of answer.items) {
        texts.set(p.id, p.content);
        wanted.delete(p.id);
      }
      if (answer.nextCursor === null) break;
      cursor = answer.nextCursor;
    }
    this.texts = texts;
  }

  private ask(cohort: AdminCohort): void {
    this.decision = { cohortId: cohort.id, action: cohort.excluded ? 'restoration' : 'exclusion', step: 'reason', reason: '', invalid: false };
    this.focusLater('form input');
  }

  private cancel(): void {
    const id = this.decision?.cohortId;
    this.decision = null;
    if (id) this.focusLater(`article[data-cohort-id="${id}"] button.decide`);
  }

  private focusLater(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** The reason is checked here first: an empty or too short one is never sent. */
  private next(event: Event): void {
    event.preventDefault();
    if (!this.decision) return;
    const reason = this.decision.reason.trim();
    if (reason.length < REASON_MIN) {
      this.decision = { ...this.decision, invalid: true };
      this.focusLater('form input');
      return;
    }
    this.decision = { ...this.decision, reason, invalid: false, step: 'confirm' };
    this.focusLater('.confirm button.primary');
  }

  private async decide(): Promise<void> {
    const decision = this.decision;
    if (!decision || this.busy) return;
    const s = trustStrings(this.lang);
    this.busy = true;
    const done = await this.attempt(() => decideCohort(this.api, this.consultationId, decision.cohortId, decision.action, decision.reason), {
      describe: (error) => (error.status === 403 || error.status === 404 || error.status === 400 ? s.forbidden(error.message) : undefined),
    });
    this.busy = false;
    if (!done) return;
    this.decision = null;
    this.announce(decision.action === 'exclusion' ? s.excluded(decision.cohortId) : s.restored(decision.cohortId));
    await this.load();
    this.focusLater(`article[data-cohort-id="${decision.cohortId}"] button.decide`);
  }

  protected override render() {
    const s = trustStrings(this.lang);
    return html`<header>
        <h1>${s.title(this.consultation?.title ?? this.consultationId)}</h1>
        <button type="button" @click=${() => this.load()}>${s.refresh}</button>
      </header>
      <p class="intro">${s.intro}</p>
      ${this.renderProblem()}
      ${this.data === undefined
        ? html`<p>${this.strings.loading}</p>`
        : html`${this.data.cohorts.length === 0 ? html`<p class="none">${s.none}</p>` : this.data.cohorts.map((c) => this.cohort(c))}
            <h2>${s.exclusions}</h2>
            ${exclusionsTable(this.data.exclusions, this.lang, this.numbers, s, this.strings.operators.cellLabel)}`}`;
  }

  private cohort(cohort: AdminCohort) {
    const s = trustStrings(this.lang);
    const n = this.numbers;
    const state = stateOf(cohort, this.data?.exclusions ?? []);
    const headingId = `cohort-${cohort.id}`;
    return html`<article data-cohort-id=${cohort.id} aria-labelledby=${headingId}>
      <h2 id=${headingId}>${s.cohort(cohort.id)}</h2>
      <dl>
        <dt>${s.kind}</dt>
        <dd data-field="kind">${s.kinds[cohort.kind] ?? cohort.kind}</dd>
        <dt>${s.state}</dt>
        <dd data-field="state"><span class="state" data-state=${state}>${s.states[state]}</span></dd>
        <dt>${s.members}</dt>
        <dd data-field="members">${n.format(cohort.members)}</dd>
        <dt>${s.votes}</dt>
        <dd data-field="votes">${n.format(cohort.votes)}</dd>
        <dt>${s.firstAt}</dt>
        <dd data-field="firstAt">${timeOf(cohort.firstAt, this.lang, s.unknown)}</dd>
        <dt>${s.lastAt}</dt>
        <dd data-field="lastAt">${timeOf(cohort.lastAt, this.lang, s.unknown)}</dd>
        <dt>${s.shared}</dt>
        <dd data-field="shared">${cohort.proposals.map((p, i) => html`${i ? ', ' : ''}${this.texts.get(p.proposalId) ?? p.proposalId}: ${s.keys[p.key] ?? p.key}`)}</dd>
      </dl>
      <h3>${s.effect}</h3>
      ${effectTable(cohort, this.texts, s, this.strings.operators.cellLabel)} ${this.decisionPart(cohort)}
    </article>`;
  }

  private decisionPart(cohort: AdminCohort) {
    const s = trustStrings(this.lang);
    const d = this.decision?.cohortId === cohort.id ? this.decision : null;
    const exclude = !cohort.excluded;
    if (!d) {
      return html`<div class="confirm">
        <button type="button" class="decide ${exclude ? 'danger' : ''}" aria-describedby=${`cohort-${cohort.id}`} @click=${() => this.ask(cohort)}>${exclude ? s.exclude : s.restore}</button>
      </div>`;
    }
    const votes = this.numbers.format(cohort.votes);
    if (d.step === 'confirm') {
      const question = exclude ? s.confirmExclude(cohort.id, votes) : s.confirmRestore(cohort.id, votes);
      return html`<div class="confirm" role="group" aria-label=${question}>
        <p>${question}</p>
        <p>${s.because} <q>${d.reason}</q></p>
        <button type="button" class="primary" ?disabled=${this.busy} @click=${() => this.decide()}>${exclude ? s.yesExclude : s.yesRestore}</button>
        <button type="button" @click=${() => this.cancel()}>${s.cancel}</button>
      </div>`;
    }
    const errorId = `reason-error-${cohort.id}`;
    return html`<form novalidate @submit=${this.next}>
      <label
        >${s.reason}
        <input
          type="text"
          required
          minlength=${REASON_MIN}
          maxlength=${REASON_MAX}
          aria-invalid=${d.invalid ? 'true' : 'false'}
          aria-describedby=${d.invalid ? errorId : nothing}
          .value=${d.reason}
          @input=${(e: Event) => (this.decision = { ...d, reason: (e.target as HTMLInputElement).value })}
        />
      </label>
      <button type="submit" class="primary">${s.continue}</button>
      <button type="button" @click=${() => this.cancel()}>${s.cancel}</button>
      ${d.invalid ? html`<p class="error field-error" id=${errorId} role="alert">${s.reasonShort}</p>` : ''}
    </form>`;
  }
}

customElements.define('console-trust', ConsoleTrustElement);
