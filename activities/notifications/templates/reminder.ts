// 进度报告提醒 (level 1: a missed report, or a passed deadline), to the department contact.
import { escalationLetter } from './escalation';
import type { Template } from './template';

export const reminder: Template = (ctx) =>
  escalationLetter(ctx, {
    tag: '提醒',
    ending: '的提醒',
    escalation: () => '现予提醒，请抓紧办理。',
  });
