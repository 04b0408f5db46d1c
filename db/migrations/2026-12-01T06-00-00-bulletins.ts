// Frozen in time: this migration must never import application code or the live Database type.
// 督查通报: one row per numbered bulletin. The engine drafts one per plan month (a correction is a later number
// that names the one it corrects); numbers are per plan year and gapless, so (plan_year, number) is unique and
// a month has at most one bulletin that corrects nothing.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bulletins')
    .addColumn('plan_year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'issued')`),
    )
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .addColumn('remark', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('praise', 'jsonb', (c) => c.notNull())
    .addColumn('criticism', 'jsonb', (c) => c.notNull())
    .addColumn('corrects', 'integer')
    .addColumn('drafted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('issued_at', 'timestamptz')
    .addColumn('issued_by', 'text')
    .addColumn('content_hash', 'text')
    .addPrimaryKeyConstraint('bulletins_pk', ['plan_year', 'number'])
    .execute();
  await db.schema
    .createIndex('bulletins_one_draft_per_month')
    .on('bulletins')
    .columns(['plan_year', 'period'])
    .unique()
    .where(sql.ref('corrects'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bulletins').execute();
}
