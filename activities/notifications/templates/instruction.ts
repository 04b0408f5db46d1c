// 领导批示: a leader's written instruction on a task, passed on to the department.
import { quotedTitle } from './letter';
import type { Template } from './template';

export const instruction: Template = (ctx) => ({
  tag: '领导批示',
  subject: `关于${quotedTitle(ctx)}的领导批示`,
  paragraphs: [`市政府领导对${quotedTitle(ctx)}作出批示，现转你单位，请认真抓好落实。`],
  quote: {
    label: ctx.notice.by ? `${ctx.notice.by}批示` : '批示内容',
    text: ctx.notice.text || '（未填写）',
  },
  action: '请按批示要求抓好落实，并在下次进度报告中报告落实情况。',
});
