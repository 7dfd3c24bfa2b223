import { html, LitElement, type PropertyDeclarations } from 'lit';
import { ConsoleError, type AdminApi, type SessionOperator } from './api.js';
import type { ConsoleStrings } from './i18n.js';
import { controls, panelForm, tokens } from './styles.js';
import { css } from 'lit';

/**
 * The sign-in form. Fires `console-login` with the operator once the server set the session cookie;
 * a failure stays in the form (announced, the password field emptied and focused).
 */
export class ConsoleLoginElement extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    strings: { attribute: false },
    problem: { state: true },
    busy: { state: true },
  };
  static override styles = [
    tokens,
    controls,
    panelForm,
    css`
      :host {
        max-width: 24rem;
        margin-top: 4rem;
      }
      /* No empty gap before the button while there is nothing to say. */
      .error:empty {
        display: none;
      }
      h1 {
        margin-bottom: 0.5rem;
      }
      .hint {
        color: var(--c-muted);
        font-size: 0.9rem;
      }
    `,
  ];

  declare api: AdminApi;
  declare strings: ConsoleStrings;
  declare problem: string;
  declare busy: boolean;

  constructor() {
    super();
    this.problem = '';
    this.busy = false;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.problem = '';
    try {
      const operator = await this.api.login(String(data.get('email') ?? ''), String(data.get('password') ?? ''));
      this.dispatchEvent(new CustomEvent<SessionOperator>('console-login', { detail: operator, bubbles: true, composed: true }));
    } catch (error) {
      this.problem = error instanceof ConsoleError ? error.message : String(error);
      const password = form.elements.namedItem('password') as HTMLInputElement;
      password.value = '';
      password.focus();
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    const s = this.strings.login;
    return html`<form @submit=${this.submit} aria-labelledby="login-title">
      <h1 id="login-title">${s.title}</h1>
      <label>${s.email}<input name="email" type="email" autocomplete="username" required maxlength="254" /></label>
      <label>${s.password}<input name="password" type="password" autocomplete="current-password" required maxlength="1024" /></label>
      <p class="error" role="alert">${this.problem ? `${s.failed} ${this.problem}` : ''}</p>
      <button class="primary" type="submit" ?disabled=${this.busy}>${s.submit}</button>
      <p class="hint">${s.hint} <code dir="ltr">consult-server user add &lt;email&gt; --role admin</code></p>
    </form>`;
  }
}
