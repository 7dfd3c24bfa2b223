import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { ConsultAdapter } from '../../adapters/adapter.js';
import { ConsultError } from '../../adapters/errors.js';
import { formatNumber } from '../../i18n/index.js';
import { ConsultElement, states } from '../../internal/consult-element.js';
import { emit } from '../../internal/events.js';
import { LiveController } from '../../internal/live.js';
import { themeStyles } from '../../internal/theme.styles.js';
import type { Consultation } from '../../protocol/index.js';
import {
  buildModel,
  fetchConsultation,
  fetchResults,
  filterModel,
  fingerprint,
  hasResults,
  listsSignature,
  type CheckedResults,
  type ResultsAnswer,
  type ResultsModel,
} from './results.data.js';
import { resultsStyles } from './results.styles.js';
import { resultsTemplate, type Phase } from './results.view.js';
import { resultsStrings } from '../../i18n/sections/results.js';

const DEFAULT_INTERVAL_S = 30;

/**
 * The results of a consultation: its counters, the popular ideas ♥ grouped by theme and the
 * divisive ideas ⚡, each with how participants voted, a theme filter, and the same lists as a
 * table for screen readers. Results come from the adapter's `getResults` (docs/methodology.md).
 *
 * @event consult-results - A data event, like `consult-ready`: the results are shown for the first time (after each load), or a `live` refresh brought different results. Never fired by the theme filter or by a refresh that changed nothing.
 * @event consult-error - Loading failed (or the adapter has no `getResults`: code `unsupported`), or a `live` refresh failed after a good one.
 *
 * @csspart results - The widget's box (a labelled region).
 * @csspart title - The consultation's title (a heading at `heading-level`).
 * @csspart question - The consultation's question.
 * @csspart note - The "consultation closed: final results" note.
 * @csspart counters - The list of the three counters.
 * @csspart counter - Each counter (participants, proposals, votes).
 * @csspart filter - The theme filter (label and select).
 * @csspart select - The theme select itself.
 * @csspart list - Each of the two lists (also `list-popular`, `list-divisive`).
 * @csspart list-heading - The heading of each list.
 * @csspart intro - The line under each list's heading.
 * @csspart theme - A theme's group of popular ideas.
 * @csspart theme-heading - The theme's heading.
 * @csspart idea - Each idea.
 * @csspart idea-text - The idea's text with its ♥ or ⚡ marker.
 * @csspart more - The "Read more" / "Show less" button of an idea too long to show whole in a list.
 * @csspart bar - An idea's share bar (segments: `bar-agree`, `bar-disagree`, `bar-neutral`).
 * @csspart legend - The shares and vote count under a bar.
 * @csspart robustness - With `show-robustness`: how many more votes would take the idea out of its list.
 * @csspart table - The visually hidden table of the listed ideas (restyle it to show it).
 * @csspart empty - "Not enough votes yet" and "no idea in this theme" messages.
 * @csspart status - Error messages.
 * @csspart retry - The retry button of the error state.
 *
 * @cssproperty --consult-font-family - Font (inherits the page's by default).
 * @cssproperty --consult-surface - Background.
 * @cssproperty --consult-text - Main text colour.
 * @cssproperty --consult-muted - Secondary text colour.
 * @cssproperty --consult-border - Border and separator colour.
 * @cssproperty --consult-accent - Focus ring, select and button borders.
 * @cssproperty --consult-agree-color - Agree bar segment.
 * @cssproperty --consult-disagree-color - Disagree bar segment and error text.
 * @cssproperty --consult-neutral-color - Neutral bar segment.
 * @cssproperty --consult-popular-color - The ♥ markers.
 * @cssproperty --consult-divisive-color - The ⚡ markers.
 * @cssproperty --consult-skeleton - Placeholders and the empty part of bars.
 * @cssproperty --consult-radius - Corner radius.
 * @cssproperty --consult-focus-ring - Outline of the focused control.
 */
export class ConsultResultsElement extends ConsultElement {
  static override translationParts = ['card', 'results'] as const;
  static override styles = [themeStyles, resultsStyles];

