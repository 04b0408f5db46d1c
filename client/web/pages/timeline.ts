// The trail (办理轨迹) of a task: one page of its events, newest first, in words, with the email each one sent.
import type { TaskMail } from '../../../db/queries/task-mail';
import type { TaskDetail } from '../../service/task-queries';
import { workflowIdFor } from '../../../workflows/definitions';
import type { Actor } from '../../../workflows/domain';
import {
  LADDER_REASON_LABEL,
  levelLabel,
  LIGHT_LABEL,
  LIGHT_REASON_LABEL,
  MAIL_STATUS_LABEL,
  periodLabel,
  RECIPIENT_LABEL,
} from '../../service/labels';
import { deptName, type WebContext } from '../context';
import { isoDate, num, zhDate, zhDateTime } from '../format';
import { html, type Html, type SafeHtml } from '../html';

type TaskEventView = TaskDetail['events']['items'][number];
type Data = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const STOP_WHY: Record<string, string> = {
  acknowledged: '已签收',
  reported: '已报送',
  completion_submitted: '已提交办结申请',
  completed: '已办结',
  extended: '已延期',
  cancelled: '已撤销',
};

function actorName(ctx: WebContext, a: Actor | null): string {
  if (!a || a.role === 'system') return '系统';
  if (a.role === 'department') return deptName(ctx, a.department ?? '');
  if (a.role === 'office')
    return a.name && a.name !== 'office' && a.name !== '督查室' ? `督查室（${a.name}）` : '督查室';
  return a.name ?? '分管领导';
}

const quote = (label: string, text: unknown) =>
  str(text) ? html`<p class="ev-text"><span class="ev-key">${label}</span>${str(text)}</p>` : '';

/** The title, tone and details of one event. */
function describe(ctx: WebContext, e: TaskEventView, targets: TaskDetail['targets']): [string, string, Html] {
  const d = e.data as Data;
  switch (e.type) {
    case 'started':
      return [
        '任务启动',
        'office',
        `完成时限 ${zhDate(str(d.deadline))}，牵头单位 ${deptName(ctx, str(d.leadDepartment))}`,
      ];
    case 'acknowledged':
      return [d.late ? '逾期签收' : '签收任务', d.late ? 'warn' : 'dept', quote('签收意见：', d.note)];
    case 'progress_reported': {
      const values = (d.values as Array<{ targetIdx: number; value: number }> | undefined) ?? [];
      const figures = values.map((v) => {
        const t = targets.find((x) => x.idx === v.targetIdx);
        return t ? `${t.metric} ${num(v.value)}${t.unit}` : `指标${v.targetIdx + 1}：${num(v.value)}`;
      });
      return [
        `报送进度 · ${periodLabel(str(d.period))}${d.late ? '（逾期报送）' : ''}`,
        d.late ? 'warn' : 'dept',
        html`<p class="ev-text">
            完成 <b>${num(Number(d.percent))}%</b>${figures.length ? `；${figures.join('，')}` : ''}
          </p>
          ${quote('进展情况：', d.narrative)}${quote('存在问题：', d.problems)}${quote('下一步措施：', d.nextSteps)}`,
      ];
    }
    case 'checkpoint_missed':
      return [
        `${periodLabel(str(d.period))}进度未按时报送`,
        'warn',
        `应于${zhDateTime(Number(d.dueAt))}前报送`,
      ];
    case 'checkpoint_waived':
      return [`${periodLabel(str(d.period))}免报`, 'muted', '办结审核期间不再催报'];
    case 'deadline_passed':
      return ['超过完成时限', 'danger', `完成时限 ${zhDate(str(d.deadline))}`];
    case 'escalated': {
      const level = Number(d.level);
      const notify = ((d.notify as string[] | undefined) ?? []).map(
        (r) => RECIPIENT_LABEL[r as keyof typeof RECIPIENT_LABEL] ?? r,
      );
      const reason = LADDER_REASON_LABEL[str(d.reason) as keyof typeof LADDER_REASON_LABEL] ?? str(d.reason);
      const repeat = Number(d.repeat) > 0 ? `（第${Number(d.repeat) + 1}次）` : '';
      return [
        `${levelLabel(level)}${repeat}`,
        `level-${Math.min(level, 4)}`,
        `事由：${reason}${d.reason === 'report' ? ` ${periodLabel(str(d.period))}` : ''}；通知${notify.join('、')}`,
      ];
    }
    case 'ladder_stopped':
      return [
        '停止催督',
        'muted',
        `${LADDER_REASON_LABEL[str(d.reason) as keyof typeof LADDER_REASON_LABEL] ?? str(d.reason)}：${STOP_WHY[str(d.why)] ?? str(d.why)}`,
      ];
    case 'light_changed': {
      const to = str(d.to) as keyof typeof LIGHT_LABEL;
      const reasons = ((d.reasons as string[] | undefined) ?? []).map(
        (r) => LIGHT_REASON_LABEL[r as keyof typeof LIGHT_REASON_LABEL] ?? r,
      );
      return [`亮${LIGHT_LABEL[to] ?? to}`, `light-${to}`, reasons.join('、')];
    }
    case 'completion_submitted':
      return [
        d.onTime === false ? '提交办结申请（超过时限）' : '提交办结申请',
        'dept',
        quote('办结情况：', d.summary),
      ];
    case 'completion_rejected':
      return [`退回整改（第${num(Number(d.round))}次）`, 'warn', quote('退回理由：', d.reason)];
    case 'completion_approved':
      return [
        '办结销号',
        'ok',
        html`<p class="ev-text">评定等次：<b>${str(d.grade)}</b></p>
          ${quote('审核意见：', d.comment)}`,
      ];
    case 'extension_requested':
      return [`申请延期至${zhDate(str(d.newDeadline))}`, 'dept', quote('延期理由：', d.reason)];
    case 'extension_approved':
      return [
        `同意延期：${zhDate(str(d.from))} → ${zhDate(str(d.to))}`,
        'office',
        quote('批复意见：', d.comment),
      ];
    case 'extension_rejected':
      return ['不予延期', 'office', quote('批复意见：', d.comment)];
    case 'suspended':
      return ['暂停任务', 'muted', quote('暂停理由：', d.reason)];
    case 'resumed':
      return [
        '恢复任务',
        'office',
        `暂停${num(Math.round(Number(d.suspendedMs) / 86_400_000))}天，时限顺延至${zhDate(str(d.deadline))}`,
      ];
    case 'cancelled':
      return ['撤销任务', 'muted', quote('撤销理由：', d.reason)];
    case 'reassigned': {
      const after = (d.after ?? {}) as { leadDepartment?: string; coDepartments?: string[] };
      return [
        '调整责任单位',
        'office',
        html`<p class="ev-text">
            牵头
            ${deptName(ctx, after.leadDepartment ?? '')}${after.coDepartments?.length ? `，配合 ${after.coDepartments.map((c) => deptName(ctx, c)).join('、')}` : ''}
          </p>
          ${quote('调整理由：', d.reason)}`,
      ];
    }
    case 'instructed':
      return e.actor?.role === 'office'
        ? ['督查室批示', 'office', quote(`${str(d.by)}：`, d.text)]
        : ['领导批示', 'leader', quote(`${str(d.by)}：`, d.text)];
    default:
      return [e.type, 'muted', ''];
  }
}

