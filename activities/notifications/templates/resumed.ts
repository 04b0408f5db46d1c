// 恢复办理: a suspended task runs again; its deadline moved by the time it was suspended.
import { planDate } from '../../../workflows/clock';
import { quotedTitle } from './letter';
import type { Template } from './template';
import { dateCn } from './wording';

export const resumed: Template = (ctx) => ({
  tag: '恢复办理',
  subject: `关于${quotedTitle(ctx)}恢复办理的通知`,
  paragraphs: [
    `经市政府督查室研究，你单位牵头承办的${quotedTitle(ctx)}自${dateCn(planDate(ctx.notice.planAt))}起恢复办理。`,
    `暂停期间不计入办理时限，办结时限顺延至${dateCn(ctx.task.deadline)}，进度报告报送时间相应顺延。`,
  ],
  action: '请按顺延后的时限抓紧推进，按时报送进度，确保按期办结。',
});
