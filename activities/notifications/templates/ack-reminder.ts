// 签收提醒 (level 1 of a missed acknowledgement), to the department contact.
import { escalationLetter } from './escalation';
import type { Template } from './template';

export const ackReminder: Template = (ctx) =>
  escalationLetter(ctx, {
    tag: '提醒',
    ending: '的提醒',
    escalation: () => '现予提醒，请及时签收并启动办理。',
  });
