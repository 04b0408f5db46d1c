// 办结确认: the office accepted the completion; the task is closed (销号).
import { quotedTitle } from './letter';
import type { Template } from './template';

export const completionConfirmed: Template = (ctx) => ({
  tag: '办结确认',
  subject: `关于${quotedTitle(ctx)}办结销号的通知`,
  paragraphs: [`你单位牵头承办的${quotedTitle(ctx)}经市政府督查室审核，确认办结，予以销号。`],
  quote: ctx.notice.text ? { label: '审核意见', text: ctx.notice.text } : undefined,
  action: '请做好办理资料归档；后续工作请继续跟踪落实。',
});
