// 撤销: the office cancelled a task; nothing more is due on it.
import { quotedTitle } from './letter';
import type { Template } from './template';

export const cancelled: Template = (ctx) => ({
  tag: '撤销',
  subject: `关于撤销${quotedTitle(ctx)}的通知`,
  paragraphs: [
    `经市政府督查室研究，决定撤销你单位牵头承办的${quotedTitle(ctx)}。该任务不再列入督办事项，不再报送进度报告。`,
  ],
  quote: { label: '撤销理由', text: ctx.notice.text || '（未填写）' },
  action: '请做好已开展工作的收尾和资料归档。',
});
