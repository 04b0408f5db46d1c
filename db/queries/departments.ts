// The department directory as the API and CLI show it.
import { sql } from 'kysely';
import type { Db } from '../connect';

export interface Department {
  code: string;
  name: string;
  kind: string;
  contact: { name?: string; email?: string; phone?: string };
  head: { name?: string; email?: string };
  leader: { name?: string; email?: string };
}

const person = (name: string | null, email: string | null) => ({
  ...(name ? { name } : {}),
  ...(email ? { email } : {}),
});

export async function listDepartments(db: Db): Promise<Department[]> {
  const rows = await db.selectFrom('departments').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    contact: {
      ...person(r.contact_name, r.contact_email),
      ...(r.contact_phone ? { phone: r.contact_phone } : {}),
    },
    head: person(r.head_name, r.head_email),
    leader: person(r.leader_name, r.leader_email),
  }));
}

/** The codes among `codes` that are not in the directory. */
export async function missingDepartmentCodes(db: Db, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db.selectFrom('departments').select('code').where('code', 'in', codes).execute();
  const found = new Set(rows.map((r) => r.code));
  return codes.filter((c) => !found.has(c));
}

/** The leader in charge with this email (as recorded on any department), if there is one. */
export async function findLeader(
  db: Db,
  email: string,
): Promise<{ name?: string; email: string } | undefined> {
  const row = await db
    .selectFrom('departments')
    .select(['leader_name', 'leader_email'])
    .where(sql<string>`lower(leader_email)`, '=', email.toLowerCase())
    .orderBy('code')
    .executeTakeFirst();
  if (!row?.leader_email) return undefined;
  return { email: row.leader_email, ...(row.leader_name ? { name: row.leader_name } : {}) };
}
