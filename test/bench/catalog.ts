// Synthetic ledger rows in bulk SQL: departments, the seed policies, and tasks with two targets each.
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { insertPolicy, seedPolicy } from '../support/fixtures';

export const DEPARTMENTS = 30;
/** The department code of index i: d00 … d29. */
export const deptCode = (i: number) => `d${String(i % DEPARTMENTS).padStart(2, '0')}`;

/** Departments d00…d29 with every email set, and the seed policies (idempotent). */
export async function seedDepartments(db: Db): Promise<void> {
  await sql`
    insert into departments (code, name, contact_name, contact_email, head_name, head_email, leader_name, leader_email)
    select 'd' || lpad(g::text, 2, '0'), '第' || g || '局', '联络员' || g, 'd' || g || '.contact@example.org',
           '局长' || g, 'd' || g || '.head@example.org', '副市长' || (g % 5), 'leader' || (g % 5) || '@example.org'
    from generate_series(0, ${DEPARTMENTS - 1}) g
    on conflict (code) do nothing`.execute(db);
  for (const name of ['default', 'key-project', 'reform']) await insertPolicy(db, seedPolicy(name));
}

/** Inserts tasks `<prefix>000001` … with monthly reporting, deadline 2023-12-31; returns their ids. */
export async function seedTasks(db: Db, prefix: string, count: number): Promise<string[]> {
  await sql`
    insert into tasks (id, plan_year, section_path, title, source, lead_department, co_departments, deadline)
    select ${prefix} || lpad(g::text, 6, '0'), 2023,
           array['（' || (g % 9 + 1) || '）', '第' || (g % 7 + 1) || '项'],
           '重点工作第' || g || '项', '新建5G基站1500个，建成公共充电桩300个以上。',
           'd' || lpad((g % ${DEPARTMENTS})::text, 2, '0'),
           array['d' || lpad(((g + 1) % ${DEPARTMENTS})::text, 2, '0')], date '2023-12-31'
    from generate_series(1, ${count}) g`.execute(db);
  await sql`
    insert into targets (task_id, idx, metric, value, unit, comparator)
    select ${prefix} || lpad(g::text, 6, '0'), t.idx, t.metric, t.value, t.unit, t.comparator
    from generate_series(1, ${count}) g,
         (values (0, '新建5G基站', 1500, '个', '='), (1, '建成公共充电桩', 300, '个', '≥'))
           as t(idx, metric, value, unit, comparator)`.execute(db);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(6, '0')}`);
}
