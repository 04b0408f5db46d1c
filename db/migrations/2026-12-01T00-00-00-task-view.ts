// Frozen in time: this migration must never import application code or the live Database type.
// The read model stores the task's public view (TaskView, db/task-view.ts) beside the workflow's private state:
// readers read the view only, so the state may change shape. Rows written before are filled in by the
// application after the migrations (db/task-views-backfill.ts), which has the code that makes a view.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('view', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').dropColumn('view').execute();
}
