import { html, type PropertyDeclarations } from 'lit';
import type { AdminConsultationView } from 'consult-widgets/protocol/admin';
import { ConsoleView } from './console-view.js';
import './settings-bulk.js';
import { changedFields, conflicts, draftOf, newThemeId, patchOf, rebase, type Draft, type DraftField, type DraftTheme } from './settings-form.js';
import { settingsStrings } from './settings-i18n.js';
import { settingsStyles } from './settings-styles.js';
import { controls, tokens } from './styles.js';
import { consultationView, patchConsultation, setStatus } from './settings-api.js';

type Where = 'form' | 'state';

/** `themes` with the saved theme `id` back, where the saved list has it (keeping it is no change). */
function restored(themes: DraftTheme[], saved: readonly DraftTheme[], id: string): DraftTheme[] {
  const back = saved.find((t) => t.id === id);
  if (!back) return themes;
  const at = themes.findIndex((t) => saved.findIndex((s) => s.id === t.id) > saved.indexOf(back));
  return at === -1 ? [...themes, { ...back }] : [...themes.slice(0, at), { ...back }, ...themes.slice(at)];
}

/**
 * The settings tab (admins): every field of a consultation (PATCH of what changed), its phase as the
 * server computes it, open or close now, and bulk proposals (settings-bulk.ts). The server keeps no
 * version of a consultation, so before saving the view reads it again and stops when someone else
 * changed a field the operator changed too (docs/decisions.md, "Issue 12: the settings tab").
 */
export class ConsoleSettingsElement extends ConsoleView {
  static override properties: PropertyDeclarations = {
    consultationId: { attribute: 'consultation-id' },
    consultation: { state: true },
    draft: { state: true },
    busy: { state: true },
    where: { state: true },
    clash: { state: true },
    savedNote: { state: true },
  };
  static override styles = [tokens, controls, ...settingsStyles];

  declare consultationId: string;
  declare consultation: AdminConsultationView | undefined;
  declare draft: Draft | undefined;
  declare busy: boolean;
  /** Which part's failure `problem` is: shown next to it. */
  declare where: Where;
  /** Fields someone else changed meanwhile, with their values (a save stopped for them). */
  declare clash: { fields: DraftField[]; theirs: AdminConsultationView } | undefined;
  /** What the last save changed, shown by the Save button until the next change (also announced). */
  declare savedNote: string;

  constructor() {
    super();
    this.busy = false;
    this.where = 'form';
    this.savedNote = '';
  }

