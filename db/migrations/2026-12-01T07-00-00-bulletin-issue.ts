// Frozen in time: this migration must never import application code or the live Database type.
// Issuing a 督查通报 freezes it: its documents are stored with it (the PDF mailed is the PDF downloaded, years
// later), and the database itself refuses to change or delete an issued bulletin. Mail may carry attachments
// that refer to a stored document rather than copy it into every recipient's row.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bulletins').addColumn('pdf', 'bytea').addColumn('docx', 'bytea').execute();
  await sql`
    create function bulletins_issued_are_frozen() returns trigger language plpgsql as $$
    begin
      raise exception 'bulletin %-% is issued and cannot be changed', old.plan_year, old.number
        using errcode = 'P0001', hint = 'issue a correction instead';
    end $$`.execute(db);
  await sql`
    create trigger bulletins_issued_are_frozen before update or delete on bulletins
    for each row when (old.status = 'issued') execute function bulletins_issued_are_frozen()`.execute(db);
  await db.schema
    .alterTable('notifications')
    .addColumn('attachments', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('attachments').execute();
  await sql`drop trigger bulletins_issued_are_frozen on bulletins`.execute(db);
  await sql`drop function bulletins_issued_are_frozen()`.execute(db);
  await db.schema.alterTable('bulletins').dropColumn('pdf').dropColumn('docx').execute();
}
