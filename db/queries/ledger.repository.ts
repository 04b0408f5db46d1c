// Writing the catalog (departments, policies, tasks, targets) from the ledger files, idempotently.
// Only catalog columns are written: the read-model columns of tasks and targets.achieved belong to the workflow.
import { sql, type SqlBool } from 'kysely';
import { targetRowsOf } from './targets';
import type { Db } from '../connect';

export interface CatalogDepartment {
  code: string;
  name: string;
  kind: string;
  contact: { name: string; email: string; phone?: string };
  head: { name: string; email: string };
  leader: { name: string; email: string };
}

export interface CatalogTarget {
  metric: string;
  value: number;
  unit: string;
  comparator: string;
  tentative: boolean;
}

export interface CatalogTask {
  id: string;
  planYear: number;
  sectionPath: string[];
  title: string;
  source: string;
  leadDepartment: string;
  coDepartments: string[];
  deadline: string;
  cadence: string;
  policy: string;
  priority: string;
  targets: CatalogTarget[];
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface TargetCounts extends UpsertCounts {
  deleted: number;
}

/** Codes, names and ids already in the catalog. */
export async function catalogKeys(
  db: Db,
): Promise<{ departments: string[]; policies: string[]; tasks: string[] }> {
  const [departments, policies, tasks] = await Promise.all([
    db.selectFrom('departments').select('code').execute(),
    db.selectFrom('policies').select('name').execute(),
    db.selectFrom('tasks').select('id').execute(),
  ]);
  return {
    departments: departments.map((r) => r.code),
    policies: policies.map((r) => r.name),
    tasks: tasks.map((r) => r.id),
  };
}

/** Serialises concurrent loads: a second `ledger load` waits for the first to commit. */
export async function lockCatalog(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('duban.ledger-load'))`.execute(db);
}

// `xmax = 0` tells an inserted row from an updated one; rows the WHERE left alone are not returned.
const insertedFlag = sql<boolean>`xmax = 0`.as('inserted');

function count(returned: Array<{ inserted: boolean }>, total: number): UpsertCounts {
  const inserted = returned.filter((r) => r.inserted).length;
  return { inserted, updated: returned.length - inserted, unchanged: total - returned.length };
}

/** Inserts new departments and updates changed ones (updated_at moves only when something changed). */
export async function upsertDepartments(db: Db, departments: CatalogDepartment[]): Promise<UpsertCounts> {
  if (departments.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const rows = departments.map((d) => ({
    code: d.code,
    name: d.name,
    kind: d.kind,
    contact_name: d.contact.name,
    contact_email: d.contact.email,
    contact_phone: d.contact.phone ?? null,
    head_name: d.head.name,
    head_email: d.head.email,
    leader_name: d.leader.name,
    leader_email: d.leader.email,
  }));
  const columns = Object.keys(rows[0] as object).filter((c) => c !== 'code') as Array<keyof (typeof rows)[0]>;
  const returned = await db
    .insertInto('departments')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('code')
        .doUpdateSet((eb) => ({
          ...Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])),
          updated_at: sql`now()`,
        }))
        .where(distinct('departments', columns)),
    )
    .returning(insertedFlag)
    .execute();
  return count(returned, rows.length);
}

/** Inserts new policies and updates those whose spec changed. */
export async function upsertPolicies(
  db: Db,
  policies: Array<{ name: string; spec: Record<string, unknown> }>,
): Promise<UpsertCounts> {
  if (policies.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const returned = await db
    .insertInto('policies')
    .values(policies.map((p) => ({ name: p.name, spec: JSON.stringify(p.spec) })))
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ spec: eb.ref('excluded.spec'), updated_at: sql`now()` }))
        .where(distinct('policies', ['spec'])),
    )
    .returning(insertedFlag)
    .execute();
  return count(returned, policies.length);
}

const TASK_COLUMNS = [
  'plan_year',
  'section_path',
  'title',
  'source',
  'lead_department',
  'co_departments',
  'deadline',
  'cadence',
  'policy',
  'priority',
] as const;

/**
 * Inserts new tasks (read model at its defaults) and updates the catalog columns of changed ones that have
 * not started: once a task's workflow exists, its row is the workflow's (lead and co-departments follow
 * reassignments) and a reload must not undo what the office decided (the caller reports the differences).
 */
export async function upsertTasks(db: Db, tasks: CatalogTask[]): Promise<UpsertCounts> {
  if (tasks.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const rows = tasks.map((t) => ({
    id: t.id,
    plan_year: t.planYear,
    section_path: t.sectionPath,
    title: t.title,
    source: t.source,
    lead_department: t.leadDepartment,
    co_departments: t.coDepartments,
    deadline: t.deadline,
    cadence: t.cadence,
    policy: t.policy,
    priority: t.priority,
  }));
  const returned = await db
    .insertInto('tasks')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          ...Object.fromEntries(TASK_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])),
          updated_at: sql`now()`,
        }))
        .where(distinct('tasks', TASK_COLUMNS))
        .where('tasks.workflow_id', 'is', null),
    )
    .returning(insertedFlag)
    .execute();
  return count(returned, rows.length);
}

/** The catalog as the database holds it for tasks whose workflow exists (started, running or closed). */
export async function startedTasks(db: Db, ids: readonly string[]): Promise<CatalogTask[]> {
  if (ids.length === 0) return [];
  const list = [...ids];
  const [rows, targets] = await Promise.all([
    db
      .selectFrom('tasks')
      .select(['id', ...TASK_COLUMNS])
      .where('id', 'in', list)
      .where('workflow_id', 'is not', null)
      .execute(),
    targetRowsOf(db, list),
  ]);
  return rows.map((r) => ({
    id: r.id,
    planYear: r.plan_year,
    sectionPath: r.section_path,
    title: r.title,
    source: r.source,
    leadDepartment: r.lead_department,
    coDepartments: r.co_departments,
    deadline: r.deadline,
    cadence: r.cadence,
    policy: r.policy,
    priority: r.priority,
    targets: targets
      .filter((t) => t.task_id === r.id)
      .map((t) => ({
        metric: t.metric,
        value: Number(t.value),
        unit: t.unit,
        comparator: t.comparator,
        tentative: t.tentative,
      })),
  }));
}

/**
 * Makes each task's targets equal to the file's, by position: unchanged rows are not touched, changed rows
 * are updated in place (their `achieved` kept unless the metric or unit changed), extra rows deleted.
 */
export async function syncTargets(db: Db, tasks: CatalogTask[]): Promise<TargetCounts> {
  const counts: TargetCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  if (tasks.length === 0) return counts;
  const existing = await db
    .selectFrom('targets')
    .select(['task_id', 'idx', 'metric', 'value', 'unit', 'comparator', 'tentative'])
    .where(
      'task_id',
      'in',
      tasks.map((t) => t.id),
    )
    .execute();
  const byKey = new Map(existing.map((r) => [`${r.task_id}#${r.idx}`, r]));
  const inserts: Array<{ task_id: string; idx: number } & CatalogTarget> = [];
  for (const task of tasks) {
    for (const [idx, t] of task.targets.entries()) {
      const row = byKey.get(`${task.id}#${idx}`);
      if (!row) {
        inserts.push({ task_id: task.id, idx, ...t });
        continue;
      }
      const same =
        row.metric === t.metric &&
        Number(row.value) === t.value &&
        row.unit === t.unit &&
        row.comparator === t.comparator &&
        row.tentative === t.tentative;
      if (same) {
        counts.unchanged += 1;
        continue;
      }
      const sameTarget = row.metric === t.metric && row.unit === t.unit;
      await db
        .updateTable('targets')
        .set({ ...t, ...(sameTarget ? {} : { achieved: null }) })
        .where('task_id', '=', task.id)
        .where('idx', '=', idx)
        .execute();
      counts.updated += 1;
    }
    const deleted = await db
      .deleteFrom('targets')
      .where('task_id', '=', task.id)
      .where('idx', '>=', task.targets.length)
      .executeTakeFirst();
    counts.deleted += Number(deleted.numDeletedRows);
  }
  if (inserts.length > 0) await db.insertInto('targets').values(inserts).execute();
  counts.inserted = inserts.length;
  return counts;
}

// "(t.a, t.b) is distinct from (excluded.a, excluded.b)": update only what changed, so a re-load is a no-op.
function distinct(table: string, columns: readonly string[]) {
  const list = (prefix: string) => sql.join(columns.map((c) => sql.ref(`${prefix}.${c}`)));
  return sql<SqlBool>`(${list(table)}) is distinct from (${list('excluded')})`;
}
