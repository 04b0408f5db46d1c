// 督查总览 (office) / 本单位任务 (department) / 分管任务 (leader): counts of lights, filters, and every
// visible task grouped by report section with its light, status, progress, next due date and level.
import { boardBucket, type Board, type BoardTask } from '../../service/board';
import { LIGHT_LABEL, periodLabel, STATUS_LABEL } from '../../service/labels';
import { DAY_MS } from '../../../workflows/clock';
import { levelBadge, lightBadge, progressMeter, reasonList, statusBadge, targetMeter } from '../components';
import type { WebContext } from '../context';
import { lateness, zhMonthDay } from '../format';
import { html, type SafeHtml } from '../html';

/** The board's counts, each also a filter: the lights of open tasks, not started, then the closed apart. */
const BUCKETS = ['red', 'yellow', 'green', 'none', 'completed', 'cancelled'] as const;
const BUCKET_LABEL: Record<(typeof BUCKETS)[number], string> = {
  ...LIGHT_LABEL,
  completed: STATUS_LABEL.completed!,
  cancelled: STATUS_LABEL.cancelled!,
};

export function boardTitle(ctx: WebContext): string {
  return ctx.viewer.role === 'office'
    ? '督查总览'
    : ctx.viewer.role === 'department'
      ? '本单位任务'
      : '分管任务';
}

/** The query string of the board's filters, with `change` applied. */
export function boardQueryString(filter: Board['filter'], change: Partial<Board['filter']> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...change })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function counts(board: Board): SafeHtml {
  const c = board.counts;
  return html`<div class="counts">
    ${BUCKETS.map((l) => {
      const active = board.filter.light === l;
      return html`<a
        class="count count-${l}${active ? ' active' : ''}"
        href="/${boardQueryString(board.filter, { light: active ? undefined : l })}"
        data-count="${l}"
        ${active ? html` aria-current="true"` : ''}
      >
        <b data-count-value>${c[l]}</b><span>${BUCKET_LABEL[l]}</span></a
      >`;
    })}
    <span class="count count-total"><b>${c.total}</b><span>任务总数</span></span>
  </div>`;
}

function nextDue(t: BoardTask): SafeHtml {
  if (t.status === 'completed') return html`<span class="muted">已办结</span>`;
  if (t.status === 'cancelled') return html`<span class="muted">已撤销</span>`;
  return t.nextDueAt
    ? html`下次报送 <b>${zhMonthDay(t.nextDueAt)}</b>`
    : html`<span class="muted">无待报送</span>`;
}

function taskCard(ctx: WebContext, t: BoardTask): SafeHtml {
  const deadline = t.deadlineAt === null ? t.deadline : new Date(t.deadlineAt - 1).toISOString();
  const sub = t.sectionPath.slice(1).join(' / ');
  return html`<article
    class="task light-edge-${boardBucket(t)}"
    data-task="${t.id}"
    data-light="${boardBucket(t)}"
  >
    <div class="task-main">
      <div class="task-head">
        ${lightBadge(t.light, false, t.status)}<a class="task-title" href="/tasks/${encodeURIComponent(t.id)}"
          >${t.title}</a
        >
      </div>
      <div class="task-meta">
        <span class="task-id">${t.id}</span>${sub ? html`<span>${sub}</span>` : ''}
        <span>牵头 <b>${t.leadName}</b></span>
        ${t.coNames.length ? html`<span class="co" title="${t.coNames.join('、')}">配合 ${t.coNames.join('、')}</span>` : ''}
      </div>
      ${reasonList(t.lightReasons)}
    </div>
    <div class="task-progress">
      ${t.status === 'draft' ? html`<p class="muted">尚未启动</p>` : progressMeter(t.percent, t.expectedPercent, t.light)}
      ${t.targets.map(targetMeter)}
    </div>
    <div class="task-side">
      <div class="badges">${statusBadge(t.status)}${levelBadge(t.level)}</div>
      <div class="due">${nextDue(t)}</div>
      <div class="muted small">
        时限
        ${zhMonthDay(deadline)}${ctx.viewer.role !== 'department' || t.leadDepartment === ctx.viewer.department ? '' : ' · 配合'}
      </div>
    </div>
  </article>`;
}

interface Todo {
  href: string;
  text: string;
  /** How late (ms, > 0) or how far off (≤ 0) it is: the sort key. */
  late: number;
}

