// 交办通知: a new (or reassigned) task, to the lead department's contact.
import { quotedTitle } from './letter';
import type { Template } from './template';
import { instantCn } from './wording';

export const assignment: Template = (ctx) => {
  const co = ctx.task.coDepartments.length ? `，${ctx.task.coDepartments.join('、')}配合` : '';
  const due = ctx.notice.dueAt === undefined ? '请及时签收' : `请于${instantCn(ctx.notice.dueAt)}前签收`;
  return {
    tag: '交办',
    subject: `关于交办${quotedTitle(ctx)}的通知`,
    paragraphs: [
      `根据市政府工作部署，现将${quotedTitle(ctx)}交由${ctx.task.leadDepartment}牵头承办${co}。`,
      `${due}，明确具体经办人，按${ctx.task.cadence}报送进度，确保按期办结。`,
    ],
    action: '请登录督办系统签收任务，查看任务分解和目标要求。',
  };
};