  // Declared without decorators, as the base: each module with decorators carries its own copy of
  // TypeScript's decorator helper, and Lit's decorators would be one more shared chunk.
  static override properties: PropertyDeclarations = {
    consultation: {},
    live: { type: Boolean },
    liveInterval: { attribute: 'live-interval', type: Number },
    headingLevel: { attribute: 'heading-level', type: Number },
    showRobustness: { attribute: 'show-robustness', type: Boolean },
    ...states('phase', 'model', 'problem', 'stale', 'theme', 'expanded'),
  };

  /** The consultation's id; else the enclosing `<consult-consultation>`'s. */
  consultation?: string;
  /** Fetch the results again every `live-interval` seconds while the page is visible. */
  live = false;
  /** Seconds between live refreshes (at least 5; default 30). */
  liveInterval: number = DEFAULT_INTERVAL_S;
  /** Level of the title heading (1–6, default 2); the lists' headings are one level below, themes two. */
  headingLevel = 2;
  /**
   * Say under each idea how many more votes would take it out of its list (and in the table), when
   * the backend gives it (`robustness` in the results, docs/methodology.md).
   */
  showRobustness = false;

  protected phase: Phase = 'loading';
  protected model?: ResultsModel;
  protected problem?: ConsultError;
  protected stale = false;
  protected theme = '';
  /** Long ideas shown whole: kept across refreshes (ids do not change), a new Set on each change. */
  protected expanded: ReadonlySet<string> = new Set();

  private started = false;
  private activeAdapter?: ConsultAdapter;
  private loadedId?: string;
  private consultationData?: Consultation;
  private results?: CheckedResults;
  /** The last raw answer: the REST adapter hands the same object back when nothing changed. */
  private lastRaw?: unknown;
  /** The last results as JSON, to tell a live refresh with news from one without (live only). */
  private lastJson = '';
  private focusAfterLoad = false;
  /** `live`: default 30 s, at least 5 s (results are the heaviest read); only while they can change. */
  private readonly liveResults = new LiveController(this, () => this.refresh(), {
    defaultSeconds: DEFAULT_INTERVAL_S,
    minSeconds: 5,
    when: () => this.following,
  });
  /** The results are shown and can still change (and no load is under way). */
  private following = false;

  private get consultationId(): string | undefined {
    return this.consultation || this.context?.consultationId;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after a move: what it shows may be old.
    if (this.started) void this.load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const changes = changed as Map<PropertyKey, unknown>;
    const inputs: PropertyKey[] = ['adapter', 'adapterName', 'consultation', 'context'];
    if (!this.started || inputs.some((name) => changes.has(name))) {
      if (!this.adapterSettled()) return;
      this.started = true;
      void this.load();
    } else if (changes.has('live') || changes.has('liveInterval')) {
      this.followLive();
    }
  }

  protected async load(): Promise<void> {
    const signal = this.loads.start();
    this.stopFollowing();
    this.problem = undefined;
    this.stale = false;
    this.lastRaw = undefined;
    const l = resultsStrings(this.locale);
    const id = this.consultationId;
    const adapter = this.resolveAdapter();
    if (adapter instanceof ConsultError) return this.fail(adapter, 'invalid');
    if (!id) return this.fail(new ConsultError('config', l.errors.missingConsultation), 'invalid');
    if (!hasResults(adapter)) return this.fail(new ConsultError('unsupported', l.errors.unsupported), 'invalid');
    // A reload of the same consultation keeps showing its results until the new ones are in.
    if (this.phase !== 'ready' || id !== this.loadedId || adapter !== this.activeAdapter) this.phase = 'loading';
    this.activeAdapter = adapter;
    this.loadedId = id;
    // A page's first number formats cost tens of ms to build: build them while the adapter works
    // (a task, not an idle callback, which a busy page may not get before the answer).
    const locale = this.locale;
    setTimeout(() => formatNumber(locale, 0) + formatNumber(locale, 0, { style: 'percent' }));
    try {
      // One request each, at the same time.
      const [answer, consultation] = await Promise.all([
        fetchResults(adapter, id, undefined, signal),
        fetchConsultation(adapter, id, signal),
      ]);
      if (signal.aborted) return;
      this.show(answer!, consultation);
      this.lastJson = '';
      this.phase = 'ready';
      this.followLive();
      // Listeners read the widget: let it show the results first.
      await this.updateComplete;
      if (!signal.aborted) emit(this, 'consult-results', { consultationId: id });
    } catch (error) {
      if (!signal.aborted) this.fail(ConsultError.from(error), 'error');
    }
  }

