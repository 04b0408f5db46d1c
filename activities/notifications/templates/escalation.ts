// The wording shared by the ladder's notices (提醒, 催办, 督办, 约谈): what is late, since when, what to do.
import type { Letter, MessageContext } from './letter';
import { quotedTitle } from './letter';
import { dateCn, daysBetween, dueItem, instantCn, lateWhat, overdueRound, periodCn } from './wording';

export interface Step {
  /** The subject tag: '提醒', '催办', '督办', '约谈'. */
  tag: string;
  /** The subject's ending: '的提醒' or '的通知'. */
  ending: string;
  /** Why this step, after the lateness sentence: who has been told before and who is told now. */
  escalation: (ctx: MessageContext) => string;
  /** What this step's addressee is asked to do, given what the department must do (default: just that). */
  action?: (ctx: MessageContext, departmentAction: string) => string;
}

/** The sentence that says what was due, by when, and how late it is now. */
export function lateness(ctx: MessageContext): string {
  const { notice, task } = ctx;
  const title = quotedTitle(ctx);
  const now = instantCn(notice.planAt);
  const since = notice.lateSince;
  const days = since === undefined ? 0 : daysBetween(since, notice.planAt);
  const late = days > 0 ? `，已逾期${days}天` : '';
  if (notice.reason === 'ack') {
    const due = since === undefined ? '' : `应于${instantCn(since)}前签收，`;
    return `市政府交由${task.leadDepartment}牵头承办的${title}，${due}截至${now}仍未签收${late}。`;
  }
  if (notice.reason === 'overdue') {
    const { deadline, round } = overdueRound(notice.period ?? task.deadline);
    const after = round > 0 ? `（第${round}次退回整改后）` : '';
    return `${task.leadDepartment}牵头承办的${title}办结时限为${dateCn(deadline)}${after}，截至${now}仍未办结${late}。`;
  }
  const due = since === undefined ? '' : `应于${instantCn(since)}前报送，`;
  return `${task.leadDepartment}牵头承办的${title}${periodCn(notice.period ?? '')}进度报告${due}截至${now}仍未报送${late}。`;
}

function action(ctx: MessageContext): string {
  const { notice } = ctx;
  if (notice.reason === 'ack') return '请立即登录督办系统签收任务，明确具体经办人。';
  if (notice.reason === 'overdue')
    return '请立即登录督办系统提交办结申请；确需延期的，请说明理由并申请延期。';
  return `请立即登录督办系统报送${dueItem(notice.reason, notice.period)}，并书面说明逾期原因。`;
}

/** A ladder notice: '【催办】关于“道路畅达工程”2023年6月进度报告逾期的通知'. */
export function escalationLetter(ctx: MessageContext, step: Step): Letter {
  const { notice } = ctx;
  const repeat = notice.repeat ? `（第${notice.repeat + 1}次）` : '';
  return {
    tag: step.tag,
    subject: `关于${quotedTitle(ctx)}${lateWhat(notice.reason, notice.period)}${step.ending}${repeat}`,
    paragraphs: [lateness(ctx), step.escalation(ctx)],
    action: step.action ? step.action(ctx, action(ctx)) : action(ctx),
  };
}
