import { css, html, LitElement, type PropertyDeclarations } from 'lit';
import { PASSWORD_MIN_LENGTH, type AdminOperator, type OperatorRole } from 'consult-widgets/protocol/admin';
import { ConsoleError, type AdminApi } from './api.js';
import type { ConsoleStrings } from './i18n.js';
import { controls, tables, tokens } from './styles.js';

/**
 * Admins only: every operator with role and state; add one (with a password, or an invitation whose
 * link is shown once to copy), change a role, remove one (asked twice). The server's refusals — the
 * last admin, an email taken — are shown as it words them, in the view's alert.
 */
export class ConsoleOperatorsElement extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    strings: { attribute: false },
    lang: {},
    selfId: { attribute: 'self-id' },
    items: { state: true },
    problem: { state: true },
    announcement: { state: true },
    mode: { state: true },
    invitation: { state: true },
    confirming: { state: true },
    busy: { state: true },
    copyNote: { state: true },
  };
  static override styles = [
    tokens,
    controls,
    tables,
    css`
      :host {
        display: block;
      }
      th,
      td {
        vertical-align: top;
      }
      th[scope='row'] {
        overflow-wrap: break-word;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      /* Narrow screens: one card per operator, each value with its column's name (the roles keep the table's semantics). */
      @media (max-width: 40rem) {
        thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
        table,
        caption,
        tbody,
        tr,
        th,
        td {
          display: block;
        }
        tr {
          border-bottom: 1px solid var(--c-border);
          padding: 0.25rem 0;
        }
        th,
        td {
          border-bottom: none;
          padding: 0.25rem 0.75rem;
        }
        td[data-label]::before {
          content: attr(data-label);
          color: var(--c-muted);
        }
      }
      .removed {
        color: var(--c-muted);
      }
      section {
        margin-top: 1.5rem;
        background: var(--c-surface);
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        padding: 1rem;
      }
      h2 {
        margin: 0 0 0.75rem;
        font-size: 1.15rem;
      }
      form {
        display: grid;
        gap: 0.75rem;
        max-width: 32rem;
      }
      label.field {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
      }
      fieldset {
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        margin: 0;
        padding: 0.5rem 0.75rem;
        display: grid;
        gap: 0.4rem;
      }
      label.field input,
      label.field select {
        font-weight: normal;
      }
      fieldset label {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      input[type='radio'] {
        min-height: auto;
        width: 1.1rem;
        height: 1.1rem;
        margin: 0;
        flex: none;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      input[type='email'],
      input[type='password'],
      input[readonly],
      select {
        width: 100%;
      }
      .link {
        display: grid;
        gap: 0.5rem;
      }
      .link button {
        justify-self: start;
      }
      p {
        margin: 0.25rem 0;
      }
      button.danger {
        color: var(--c-danger);
        border-color: var(--c-danger);
      }
    `,
  ];

  declare api: AdminApi;
  declare strings: ConsoleStrings;
  declare selfId: string;
  declare items: AdminOperator[] | undefined;
  declare problem: string;
  declare announcement: string;
  declare mode: 'invitation' | 'password';
  declare invitation: { email: string; url: string; expiresAt: string } | null;
  declare confirming: string | null;
  declare busy: boolean;
  declare copyNote: string;
  private abort?: AbortController;

  constructor() {
    super();
    this.selfId = '';
    this.problem = '';
    this.announcement = '';
    this.mode = 'invitation';
    this.invitation = null;
    this.confirming = null;
    this.busy = false;
    this.copyNote = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  async load(): Promise<void> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    try {
      this.items = await this.api.operators(abort.signal);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const s = this.strings;
    if (error instanceof ConsoleError && error.status === 401) {
      this.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }));
    }
    this.problem = error instanceof ConsoleError && (error.status === 409 || error.status === 403) ? s.operators.refused(error.message) : s.error(error instanceof ConsoleError ? error.message : String(error));
  }

  /** Runs one write: one at a time, the alert cleared first, the list reloaded after. */
  private async act(work: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.problem = '';
    this.announcement = '';
    try {
      this.announcement = await work();
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
    await this.load();
  }

  private date(iso: string): string {
    return new Intl.DateTimeFormat(this.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  private stateOf(operator: AdminOperator): string {
    const s = this.strings.operators;
    if (operator.disabledAt) return s.removed;
    if (!operator.passwordSet) return operator.invitationExpiresAt && Date.parse(operator.invitationExpiresAt) > Date.now() ? s.invited(this.date(operator.invitationExpiresAt)) : s.invitationLapsed;
    return s.active;
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role')) === 'admin' ? 'admin' : 'moderator';
    const password = this.mode === 'password' ? String(data.get('password') ?? '') : undefined;
    const s = this.strings.operators;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    if (!field('email').checkValidity() || !email) {
      this.problem = this.strings.error(field('email').validationMessage || s.email);
      field('email').focus();
      return;
    }
    if (password !== undefined && password.length < PASSWORD_MIN_LENGTH) {
      this.problem = this.strings.invite.tooShort;
      field('password').focus();
      return;
    }
    this.invitation = null;
    this.copyNote = '';
    await this.act(async () => {
      const created = await this.api.addOperator({ email, role, ...(password === undefined ? {} : { password }) });
      form.reset();
      this.mode = 'invitation';
      if (created.invitation) {
        this.invitation = { email: created.operator.email, ...created.invitation };
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLInputElement>('#invitation-link')?.focus();
      }
      return s.added(created.operator.email);
    });
  }

  private async copy(): Promise<void> {
    const s = this.strings.operators;
    const input = this.renderRoot.querySelector<HTMLInputElement>('#invitation-link');
    if (!this.invitation || !input) return;
    try {
      await navigator.clipboard.writeText(this.invitation.url);
      this.copyNote = s.copied;
    } catch {
      input.focus();
      input.select();
      this.copyNote = s.copyFallback;
    }
    this.announcement = this.copyNote;
  }

  private setRole(operator: AdminOperator, role: OperatorRole): Promise<void> {
    const s = this.strings.operators;
    return this.act(async () => {
      const changed = await this.api.setOperatorRole(operator.id, role);
      return s.roleChanged(changed.email, s.roles[changed.role]);
    });
  }

  private removeOperator(operator: AdminOperator): Promise<void> {
    const s = this.strings.operators;
    this.confirming = null;
    return this.act(async () => {
      const removed = await this.api.removeOperator(operator.id);
      return s.removedDone(removed.email);
    });
  }

  private actions(operator: AdminOperator) {
    const s = this.strings.operators;
    if (operator.disabledAt) return '';
    if (this.confirming === operator.id) {
      return html`<div class="actions" role="group" aria-label=${s.confirmRemove(operator.email)}>
        <span>${s.confirmRemove(operator.email)}</span>
        <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.removeOperator(operator)}>${s.confirm}</button>
        <button type="button" @click=${() => (this.confirming = null)}>${s.cancel}</button>
      </div>`;
    }
    const other: OperatorRole = operator.role === 'admin' ? 'moderator' : 'admin';
    return html`<div class="actions">
      <button type="button" ?disabled=${this.busy} aria-label=${s.makeRoleOf(s.roles[other], operator.email)} @click=${() => this.setRole(operator, other)}>
        ${s.makeRole(s.roles[other])}
      </button>
      <button type="button" class="danger" ?disabled=${this.busy} aria-label=${s.removeOf(operator.email)} @click=${() => (this.confirming = operator.id)}>${s.remove}</button>
    </div>`;
  }

  protected override render() {
    const s = this.strings.operators;
    return html`<h1>${s.title}</h1>
      <p class="error" role="alert">${this.problem}</p>
      <p class="visually-hidden" role="status">${this.announcement}</p>
      ${this.items === undefined
        ? html`<p>${this.strings.loading}</p>`
        : html`<div class="table" tabindex="0" role="region" aria-label=${s.title}>
            <table role="table">
              <caption>${s.caption}</caption>
              <thead>
                <tr role="row">
                  <th scope="col" role="columnheader">${s.email}</th>
                  <th scope="col" role="columnheader">${s.role}</th>
                  <th scope="col" role="columnheader">${s.state}</th>
                  <th scope="col" role="columnheader">${s.actions}</th>
                </tr>
              </thead>
              <tbody>
                ${this.items.map(
                  (o) => html`<tr role="row" class=${o.disabledAt ? 'removed' : ''}>
                    <th scope="row" role="rowheader">${o.email} ${o.id === this.selfId ? s.you : ''}</th>
                    <td role="cell" data-label=${s.cellLabel(s.role)}>${s.roles[o.role]}</td>
                    <td role="cell" data-label=${s.cellLabel(s.state)}>${this.stateOf(o)}</td>
                    <td role="cell">${this.actions(o)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${this.invitation
        ? html`<section aria-labelledby="invitation-title">
            <h2 id="invitation-title">${s.invitationTitle(this.invitation.email)}</h2>
            <div class="link">
              <label class="field" for="invitation-link">${s.invitationLink}</label>
              <input id="invitation-link" readonly .value=${this.invitation.url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
              <p>${s.invitationNote(this.date(this.invitation.expiresAt))}</p>
              <button type="button" @click=${() => this.copy()}>${s.copy}</button>
              <p>${this.copyNote}</p>
            </div>
          </section>`
        : ''}
      <section aria-labelledby="add-title">
        <h2 id="add-title">${s.add}</h2>
        <form novalidate @submit=${this.add}>
          <label class="field">${s.email}<input name="email" type="email" autocomplete="off" required maxlength="254" /></label>
          <label class="field"
            >${s.role}
            <select name="role">
              <option value="moderator">${s.roles.moderator}</option>
              <option value="admin">${s.roles.admin}</option>
            </select></label
          >
          <fieldset>
            <legend>${s.how}</legend>
            <label><input type="radio" name="mode" value="invitation" ?checked=${this.mode === 'invitation'} @change=${() => (this.mode = 'invitation')} /> ${s.withInvitation}</label>
            <label><input type="radio" name="mode" value="password" ?checked=${this.mode === 'password'} @change=${() => (this.mode = 'password')} /> ${s.withPassword}</label>
          </fieldset>
          ${this.mode === 'password'
            ? html`<label class="field">${s.password}<input name="password" type="password" autocomplete="new-password" required minlength=${PASSWORD_MIN_LENGTH} maxlength="256" /></label>`
            : ''}
          <div><button class="primary" type="submit" ?disabled=${this.busy}>${s.submit}</button></div>
        </form>
      </section>`;
  }
}

customElements.define('console-operators', ConsoleOperatorsElement);
