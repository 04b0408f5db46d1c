// 催办通知 (level 2), to the head of the lead department: the contact was reminded and nothing came.
import { escalationLetter } from './escalation';
import type { Template } from './template';

export const urge: Template = (ctx) =>
  escalationLetter(ctx, {
    tag: '催办',
    ending: '的通知',
    escalation: () =>
      '此前已向你单位联络员发出提醒，至今仍未办理。现予催办，请你单位主要负责同志亲自督促落实。',
  });