  /** Loads at the first update: a lazily defined element gets `api` and `strings` only then. */
  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('consultationId')) return;
    if (changed.get('consultationId') !== undefined) this.consultation = this.draft = this.clash = undefined;
    void this.load();
  }

  private get s() {
    return settingsStrings(this.lang);
  }

  /** Reads the consultation; the draft moves onto it, keeping what the operator typed. */
  private async load(): Promise<void> {
    this.where = 'form';
    const fresh = await this.attempt((signal) => consultationView(this.api, this.consultationId, signal), { key: 'load' });
    if (fresh) this.take(fresh);
  }

  private take(fresh: AdminConsultationView): void {
    this.draft = this.consultation && this.draft ? rebase(draftOf(this.consultation), this.draft, draftOf(fresh)) : draftOf(fresh);
    this.consultation = fresh;
  }

  private set<F extends DraftField>(field: F, value: Draft[F]): void {
    if (this.draft) this.draft = { ...this.draft, [field]: value };
  }

  private input(field: Exclude<DraftField, 'themes' | 'requireSignedParticipants' | 'countUntrusted'>) {
    return (event: Event) => this.set(field, (event.target as HTMLInputElement).value);
  }

  private describe = (error: { message: string }) => this.s.refused(error.message);

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const base = this.consultation;
    const draft = this.draft;
    if (!base || !draft || this.busy) return;
    const s = this.s;
    this.where = 'form';
    if (!changedFields(draftOf(base), draft).length) {
      this.problem = '';
      this.announce(s.unchanged);
      return;
    }
    this.busy = true;
    try {
      // No ETag on PATCH: read it again, and stop if a field changed here was changed there too.
      const current = await this.attempt((signal) => consultationView(this.api, this.consultationId, signal), { describe: this.describe });
      if (!current) return;
      const clashing = conflicts(draftOf(base), draft, draftOf(current));
      this.take(current);
      if (clashing.length) {
        this.clash = { fields: clashing, theirs: current };
        this.problem = s.conflict(this.names(clashing));
        return;
      }
      this.clash = undefined;
      const before = draftOf(current);
      const fields = changedFields(before, this.draft!);
      const sent = this.draft!;
      const saved = await this.attempt(() => patchConsultation(this.api, this.consultationId, patchOf(before, sent)), { describe: this.describe });
      if (!saved) return;
      // What the server kept, but what was typed while it saved.
      this.draft = rebase(sent, this.draft!, draftOf(saved));
      this.consultation = saved;
      this.savedNote = s.saved(this.names(fields));
      this.announce(this.savedNote);
    } finally {
      this.busy = false;
    }
  }

  private takeTheirs(): void {
    const clash = this.clash;
    if (!clash || !this.draft) return;
    const theirs = draftOf(clash.theirs);
    const next = { ...this.draft };
    for (const f of clash.fields) (next as Record<DraftField, unknown>)[f] = theirs[f];
    this.draft = next;
    this.clash = undefined;
    this.problem = '';
  }

  private async setStatus(status: 'open' | 'closed'): Promise<void> {
    this.where = 'state';
    this.busy = true;
    try {
      const done = await this.attempt(() => setStatus(this.api, this.consultationId, status).then(() => true), { describe: this.describe });
      if (!done) return;
      const fresh = await this.attempt((signal) => consultationView(this.api, this.consultationId, signal), { key: 'load' });
      if (fresh) this.take(fresh);
      this.announce(status === 'open' ? this.s.opened : this.s.closedNow);
    } finally {
      this.busy = false;
    }
  }

  private names(fields: DraftField[]): string {
    return fields.map((f) => this.s.fieldNames[f]).join(', ');
  }

  private date(iso: string | null | undefined): string {
    return iso ? new Intl.DateTimeFormat(this.lang || undefined, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso)) : '';
  }

  private renderState(c: AdminConsultationView) {
    const s = this.s;
    const hint = c.phase === 'upcoming' ? s.phaseHint.upcoming(this.date(c.opensAt)) : c.phase === 'ended' ? s.phaseHint.ended(this.date(c.closesAt)) : s.phaseHint[c.phase];
    return html`<section aria-labelledby="state-title">
      <h2 id="state-title">${s.state}</h2>
      <p class="phase" id="phase">${s.phaseIs} <strong>${s.phases[c.phase]}</strong></p>
      <p class="hint">${hint}</p>
      ${this.where === 'state' ? this.renderProblem() : ''}
      <div class="row">
        ${c.status === 'open'
          ? html`<button type="button" ?disabled=${this.busy} @click=${() => this.setStatus('closed')}>${s.closeNow}</button>`
          : html`<button type="button" ?disabled=${this.busy} @click=${() => this.setStatus('open')}>${s.openNow}</button>`}
      </div>
    </section>`;
  }

  private renderThemes(d: Draft, c: AdminConsultationView) {
    const s = this.s;
    const removed = c.themes.filter((t) => !d.themes.some((k) => k.id === t.id));
    const add = () => {
      const field = this.renderRoot.querySelector<HTMLInputElement>('#new-theme');
      const label = field?.value.trim();
      if (!field || !label) return;
      this.set('themes', [...d.themes, { id: newThemeId(label, [...d.themes, ...c.themes]), label }]);
      field.value = '';
    };
    return html`<fieldset>
      <legend>${s.themes}</legend>
      <p class="hint">${s.themesHint}</p>
      ${d.themes.length ? '' : html`<p>${s.noThemes}</p>`}
      <ul class="themes">
        ${d.themes.map(
          (t, i) => html`<li class="row">
            <label
              >${s.themeLabel(t.id)}
              <input required maxlength="200" .value=${t.label} @input=${(e: Event) => this.set('themes', d.themes.map((k, j) => (j === i ? { ...k, label: (e.target as HTMLInputElement).value } : k)))} />
            </label>
            <button type="button" aria-label=${s.removeTheme(t.label)} @click=${() => this.set('themes', d.themes.filter((_, j) => j !== i))}>${s.remove}</button>
          </li>`,
        )}
        ${removed.map(
          (t) => html`<li class="row">
            <span>${s.toBeRemoved(t.label)}</span>
            <button type="button" aria-label=${s.keep(t.label)} @click=${() => this.set('themes', restored(d.themes, c.themes, t.id))}>${s.keepIt}</button>
          </li>`,
        )}
      </ul>
      <div class="row">
        <label
          >${s.newTheme}<input
            id="new-theme"
            maxlength="200"
            @keydown=${(e: KeyboardEvent) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              add();
            }}
        /></label>
        <button type="button" @click=${add}>${s.addTheme}</button>
      </div>
    </fieldset>`;
  }

  private renderForm(d: Draft, c: AdminConsultationView) {
    const s = this.s;
    const setup = this.strings.setup;
    const count = changedFields(draftOf(c), d).length;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return html`<form @submit=${this.save} aria-labelledby="edit-title" novalidate>
      <h2 id="edit-title">${s.edit}</h2>
      <label>${setup.title}<input name="title" maxlength="300" .value=${d.title} @input=${this.input('title')} /></label>
      <label>${s.question}<textarea name="question" dir="auto" rows="2" maxlength="500" .value=${d.question} @input=${this.input('question')}></textarea></label>
      <label>${s.locale}<input name="locale" maxlength="35" autocomplete="off" .value=${d.locale} @input=${this.input('locale')} /></label>
      <label
        >${setup.prefix}<input name="prefix" maxlength="100" aria-describedby="prefix-hint" .value=${d.proposalPrefix} @input=${this.input('proposalPrefix')} />
        <span class="hint" id="prefix-hint">${setup.prefixHint}</span></label
      >
      <div class="row">
        <label>${setup.minLength}<input name="min" type="number" min="0" .value=${d.proposalMinLength} @input=${this.input('proposalMinLength')} /></label>
        <label>${setup.maxLength}<input name="max" type="number" min="1" .value=${d.proposalMaxLength} @input=${this.input('proposalMaxLength')} /></label>
      </div>
      ${this.renderThemes(d, c)}
      <label
        >${s.origins}<textarea name="origins" rows="3" placeholder="https://" aria-describedby="origins-hint" .value=${d.allowedOrigins} @input=${this.input('allowedOrigins')}></textarea>
        <span class="hint" id="origins-hint">${setup.originsHint}</span></label
      >
      <label class="check"
        ><input type="checkbox" .checked=${d.requireSignedParticipants} @change=${(e: Event) => this.set('requireSignedParticipants', (e.target as HTMLInputElement).checked)} />${s.signed}</label
      >
      <label class="check"
        ><input type="checkbox" .checked=${d.countUntrusted} @change=${(e: Event) => this.set('countUntrusted', (e.target as HTMLInputElement).checked)} />${s.countUntrusted}</label
      >
      <fieldset aria-describedby="dates-hint">
        <legend>${s.dates}</legend>
        <p class="hint" id="dates-hint">${s.datesHint(zone)}</p>
        ${(['opensAt', 'closesAt'] as const).map(
          (f) => html`<div class="row">
            <label>${f === 'opensAt' ? s.opensAt : s.closesAt}<input type="datetime-local" .value=${d[f]} @input=${this.input(f)} /></label>
            <button type="button" aria-label=${f === 'opensAt' ? s.clearOpens : s.clearCloses} ?disabled=${!d[f]} @click=${() => this.set(f, '')}>${s.clear}</button>
          </div>`,
        )}
      </fieldset>
      ${this.where === 'form' ? this.renderProblem() : ''}
      ${this.clash ? html`<div class="row"><button type="button" @click=${this.takeTheirs}>${s.takeTheirs}</button></div>` : ''}
      <div class="row">
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? s.saving : s.save}</button>
        <span class="hint">${count ? s.changed(count) : this.savedNote}</span>
      </div>
    </form>`;
  }

  protected override render() {
    const c = this.consultation;
    const d = this.draft;
    if (!c || !d) return html`<h1>${this.strings.tabs.settings}</h1>${this.problem ? this.renderProblem() : html`<p>${this.strings.loading}</p>`}`;
    return html`<h1>${this.s.title(c.title)}</h1>
      ${this.renderState(c)} ${this.renderForm(d, c)}
      <console-settings-bulk .api=${this.api} .strings=${this.strings} lang=${this.lang} consultation-id=${c.id}></console-settings-bulk>`;
  }
}

customElements.define('console-settings', ConsoleSettingsElement);
