// Frozen in time: this migration must never import application code or the live Database type.
// The outbox dispatcher: a message written beside the read model (in the same transaction as the event that
// called for it) is sent by a loop in the worker, not by an activity of its own. `next_attempt_at` says which
// rows the dispatcher owns (null: an activity sends the row, as every row before this did) and when it may try
// next (a failed try backs off).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('next_attempt_at', 'timestamptz').execute();
  await sql`
    create index notifications_due on notifications (next_attempt_at)
    where next_attempt_at is not null and status in ('pending', 'sending')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index notifications_due`.execute(db);
  await db.schema.alterTable('notifications').dropColumn('next_attempt_at').execute();
}
