// The task page: what the report says (the source sentence), where the task stands (light, status, level,
// deadline), progress and targets over time, checkpoints, reports, the trail, and the viewer's actions.
// Reports and trail come a page at a time (newest first): the charts plot every report, the lists one page.
import type { ProgressPoint } from '../../../db/queries/task-history';
import type { TaskMail } from '../../../db/queries/task-mail';
import type { TaskDetail } from '../../service/task-queries';
import { CADENCE_LABEL, CHECKPOINT_STATUS_LABEL, periodLabel } from '../../service/labels';
import {
  levelBadge,
  lightBadge,
  progressMeter,
  reasonList,
  statusBadge,
  tableHead,
  targetMeter,
} from '../components';
import { deptName, type WebContext } from '../context';
import { expectedPercent } from '../../../workflows/rules/light';
import { zhDate, zhDateTime, zhMonthDay } from '../format';
import { html, type SafeHtml } from '../html';
import { progressChart, targetChart, type ChartSpan } from './chart';
import { timeline } from './timeline';
import { isClosed } from '../../../workflows/status';

/** A completed or cancelled task waits for no more reports. */
const closed = (d: TaskDetail) => isClosed(d.task.status);

function facts(ctx: WebContext, d: TaskDetail): SafeHtml {
  const s = d.state;
  const row = (k: string, v: SafeHtml | string) =>
    html`<div>
      <dt>${k}</dt>
      <dd>${v}</dd>
    </div>`;
  return html`<dl class="facts">
    ${row('牵头单位', deptName(ctx, d.task.leadDepartment))}
    ${row('配合单位', d.task.coDepartments.map((c) => deptName(ctx, c)).join('、') || '—')}
    ${row('完成时限', s && s.deadline !== d.task.deadline ? html`<b>${zhDate(s.deadline)}</b> <span class="muted small">（原定${zhDate(d.task.deadline)}）</span>` : zhDate(d.task.deadline))}
    ${row('报送要求', CADENCE_LABEL[d.task.cadence] ?? d.task.cadence)}
    ${row('下次报送', d.task.nextDueAt && !closed(d) ? zhDateTime(d.task.nextDueAt) : '—')}
    ${s?.acknowledgedAt ? row('签收时间', zhDateTime(s.acknowledgedAt)) : ''}
    ${s?.grade ? row('办结评定', s.grade) : ''}
    ${s?.extensionRequest ? row('延期申请', `申请延期至${zhDate(s.extensionRequest.requestedDeadline)}，待批复`) : ''}
    ${s?.suspended ? row('暂停原因', s.suspended.reason) : ''}
  </dl>`;
}

function progress(ctx: WebContext, d: TaskDetail, series: ProgressPoint[]): SafeHtml {
  const s = d.state;
  if (!s)
    return html`<p class="empty">任务尚未启动。</p>
      ${d.targets.map(targetMeter)}`;
  const span: ChartSpan = {
    startedAt: Date.parse(s.startedAt),
    deadlineAt: Date.parse(s.deadlineAt),
    now: ctx.planNow,
  };
  const expected = expectedPercent(d.task.status, span, ctx.planNow);
  const reports = series.map((r) => ({ at: Date.parse(r.at), percent: r.percent, values: r.values }));
  // Approval closes the task at 100%: the line ends there.
  if (d.task.status === 'completed' && s.closedAt !== undefined)
    reports.push({ at: Date.parse(s.closedAt), percent: 100, values: [] });
  return html`${progressMeter(d.task.percent, expected, d.task.light)}
    <figure class="chart-box">
      <figcaption>
        完成进度 <span class="legend"><i class="lg-line"></i>报送 <i class="lg-dash"></i>序时进度</span>
      </figcaption>
      ${progressChart(span, reports)}
    </figure>
    ${d.targets.map((t) => {
      const points = reports.flatMap((r) =>
        r.values.filter((v) => v.targetIdx === t.idx).map((v) => ({ at: r.at, value: v.value })),
      );
      // A target nobody has reported on yet is just its meter: an empty chart says nothing more.
      return html`<div class="target">
        ${targetMeter(t)}${points.length ? html`<figure class="chart-box">${targetChart(span, t, points)}</figure>` : ''}
      </div>`;
    })}`;
}

/** The top of the page that refreshes itself: where the task stands and how far it has come (every report). */
export function taskHead(ctx: WebContext, d: TaskDetail, series: ProgressPoint[]): SafeHtml {
  const t = d.task;
  return html`<header class="task-header light-edge-${t.light ?? 'none'}">
      <p class="crumbs">
        <a href="/">${ctx.viewer.role === 'office' ? '督查总览' : '任务'}</a> › ${t.sectionPath.join(' › ')}
      </p>
      <h1>
        ${lightBadge(t.light, true, t.status)} <span data-task-title>${t.title}</span>
        <span class="task-id">${t.id}</span>
      </h1>
      <div class="badges">
        ${statusBadge(t.status)}${levelBadge(t.level)}${reasonList(d.state?.lightReasons ?? [])}
      </div>
    </header>
    <div class="grid-2">
      <section class="card">
        <h2>任务要求</h2>
        <blockquote class="source" cite="#source">
          <p>${t.source}</p>
          <footer>——2023年政府工作报告</footer>
        </blockquote>
        ${facts(ctx, d)} ${checkpoints(d)}
      </section>
      <section class="card">
        <h2>进度与指标</h2>
        ${progress(ctx, d, series)}
      </section>
    </div>`;
}

