// 暂停办理: the office suspended a task; its clocks stop until it is resumed.
import { planDate } from '../../../workflows/clock';
import { quotedTitle } from './letter';
import type { Template } from './template';
import { dateCn } from './wording';

export const suspended: Template = (ctx) => ({
  tag: '暂停办理',
  subject: `关于${quotedTitle(ctx)}暂停办理的通知`,
  paragraphs: [
    `经市政府督查室研究，你单位牵头承办的${quotedTitle(ctx)}自${dateCn(planDate(ctx.notice.planAt))}起暂停办理。`,
    '暂停期间不计入办理时限，无需报送进度报告；恢复办理后，办结时限和报送时间相应顺延。',
  ],
  quote: { label: '暂停理由', text: ctx.notice.text || '（未填写）' },
  action: '恢复办理时将另行通知，届时请按顺延后的时限抓紧推进。',
});
