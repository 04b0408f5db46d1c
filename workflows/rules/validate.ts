// The checks of every Update's validator (composed per action in ../actions.ts): the envelope, the role, the
// department, the status, then each action's content. They refuse bad input before it enters history.
import type {
  AcknowledgeInput,
  Actor,
  CancelInput,
  DecideExtensionInput,
  InstructInput,
  Message,
  ReassignInput,
  ReportProgressInput,
  RequestExtensionInput,
  ReviewCompletionInput,
  SubmitCompletionInput,
  SuspendInput,
} from '../definitions';
import { GRADES, type TaskState } from '../domain';
import { endOfPlanDay, planDate } from '../clock';
import { STATUS_LABEL, type TaskStatus } from '../status';
import { refuse } from './validation-failure';

const MAX_TEXT = 4000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** True when the message was applied already: the handler then returns the state unchanged. */
export function isRepeat(state: TaskState, input: Message): boolean {
  return typeof input?.requestId === 'string' && state.requestIds.includes(input.requestId);
}

export function checkEnvelope(input: Message): void {
  if (!input || typeof input !== 'object') refuse('请求内容为空', { code: 'invalid' });
  if (typeof input.requestId !== 'string' || input.requestId.trim() === '' || input.requestId.length > 200) {
    refuse('请求编号（requestId）必须是1到200个字符的字符串', { field: 'requestId', code: 'invalid' });
  }
  const roles = ['office', 'department', 'leader', 'system'];
  if (!input.actor || !roles.includes(input.actor.role)) {
    refuse('操作人（actor.role）无效', { field: 'actor.role', code: 'invalid' });
  }
}

/** `hint`: what to say instead of the status alone (「请先签收任务」). */
export function requireStatus(
  state: TaskState,
  allowed: readonly TaskStatus[],
  action: string,
  hint?: string,
): void {
  if (allowed.includes(state.status)) return;
  refuse(hint ?? `任务当前状态为「${STATUS_LABEL[state.status]}」，不能${action}`, {
    field: 'status',
    code: 'wrong_state',
  });
}

export function requireRole(actor: Actor, roles: readonly Actor['role'][], action: string): void {
  if (!roles.includes(actor.role))
    refuse(`当前角色无权${action}`, { field: 'actor.role', code: 'forbidden' });
}

/** A department's action: the lead's only, or the lead's and the co-departments'. */
export function requireDepartment(
  state: TaskState,
  actor: Actor,
  who: 'lead' | 'lead-or-co',
  action: string,
): void {
  if (actor.role !== 'department') return;
  const { leadDepartment, coDepartments } = state.spec;
  if (actor.department === leadDepartment) return;
  if (who === 'lead-or-co' && coDepartments.includes(actor.department ?? '')) return;
  refuse(who === 'lead' ? `只有牵头单位可以${action}` : `只有牵头单位和配合单位可以${action}`, {
    field: 'actor.department',
    code: 'forbidden',
  });
}

function requireText(value: unknown, field: string, label: string, required = true): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || (required && value.trim() === '')) {
    refuse(`请填写${label}（${field}）`, { field, code: 'invalid' });
  }
  if (value.length > MAX_TEXT)
    refuse(`${label}（${field}）不能超过${MAX_TEXT}字`, { field, code: 'invalid' });
}

/** A plan date after the current deadline and after today. */
function requireLaterDate(state: TaskState, planNow: number, value: unknown, field: string): void {
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) {
    refuse(`日期（${field}）格式应为YYYY-MM-DD`, { field, code: 'invalid' });
  }
  if (value <= state.spec.deadline) {
    refuse(`新的完成时限（${field}）必须晚于当前时限${state.spec.deadline}`, { field, code: 'invalid' });
  }
  if (endOfPlanDay(value) <= planNow) {
    refuse(`新的完成时限（${field}）不能早于今天（${planDate(planNow)}）`, { field, code: 'invalid' });
  }
}

export function checkAcknowledge(_state: TaskState, _now: number, input: AcknowledgeInput): void {
  requireText(input.note, 'note', '签收意见', false);
}

