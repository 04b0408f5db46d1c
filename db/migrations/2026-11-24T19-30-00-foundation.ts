// Frozen in time: this migration must never import application code or the live Database type.
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('departments')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('department'))
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('head_name', 'text')
    .addColumn('head_email', 'text')
    .addColumn('leader_name', 'text')
    .addColumn('leader_email', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('policies')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('spec', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Catalog columns (from the ledger) and read-model columns (written only by workflow activities).
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_year', 'integer', (c) => c.notNull())
    .addColumn('section_path', sql`text[]`, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('lead_department', 'text', (c) => c.notNull().references('departments.code'))
    .addColumn('co_departments', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('deadline', 'date', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull().defaultTo('monthly'))
    .addColumn('policy', 'text', (c) => c.notNull().defaultTo('default'))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('workflow_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('light', 'text')
    .addColumn('level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('percent', 'numeric', (c) => c.notNull().defaultTo(0))
    .addColumn('current_deadline', 'timestamptz')
    .addColumn('next_due_at', 'timestamptz')
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('tasks_lead_department_idx').on('tasks').column('lead_department').execute();
  await db.schema.createIndex('tasks_status_light_idx').on('tasks').columns(['status', 'light']).execute();
  await db.schema
    .createIndex('tasks_co_departments_idx')
    .on('tasks')
    .using('gin')
    .column('co_departments')
    .execute();

  await db.schema
    .createTable('targets')
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('comparator', 'text', (c) => c.notNull())
    .addColumn('tentative', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('achieved', 'numeric')
    .addPrimaryKeyConstraint('targets_pk', ['task_id', 'idx'])
    .execute();

  // Append-only trail (留痕): one row per transition, unique per task and sequence.
  await db.schema
    .createTable('task_events')
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('request_id', 'text')
    .addColumn('plan_at', 'timestamptz', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('task_events_pk', ['task_id', 'seq'])
    .execute();

  await db.schema
    .createTable('checkpoints')
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report_request_id', 'text')
    .addColumn('received_at', 'timestamptz')
    .addPrimaryKeyConstraint('checkpoints_pk', ['task_id', 'period'])
    .execute();

  await db.schema
    .createTable('progress_reports')
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('percent', 'numeric', (c) => c.notNull())
    .addColumn('values', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_steps', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('plan_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('progress_reports_pk', ['task_id', 'request_id'])
    .execute();
  await db.schema
    .createIndex('progress_reports_task_seq_idx')
    .on('progress_reports')
    .columns(['task_id', 'seq'])
    .execute();

  await db.schema
    .createTable('escalations')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('repeat', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('plan_at', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('escalations_task_idx').on('escalations').column('task_id').execute();

  // The outbox: one row per idempotency key, whatever the number of retries.
  await db.schema
    .createTable('notifications')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('to_addresses', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('cc_addresses', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('smtp_response', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('notifications_task_idx').on('notifications').column('task_id').execute();

  // What the embedded development mail catcher received.
  await db.schema
    .createTable('caught_mail')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('message_id', 'text')
    .addColumn('envelope_from', 'text')
    .addColumn('envelope_to', sql`text[]`, (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('text_body', 'text')
    .addColumn('html_body', 'text')
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('department_code', 'text', (c) => c.references('departments.code'))
    .addColumn('label', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'settings',
    'api_tokens',
    'caught_mail',
    'notifications',
    'escalations',
    'progress_reports',
    'checkpoints',
    'task_events',
    'targets',
    'tasks',
    'policies',
    'departments',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
