// The notifications outbox with its delivery state, newest first: what was asked for, what was sent, what waits.
import type { Db } from '../connect';

export interface OutboxEntry {
  key: string;
  taskId: string | null;
  kind: string;
  status: string;
  attempts: number;
  to: string[];
  cc: string[];
  subject: string;
  messageId: string;
  lastError: string | null;
  smtpResponse: string | null;
  missingRecipients: string[];
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxFilter {
  limit?: number;
  taskId?: string;
  status?: string;
}

/** The newest `limit` (default 50) outbox entries, optionally for one task or in one status. */
export async function listOutbox(db: Db, filter: OutboxFilter = {}): Promise<OutboxEntry[]> {
  let q = db.selectFrom('notifications').selectAll();
  if (filter.taskId !== undefined) q = q.where('task_id', '=', filter.taskId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('key')
    .limit(filter.limit ?? 50)
    .execute();
  return rows.map((r) => ({
    key: r.key,
    taskId: r.task_id,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    to: r.to_addresses,
    cc: r.cc_addresses,
    subject: r.subject,
    messageId: r.message_id,
    lastError: r.last_error,
    smtpResponse: r.smtp_response,
    missingRecipients: r.missing_recipients,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at ? r.sent_at.toISOString() : null,
  }));
}
