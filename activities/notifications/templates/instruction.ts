// 批示: a written instruction on a task, passed on to the department. Who wrote it decides how it reads: the
// office's own is 督查室批示, a leader's (and one from a notice that does not say) is 领导批示.
import { quotedTitle } from './letter';
import type { Template } from './template';

export const instruction: Template = (ctx) => {
  const text = ctx.notice.text || '（未填写）';
  if (ctx.notice.byRole === 'office') {
    return {
      tag: '督查室批示',
      subject: `关于${quotedTitle(ctx)}的督查室批示`,
      paragraphs: [`市政府督查室对${quotedTitle(ctx)}提出督办意见，请你单位认真抓好落实。`],
      quote: { label: '督办意见', text },
      action: '请按督办意见抓好落实，并在下次进度报告中报告落实情况。',
    };
  }
  return {
    tag: '领导批示',
    subject: `关于${quotedTitle(ctx)}的领导批示`,
    paragraphs: [`市政府领导对${quotedTitle(ctx)}作出批示，现转你单位，请认真抓好落实。`],
    quote: { label: ctx.notice.by ? `${ctx.notice.by}批示` : '批示内容', text },
    action: '请按批示要求抓好落实，并在下次进度报告中报告落实情况。',
  };
};
