// 逾期事项: open tasks with something late, most late first, with the escalation level and the last email.
import type { OverdueItem, OverdueTask } from '../../service/overdue';
import { MAIL_STATUS_LABEL, periodLabel } from '../../service/labels';
import { levelBadge, lightBadge, statusBadge, tableHead } from '../components';
import type { WebContext } from '../context';
import { lateness, realDateTime, zhDate, zhMonthDay } from '../format';
import { html, type SafeHtml } from '../html';

function itemText(i: OverdueItem): SafeHtml {
  const what =
    i.kind === 'deadline'
      ? // Late since the end of the deadline day: name the day itself.
        `超过完成时限（${zhDate(Date.parse(i.since) - 1)}）`
      : i.kind === 'ack'
        ? `未按时签收（应于${zhMonthDay(i.since)}前）`
        : `${periodLabel(i.period ?? '')}进度未报送（应于${zhMonthDay(i.since)}前）`;
  return html`<li><span class="late-days">${lateness(i.lateMs)}</span> ${what}</li>`;
}

function lastMail(x: OverdueTask): SafeHtml {
  const m = x.lastMail;
  if (!m) return html`<span class="muted">尚无邮件</span>`;
  return html`<div class="mail-line">
    <span class="mail-subject">${m.subject}</span>
    <span class="muted small"
      >${m.planAt ? `督办日 ${zhMonthDay(m.planAt)} · ` : ''}${MAIL_STATUS_LABEL[m.status] ?? m.status}${m.sentAt ? ` · ${realDateTime(m.sentAt)}` : ''}</span
    >
  </div>`;
}

export function overdueLive(ctx: WebContext, items: OverdueTask[]): SafeHtml {
  if (items.length === 0) return html`<p class="empty">目前没有逾期事项。</p>`;
  return html`<p class="summary">
      <b data-overdue-count>${items.length}</b> 项任务有逾期事项，按逾期时长排序。
    </p>
    <table class="table overdue">
      ${tableHead(['逾期', '任务', '牵头单位', '逾期事项', '督办等级', '最近邮件'])}
      <tbody>
        ${items.map(
          (x) =>
            html`<tr data-task="${x.task.id}">
              <td data-label="逾期"><span class="late-big">${lateness(x.lateMs)}</span></td>
              <td data-label="任务">
                ${lightBadge(x.task.light)}
                <a href="/tasks/${encodeURIComponent(x.task.id)}">${x.task.title}</a>
                <span class="task-id">${x.task.id}</span> ${statusBadge(x.task.status)}
              </td>
              <td data-label="牵头单位">${x.task.leadName}</td>
              <td data-label="逾期事项">
                <ul class="plain">
                  ${x.items.map(itemText)}
                </ul>
              </td>
              <td data-label="督办等级">
                ${x.task.level > 0 ? levelBadge(x.task.level) : html`<span class="muted">未升级</span>`}
              </td>
              <td data-label="最近邮件">${lastMail(x)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

export function overdueBody(ctx: WebContext, live: SafeHtml, version: string): SafeHtml {
  return html`<div class="page-head">
      <div>
        <h1>逾期事项</h1>
        <p class="lede">
          超过完成时限、报送节点未报送或未按时签收的任务（${ctx.viewer.role === 'office' ? '全部任务' : ctx.viewerName}）。暂停和办结审核中的任务不计逾期。
        </p>
      </div>
    </div>
    <div class="live" data-live="/fragments/overdue" data-live-version="${version}">${live}</div>`;
}
