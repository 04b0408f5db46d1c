// Small pieces every page uses: the light, status and level badges, and progress bars.
import type { TaskTarget } from '../../db/queries/task-read';
import { TOP_LEVEL, type Light } from '../../workflows/domain';
import { levelLabel, LIGHT_LABEL, LIGHT_REASON_LABEL, STATUS_LABEL } from '../service/labels';
import { isClosed } from '../../workflows/status';
import { num } from './format';
import { html, type SafeHtml } from './html';

/**
 * The light as a coloured dot with its name (read by screen readers, shown when `withText`). No light reads
 * as the task's status when it is closed (已办结, 已撤销), else as not started.
 */
export function lightBadge(light: Light | null, withText = false, status?: string): SafeHtml {
  const key = light ?? 'none';
  const label = light === null && isClosed(status) ? STATUS_LABEL[status]! : LIGHT_LABEL[key];
  return html`<span class="light light-${key}" title="${label}"
    ><span class="dot" aria-hidden="true"></span
    ><span class="${withText ? 'light-text' : 'sr'}">${label}</span></span
  >`;
}

export const statusBadge = (status: string): SafeHtml =>
  html`<span class="badge status status-${status}">${STATUS_LABEL[status] ?? status}</span>`;

export const levelBadge = (level: number): SafeHtml =>
  level > 0
    ? html`<span class="badge level level-${Math.min(level, TOP_LEVEL)}">${levelLabel(level)}</span>`
    : html``;

export const reasonList = (reasons: readonly string[]): SafeHtml =>
  reasons.length
    ? html`<span class="reasons"
        >${reasons.map((r) => html`<span class="reason">${LIGHT_REASON_LABEL[r as keyof typeof LIGHT_REASON_LABEL] ?? r}</span>`)}</span
      >`
    : html``;

const clamp = (n: number) => Math.max(0, Math.min(100, n));

/**
 * A horizontal bar (SVG, so the strict CSP needs no inline styles): `percent` filled, an optional tick at
 * `expected` (序时进度). `tone` colours it like the light.
 */
export function bar(
  percent: number,
  opts: { expected?: number | null; tone?: string; label: string },
): SafeHtml {
  const p = clamp(percent);
  const e = opts.expected === null || opts.expected === undefined ? null : clamp(opts.expected);
  return html`<svg
    class="bar"
    viewBox="0 0 100 8"
    preserveAspectRatio="none"
    role="img"
    aria-label="${opts.label}"
  >
    <rect class="bar-track" width="100" height="8" />
    <rect class="bar-fill tone-${opts.tone ?? 'neutral'}" width="${p}" height="8" />
    ${e === null ? '' : html`<rect class="bar-mark" x="${Math.min(99.2, e)}" width="0.8" height="8" />`}
  </svg>`;
}

/** Overall progress with 序时进度: "60% · 序时45%". */
export function progressMeter(percent: number, exact: number | null, light: Light | null): SafeHtml {
  // Whole percents: finer steps would change the page at every poll of a fast demo clock for nothing.
  const expected = exact === null ? null : Math.round(exact);
  const label = `完成${num(percent)}%${expected === null ? '' : `，序时进度${num(expected)}%`}`;
  return html`<div class="meter meter-main">
    <span class="meter-label">总体进度</span>
    ${bar(percent, { expected, tone: light ?? 'neutral', label })}
    <span class="meter-value"
      ><b>${num(percent)}%</b
      >${expected === null ? '' : html`<span class="muted"> · 序时${num(expected)}%</span>`}</span
    >
  </div>`;
}

export type TargetLike = Omit<TaskTarget, 'idx'>;

/** One target against what has been reported: "新建5G基站 600 / 1,500个". */
export function targetMeter(t: TargetLike): SafeHtml {
  const share = t.achieved === null || t.value <= 0 ? 0 : (t.achieved / t.value) * 100;
  // "≤" targets (a ceiling) have no meaningful fill: the figures say it.
  const meter =
    t.comparator === '≤'
      ? html`<span class="bar-none"></span>`
      : bar(share, {
          tone: share >= 100 ? 'green' : 'neutral',
          label: `${t.metric}完成${num(Math.round(share))}%`,
        });
  return html`<div class="meter">
    <span class="meter-label" title="${t.metric}">${t.metric}</span>
    ${meter}
    <span class="meter-value"
      >${t.achieved === null ? html`<span class="muted">未报</span>` : num(t.achieved)} /
      ${t.comparator === '≥' ? '≥' : t.comparator === '≤' ? '≤' : ''}${num(t.value)}${t.unit}${t.tentative ? html`<span class="muted">（力争）</span>` : ''}</span
    >
  </div>`;
}

/** A table's header row; each cell's label is also the `data-label` its row cells carry for the phone layout. */
export function tableHead(labels: readonly string[]): SafeHtml {
  return html`<thead>
    <tr>
      ${labels.map((label) => html`<th scope="col">${label}</th>`)}
    </tr>
  </thead>`;
}