  private show(answer: ResultsAnswer, consultation: Consultation): void {
    this.model = buildModel(answer.checked, consultation, resultsStrings(this.locale).noTheme);
    this.results = answer.checked;
    this.consultationData = consultation;
    this.lastRaw = answer.raw;
    if (!this.model.themes.some((t) => t.value === this.theme)) this.theme = '';
  }

  /** Poll when `live` is on, the results are shown and can still change. */
  private followLive(): void {
    this.following = this.phase === 'ready' && !!this.model && !this.model.closed;
    // Pages without `live` never pay for this.
    if (this.following && this.live && !this.liveResults.active) this.lastJson = fingerprint(this.results!);
    this.liveResults.update();
  }

  private stopFollowing(): void {
    this.following = false;
    this.liveResults.update();
  }

  /** A live refresh: only `getResults`, and nothing happens at all when the answer is unchanged. */
  private async refresh(): Promise<void> {
    const signal = this.loads.signal;
    const { activeAdapter: adapter, loadedId: id, consultationData: consultation, results: before } = this;
    if (!adapter || !id || !consultation || !before || this.phase !== 'ready') return;
    try {
      const answer = await fetchResults(adapter, id, this.lastRaw, signal);
      if (signal.aborted) return;
      if (this.stale) this.stale = false;
      if (!answer) return;
      this.lastRaw = answer.raw;
      const json = fingerprint(answer.checked);
      if (json === this.lastJson) return;
      this.lastJson = json;
      this.show(answer, consultation);
      // New figures alone are not worth interrupting a screen reader for; new lists are.
      if (listsSignature(answer.checked) !== listsSignature(before)) this.announce(resultsStrings(this.locale).updated);
      await this.updateComplete;
      if (!signal.aborted) emit(this, 'consult-results', { consultationId: id });
    } catch (error) {
      if (signal.aborted || this.stale) return;
      // Keep the last good results on screen; say once that they may be old.
      const problem = ConsultError.from(error);
      this.stale = true;
      this.announce(resultsStrings(this.locale).errors.refresh);
      this.report(problem);
    }
  }

  private fail(error: ConsultError, phase: 'error' | 'invalid'): void {
    this.problem = error;
    this.phase = phase;
    this.stopFollowing();
    this.report(error);
  }

  private readonly onFilter = (event: Event): void => {
    this.theme = (event.target as HTMLSelectElement).value;
    const shown = filterModel(this.model!, this.theme);
    const count = shown.popular.reduce((n, g) => n + g.ideas.length, 0) + shown.divisive.length;
    this.announce(resultsStrings(this.locale).shown(count, formatNumber(this.locale, count)));
  };

  private readonly onToggle = (id: string): void => {
    const expanded = new Set(this.expanded);
    if (!expanded.delete(id)) expanded.add(id);
    this.expanded = expanded;
  };

  private retry(): void {
    this.focusAfterLoad = true;
    void this.reload();
  }

  protected override updated(): void {
    // The retry button is gone once clicked: keep keyboard focus in the widget.
    if (this.focusAfterLoad && this.phase !== 'loading') {
      this.focusAfterLoad = false;
      // Not one selector list: that would match the region first, which contains the button.
      (this.renderRoot.querySelector<HTMLElement>('.retry') ?? this.renderRoot.querySelector<HTMLElement>('.results'))?.focus();
    }
  }

  protected override render() {
    const model = this.model;
    return resultsTemplate({
      locale: this.locale,
      phase: this.phase,
      problem: this.problem,
      stale: this.stale,
      announcement: this.announcer.message,
      headingLevel: Number.isFinite(this.headingLevel) ? this.headingLevel : 2,
      showRobustness: this.showRobustness,
      model,
      theme: this.theme,
      shown: model ? filterModel(model, this.theme) : { popular: [], divisive: [] },
      expanded: this.expanded,
      onFilter: this.onFilter,
      onToggle: this.onToggle,
      onRetry: () => this.retry(),
    });
  }
}
