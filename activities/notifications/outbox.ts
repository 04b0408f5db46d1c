// The notifications outbox, one SQL operation per function. A key has one row whatever the retries;
// its status moves pending → sending (leased to one attempt) → sent, or back to pending on an SMTP failure,
// or to failed when no retry can help (no address, a permanent SMTP refusal). A row is sent either by an
// activity of its own (`next_attempt_at` null) or by the worker's dispatcher (`next_attempt_at` set: when it
// may be tried next); the lease keeps both to one attempt at a time.
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { MailAttachment, NotificationRow } from '../../db/schema';
import type { Draft } from './compose';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** How long an attempt may hold a key: longer than the activity's 60 s start-to-close timeout. */
export const LEASE_SECONDS = 120;

export function findOutbox(db: Db, key: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Inserts the draft under its key unless a row is there already; returns the row that is (the first one wins). */
export async function insertOutbox(
  db: Db,
  entry: {
    key: string;
    /** null for mail about no one task (a bulletin). */
    taskId: string | null;
    kind: string;
    messageId: string;
    draft: Draft;
    attachments?: MailAttachment[];
    /** Sent by the worker's dispatcher (see dispatcher.ts), not by the caller. */
    dispatch?: boolean;
  },
): Promise<NotificationRow> {
  const { draft } = entry;
  const inserted = await db
    .insertInto('notifications')
    .values({
      key: entry.key,
      task_id: entry.taskId,
      kind: entry.kind,
      message_id: entry.messageId,
      to_addresses: draft.to,
      cc_addresses: draft.cc,
      subject: draft.subject,
      text_body: draft.text,
      html_body: draft.html,
      missing_recipients: draft.missing,
      attachments: JSON.stringify(entry.attachments ?? []),
      status: draft.problem ? 'failed' : 'pending',
      last_error: draft.problem ?? null,
      next_attempt_at: entry.dispatch ? sql<Date>`now()` : null,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  const row = await findOutbox(db, entry.key);
  if (!row) throw new Error(`outbox row ${entry.key} vanished after insert`);
  return row;
}

/**
 * Leases the key to attempt `claimant` if it is pending, or if another attempt's lease has run out (that
 * worker died or hung). Returns the leased row, or undefined when the key is sent, failed or leased elsewhere.
 */
export function claimOutbox(db: Db, key: string, claimant: string): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notifications')
    .set({
      status: 'sending',
      claimed_by: claimant,
      claimed_until: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})`,
      attempts: sql<number>`attempts + 1`,
    })
    .where('key', '=', key)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', sql<Date>`now()`)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

/**
 * Leases up to `limit` of the dispatcher's rows that are due (pending and past their next attempt, or leased by
 * an attempt whose lease ran out) to `claimant`, oldest first. Rows another dispatcher is leasing right now are
 * skipped, not waited for: two workers never take the same row, and neither blocks on the other.
 */
export function claimDue(db: Db, claimant: string, limit: number): Promise<NotificationRow[]> {
  return db
    .updateTable('notifications')
    .set({
      status: 'sending',
      claimed_by: claimant,
      claimed_until: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})`,
      attempts: sql<number>`attempts + 1`,
    })
    .where('key', 'in', (eb) =>
      eb
        .selectFrom('notifications')
        .select('key')
        .where('next_attempt_at', 'is not', null)
        .where('next_attempt_at', '<=', sql<Date>`now()`)
        .where((w) =>
          w.or([
            w('status', '=', 'pending'),
            w.and([w('status', '=', 'sending'), w('claimed_until', '<', sql<Date>`now()`)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

/** The SMTP server took the message: sent, whoever holds the lease now (it is true either way). */
export async function markSent(db: Db, key: string, smtpResponse: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({
      status: 'sent',
      smtp_response: smtpResponse,
      sent_at: new Date(),
      claimed_by: null,
      claimed_until: null,
    })
    .where('key', '=', key)
    .execute();
}

/**
 * A transient failure: the key goes back to pending for the next attempt, with the error on record. A row the
 * dispatcher sends waits `retryInSeconds` before its next try; an activity's row is retried by Temporal.
 */
export async function releaseWithError(
  db: Db,
  key: string,
  claimant: string,
  error: string,
  retryInSeconds = 0,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({
      status: 'pending',
      last_error: error,
      claimed_by: null,
      claimed_until: null,
      next_attempt_at: sql<Date | null>`case when next_attempt_at is null then null
        else now() + make_interval(secs => ${retryInSeconds}) end`,
    })
    .where('key', '=', key)
    .where('status', '=', 'sending')
    .where('claimed_by', '=', claimant)
    .execute();
}

/** A permanent failure: no retry can deliver this message, so it stops here, with the reason on record. */
export async function markFailed(db: Db, key: string, error: string, smtpResponse?: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({
      status: 'failed',
      last_error: error,
      smtp_response: smtpResponse ?? null,
      claimed_by: null,
      claimed_until: null,
    })
    .where('key', '=', key)
    .where('status', '!=', 'sent')
    .execute();
}
