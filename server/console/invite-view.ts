import { css, html, LitElement, type PropertyDeclarations } from 'lit';
import { PASSWORD_MIN_LENGTH } from 'consult-widgets/protocol/admin';
import { ConsoleError, type AdminApi, type SessionOperator } from './api.js';
import type { ConsoleStrings } from './i18n.js';
import { controls, panelForm, tokens } from './styles.js';

/** Invitation tokens: 32 random bytes in base64url (the server checks it too). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * What an invitation link (`/admin/#invite=<token>`) opens: the invited operator chooses a password
 * twice, the server uses the invitation up and opens a session, and the view fires `console-login`.
 * An unknown, used or expired link (404) or a malformed one says so and offers the sign-in form.
 */
export class ConsoleInviteElement extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    strings: { attribute: false },
    token: {},
    problem: { state: true },
    invalid: { state: true },
    busy: { state: true },
  };
  static override styles = [
    tokens,
    controls,
    panelForm,
    css`
      :host {
        max-width: 28rem;
      }
      input {
        width: 100%;
      }
      p {
        margin: 0;
      }
      a {
        color: var(--c-accent);
      }
    `,
  ];

  declare api: AdminApi;
  declare strings: ConsoleStrings;
  declare token: string;
  declare problem: string;
  declare invalid: boolean;
  declare busy: boolean;

  constructor() {
    super();
    this.token = '';
    this.problem = '';
    this.invalid = false;
    this.busy = false;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const s = this.strings.invite;
    const form = event.currentTarget as HTMLFormElement;
    const password = form.elements.namedItem('password') as HTMLInputElement;
    const again = form.elements.namedItem('again') as HTMLInputElement;
    if (password.value.length < PASSWORD_MIN_LENGTH) {
      this.problem = s.tooShort;
      password.focus();
      return;
    }
    if (password.value !== again.value) {
      this.problem = s.mismatch;
      again.value = '';
      again.focus();
      return;
    }
    if (!TOKEN.test(this.token)) {
      this.invalid = true;
      return;
    }
    this.busy = true;
    this.problem = '';
    try {
      const operator = await this.api.acceptInvitation(this.token, password.value);
      this.dispatchEvent(new CustomEvent<SessionOperator>('console-login', { detail: operator, bubbles: true, composed: true }));
    } catch (error) {
      if (error instanceof ConsoleError && error.status === 404) this.invalid = true;
      else this.problem = this.strings.error(error instanceof ConsoleError ? error.message : String(error));
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    const s = this.strings.invite;
    if (this.invalid || !TOKEN.test(this.token)) {
      return html`<div class="panel">
        <h1>${s.title}</h1>
        <p class="error" role="alert">${s.invalid}</p>
        <p><a href="#/consultations">${s.signIn}</a></p>
      </div>`;
    }
    return html`<form novalidate @submit=${this.submit} aria-labelledby="invite-title" aria-describedby="invite-intro">
      <h1 id="invite-title">${s.title}</h1>
      <p id="invite-intro">${s.intro}</p>
      <label>${s.password}<input name="password" type="password" autocomplete="new-password" required minlength=${PASSWORD_MIN_LENGTH} maxlength="256" /></label>
      <label>${s.confirm}<input name="again" type="password" autocomplete="new-password" required minlength=${PASSWORD_MIN_LENGTH} maxlength="256" /></label>
      <p class="error" role="alert">${this.problem}</p>
      <button class="primary" type="submit" ?disabled=${this.busy}>${s.submit}</button>
    </form>`;
  }
}
