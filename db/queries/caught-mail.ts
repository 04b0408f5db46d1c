// What the embedded mail catcher received, newest first, joined to the outbox by Message-ID so each message
// shows the notification key and task it came from.
import type { Db } from '../connect';

export interface CaughtMail {
  id: string;
  receivedAt: string;
  messageId: string | null;
  /** The outbox key and task of the notification, when the message came from this system. */
  key: string | null;
  taskId: string | null;
  from: string | null;
  to: string | null;
  cc: string | null;
  envelopeTo: string[];
  subject: string | null;
}

export interface CaughtMailDetail extends CaughtMail {
  text: string | null;
  html: string | null;
  headers: Record<string, unknown>;
}

export interface CaughtMailFilter {
  limit?: number;
  taskId?: string;
}

function base(db: Db) {
  return db
    .selectFrom('caught_mail as c')
    .leftJoin('notifications as n', 'n.message_id', 'c.message_id')
    .select([
      'c.id',
      'c.received_at',
      'c.message_id',
      'c.envelope_to',
      'c.subject',
      'c.headers',
      'c.text_body',
      'c.html_body',
      'n.key',
      'n.task_id',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

const header = (headers: Record<string, unknown>, name: string) =>
  typeof headers[name] === 'string' ? (headers[name] as string) : null;

function toCaughtMail(r: Row): CaughtMail {
  return {
    id: String(r.id),
    receivedAt: r.received_at.toISOString(),
    messageId: r.message_id,
    key: r.key,
    taskId: r.task_id,
    from: header(r.headers, 'from'),
    to: header(r.headers, 'to'),
    cc: header(r.headers, 'cc'),
    envelopeTo: r.envelope_to,
    subject: r.subject,
  };
}

/** The newest `limit` (default 50) caught messages, optionally only those about one task. */
export async function listCaughtMail(db: Db, filter: CaughtMailFilter = {}): Promise<CaughtMail[]> {
  let q = base(db);
  if (filter.taskId !== undefined) q = q.where('n.task_id', '=', filter.taskId);
  const rows = await q
    .orderBy('c.id', 'desc')
    .limit(filter.limit ?? 50)
    .execute();
  return rows.map(toCaughtMail);
}

const MAX_BIGINT = 9223372036854775807n;

/** A catcher id Postgres can compare: digits within bigint (more digits are no id, not a database error). */
const isCatcherId = (s: string) => /^\d{1,19}$/.test(s) && BigInt(s) <= MAX_BIGINT;

/** One caught message with its bodies, by catcher id or by Message-ID. */
export async function getCaughtMail(db: Db, idOrMessageId: string): Promise<CaughtMailDetail | undefined> {
  // Postgres text holds no NUL: such an id names nothing, and must not become a database error.
  if (idOrMessageId.includes('\u0000') || (/^\d+$/.test(idOrMessageId) && !isCatcherId(idOrMessageId)))
    return undefined;
  const q = base(db);
  const row = isCatcherId(idOrMessageId)
    ? await q.where('c.id', '=', idOrMessageId).executeTakeFirst()
    : await q.where('c.message_id', '=', idOrMessageId).orderBy('c.id', 'desc').executeTakeFirst();
  if (!row) return undefined;
  return { ...toCaughtMail(row), text: row.text_body, html: row.html_body, headers: row.headers };
}
