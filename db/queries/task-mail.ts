// The emails of tasks as the dashboard shows them: the outbox entry with its delivery state and, for an
// escalation, the plan instant and level of the step that sent it (same idempotency key).
import { sql } from 'kysely';
import type { Db } from '../connect';

export interface TaskMail {
  key: string;
  taskId: string;
  kind: string;
  subject: string;
  status: string;
  to: string[];
  cc: string[];
  messageId: string;
  createdAt: string;
  sentAt: string | null;
  /** Plan instant and level of the escalation step, when the email is one. */
  planAt: string | null;
  level: number | null;
}

function base(db: Db) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('escalations as e', 'e.key', 'n.key')
    .select([
      'n.key',
      'n.task_id',
      'n.kind',
      'n.subject',
      'n.status',
      'n.to_addresses',
      'n.cc_addresses',
      'n.message_id',
      'n.created_at',
      'n.sent_at',
      'e.plan_at',
      'e.level',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

const toMail = (r: Row): TaskMail => ({
  key: r.key,
  taskId: r.task_id ?? '',
  kind: r.kind,
  subject: r.subject,
  status: r.status,
  to: r.to_addresses,
  cc: r.cc_addresses,
  messageId: r.message_id,
  createdAt: r.created_at.toISOString(),
  sentAt: r.sent_at ? r.sent_at.toISOString() : null,
  planAt: r.plan_at ? r.plan_at.toISOString() : null,
  level: r.level,
});

/** Every email of one task, oldest first. */
export async function listTaskMail(db: Db, taskId: string): Promise<TaskMail[]> {
  const rows = await base(db)
    .where('n.task_id', '=', taskId)
    .orderBy('n.created_at')
    .orderBy('n.key')
    .execute();
  return rows.map(toMail);
}

/** The newest email of each of `taskIds`. */
export async function lastMailOf(db: Db, taskIds: readonly string[]): Promise<Map<string, TaskMail>> {
  if (taskIds.length === 0) return new Map();
  const rows = await base(db)
    .distinctOn('n.task_id')
    .where('n.task_id', 'in', [...taskIds])
    .orderBy('n.task_id')
    .orderBy(sql`n.created_at desc`)
    .orderBy(sql`n.key desc`)
    .execute();
  return new Map(rows.map((r) => [r.task_id ?? '', toMail(r)]));
}
