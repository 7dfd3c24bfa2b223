import { html, LitElement, unsafeCSS, type PropertyDeclarations, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uPlotStyles from 'uplot/dist/uPlot.min.css';
import type { DashboardBucket } from 'consult-widgets/protocol/admin';
import { dashboardStrings } from './dashboard-strings.js';
import { chartStyles } from './dashboard-styles.js';
import { tables, viewParts } from './styles.js';

/** One bucket of the dashboard's timeline (`DashboardPoint`). */
export interface ActivityPoint {
  at: string;
  participants: number;
  votes: number;
  proposals: number;
}

const STEP: Record<DashboardBucket, number> = { hour: 3600, day: 86_400 };
/** Tick spacings the time axis may use: whole buckets only. */
const INCREMENTS: Record<DashboardBucket, number[]> = {
  hour: [1, 2, 3, 6, 12, 24, 48, 168, 720, 2160, 8760].map((h) => h * 3600),
  day: [1, 2, 7, 14, 30, 91, 182, 365, 730, 1825].map((d) => d * 86_400),
};
/** A timeline longer than this is drawn with its gaps bridged rather than filled with zeros. */
const MAX_FILLED = 5000;
const SERIES = ['participants', 'votes', 'proposals'] as const;
/** Each line has its dash as well as its colour: told apart without colour too. */
const DASH: Record<(typeof SERIES)[number], number[]> = { participants: [], votes: [8, 4], proposals: [2, 3] };
const observedMedia = ['(prefers-color-scheme: dark)', '(forced-colors: active)'];

/**
 * Columns for uPlot: seconds, then each series. The answer lists only buckets with some activity;
 * the empty ones between are zeros here, so a line never bridges a quiet night, and so is the
 * bucket before the first (nothing happened before it): a single bucket still draws a line.
 */
export function chartColumns(timeline: readonly ActivityPoint[], bucket: DashboardBucket): uPlot.AlignedData {
  const step = STEP[bucket];
  const seconds = timeline.map((p) => Date.parse(p.at) / 1000);
  const first = (seconds[0] ?? 0) - step;
  const span = seconds.length ? (seconds[seconds.length - 1]! - first) / step + 1 : 0;
  const at = span <= MAX_FILLED ? Array.from({ length: span }, (_, i) => first + i * step) : [first, ...seconds];
  const index = new Map(seconds.map((s, i) => [s, timeline[i]!]));
  return [at, ...SERIES.map((key) => at.map((s) => index.get(s)?.[key] ?? 0))];
}

/**
 * The dashboard's activity chart: uPlot on a canvas, named for assistive technology (role=img with
 * a summary) and doubled by a table of the same numbers. Its colours are the console's tokens, read
 * from the page (light, dark, forced colours) and redrawn when the system's choice changes.
 */
export class ConsoleDashboardChartElement extends LitElement {
  static override properties: PropertyDeclarations = {
    timeline: { attribute: false },
    bucket: {},
    lang: {},
  };
  static override styles = [unsafeCSS(uPlotStyles), tables, viewParts, chartStyles];

  declare timeline: readonly ActivityPoint[];
  declare bucket: DashboardBucket;
  private plot: uPlot | undefined;
  /** What the drawn plot was made for: another bucket, language or colours needs a new one. */
  private drawnFor = '';
  private resizer?: ResizeObserver;
  private readonly media = observedMedia.map((query) => matchMedia(query));
  private readonly recolour = () => this.draw(true);

  constructor() {
    super();
    this.timeline = [];
    this.bucket = 'hour';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    for (const m of this.media) m.addEventListener('change', this.recolour);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const m of this.media) m.removeEventListener('change', this.recolour);
    this.resizer?.disconnect();
    this.resizer = undefined;
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    if (!this.resizer) {
      this.resizer = new ResizeObserver(() => this.resize());
      this.resizer.observe(this.box);
    }
    if (changed.has('timeline') || changed.has('bucket') || changed.has('lang')) this.draw();
  }

  private get box(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.plot')!;
  }

  private size() {
    const width = this.box.clientWidth;
    return { width, height: width < 480 ? 200 : 260 };
  }

  private resize(): void {
    if (this.plot) this.plot.setSize(this.size());
    else this.draw();
  }

  /** Draws the timeline: new data into the same plot (no flicker), or a new plot when it must. */
  private draw(rebuild = false): void {
    const { width, height } = this.size();
    if (!this.timeline.length || width === 0) {
      this.plot?.destroy();
      this.plot = undefined;
      return;
    }
    const data = chartColumns(this.timeline, this.bucket);
    const key = `${this.bucket} ${this.lang}`;
    if (this.plot && !rebuild && key === this.drawnFor) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.drawnFor = key;
    this.plot = new uPlot(this.options(width, height), data, this.box);
  }

  /** A colour of the page as the canvas needs it (rgb), resolved by the CSS of a hidden probe. */
  private colour(name: string): string {
    const probe = this.renderRoot.querySelector(`.probe.${name}`);
    return probe ? getComputedStyle(probe).color : 'currentColor';
  }

  private options(width: number, height: number): uPlot.Options {
    const s = dashboardStrings(this.lang);
    const numbers = new Intl.NumberFormat(this.lang || undefined);
    const when = this.when(true);
    const text = this.colour('text');
    const grid = this.colour('grid');
    const font = '12px system-ui, sans-serif';
    const axis = { stroke: text, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const labels = { participants: s.newParticipants, votes: s.votes, proposals: s.proposalsSubmitted };
    return {
      width,
      height,
      // Room on the right for the last time label, which centres on the last bucket.
      padding: [null, 48, null, null],
      legend: { show: false },
      cursor: { show: false, drag: { x: false, y: false } },
      // Day buckets are UTC days: ticks on UTC midnights.
      ...(this.bucket === 'day' ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') } : {}),
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] },
      },
      series: [
        {},
        ...SERIES.map((name) => {
          const stroke = this.colour(name);
          return { label: labels[name], stroke, width: 2, dash: DASH[name], points: { show: true, size: 6, stroke, fill: stroke } };
        }),
      ],
      axes: [
        { ...axis, space: 90, incrs: INCREMENTS[this.bucket], values: (_u, splits) => splits.map((t) => when.format(t * 1000)) },
        { ...axis, space: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 50_000, 100_000], values: (_u, splits) => splits.map((n) => numbers.format(n)) },
      ],
    };
  }

  /** Dates of this bucket in the console's language: hours on the operator's clock, days in UTC. */
  private when(short: boolean): Intl.DateTimeFormat {
    if (this.bucket === 'day') return new Intl.DateTimeFormat(this.lang || undefined, { timeZone: 'UTC', day: 'numeric', month: 'short', ...(short ? {} : { year: 'numeric' }) });
    return new Intl.DateTimeFormat(this.lang || undefined, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', ...(short ? {} : { year: 'numeric' }) });
  }

  private summary(): string {
    const s = dashboardStrings(this.lang);
    const numbers = new Intl.NumberFormat(this.lang || undefined);
    const when = this.when(false);
    const total = (key: (typeof SERIES)[number]) => numbers.format(this.timeline.reduce((n, p) => n + p[key], 0));
    const first = this.timeline[0]!;
    const last = this.timeline[this.timeline.length - 1]!;
    return s.chartName(this.bucket, when.format(Date.parse(first.at)), when.format(Date.parse(last.at)), total('participants'), total('votes'), total('proposals'));
  }

  protected override render() {
    const s = dashboardStrings(this.lang);
    const numbers = new Intl.NumberFormat(this.lang || undefined);
    const when = this.when(false);
    const empty = this.timeline.length === 0;
    return html`${['text', 'grid', ...SERIES].map((name) => html`<span class="probe ${name}" aria-hidden="true"></span>`)}
      ${empty
        ? html`<p>${s.noActivity}</p>`
        : html`<ul class="legend" aria-hidden="true">
            <li><span class="key participants"></span>${s.newParticipants}</li>
            <li><span class="key votes"></span>${s.votes}</li>
            <li><span class="key proposals"></span>${s.proposalsSubmitted}</li>
          </ul>`}
      <div class="plot" role="img" aria-label=${empty ? s.noActivity : this.summary()} ?hidden=${empty}></div>
      ${empty
        ? ''
        : html`<details>
            <summary>${s.table(this.bucket)}</summary>
            <div class="table" tabindex="0" role="region" aria-label=${s.table(this.bucket)}>
              <table>
                <caption>${s.tableCaption(this.bucket)}</caption>
                <thead>
                  <tr>
                    <th scope="col">${s.when(this.bucket)}</th>
                    <th scope="col" class="n">${s.newParticipants}</th>
                    <th scope="col" class="n">${s.votes}</th>
                    <th scope="col" class="n">${s.proposalsSubmitted}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.timeline.map(
                    (p) => html`<tr data-at=${p.at}>
                      <th scope="row">${when.format(Date.parse(p.at))}</th>
                      <td class="n">${numbers.format(p.participants)}</td>
                      <td class="n">${numbers.format(p.votes)}</td>
                      <td class="n">${numbers.format(p.proposals)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          </details>`}`;
  }
}

customElements.define('console-dashboard-chart', ConsoleDashboardChartElement);
