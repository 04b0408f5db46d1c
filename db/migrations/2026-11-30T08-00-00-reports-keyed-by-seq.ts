// Frozen in time: this migration must never import application code or the live Database type.
// Request ids are scoped to their caller: two departments may use the same id for two reports, both applied.
// A report is identified by its place in the task's trail (seq), no longer by its bare request id.
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('progress_reports').dropConstraint('progress_reports_pk').execute();
  await db.schema.dropIndex('progress_reports_task_seq_idx').execute();
  await db.schema
    .alterTable('progress_reports')
    .addPrimaryKeyConstraint('progress_reports_pk', ['task_id', 'seq'])
    .execute();
  await sql`create index progress_reports_request_idx on progress_reports (task_id, request_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists progress_reports_request_idx`.execute(db);
  await db.schema.alterTable('progress_reports').dropConstraint('progress_reports_pk').execute();
  await db.schema
    .alterTable('progress_reports')
    .addPrimaryKeyConstraint('progress_reports_pk', ['task_id', 'request_id'])
    .execute();
  await db.schema
    .createIndex('progress_reports_task_seq_idx')
    .on('progress_reports')
    .columns(['task_id', 'seq'])
    .execute();
}
