// Frozen in time: this migration must never import application code or the live Database type.
// Closed tasks carry no light and nothing due. Workflows now close that way; this settles the read model of
// tasks that closed before (a completed one was green, a cancelled one kept its light and its 待报送 periods).
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update tasks
       set light = null,
           next_due_at = null,
           state = case when state is null then null else jsonb_set(jsonb_set(state, '{light}', 'null'), '{lightReasons}', '[]') end
     where status in ('completed', 'cancelled')`.execute(db);
  await sql`
    update checkpoints c
       set status = 'waived'
      from tasks t
     where t.id = c.task_id and t.status in ('completed', 'cancelled') and c.status = 'pending'`.execute(db);
}

// The lights closed tasks had are not kept anywhere: down leaves the rows as they are.
export async function down(): Promise<void> {}
