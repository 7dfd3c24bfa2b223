import { html, LitElement, nothing, type PropertyDeclarations } from 'lit';
import { CLAIM_SECONDS, type AdminConsultation, type BulkModerationAnswer, type ModerationCounts, type QueueItem, type RefusalReason } from 'consult-widgets/protocol/admin';
import { ConsoleError, type AdminApi } from './api.js';
import type { ConsoleStrings } from './i18n.js';
import type { ConsoleModerationBulkElement } from './moderation-bulk.js';
import { keyAction, type KeyAction } from './moderation-keys.js';
import { keyboardHelp, reasonsPanel } from './moderation-parts.js';
import { moderationStyles } from './moderation-styles.js';
import { hrefOf } from './routes.js';
import { controls, tokens } from './styles.js';

/** Counts poll (with their ETag: a 304 costs nearly nothing) so new submissions show without a reload. */
const POLL_MS = 4_000;
/** Renewed at a third of the claim's life: two renewals may fail before another operator can take it. */
const RENEW_MS = (CLAIM_SECONDS * 1000) / 3;

/**
 * The moderation queue of one consultation (issue 12): one pending proposal at a time, claimed for
 * this operator by the queue's `next`, renewed while the operator stays, released on leaving; the
 * decisions by button or key (moderation-keys.ts), announced in one polite live region.
 */
