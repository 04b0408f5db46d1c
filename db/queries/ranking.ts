// The facts the department ranking is computed from, per lead department, and the stored ranking rule.
import { sql } from 'kysely';
import type { Db } from '../connect';
import { LEVEL } from '../../workflows/domain';
import { RUNNING_STATUSES } from '../../workflows/status';

export interface DepartmentFacts {
  code: string;
  name: string;
  /** Tasks the department leads (cancelled ones left out). */
  tasks: number;
  /** Checkpoints whose report came in on time, late, or not at all (pending ones are not counted yet). */
  reportsOnTime: number;
  reportsLate: number;
  reportsMissing: number;
  completed: number;
  completedOnTime: number;
  /** Open tasks past their (current) deadline, with no completion submitted in time. */
  overdueOpen: number;
  /** Escalations of the department's tasks by level (level 4 and above counted as 4). */
  escalations: [number, number, number, number];
}

const RULE_KEY = 'ranking_rule';

/** Facts for every department that leads at least one task that is not cancelled. */
export async function rankingFacts(db: Db, planNow: Date): Promise<DepartmentFacts[]> {
  const { rows } = await sql<{
    code: string;
    name: string;
    tasks: string;
    completed: string;
    completed_on_time: string;
    overdue_open: string;
    on_time: string | null;
    late: string | null;
    missing: string | null;
    l1: string | null;
    l2: string | null;
    l3: string | null;
    l4: string | null;
  }>`
    with t as (
      select id, lead_department, status, current_deadline,
        -- From the public view (db/task-view.ts): ISO instants.
        coalesce((view->'completion'->>'at')::timestamptz < (view->>'deadlineAt')::timestamptz, false)
          as submitted_on_time
      from tasks where status <> 'cancelled'
    ),
    task_agg as (
      select lead_department as code,
        count(*) as tasks,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where status = 'completed' and submitted_on_time) as completed_on_time,
        count(*) filter (
          where status in (${sql.join(RUNNING_STATUSES)})
            and current_deadline < ${planNow}
            and not (status = 'completion_review' and submitted_on_time)
        ) as overdue_open
      from t group by lead_department
    ),
    cp_agg as (
      select t.lead_department as code,
        count(*) filter (where c.status = 'received') as on_time,
        count(*) filter (where c.status = 'late') as late,
        count(*) filter (where c.status = 'missing') as missing
      from checkpoints c join t on t.id = c.task_id group by t.lead_department
    ),
    esc_agg as (
      select t.lead_department as code,
        count(*) filter (where e.level = ${LEVEL.reminder}) as l1,
        count(*) filter (where e.level = ${LEVEL.urge}) as l2,
        count(*) filter (where e.level = ${LEVEL.supervise}) as l3,
        count(*) filter (where e.level >= ${LEVEL.talk}) as l4
      from escalations e join t on t.id = e.task_id group by t.lead_department
    )
    select d.code, d.name, a.tasks, a.completed, a.completed_on_time, a.overdue_open,
      c.on_time, c.late, c.missing, e.l1, e.l2, e.l3, e.l4
    from task_agg a
      join departments d on d.code = a.code
      left join cp_agg c on c.code = a.code
      left join esc_agg e on e.code = a.code
    order by d.code
  `.execute(db);
  const n = (v: string | null) => Number(v ?? 0);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    tasks: n(r.tasks),
    reportsOnTime: n(r.on_time),
    reportsLate: n(r.late),
    reportsMissing: n(r.missing),
    completed: n(r.completed),
    completedOnTime: n(r.completed_on_time),
    overdueOpen: n(r.overdue_open),
    escalations: [n(r.l1), n(r.l2), n(r.l3), n(r.l4)],
  }));
}

/** The stored ranking rule as JSON (validated by the caller), or undefined for the default. */
export async function getStoredRankingRule(db: Db): Promise<unknown> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', RULE_KEY).executeTakeFirst();
  return row?.value;
}

export async function storeRankingRule(db: Db, rule: unknown): Promise<void> {
  const value = JSON.stringify(rule);
  await db
    .insertInto('settings')
    .values({ key: RULE_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: sql`now()` }))
    .execute();
}
