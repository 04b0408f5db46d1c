// Frozen in time: this migration must never import application code or the live Database type.
// The read model is written from inside the workflow task (a local activity) and fenced by the writer's epoch:
// a later attempt of a workflow task always has a larger epoch, so a slow, abandoned attempt can never
// overwrite what its successor wrote.
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('write_epoch', 'bigint', (c) => c.notNull().defaultTo(sql`0`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').dropColumn('write_epoch').execute();
}