/** The emails an event sent, by the notification keys the workflow gives them. */
function mailsOf(taskId: string, e: TaskEventView, mails: TaskMail[]): TaskMail[] {
  const wf = workflowIdFor(taskId);
  const d = e.data as Data;
  const keys =
    e.type === 'escalated'
      ? [str(d.key)]
      : e.type === 'started'
        ? [`${wf}:assign:-:0`]
        : e.type === 'completion_approved'
          ? [`${wf}:complete:-:0`]
          : e.type === 'cancelled'
            ? [`${wf}:cancel:-:0`]
            : ['reject', 'extension', 'instruction', 'assign', 'moved', 'suspend', 'resume'].map(
                (k) => `${wf}:${k}:${e.seq}:0`,
              );
  return mails.filter((m) => keys.includes(m.key));
}

function mailRef(ctx: WebContext, m: TaskMail): SafeHtml {
  const subject =
    ctx.viewer.role === 'office'
      ? html`<a href="/mail/${encodeURIComponent(m.messageId)}">${m.subject}</a>`
      : html`<span>${m.subject}</span>`;
  return html`<p class="mail-ref">
    <span class="mail-icon" aria-hidden="true">✉</span>${subject}
    <span class="muted small"
      >致 ${m.to.join('、') || '—'}${m.cc.length ? `，抄送 ${m.cc.join('、')}` : ''} ·
      ${MAIL_STATUS_LABEL[m.status] ?? m.status}</span
    >
  </p>`;
}

export function timeline(ctx: WebContext, detail: TaskDetail, mails: TaskMail[]): SafeHtml {
  if (detail.events.total === 0) return html`<p class="empty">任务尚未启动，暂无办理记录。</p>`;
  const events = detail.events.items;
  if (events.length === 0) return html`<p class="empty">没有更早的办理记录。</p>`;
  return html`<ol class="timeline">
    ${events.map((e) => {
      const [title, tone, body] = describe(ctx, e, detail.targets);
      const at = Date.parse(e.at);
      return html`<li class="ev ev-${tone}" data-event="${e.type}">
        <div class="ev-head">
          <time datetime="${isoDate(at)}">${zhDateTime(at)}</time><b class="ev-title">${title}</b
          ><span class="ev-actor">${actorName(ctx, e.actor)}</span>
        </div>
        ${typeof body === 'string' ? (body ? html`<p class="ev-text">${body}</p>` : '') : body}
        ${mailsOf(detail.task.id, e, mails).map((m) => mailRef(ctx, m))}
      </li>`;
    })}
  </ol>`;
}
