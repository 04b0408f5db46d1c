// The activities of the task workflow, closed over their dependencies (no module-level singletons).
import type { Db } from '../db/connect';
import type { Notice } from '../workflows/domain';
import type { LadderInput, ScheduleInput } from '../workflows/machine/ports';
import type { BulletinWindow } from '../db/bulletin-figures';
import {
  bulletinRecipients,
  sendBulletinMail,
  type BulletinRecipient,
  type BulletinRef,
} from './bulletin-mail';
import { bulletinWindow, draftBulletin } from './bulletins';
import { ladderInstants, planSchedule } from './calendar';
import type { Mailer } from './notifications/mailer';
import { sendNotification } from './notifications/send-notification';
import { recordTransitions, type RecordTransitionsInput } from './record-transitions';

export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
}

/** `outboxWritten`: told when a batch wrote mail to the outbox, so this process's dispatcher sends it at once. */
export const createActivities = (deps: ActivityDeps, outboxWritten: () => void = () => undefined) => ({
  async planSchedule(input: ScheduleInput) {
    return planSchedule(input);
  },
  async ladderInstants(input: LadderInput) {
    return ladderInstants(input);
  },
  async recordTransitions(input: RecordTransitionsInput): Promise<void> {
    await recordTransitions(deps.db, input, { mailer: deps.mailer, written: outboxWritten });
  },
  async sendNotification(notice: Notice) {
    return sendNotification(deps, notice);
  },
  async bulletinWindow(input: { planYear: number; period: string }) {
    return bulletinWindow(deps.db, input);
  },
  async draftBulletin(input: { planYear: number; window: BulletinWindow }) {
    return draftBulletin(deps.db, input);
  },
  async bulletinRecipients(input: BulletinRef) {
    return bulletinRecipients(deps.db, input);
  },
  async sendBulletinMail(input: { bulletin: BulletinRef; recipient: BulletinRecipient }) {
    return sendBulletinMail(deps, input);
  },
});
