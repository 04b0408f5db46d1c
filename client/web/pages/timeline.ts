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

const str = (v: string | undefined) => v ?? '';
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

const quote = (label: string, text: string | undefined) =>
  str(text) ? html`<p class="ev-text"><span class="ev-key">${label}</span>${str(text)}</p>` : '';

/** The title, tone and details of one event. */
function describe(ctx: WebContext, e: TaskEventView, targets: TaskDetail['targets']): [string, string, Html] {
  switch (e.type) {
    case 'started': {
      const d = e.data;
      return [
        '任务启动',
        'office',
        `完成时限 ${zhDate(d.deadline)}，牵头单位 ${deptName(ctx, d.leadDepartment)}`,
      ];
    }
    case 'acknowledged': {
      const d = e.data;
      return [d.late ? '逾期签收' : '签收任务', d.late ? 'warn' : 'dept', quote('签收意见：', d.note)];
    }
    case 'progress_reported': {
      const d = e.data;
      const figures = (d.values ?? []).map((v) => {
        const t = targets.find((x) => x.idx === v.targetIdx);
        return t ? `${t.metric} ${num(v.value)}${t.unit}` : `指标${v.targetIdx + 1}：${num(v.value)}`;
      });
      return [
        `报送进度 · ${periodLabel(d.period)}${d.late ? '（逾期报送）' : ''}`,
        d.late ? 'warn' : 'dept',
        html`<p class="ev-text">
            完成 <b>${num(d.percent)}%</b>${figures.length ? `；${figures.join('，')}` : ''}
          </p>
          ${quote('进展情况：', d.narrative)}${quote('存在问题：', d.problems)}${quote('下一步措施：', d.nextSteps)}`,
      ];
    }
    case 'checkpoint_missed':
      return [`${periodLabel(e.data.period)}进度未按时报送`, 'warn', `应于${zhDateTime(e.data.dueAt)}前报送`];
    case 'checkpoint_waived':
      return [`${periodLabel(e.data.period)}免报`, 'muted', '办结审核期间不再催报'];
    case 'deadline_passed':
      return ['超过完成时限', 'danger', `完成时限 ${zhDate(e.data.deadline)}`];
    case 'escalated': {
      const d = e.data;
      const notify = (d.notify ?? []).map((r) => RECIPIENT_LABEL[r] ?? r);
      const repeat = d.repeat > 0 ? `（第${d.repeat + 1}次）` : '';
      return [
        `${levelLabel(d.level)}${repeat}`,
        `level-${Math.min(d.level, 4)}`,
        `事由：${LADDER_REASON_LABEL[d.reason] ?? d.reason}${d.reason === 'report' ? ` ${periodLabel(d.period)}` : ''}；通知${notify.join('、')}`,
      ];
    }
    case 'ladder_stopped':
      return [
        '停止催督',
        'muted',
        `${LADDER_REASON_LABEL[e.data.reason] ?? e.data.reason}：${STOP_WHY[e.data.why] ?? e.data.why}`,
      ];
    case 'light_changed': {
      const to = e.data.to ?? 'none';
      const reasons = (e.data.reasons ?? []).map((r) => LIGHT_REASON_LABEL[r] ?? r);
      return [`亮${LIGHT_LABEL[to] ?? to}`, `light-${to}`, reasons.join('、')];
    }
    case 'completion_submitted':
      return [
        e.data.onTime === false ? '提交办结申请（超过时限）' : '提交办结申请',
        'dept',
        quote('办结情况：', e.data.summary),
      ];
    case 'completion_rejected':
      return [`退回整改（第${num(e.data.round)}次）`, 'warn', quote('退回理由：', e.data.reason)];
    case 'completion_approved':
      return [
        '办结销号',
        'ok',
        html`<p class="ev-text">评定等次：<b>${e.data.grade ?? ''}</b></p>
          ${quote('审核意见：', e.data.comment)}`,
      ];
    case 'extension_requested':
      return [`申请延期至${zhDate(e.data.newDeadline)}`, 'dept', quote('延期理由：', e.data.reason)];
    case 'extension_approved':
      return [
        `同意延期：${zhDate(e.data.from)} → ${zhDate(e.data.to)}`,
        'office',
        quote('批复意见：', e.data.comment),
      ];
    case 'extension_rejected':
      return ['不予延期', 'office', quote('批复意见：', e.data.comment)];
    case 'suspended':
      return ['暂停任务', 'muted', quote('暂停理由：', e.data.reason)];
    case 'resumed':
      return [
        '恢复任务',
        'office',
        `暂停${num(Math.round(e.data.suspendedMs / 86_400_000))}天，时限顺延至${zhDate(e.data.deadline)}`,
      ];
    case 'cancelled':
      return ['撤销任务', 'muted', quote('撤销理由：', e.data.reason)];
    case 'reassigned': {
      const { after } = e.data;
      return [
        '调整责任单位',
        'office',
        html`<p class="ev-text">
            牵头
            ${deptName(ctx, after.leadDepartment)}${after.coDepartments.length ? `，配合 ${after.coDepartments.map((c) => deptName(ctx, c)).join('、')}` : ''}
          </p>
          ${quote('调整理由：', e.data.reason)}`,
      ];
    }
    case 'instructed':
      return e.actor?.role === 'office'
        ? ['督查室批示', 'office', quote(`${e.data.by}：`, e.data.text)]
        : ['领导批示', 'leader', quote(`${e.data.by}：`, e.data.text)];
    default: {
      // A type this code does not know (written by a newer version): shown by its name.
      const unknown: { type: string } = e;
      return [unknown.type, 'muted', ''];
    }
  }
}

/** The emails an event sent, by the notification keys the workflow gives them. */
function mailsOf(taskId: string, e: TaskEventView, mails: TaskMail[]): TaskMail[] {
  const wf = workflowIdFor(taskId);
  const keys =
    e.type === 'escalated'
      ? [e.data.key]
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
