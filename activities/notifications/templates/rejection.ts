// 退回整改: the office did not accept a completion request.
import { quotedTitle } from './letter';
import type { Template } from './template';

export const rejection: Template = (ctx) => ({
  tag: '退回整改',
  subject: `关于${quotedTitle(ctx)}办结申请退回整改的通知`,
  paragraphs: [`你单位报送的${quotedTitle(ctx)}办结申请，经市政府督查室审核，未予通过，现退回整改。`],
  quote: { label: '退回理由', text: ctx.notice.text || '（未填写）' },
  action: '请按退回意见整改到位后，重新提交办结申请。',
});
