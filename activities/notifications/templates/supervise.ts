// 督办通知 (level 3), to the leader in charge, copied to the office: reminded and urged without effect.
import { escalationLetter } from './escalation';
import type { Template } from './template';

export const supervise: Template = (ctx) =>
  escalationLetter(ctx, {
    tag: '督办',
    ending: '的通知',
    escalation: (c) =>
      `经提醒、催办，${c.task.leadDepartment}仍未办理。现报请分管市领导督办，并抄送市政府督查室跟踪问效。`,
    action: (c, todo) =>
      `请分管市领导督促${c.task.leadDepartment}限期办理。${c.task.leadDepartment}${todo.replace(/^请/, '应')}`,
  });