/** A department's to-do list: acknowledgements, overdue tasks, missing reports, reports due within ten plan days. */
function todos(ctx: WebContext, board: Board): SafeHtml {
  if (ctx.viewer.role !== 'department') return html``;
  const now = board.planNow;
  const list: Todo[] = [];
  for (const t of board.sections.flatMap((s) => s.tasks)) {
    const href = `/tasks/${encodeURIComponent(t.id)}`;
    const lead = t.leadDepartment === ctx.viewer.department;
    if (lead && t.status === 'assigned')
      list.push({ href, text: `签收「${t.title}」`, late: t.ackDueAt === null ? 0 : now - t.ackDueAt });
    if (lead && t.status === 'in_progress' && t.deadlineAt !== null && now >= t.deadlineAt)
      list.push({
        href,
        text: `「${t.title}」已超过完成时限：提交办结申请或申请延期`,
        late: now - t.deadlineAt,
      });
    if (t.status !== 'in_progress') continue;
    for (const m of t.missing)
      list.push({
        href,
        text: `补报「${t.title}」${periodLabel(m.period)}进度`,
        late: now - Date.parse(m.dueAt),
      });
    const next = t.nextDueAt ? Date.parse(t.nextDueAt) : null;
    if (t.missing.length === 0 && next !== null && next - now < 10 * DAY_MS)
      list.push({ href, text: `报送「${t.title}」进度`, late: now - next });
  }
  list.sort((a, b) => b.late - a.late);
  return html`<section class="card todo" aria-labelledby="todo-title">
    <h2 id="todo-title">待办事项<span class="muted small">${list.length}项</span></h2>
    ${
      list.length === 0
        ? html`<p class="muted">暂无待办事项。</p>`
        : html`<ul class="todo-list">
            ${list.map(
              (x) =>
                html`<li data-todo>
                  <a href="${x.href}">${x.text}</a>
                  <span class="${x.late > 0 ? 'late-days' : 'muted small'}"
                    >${x.late > 0 ? lateness(x.late) : `${zhMonthDay(now - x.late)}前`}</span
                  >
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}

/** The part of the board that refreshes itself: the to-do list, the counts and the task list. */
export function boardLive(ctx: WebContext, board: Board): SafeHtml {
  const shown = board.sections.reduce((n, s) => n + s.tasks.length, 0);
  return html`${todos(ctx, board)}${counts(board)}
  ${
    shown === 0
      ? html`<p class="empty">没有符合条件的任务。</p>`
      : board.sections.map(
          (s) =>
            html`<section class="section" data-section="${s.name}">
              <h2 class="section-title">
                ${s.name || '未分篇'}<span class="section-count">${s.tasks.length}项</span>
              </h2>
              <div class="tasks">${s.tasks.map((t) => taskCard(ctx, t))}</div>
            </section>`,
        )
  }`;
}

function filters(board: Board): SafeHtml {
  const f = board.filter;
  const option = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}" ${current === value ? html` selected` : ''}>${label}</option>`;
  return html`<form
    class="filters"
    method="get"
    action="/"
    data-autosubmit
    role="search"
    aria-label="筛选任务"
  >
    <label
      >责任单位<select name="department">
        ${option('', '全部单位', f.department)}${board.departments.map((d) => option(d.code, d.name, f.department))}
      </select></label
    >
    <label
      >灯色<select name="light">
        ${option('', '全部灯色', f.light)}${BUCKETS.map((l) => option(l, BUCKET_LABEL[l], f.light))}
      </select></label
    >
    <label
      >篇章<select name="section">
        ${option('', '全部篇章', f.section)}${board.sectionNames.map((s) => option(s, s, f.section))}
      </select></label
    >
    <button type="submit" class="button">筛选</button>
    <a class="button secondary" href="/">重置</a>
  </form>`;
}

/** The whole board page body; `live` is the self-refreshing part, rendered by boardLive. */
export function boardBody(
  ctx: WebContext,
  board: Board,
  live: SafeHtml,
  liveUrl: string,
  version: string,
): SafeHtml {
  const qs = boardQueryString(board.filter);
  return html`<div class="page-head">
      <div>
        <h1>${boardTitle(ctx)}</h1>
        <p class="lede">
          2023年政府工作报告目标任务和重点工作 · ${ctx.viewer.role === 'office' ? '全部任务' : ctx.viewerName}
        </p>
      </div>
      <div class="exports">
        <a class="button secondary" href="/export/ledger.xlsx${qs}" download>导出台账（Excel）</a>
        <a class="button secondary" href="/export/ledger.csv${qs}" download>导出CSV</a>
      </div>
    </div>
    ${filters(board)}
    <div class="live" data-live="${liveUrl}" data-live-version="${version}">${live}</div>`;
}
