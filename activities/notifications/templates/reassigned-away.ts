// 调整责任单位, to the former lead department: the task now has another lead (which gets its own 交办通知).
import { quotedTitle } from './letter';
import type { Template } from './template';

export const reassignedAway: Template = (ctx) => {
  const co = ctx.task.coDepartments.length ? `，${ctx.task.coDepartments.join('、')}配合` : '';
  return {
    tag: '调整责任单位',
    subject: `关于调整${quotedTitle(ctx)}责任单位的通知`,
    paragraphs: [
      `经市政府督查室研究，${quotedTitle(ctx)}改由${ctx.task.leadDepartment}牵头承办${co}，你单位不再牵头承办。`,
    ],
    quote: ctx.notice.text ? { label: '调整理由', text: ctx.notice.text } : undefined,
    action:
      '请做好工作交接，将办理资料和进展情况移交新的牵头单位；你单位列为配合单位的，请继续做好配合工作。',
  };
};
