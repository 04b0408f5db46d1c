// 约谈通知 (level 4), to the office: the last step, a talk with the department's leadership.
import { escalationLetter } from './escalation';
import type { Template } from './template';

export const interview: Template = (ctx) =>
  escalationLetter(ctx, {
    tag: '约谈',
    ending: '的通知',
    escalation: (c) =>
      `经提醒、催办、督办，${c.task.leadDepartment}仍未办理，已列入约谈名单。请督查室约谈${c.task.leadDepartment}主要负责同志，督促限期整改。`,
    action: () => '请督查室安排约谈，督促牵头单位立即办理，约谈情况请在督办系统中记录。',
  });
