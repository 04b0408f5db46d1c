// Small inline SVG charts for the task page: reported progress against 序时进度 (the share of time
// elapsed), and each target's reported value against the target. No script and no library: the server
// draws them, so they print, work offline and pass a strict CSP.
import { PLAN_OFFSET_MS } from '../../../workflows/clock';
import { num, zhMonthDay } from '../format';
import { html, type SafeHtml } from '../html';

const W = 320;
const H = 150;
const M = { l: 40, r: 12, t: 14, b: 24 };

interface Frame {
  x0: number;
  x1: number;
  yMax: number;
}

const xOf = (f: Frame, t: number) => M.l + ((t - f.x0) / Math.max(1, f.x1 - f.x0)) * (W - M.l - M.r);
const yOf = (f: Frame, v: number) => H - M.b - (v / (f.yMax || 1)) * (H - M.t - M.b);
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Month starts between x0 and x1 (China time), thinned to at most six labels. */
function monthTicks(f: Frame): Array<{ t: number; label: string; anchor?: string }> {
  const ticks: Array<{ t: number; label: string; anchor?: string }> = [];
  const d = new Date(f.x0 + PLAN_OFFSET_MS);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth() + 1;
  for (let i = 0; i < 60; i++) {
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    const t = Date.UTC(y, m - 1, 1) - PLAN_OFFSET_MS;
    if (t > f.x1) break;
    ticks.push({ t, label: m === 1 ? `${y}年` : `${m}月` });
  }
  // A span shorter than two months is labelled by its first and last day instead.
  if (ticks.length < 2)
    return [
      { t: f.x0, label: zhMonthDay(f.x0), anchor: 'start' },
      { t: f.x1, label: zhMonthDay(f.x1), anchor: 'end' },
    ];
  const step = Math.ceil(ticks.length / 6);
  return ticks.filter((_, i) => i % step === 0);
}

function axes(f: Frame, yTicks: number[], unit: string, now: number): SafeHtml {
  const nowX = now >= f.x0 && now <= f.x1 ? xOf(f, now) : null;
  return html`${yTicks.map(
    (v) =>
      html`<line
          class="chart-grid"
          x1="${M.l}"
          x2="${W - M.r}"
          y1="${r1(yOf(f, v))}"
          y2="${r1(yOf(f, v))}"
        /><text class="chart-label" x="${M.l - 4}" y="${r1(yOf(f, v) + 3)}" text-anchor="end"
          >${num(v)}${unit}</text
        >`,
  )}
  ${monthTicks(f).map(
    (tick) =>
      html`<text
        class="chart-label"
        x="${r1(xOf(f, tick.t))}"
        y="${H - 8}"
        text-anchor="${tick.anchor ?? 'middle'}"
        >${tick.label}</text
      >`,
  )}
  ${nowX === null ? '' : html`<line class="chart-now" x1="${r1(nowX)}" x2="${r1(nowX)}" y1="${M.t}" y2="${H - M.b}" /><text class="chart-label chart-now-label" x="${r1(nowX)}" y="${M.t - 3}" text-anchor="middle">今天</text>`}`;
}

/**
 * At most one point per pixel column, the latest: the chart is a few hundred pixels wide, so a task with
 * thousands of reports draws what can be seen, and its page stays bounded.
 */
function thin(f: Frame, points: Array<{ at: number; v: number }>): Array<{ at: number; v: number }> {
  const byColumn = new Map<number, { at: number; v: number }>();
  for (const p of points) byColumn.set(Math.min(W, Math.max(0, Math.round(xOf(f, p.at)))), p);
  return [...byColumn.values()];
}

function line(f: Frame, all: Array<{ at: number; v: number }>, cls: string): SafeHtml {
  if (all.length === 0) return html``;
  const points = thin(f, all);
  const d = points.map((p) => `${r1(xOf(f, p.at))},${r1(yOf(f, p.v))}`).join(' ');
  return html`<polyline class="${cls}" points="${d}" />${points.map(
      (p) =>
        html`<circle class="chart-dot" cx="${r1(xOf(f, p.at))}" cy="${r1(yOf(f, p.v))}" r="3"
          ><title>${zhMonthDay(p.at)}：${num(p.v)}</title></circle
        >`,
    )}`;
}

export interface ChartSpan {
  startedAt: number;
  deadlineAt: number;
  now: number;
}

/** The axis runs to the deadline, or on to today for an overdue task (at most one more task length). */
const xEnd = (s: ChartSpan) =>
  Math.max(s.deadlineAt, Math.min(s.now, s.deadlineAt + (s.deadlineAt - s.startedAt)));

/** Reported percent over time against the diagonal of 序时进度 from the start to the deadline. */
export function progressChart(span: ChartSpan, reports: Array<{ at: number; percent: number }>): SafeHtml {
  const f: Frame = { x0: span.startedAt, x1: xEnd(span), yMax: 100 };
  const last = reports[reports.length - 1];
  const label = `完成进度随时间变化：共${reports.length}次报送${last ? `，最近一次${num(last.percent)}%` : ''}；虚线为序时进度`;
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}">
    ${axes(f, [0, 50, 100], '%', span.now)}
    <line
      class="chart-expected"
      x1="${r1(xOf(f, span.startedAt))}"
      y1="${r1(yOf(f, 0))}"
      x2="${r1(xOf(f, span.deadlineAt))}"
      y2="${r1(yOf(f, 100))}"
    />
    ${line(f, [{ at: span.startedAt, v: 0 }, ...reports.map((r) => ({ at: r.at, v: r.percent }))], 'chart-line')}
  </svg>`;
}

/** One target's reported values over time against the target value (dashed). */
export function targetChart(
  span: ChartSpan,
  target: { metric: string; value: number; unit: string },
  points: Array<{ at: number; value: number }>,
): SafeHtml {
  const top = Math.max(target.value, ...points.map((p) => p.value)) * 1.15 || 1;
  const f: Frame = { x0: span.startedAt, x1: xEnd(span), yMax: top };
  const label = `${target.metric}：目标${num(target.value)}${target.unit}，${points.length ? `最近报送${num(points[points.length - 1]!.value)}${target.unit}` : '尚未报送'}`;
  return html`<svg class="chart chart-small" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}">
    ${axes(f, [0, target.value], '', span.now)}
    <line
      class="chart-target"
      x1="${M.l}"
      x2="${W - M.r}"
      y1="${r1(yOf(f, target.value))}"
      y2="${r1(yOf(f, target.value))}"
    />
    <text
      class="chart-label chart-target-label"
      x="${W - M.r}"
      y="${r1(yOf(f, target.value) - 4)}"
      text-anchor="end"
    >
      目标 ${num(target.value)}${target.unit}
    </text>
    ${line(
      f,
      points.map((p) => ({ at: p.at, v: p.value })),
      'chart-line',
    )}
  </svg>`;
}