function checkpoints(d: TaskDetail): SafeHtml {
  if (d.checkpoints.length === 0) return html``;
  return html`<h3 class="sub-title">报送节点</h3>
    <ol class="checkpoints">
      ${d.checkpoints.map((c) => {
        const status = c.status === 'pending' && closed(d) ? 'waived' : c.status;
        const label = status === 'waived' ? '无需报送' : (CHECKPOINT_STATUS_LABEL[status] ?? status);
        return html`<li class="cp cp-${status}" title="${label}">
          <b>${periodLabel(c.period)}</b><span>${label}</span
          ><span class="muted small">截止${zhMonthDay(c.dueAt)}</span>
        </li>`;
      })}
    </ol>`;
}

/** Links to the newer and older pages of the reports and the trail (`?page=`), when there are any. */
function pager(d: TaskDetail, page: number, anchor: string): SafeHtml {
  const size = d.events.limit;
  const pages = Math.max(1, Math.ceil(Math.max(d.reports.total, d.events.total) / size));
  if (pages === 1 && page === 1) return html``;
  const href = (n: number) => `/tasks/${encodeURIComponent(d.task.id)}${n > 1 ? `?page=${n}` : ''}#${anchor}`;
  return html`<nav class="pager" aria-label="翻页">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">‹ 较新的记录</a>` : ''}
    <span class="muted small">第${page}页，共${pages}页</span>
    ${page < pages ? html`<a href="${href(page + 1)}" rel="next">较早的记录 ›</a>` : ''}
  </nav>`;
}

function reports(ctx: WebContext, d: TaskDetail, page: number): SafeHtml {
  if (d.reports.total === 0) return html``;
  const unit = (idx: number) => d.targets.find((t) => t.idx === idx);
  const { items, offset, total } = d.reports;
  const shown =
    items.length === total
      ? ''
      : items.length === 0
        ? '，本页无报告'
        : `，本页为第${offset + 1}–${offset + items.length}份（最新在前）`;
  return html`<section class="card" id="reports">
    <h2>进度报告 <span class="muted small">${total}份${shown}</span></h2>
    <div class="table-wrap">
      <table class="table reports">
        ${tableHead(['报告期', '报送', '完成', '指标', '进展情况', '存在问题', '下一步措施'])}
        <tbody>
          ${items.map(
            (r) =>
              html`<tr>
                <td data-label="报告期">
                  ${periodLabel(r.period)}${r.late ? html` <span class="badge warn">逾期</span>` : ''}
                </td>
                <td data-label="报送">${zhMonthDay(r.at)} · ${deptName(ctx, r.submittedBy)}</td>
                <td data-label="完成"><b>${r.percent}%</b></td>
                <td data-label="指标">
                  ${r.values.map((v) => html`<div>${unit(v.targetIdx)?.metric ?? `指标${v.targetIdx + 1}`} ${v.value}${unit(v.targetIdx)?.unit ?? ''}</div>`)}
                </td>
                <td data-label="进展情况">${r.narrative}</td>
                <td data-label="存在问题">${r.problems || '—'}</td>
                <td data-label="下一步措施">${r.nextSteps || '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${pager(d, page, 'reports')}
  </section>`;
}

/** The lower part of the page: one page (`page`, 1: the newest) of the reports and of the trail. */
export function taskTrail(ctx: WebContext, d: TaskDetail, mails: TaskMail[], page: number): SafeHtml {
  return html`${reports(ctx, d, page)}
    <section class="card" id="timeline">
      <h2>办理轨迹</h2>
      ${timeline(ctx, d, mails)} ${pager(d, page, 'timeline')}
    </section>`;
}

/** The page's parts; a part with a version is live (polled), the trail of an older page is not. */
export function taskBody(
  parts: { head: SafeHtml; headVersion: string; trail: SafeHtml; trailVersion?: string; actions: SafeHtml },
  id: string,
): SafeHtml {
  const base = `/fragments/tasks/${encodeURIComponent(id)}`;
  return html`<div class="live" data-live="${base}/head" data-live-version="${parts.headVersion}">
      ${parts.head}
    </div>
    ${parts.actions}
    ${
      parts.trailVersion === undefined
        ? html`<div>${parts.trail}</div>`
        : html`<div class="live" data-live="${base}/trail" data-live-version="${parts.trailVersion}">
            ${parts.trail}
          </div>`
    }`;
}
