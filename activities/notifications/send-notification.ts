// Delivers a notice at most once per idempotency key (DESIGN §4): the outbox row first, then a lease,
// then SMTP, then the SMTP answer recorded. SMTP down → throw, so Temporal retries with backoff; the row
// keeps the draft, so every attempt sends the same message with the same Message-ID.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, asyncLocalStorage } from '@temporalio/activity';
import { backOff } from 'exponential-backoff';
import type { Db } from '../../db/connect';
import type { NotificationRow } from '../../db/schema';
import type { Notice } from '../../workflows/domain';
import { attachmentsOf } from './attachments';
import { composeNotice } from './compose';
import type { Mailer } from './mailer';
import { messageIdFor } from './message-id';
import { claimOutbox, findOutbox, insertOutbox, markFailed, markSent, releaseWithError } from './outbox';
import { describeSmtpError, isPermanentSmtpError, smtpSummary } from './smtp-answer';
import { oneLine } from './text-safety';

export { messageIdFor };

export interface NotificationResult {
  key: string;
  status: 'sent' | 'already_sent' | 'failed';
  messageId: string;
  /** Why it failed, or which roles had no address when it was sent to the others. */
  note?: string;
}

/** The activity's logger when running as an activity; silent when called directly (tests, scripts). */
const activityLog = () => asyncLocalStorage.getStore()?.log;

function settled(row: NotificationRow): NotificationResult | undefined {
  if (row.status === 'sent') return { key: row.key, status: 'already_sent', messageId: row.message_id };
  if (row.status === 'failed') {
    return { key: row.key, status: 'failed', messageId: row.message_id, note: row.last_error ?? undefined };
  }
  return undefined;
}

async function mailOf(db: Db, row: NotificationRow, mailer: Mailer) {
  return {
    from: { name: oneLine(mailer.from.name, 60), address: mailer.from.address },
    to: row.to_addresses,
    cc: row.cc_addresses,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    messageId: row.message_id,
    attachments: await attachmentsOf(db, row.attachments),
    headers: {
      'X-Duban-Key': oneLine(row.key, 200),
      // RFC 3834: out-of-office robots must not answer a system notice.
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** Waits between tries to record an accepted message: 0.25 s doubling to 8 s, about 24 s in all. */
const RECORD_SENT_RETRY = { numOfAttempts: 8, startingDelay: 250, timeMultiple: 2, maxDelay: 8_000 };

/**
 * The SMTP server has the message: only this update stands between it and a second copy, since an attempt
 * that fails here leaves its lease to run out and the next attempt sends again. So a database that blips
 * (a restart, a failover) is waited out here rather than handed to Temporal's retry; the activity's
 * start-to-close timeout (60 s) leaves room for it after the SMTP timeouts.
 */
async function recordSent(db: Db, key: string, smtpAnswer: string): Promise<void> {
  await backOff(() => markSent(db, key, smtpAnswer), {
    ...RECORD_SENT_RETRY,
    retry: (err: unknown, next: number) => {
      activityLog()?.warn('SMTP accepted the message but the outbox could not record it; trying again', {
        key,
        attempt: next,
        error: err instanceof Error ? err.message : String(err),
      });
      return true;
    },
  });
}

export async function sendNotification(
  deps: { db: Db; mailer: Mailer },
  notice: Notice,
): Promise<NotificationResult> {
  return deliver(deps, await storeNotice(deps, notice));
}

/**
 * Composes the notice and writes it to the outbox under its key, unless a row is there already (a retry); returns
 * the row. `dispatch`: the worker's dispatcher sends it (the caller writes it inside the read model's transaction).
 */
export async function storeNotice(
  deps: { db: Db; mailer: Mailer },
  notice: Notice,
  dispatch = false,
): Promise<NotificationRow> {
  const { db, mailer } = deps;
  const key = notice.key;
  const stored = await findOutbox(db, key);
  if (stored) return stored;
  const row = await insertOutbox(db, {
    key,
    taskId: notice.taskId,
    kind: notice.kind,
    messageId: messageIdFor(key, mailer.from.address),
    draft: await composeNotice(db, mailer, notice),
    dispatch,
  });
  if (row.status === 'failed') activityLog()?.warn('notification not sent', { key, reason: row.last_error });
  return row;
}

/**
 * Sends an outbox row unless it is settled: leases it to this attempt, hands it to SMTP, records the answer.
 * Every kind of mail goes through here once its row is stored (a notice above, a bulletin's mail).
 */
export async function deliver(
  deps: { db: Db; mailer: Mailer },
  row: NotificationRow,
): Promise<NotificationResult> {
  const { db } = deps;
  const key = row.key;
  const done = settled(row);
  if (done) return done;

  const claimant = randomUUID();
  const leased = await claimOutbox(db, key, claimant);
  if (!leased) {
    const now = await findOutbox(db, key);
    const after = now && settled(now);
    if (after) return after;
    // Another attempt (a timed-out one still running, or a second execution) holds the lease: try later.
    throw ApplicationFailure.retryable(
      `notification ${key} is being sent by another attempt`,
      'NotificationInFlight',
    );
  }
  return sendLeased(deps, leased, claimant);
}

/**
 * Hands a row leased to `claimant` to SMTP and records the answer: sent, failed for good (a permanent refusal),
 * or back to pending with the error (thrown, for the caller's retry; a dispatcher's row waits `retryInSeconds`).
 */
export async function sendLeased(
  deps: { db: Db; mailer: Mailer },
  leased: NotificationRow,
  claimant: string,
  retryInSeconds = 0,
): Promise<NotificationResult> {
  const { db, mailer } = deps;
  const key = leased.key;
  let info: { response?: string; rejected?: unknown[] };
  try {
    info = (await mailer.transport.sendMail(await mailOf(db, leased, mailer))) as typeof info;
  } catch (err) {
    const description = describeSmtpError(err);
    if (isPermanentSmtpError(err)) {
      await markFailed(db, key, `SMTP 拒收：${description}`, description);
      activityLog()?.warn('notification refused by SMTP', { key, error: description });
      return { key, status: 'failed', messageId: leased.message_id, note: description };
    }
    // The worker logs the failed attempt; Temporal retries it with backoff.
    await releaseWithError(db, key, claimant, description, retryInSeconds);
    throw new Error(`SMTP delivery of ${key} failed: ${description}`, { cause: err });
  }
  await recordSent(db, key, smtpSummary(info));
  const note = leased.missing_recipients.length
    ? `无邮箱未送达：${leased.missing_recipients.join('；')}`
    : undefined;
  return { key, status: 'sent', messageId: leased.message_id, note };
}