export class ConsoleModerationElement extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    strings: { attribute: false },
    lang: {},
    consultationId: { attribute: 'consultation-id' },
    consultation: { state: true },
    item: { state: true },
    counts: { state: true },
    refusing: { state: true },
    busy: { state: true },
    announcement: { state: true },
    problem: { state: true },
    bulkOpen: { state: true },
  };
  static override styles = [tokens, controls, moderationStyles];

  declare api: AdminApi;
  declare strings: ConsoleStrings;
  declare consultationId: string;
  declare consultation: AdminConsultation | undefined;
  /** undefined: not asked yet; null: nothing pending left. */
  declare item: QueueItem | null | undefined;
  declare counts: ModerationCounts | undefined;
  declare refusing: boolean;
  declare busy: boolean;
  declare announcement: string;
  declare problem: string;
  declare bulkOpen: boolean;
  private etag: string | undefined;
  private poller?: ReturnType<typeof setInterval>;
  private renewer?: ReturnType<typeof setInterval>;
  private readonly onKey = (event: KeyboardEvent) => this.key(event);
  private readonly onPageHide = () => this.release();

  constructor() {
    super();
    this.refusing = false;
    this.busy = false;
    this.announcement = '';
    this.problem = '';
    this.bulkOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('keydown', this.onKey);
    addEventListener('pagehide', this.onPageHide);
    void this.start();
    this.poller = setInterval(() => {
      if (document.visibilityState === 'visible') void this.poll();
    }, POLL_MS);
    this.renewer = setInterval(() => void this.renew(), RENEW_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('keydown', this.onKey);
    removeEventListener('pagehide', this.onPageHide);
    clearInterval(this.poller);
    clearInterval(this.renewer);
    // Leaving the view gives the proposal back at once, not after the claim expires.
    this.release();
  }

  private async start(): Promise<void> {
    await this.run(async () => {
      this.consultation = await this.api.consultation(this.consultationId);
    });
    await this.step('next');
  }

  /** One action at a time: a key pressed while the server answers is dropped, not queued onto the next proposal. */
  private async run(action: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    try {
      await action();
      this.problem = '';
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private fail(error: unknown): void {
    const s = this.strings;
    if (!(error instanceof ConsoleError)) {
      this.problem = s.error(String(error));
      return;
    }
    if (error.status === 401) {
      this.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }));
      return;
    }
    this.problem = error.status === 409 ? s.moderation.claimed(error.message) : error.status === 429 ? s.moderation.tooMany : s.error(error.message);
  }

  private announce(text: string): void {
    // The same words twice in a row (two acceptances) must be read twice: make the text differ.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  private step(direction: 'next' | 'previous'): Promise<boolean> {
    return this.run(async () => {
      const current = this.item;
      const answer = await this.api.queueStep(this.consultationId, direction, current?.proposal.id);
      this.counts = answer.counts;
      if (answer.item || direction === 'next') this.item = answer.item;
      // "previous" before the first one: stay on the current proposal, whose claim the step gave up.
      else if (current?.claim) this.item = { ...current, claim: await this.api.renewClaim(current.proposal.id) };
      this.refusing = false;
    });
  }

  private async decide(reason: RefusalReason | null): Promise<void> {
    const item = this.item;
    if (!item) return;
    const s = this.strings.moderation;
    const done = await this.run(async () => {
      await this.api.moderate(item.proposal.id, reason ? { decision: 'refuse', reason } : { decision: 'accept' });
    });
    if (!done) return;
    this.refusing = false;
    this.announce(reason ? s.announceRefused(s.reasons[reason]) : s.announceAccepted);
    await this.step('next');
    // The reason buttons are gone: give focus a place in the next proposal rather than the page's top.
    if (reason) {
      await this.updateComplete;
      this.focusIn('#refuse');
    }
  }

  private async bulkDone(answer: BulkModerationAnswer): Promise<void> {
    this.counts = answer.counts;
    const decided = answer.outcomes.filter((o) => o.outcome === 'decided');
    this.announce(this.strings.moderation.bulk.done(decided.length, answer.outcomes.length - decided.length));
    // The proposal on screen was among them: it is decided, move on.
    if (this.item && decided.some((o) => o.proposalId === this.item?.proposal.id)) await this.step('next');
  }

  private async setTheme(event: Event): Promise<void> {
    const item = this.item;
    if (!item) return;
    const value = (event.target as HTMLSelectElement).value;
    await this.run(async () => {
      const answer = await this.api.changeTheme(item.proposal.id, value || null);
      this.item = { ...item, proposal: answer.proposal };
      this.announce(this.strings.moderation.announceTheme(this.themeLabel(answer.proposal.themeId)));
    });
  }

  private async poll(): Promise<void> {
    try {
      const answer = await this.api.queueCounts(this.consultationId, this.etag);
      if (!answer) return;
      this.etag = answer.etag;
      this.counts = answer.counts;
      if (this.bulkOpen) void this.renderRoot.querySelector<ConsoleModerationBulkElement>('console-moderation-bulk')?.load();
      // Waiting on an empty queue: a new submission (one nobody holds) comes up by itself.
      if (this.item === null && answer.counts.pending > answer.counts.claimed) await this.step('next');
    } catch (error) {
      this.fail(error);
    }
  }

  private async renew(): Promise<void> {
    const item = this.item;
    if (!item?.claim || this.busy) return;
    try {
      const claim = await this.api.renewClaim(item.proposal.id);
      if (this.item === item) this.item = { ...item, claim };
    } catch (error) {
      this.fail(error);
    }
  }

  private release(): void {
    const item = this.item;
    if (item?.claim) void this.api.releaseClaim(item.proposal.id).catch(() => undefined);
  }

  private key(event: KeyboardEvent): void {
    const action = keyAction(event, this.refusing);
    if (!action || this.item === undefined) return;
    event.preventDefault();
    this.act(action);
  }

  private act(action: KeyAction): void {
    if (this.busy) return;
    switch (action.kind) {
      case 'accept':
        if (this.item) void this.decide(null);
        return;
      case 'refuse':
        if (this.item) void this.askReason();
        return;
      case 'reason':
        void this.decide(action.reason);
        return;
      case 'cancel':
        this.refusing = false;
        void this.updateComplete.then(() => this.focusIn('#refuse'));
        return;
      case 'next':
        void this.step('next');
        return;
      case 'previous':
        void this.step('previous');
        return;
      case 'theme':
        this.focusIn('#theme');
        return;
    }
  }

  private async askReason(): Promise<void> {
    this.refusing = true;
    await this.updateComplete;
    this.focusIn('.reasons');
  }

  private focusIn(selector: string): void {
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private themeLabel(themeId: string | null): string {
    return this.consultation?.themes.find((t) => t.id === themeId)?.label ?? this.strings.moderation.noTheme;
  }

  protected override render() {
    const s = this.strings.moderation;
    const n = new Intl.NumberFormat(this.lang || undefined);
    const counts = this.counts;
    return html`<header>
        <h1>${s.title(this.consultation?.title ?? this.consultationId)}</h1>
        <a href=${hrefOf({ view: 'consultations' })}>${s.back}</a>
      </header>
      <ul class="counts" aria-label=${s.counts}>
        ${(['pending', 'accepted', 'refused'] as const).map((k) => html`<li>${s[k]}<strong>${counts ? n.format(counts[k]) : '–'}</strong></li>`)}
      </ul>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <div class="layout">
        <div>
          ${this.item === undefined ? html`<p>${this.strings.loading}</p>` : this.item === null ? html`<p>${s.empty}</p>` : this.proposal(this.item)}
          <p class="announce" role="status">${this.announcement}</p>
        </div>
        ${keyboardHelp(s)}
      </div>
      <details @toggle=${(e: Event) => (this.bulkOpen = (e.target as HTMLDetailsElement).open)}>
        <summary>${s.bulk.title}</summary>
        ${this.bulkOpen
          ? html`<console-moderation-bulk
              .api=${this.api}
              .strings=${this.strings}
              consultation-id=${this.consultationId}
              @moderation-bulk=${(e: CustomEvent<BulkModerationAnswer>) => this.bulkDone(e.detail)}
              @moderation-error=${(e: CustomEvent<unknown>) => this.fail(e.detail)}
            ></console-moderation-bulk>`
          : nothing}
      </details>`;
  }

  private proposal(item: QueueItem) {
    const s = this.strings.moderation;
    const p = item.proposal;
    const when = new Intl.DateTimeFormat(this.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
    const author = p.author ?? {};
    const authorFields = (['name', 'age', 'organisation', 'country'] as const).filter((k) => author[k] !== undefined);
    const last = item.decisions.at(-1);
    return html`<article tabindex="-1" aria-labelledby="proposal-title" aria-busy=${this.busy ? 'true' : 'false'} data-proposal-id=${p.id}>
      <h2 id="proposal-title">${s.proposal} <span class="visually-hidden">${p.id}</span></h2>
      <p class="content" lang=${this.consultation?.locale ?? nothing}>${p.content}</p>
      ${p.duplicateOf ? html`<p class="hint">${s.duplicate(p.duplicateOf)}</p>` : nothing}
      <dl class="meta">
        <dt>${s.submitted}</dt>
        <dd><time datetime=${p.createdAt}>${when.format(new Date(p.createdAt))}</time></dd>
        ${authorFields.length
          ? authorFields.map((k) => html`<dt>${s[k]}</dt><dd>${author[k]}</dd>`)
          : html`<dt>${s.author}</dt><dd>${s.noAuthor}</dd>`}
        <dt>${s.status}</dt>
        <dd>${s[p.status]}${last && !item.claim ? ` — ${s.decidedBefore(last.decision === 'accept' ? s.accepted : s.refused, last.operator?.name ?? '?')}` : nothing}</dd>
        <dt><label for="theme">${s.changeTheme}<kbd>T</kbd></label></dt>
        <dd>
          <select id="theme" aria-keyshortcuts="T" @change=${this.setTheme} @keydown=${this.leaveSelect} ?disabled=${p.status === 'refused'}>
            <option value="" ?selected=${p.themeId === null}>${s.noTheme}</option>
            ${(this.consultation?.themes ?? []).map((t) => html`<option value=${t.id} ?selected=${t.id === p.themeId}>${t.label}</option>`)}
          </select>
        </dd>
      </dl>
      <div class="actions">
        <button type="button" class="primary" aria-keyshortcuts="A" @click=${() => this.act({ kind: 'accept' })}>${s.accept}<kbd>A</kbd></button>
        <button type="button" id="refuse" aria-keyshortcuts="R" aria-expanded=${this.refusing ? 'true' : 'false'} @click=${() => this.act({ kind: 'refuse' })}>${s.refuse}<kbd>R</kbd></button>
        <button type="button" aria-keyshortcuts="K" @click=${() => this.act({ kind: 'previous' })}>${s.previous}<kbd>K</kbd></button>
        <button type="button" aria-keyshortcuts="J" @click=${() => this.act({ kind: 'next' })}>${s.next}<kbd>J</kbd></button>
      </div>
      ${this.refusing ? reasonsPanel(s, (reason) => this.act({ kind: 'reason', reason }), () => this.act({ kind: 'cancel' })) : nothing}
    </article>`;
  }

  /** Escape in the theme list gives the keys back to the view (letters there pick a theme). */
  private leaveSelect(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.focusIn('article');
  }
}
