import { css, html, LitElement, type PropertyDeclarations } from 'lit';
import { AdminApi, ConsoleError, type SessionOperator } from './api.js';
import { chooseLanguage, consoleStrings, languageLoading, RIGHT_TO_LEFT, SHIPPED, type ConsoleLanguage, type ConsoleStrings } from './i18n.js';
import { LAZY_VIEWS, type ViewName } from './lazy-views.js';
import { hrefOf, parseRoute, tabsFor, type Route } from './routes.js';
import { controls, tokens } from './styles.js';

type Theme = 'system' | 'light' | 'dark';
const THEME_KEY = 'consult-console-theme';
const LANGUAGE_KEY = 'consult-console-lang';

/** Local storage may be refused (private modes, policies): the console works without it. */
function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Nothing to keep it in: the choice lasts for this page.
  }
}

/**
 * The operator console at /admin/: asks the server who is signed in, shows the sign-in form or the
 * console (navigation, the current view), and follows the operator's language and appearance.
 */
export class ConsoleAppElement extends LitElement {
  static override properties: PropertyDeclarations = {
    operator: { state: true },
    checked: { state: true },
    problem: { state: true },
    language: { state: true },
    themeChoice: { state: true },
    announcement: { state: true },
    route: { state: true },
    viewProblem: { state: true },
    readyViews: { state: true },
  };
  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--c-bg);
      }
      .skip {
        position: absolute;
        inset-inline-start: -999px;
      }
      .skip:focus {
        inset-inline-start: 0.5rem;
        top: 0.5rem;
        background: var(--c-surface);
        padding: 0.5rem;
        z-index: 1;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem 1.25rem;
        padding: 0.75rem 1rem;
        background: var(--c-surface);
        border-bottom: 1px solid var(--c-border);
      }
      .bar .name {
        font-weight: 700;
        margin-inline-end: auto;
      }
      .bar label {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      nav ul {
        display: flex;
        gap: 0.5rem;
        list-style: none;
        margin: 0;
        padding: 0 1rem;
        border-bottom: 1px solid var(--c-border);
        background: var(--c-surface);
      }
      nav a {
        display: inline-block;
        padding: 0.6rem 0.4rem;
        color: var(--c-text);
        text-decoration: none;
        border-bottom: 3px solid transparent;
      }
      nav a[aria-current='page'] {
        border-bottom-color: var(--c-accent);
        font-weight: 600;
      }
      nav.tabs ul {
        flex-wrap: wrap;
        padding: 0;
        margin-bottom: 1rem;
        background: none;
      }
      main {
        padding: 1rem;
        max-width: 72rem;
        margin: 0 auto;
      }
    `,
  ];

  declare operator: SessionOperator | null;
  declare checked: boolean;
  declare problem: string;
  declare language: ConsoleLanguage;
  declare themeChoice: Theme;
  declare announcement: string;
  declare route: Route;
  /** A lazy view whose chunk could not be loaded (offline, a deploy replaced it): said, with a retry. */
  declare viewProblem: string;
  private readonly loadedViews = new Set<ViewName>();
  /**
   * Lazy views whose chunk has arrived. Their tag is rendered only then: an element created before
   * its class is defined gets its properties (api, strings) only at its first update, so its
   * `connectedCallback` would run without them.
   */
  declare readyViews: ReadonlySet<ViewName>;
  private readonly api = new AdminApi();
  private readonly onHashChange = () => {
    this.route = parseRoute(location.hash);
  };

  constructor() {
    super();
    this.operator = null;
    this.checked = false;
    this.problem = '';
    this.announcement = '';
    this.viewProblem = '';
    this.readyViews = new Set();
    this.route = parseRoute(location.hash);
    this.language = chooseLanguage(location.search, remembered(LANGUAGE_KEY), navigator.languages ?? []);
    const theme = remembered(THEME_KEY);
    this.themeChoice = theme === 'light' || theme === 'dark' ? theme : 'system';
    this.addEventListener('console-login', (event) => this.signedIn((event as CustomEvent<SessionOperator>).detail));
    this.addEventListener('console-session-ended', () => this.signedOut());
    this.addEventListener('console-announce', (event) => (this.announcement = (event as CustomEvent<string>).detail));
  }

  private get strings(): ConsoleStrings {
    return consoleStrings(this.language);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHashChange);
    void this.checkSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.onHashChange);
  }

  /**
   * Nothing renders before the language's strings are here (Lit's hook to delay an update): no
   * flash of English at the first load, nor a half-English page after a switch. English and a
   * loaded language render at once.
   */
  protected override async scheduleUpdate(): Promise<void> {
    const wait = languageLoading(this.language);
    if (wait) await wait;
    super.scheduleUpdate();
  }

  protected override willUpdate(): void {
    if (this.operator) this.loadView(this.route.view);
    document.documentElement.lang = this.language;
    document.documentElement.dir = RIGHT_TO_LEFT.has(this.language) ? 'rtl' : 'ltr';
    document.title = this.strings.appName;
    if (this.themeChoice === 'system') this.removeAttribute('theme');
    else this.setAttribute('theme', this.themeChoice);
  }

  private async checkSession(): Promise<void> {
    try {
      this.operator = await this.api.session();
      this.problem = '';
    } catch (error) {
      this.problem = error instanceof ConsoleError ? error.message : String(error);
    }
    this.checked = true;
  }

  private signedIn(operator: SessionOperator): void {
    this.operator = operator;
    if (this.route.view === 'invite') {
      // The used invitation's token leaves the address bar and the history.
      history.replaceState(null, '', hrefOf({ view: 'consultations' }));
      this.route = { view: 'consultations' };
    }
    this.announcement = this.strings.signedInAs(operator.name, operator.role);
  }

  private signedOut(): void {
    this.operator = null;
  }

  private async logout(): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      this.signedOut();
    }
  }

  private setLanguage(event: Event): void {
    this.language = (event.target as HTMLSelectElement).value as ConsoleLanguage;
    remember(LANGUAGE_KEY, this.language);
  }

  private setTheme(event: Event): void {
    this.themeChoice = (event.target as HTMLSelectElement).value as Theme;
    remember(THEME_KEY, this.themeChoice);
  }

  private preferences() {
    const s = this.strings;
    return html`<label
        >${s.language}
        <select @change=${this.setLanguage}>
          ${Object.entries(SHIPPED).map(([code, name]) => html`<option value=${code} lang=${code} ?selected=${code === this.language}>${name}</option>`)}
        </select></label
      >
      <label
        >${s.theme.label}
        <select @change=${this.setTheme}>
          ${(['system', 'light', 'dark'] as const).map((t) => html`<option value=${t} ?selected=${t === this.themeChoice}>${s.theme[t]}</option>`)}
        </select></label
      >`;
  }

  protected override render() {
    const s = this.strings;
    const status = html`<p class="visually-hidden" role="status">${this.announcement}</p>`;
    if (this.route.view === 'invite') {
      return html`<header class="bar"><span class="name">${s.appName}</span>${this.preferences()}</header>
        <main id="content"><console-invite .api=${this.api} .strings=${s} token=${this.route.token}></console-invite></main>
        ${status}`;
    }
    if (!this.checked) return html`<main><p>${s.loading}</p></main>${status}`;
    if (this.problem && !this.operator) {
      return html`<main>
        <p class="error" role="alert">${s.error(this.problem)}</p>
        <button type="button" @click=${() => this.checkSession()}>${s.retry}</button>
      </main>`;
    }
    if (!this.operator) {
      return html`<header class="bar"><span class="name">${s.appName}</span>${this.preferences()}</header>
        <main id="content"><console-login .api=${this.api} .strings=${s}></console-login></main>
        ${status}`;
    }
    return html`<header class="bar">
        <button type="button" class="skip" @click=${this.skip}>${s.skipToContent}</button>
        <span class="name">${s.appName}</span>
        <span>${s.signedInAs(this.operator.name, this.operator.role)}</span>
        ${this.preferences()}
        <button type="button" @click=${() => this.logout()}>${s.logout}</button>
      </header>
      <nav aria-label=${s.nav.label}>
        <ul>
          <li><a href=${hrefOf({ view: 'consultations' })} aria-current=${this.route.view === 'consultations' || (this.route.view === 'operators' && this.operator.role !== 'admin') ? 'page' : 'false'}>${s.nav.consultations}</a></li>
          ${this.operator.role === 'admin' ? html`<li><a href=${hrefOf({ view: 'operators' })} aria-current=${this.route.view === 'operators' ? 'page' : 'false'}>${s.operators.nav}</a></li>` : ''}
        </ul>
      </nav>
      <main id="content" tabindex="-1">
        ${this.view()}
      </main>
      ${status}`;
  }

  private view() {
    const route = this.route;
    const s = this.strings;
    const retry = () => {
      this.viewProblem = '';
      this.loadView(route.view);
    };
    const waiting = this.viewProblem
      ? html`<p class="error" role="alert">${this.viewProblem}</p><button type="button" @click=${retry}>${s.retry}</button>`
      : LAZY_VIEWS[route.view] && !this.readyViews.has(route.view)
        ? html`<p>${s.loading}</p>`
        : null;
    if ('consultationId' in route) return html`${this.tabs(route)}${waiting ?? this.consultationView(route)}`;
    if (waiting && route.view !== 'consultations') return waiting;
    if (route.view === 'new-poll') return html`<console-new-poll .api=${this.api} .strings=${s} lang=${this.language}></console-new-poll>`;
    if (route.view === 'new-consultation') return html`<console-new-consultation .api=${this.api} .strings=${s} lang=${this.language}></console-new-consultation>`;
    if (route.view === 'operators' && this.operator?.role === 'admin') {
      return html`<console-operators .api=${this.api} .strings=${s} lang=${this.language} self-id=${this.operator.id}></console-operators>`;
    }
    return html`<console-consultations .api=${this.api} .strings=${s} lang=${this.language} ?admin=${this.operator?.role === 'admin'}></console-consultations>`;
  }

  private loadView(tab: ViewName): void {
    const load = LAZY_VIEWS[tab];
    if (!load || this.loadedViews.has(tab)) return;
    this.loadedViews.add(tab);
    load().then(
      () => {
        this.viewProblem = '';
        this.readyViews = new Set([...this.readyViews, tab]);
      },
      (error: unknown) => {
        this.loadedViews.delete(tab);
        this.viewProblem = this.strings.error(String(error));
      },
    );
  }

  /** The tab bar of one consultation's views: the ones this operator's role may open. */
  private tabs(route: Extract<Route, { consultationId: string }>) {
    const s = this.strings.tabs;
    const tabs = tabsFor(this.operator?.role ?? 'moderator');
    if (tabs.length < 2) return '';
    return html`<nav class="tabs" aria-label=${s.label(route.consultationId)}>
      <ul>
        ${tabs.map((tab) => html`<li><a href=${hrefOf({ view: tab, consultationId: route.consultationId })} aria-current=${route.view === tab ? 'page' : 'false'}>${s[tab]}</a></li>`)}
      </ul>
    </nav>`;
  }

  /** One view of a consultation; each tab adds its element here. */
  private consultationView(route: Extract<Route, { consultationId: string }>) {
    const s = this.strings;
    const id = route.consultationId;
    switch (route.view) {
      case 'moderation':
        return html`<console-moderation .api=${this.api} .strings=${s} lang=${this.language} consultation-id=${id}></console-moderation>`;
      case 'dashboard':
        return html`<console-dashboard .api=${this.api} .strings=${s} lang=${this.language} consultation-id=${id}></console-dashboard>`;
      case 'trust':
        return html`<console-trust .api=${this.api} .strings=${s} lang=${this.language} consultation-id=${id}></console-trust>`;
      case 'audit':
        return html`<console-audit .api=${this.api} .strings=${s} lang=${this.language} consultation-id=${id} ?admin=${this.operator?.role === 'admin'}></console-audit>`;
      case 'settings':
        return html`<console-settings .api=${this.api} .strings=${s} lang=${this.language} consultation-id=${id}></console-settings>`;
      case 'embed':
        return html`<console-embed .api=${this.api} .strings=${s} lang=${this.language} consultation-id=${id}></console-embed>`;
    }
  }

  /** A button, in the banner: a fragment link cannot reach into the shadow root (axe: skip-link, region). */
  private skip(event: Event): void {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('#content')?.focus();
  }
}
