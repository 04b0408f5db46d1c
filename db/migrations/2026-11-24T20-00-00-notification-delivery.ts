// Frozen in time: this migration must never import application code or the live Database type.
// Delivery bookkeeping for the notifications outbox: a lease so two attempts never send one key at once
// (a timed-out attempt may still be running when Temporal starts the next), and the roles left out.
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('notifications')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('missing_recipients', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await db.schema
    .createIndex('notifications_message_id_idx')
    .on('notifications')
    .column('message_id')
    .execute();
  await db.schema
    .createIndex('notifications_status_idx')
    .on('notifications')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema.createIndex('caught_mail_message_id_idx').on('caught_mail').column('message_id').execute();
  await db.schema
    .createIndex('caught_mail_received_at_idx')
    .on('caught_mail')
    .column('received_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('caught_mail_received_at_idx').ifExists().execute();
  await db.schema.dropIndex('caught_mail_message_id_idx').ifExists().execute();
  await db.schema.dropIndex('notifications_status_idx').ifExists().execute();
  await db.schema.dropIndex('notifications_message_id_idx').ifExists().execute();
  await db.schema
    .alterTable('notifications')
    .dropColumn('claimed_by')
    .dropColumn('claimed_until')
    .dropColumn('missing_recipients')
    .execute();
}
