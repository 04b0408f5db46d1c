// Frozen in time: this migration must never import application code or the live Database type.
// API access: a leader token names the leader it speaks for (tasks whose lead department has that
// leader_email); the roles and what each needs are enforced here, not only in code.
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('leader_email', 'text').execute();
  await db.schema
    .alterTable('api_tokens')
    .addCheckConstraint(
      'api_tokens_role_check',
      sql`role in ('office', 'department', 'leader')
        and (role <> 'department' or department_code is not null)
        and (role <> 'leader' or leader_email is not null)`,
    )
    .execute();
  // GET /api/tasks?section=… compares the first element of section_path, exactly or as a prefix.
  await sql`create index tasks_section_idx on tasks ((section_path[1]) text_pattern_ops)`.execute(db);
  // A leader's tasks are found through the lead department's leader_email, compared case-insensitively.
  await sql`create index departments_leader_email_idx on departments (lower(leader_email))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists departments_leader_email_idx`.execute(db);
  await sql`drop index if exists tasks_section_idx`.execute(db);
  await db.schema.alterTable('api_tokens').dropConstraint('api_tokens_role_check').execute();
  await db.schema.alterTable('api_tokens').dropColumn('leader_email').execute();
}
