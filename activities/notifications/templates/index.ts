// One template per notice kind; the record type makes a new kind without a template a compile error.
import type { NoticeKind } from '../../../workflows/domain';
import { ackReminder } from './ack-reminder';
import { assignment } from './assignment';
import { cancelled } from './cancelled';
import { completionConfirmed } from './completion-confirmed';
import { extensionDecision } from './extension-decision';
import { instruction } from './instruction';
import { interview } from './interview';
import { renderLetter, type MessageContext, type RenderedMessage } from './letter';
import { reassignedAway } from './reassigned-away';
import { rejection } from './rejection';
import { reminder } from './reminder';
import { resumed } from './resumed';
import type { Template } from './template';
import { supervise } from './supervise';
import { suspended } from './suspended';
import { urge } from './urge';

export const TEMPLATES: Record<NoticeKind, Template> = {
  assignment,
  ack_reminder: ackReminder,
  reminder,
  urge,
  supervise,
  interview,
  rejection,
  extension_decision: extensionDecision,
  completion_confirmed: completionConfirmed,
  instruction,
  suspended,
  resumed,
  cancelled,
  reassigned_away: reassignedAway,
};

export type { MessageContext, RenderedMessage };

/** Subject, plain text and HTML of a notice, in the office's words. */
export function renderNotice(ctx: MessageContext): RenderedMessage {
  return renderLetter(ctx, TEMPLATES[ctx.notice.kind](ctx));
}