export function checkReportProgress(state: TaskState, now: number, input: ReportProgressInput): void {
  if (
    typeof input.percent !== 'number' ||
    !Number.isFinite(input.percent) ||
    input.percent < 0 ||
    input.percent > 100
  ) {
    refuse('完成百分比（percent）必须是0到100之间的数字', { field: 'percent', code: 'invalid' });
  }
  requireText(input.narrative, 'narrative', '进展情况');
  requireText(input.problems, 'problems', '存在问题', false);
  requireText(input.nextSteps, 'nextSteps', '下一步措施', false);
  if (input.values !== undefined && !Array.isArray(input.values)) {
    refuse('指标完成值（values）必须是数组', { field: 'values', code: 'invalid' });
  }
  for (const [i, v] of (input.values ?? []).entries()) {
    if (!v || !state.spec.targets.some((t) => t.idx === v.targetIdx)) {
      refuse(`第${i + 1}项指标（values[${i}].targetIdx）不是本任务的指标`, {
        field: `values[${i}].targetIdx`,
        code: 'invalid',
      });
    }
    if (typeof v.value !== 'number' || !Number.isFinite(v.value) || v.value < 0) {
      refuse(`第${i + 1}项指标完成值（values[${i}].value）必须是非负数`, {
        field: `values[${i}].value`,
        code: 'invalid',
      });
    }
  }
  if (input.period !== undefined) {
    const cp = state.checkpoints.find((c) => c.period === input.period);
    if (!cp)
      refuse(`报告期（period）「${String(input.period)}」不在本任务的报送计划中`, {
        field: 'period',
        code: 'invalid',
      });
    if (cp.startsAt > now) refuse(`报告期「${cp.period}」尚未开始`, { field: 'period', code: 'invalid' });
  }
}

export function checkSubmitCompletion(_state: TaskState, _now: number, input: SubmitCompletionInput): void {
  requireText(input.summary, 'summary', '办结情况');
}

export function checkReviewCompletion(_state: TaskState, _now: number, input: ReviewCompletionInput): void {
  if (input.decision !== 'approve' && input.decision !== 'reject') {
    refuse('审核结论（decision）必须是 approve 或 reject', { field: 'decision', code: 'invalid' });
  }
  if (input.decision === 'approve' && !GRADES.includes(input.grade as never)) {
    refuse(`办结评定等次（grade）必须是${GRADES.join('、')}之一`, { field: 'grade', code: 'invalid' });
  }
  requireText(input.comment, 'comment', '退回整改理由', input.decision === 'reject');
}

export function checkRequestExtension(state: TaskState, now: number, input: RequestExtensionInput): void {
  if (state.extensionRequest) refuse('已有待批复的延期申请', { field: 'newDeadline', code: 'conflict' });
  requireLaterDate(state, now, input.newDeadline, 'newDeadline');
  requireText(input.reason, 'reason', '延期理由');
}

export function checkDecideExtension(state: TaskState, now: number, input: DecideExtensionInput): void {
  if (!state.extensionRequest) refuse('没有待批复的延期申请', { field: 'approve', code: 'wrong_state' });
  if (typeof input.approve !== 'boolean')
    refuse('批复结论（approve）必须是 true 或 false', { field: 'approve', code: 'invalid' });
  if (input.approve)
    requireLaterDate(
      state,
      now,
      input.newDeadline ?? state.extensionRequest.requestedDeadline,
      'newDeadline',
    );
  requireText(input.comment, 'comment', '批复意见', false);
}

export function checkSuspend(_state: TaskState, _now: number, input: SuspendInput): void {
  requireText(input.reason, 'reason', '暂停理由');
}

export function checkCancel(_state: TaskState, _now: number, input: CancelInput): void {
  requireText(input.reason, 'reason', '撤销理由');
}

export function checkReassign(_state: TaskState, _now: number, input: ReassignInput): void {
  if (typeof input.leadDepartment !== 'string' || !CODE.test(input.leadDepartment)) {
    refuse('牵头单位代码（leadDepartment）无效', { field: 'leadDepartment', code: 'invalid' });
  }
  if (
    !Array.isArray(input.coDepartments) ||
    input.coDepartments.some((c) => typeof c !== 'string' || !CODE.test(c))
  ) {
    refuse('配合单位代码（coDepartments）无效', { field: 'coDepartments', code: 'invalid' });
  }
  if (input.coDepartments.includes(input.leadDepartment)) {
    refuse('牵头单位不能同时是配合单位', { field: 'coDepartments', code: 'invalid' });
  }
  if (new Set(input.coDepartments).size !== input.coDepartments.length) {
    refuse('配合单位（coDepartments）有重复', { field: 'coDepartments', code: 'invalid' });
  }
  requireText(input.reason, 'reason', '调整理由', false);
}

export function checkInstruct(_state: TaskState, _now: number, input: InstructInput): void {
  requireText(input.text, 'text', '批示内容');
}
