// 延期批复: the office's answer to an extension request (the decision is in the notice text).
import { quotedTitle } from './letter';
import type { Template } from './template';

export const extensionDecision: Template = (ctx) => ({
  tag: '延期批复',
  subject: `关于${quotedTitle(ctx)}延期申请的批复`,
  paragraphs: [`你单位关于${quotedTitle(ctx)}的延期申请收悉。经研究，批复如下。`],
  quote: { label: '批复意见', text: ctx.notice.text || '（未填写）' },
  action: '请按批复意见抓紧推进，按期办结。',
});
