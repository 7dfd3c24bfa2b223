import { html, type PropertyDeclarations } from 'lit';
import type { BulkLineError } from 'consult-widgets/protocol/admin';
import { ConsoleView } from './console-view.js';
import { leaveOut, lineCount } from './settings-lines.js';
import { settingsStrings } from './settings-i18n.js';
import { settingsStyles } from './settings-styles.js';
import { controls, tables, tokens } from './styles.js';
import { bulkProposals } from './settings-api.js';

/** Refused lines shown at most (the others are counted): 5,000 rows would only slow the page. */
const SHOWN_REFUSALS = 200;
/** Checks of what is left after leaving refused lines out (a refused header can refuse more). */
const ROUNDS = 3;

interface Checked {
  /** The text the check was made on. */
  text: string;
  /** What "Add" sends: the text without the refused records. */
  send: string;
  added: number;
  refused: BulkLineError[];
}

/**
 * "Add proposals in bulk": lines pasted or read from a file, checked by the server (a dry run: how
 * many would be added, each refused line with its number and reason), then added, the refused
 * lines left out. The server parses; the page only sends text and shows the answer.
 */
export class ConsoleSettingsBulkElement extends ConsoleView {
  static override properties: PropertyDeclarations = {
    consultationId: { attribute: 'consultation-id' },
    text: { state: true },
    busy: { state: true },
    checked: { state: true },
    note: { state: true },
  };
  static override styles = [tokens, controls, tables, ...settingsStyles];

  declare consultationId: string;
  declare text: string;
  /** What runs now, in words (a check or an add of thousands of lines takes a moment): empty when idle. */
  declare busy: string;
  declare checked: Checked | undefined;
  /** What the last add or file read did (also announced). */
  declare note: string;

  constructor() {
    super();
    this.text = '';
    this.busy = '';
    this.note = '';
  }

  private get s() {
    return settingsStrings(this.lang).bulk;
  }

  private edited(event: Event): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    this.checked = undefined;
  }

  private async readFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    let bytes: ArrayBuffer;
    try {
      bytes = await new Promise<ArrayBuffer>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as ArrayBuffer);
        reader.onerror = () => reject(reader.error ?? new Error(file.name));
        reader.readAsArrayBuffer(file);
      });
    } catch (error) {
      this.problem = this.strings.error(String(error));
      return;
    }
    try {
      // UTF-8 only, as the server reads it: a Latin-1 file would lose its accents silently.
      this.text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      this.problem = this.s.notUtf8(file.name);
      return;
    }
    this.problem = '';
    this.checked = undefined;
    this.note = this.s.fileRead(file.name, lineCount(this.text));
    this.announce(this.note);
  }

  /** A dry run; when lines are refused, another on the rest, to say how many "Add" adds. */
  private async check(): Promise<void> {
    const text = this.text;
    if (!text.trim()) {
      this.problem = this.s.empty;
      return;
    }
    this.note = '';
    this.checked = undefined;
    this.busy = this.s.checking(lineCount(text));
    const refused: BulkLineError[] = [];
    let send = text;
    let lines: number[] | null = null;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const answer = await this.attempt((signal) => bulkProposals(this.api, this.consultationId, send, true, signal), { key: 'bulk' });
        if (!answer) return;
        if ('added' in answer) {
          this.checked = { text, send, added: answer.added, refused };
          break;
        }
        const map = lines;
        refused.push(...answer.refused.map((e) => ({ line: map?.[e.line - 1] ?? e.line, reason: e.reason })));
        const rest = leaveOut(text, new Set(refused.map((e) => e.line)));
        [send, lines] = [rest.kept, rest.lines];
        if (!send.trim() || round === ROUNDS - 1) {
          this.checked = { text, send: '', added: 0, refused };
          break;
        }
      }
      if (this.checked) this.announce(this.summary(this.checked));
    } finally {
      this.busy = '';
    }
  }

  private async add(): Promise<void> {
    const checked = this.checked;
    if (!checked?.added) return;
    this.busy = this.s.adding(checked.added);
    try {
      const answer = await this.attempt(() => bulkProposals(this.api, this.consultationId, checked.send, false), { key: 'bulk' });
      if (!answer) return;
      if ('refused' in answer) {
        // Changed meanwhile (another admin's edit of the rules): check again, from what was pasted.
        this.busy = '';
        await this.check();
        return;
      }
      const left = checked.refused.length ? leaveOut(checked.text, new Set(checked.refused.map((e) => e.line))).removed : '';
      this.text = left;
      this.checked = undefined;
      this.note = `${this.s.added(answer.added)}${left ? ` ${this.s.leftInBox}` : ''}`;
      this.announce(this.note);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#bulk-note')?.focus();
      this.dispatchEvent(new CustomEvent('settings-proposals-added', { detail: answer.added, bubbles: true, composed: true }));
    } finally {
      this.busy = '';
    }
  }

  private summary(c: Checked): string {
    if (!c.refused.length) return this.s.allGood(c.added);
    if (!c.added) return this.s.noneGood;
    return this.s.someRefused(c.added, c.refused.length);
  }

  private renderChecked(c: Checked) {
    const s = this.s;
    const n = this.numbers;
    const shown = c.refused.slice(0, SHOWN_REFUSALS);
    return html`<p>${this.summary(c)}</p>
      ${c.refused.length
        ? html`<div class="table" tabindex="0" role="region" aria-label=${s.refusedCaption}>
              <table>
                <caption>${s.refusedCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col" class="n">${s.line}</th>
                    <th scope="col">${s.reason}</th>
                  </tr>
                </thead>
                <tbody>
                  ${shown.map((e) => html`<tr><td class="n">${n.format(e.line)}</td><td>${e.reason}</td></tr>`)}
                </tbody>
              </table>
            </div>
            ${c.refused.length > shown.length ? html`<p>${s.more(c.refused.length - shown.length)}</p>` : ''}`
        : ''}
      ${c.added ? html`<div class="row"><button type="button" class="primary" ?disabled=${!!this.busy} @click=${this.add}>${s.add(c.added)}</button></div>` : ''}`;
  }

  protected override render() {
    const s = this.s;
    return html`<section aria-labelledby="bulk-title" aria-busy=${this.busy ? 'true' : 'false'}>
      <h2 id="bulk-title">${s.title}</h2>
      <p class="hint" id="bulk-hint">${s.hint}</p>
      <label
        >${s.text}
        <textarea class="lines" dir="auto" rows="8" spellcheck="false" aria-describedby="bulk-hint" .value=${this.text} @input=${this.edited}></textarea>
      </label>
      <label>${s.file}<input type="file" accept=".csv,.txt,text/csv,text/plain" @change=${this.readFile} /></label>
      <div class="row">
        <button type="button" ?disabled=${!!this.busy} @click=${this.check}>${s.check}</button>
      </div>
      <p role="status">${this.busy}</p>
      ${this.renderProblem()} ${this.note ? html`<p id="bulk-note" tabindex="-1">${this.note}</p>` : ''} ${this.checked ? this.renderChecked(this.checked) : ''}
    </section>`;
  }
}

customElements.define('console-settings-bulk', ConsoleSettingsBulkElement);
