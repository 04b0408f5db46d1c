// The read model as the API serves it: task lists with filters and paging, and one task in full.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../connect';
import type { Light } from '../../workflows/domain';
import type { TaskView } from '../task-view';
import {
  pageEvents,
  pageReports,
  type EventView,
  type Page,
  type Paged,
  type ReportView,
} from './task-history';

/** Whose tasks a caller may see: all, a department's (lead or co), or a leader's (by the lead's leader_email). */
export type TaskScope = { all: true } | { department: string } | { leaderEmail: string };

export interface TaskFilter {
  status?: string;
  light?: Light;
  /** Lead or co-responsible department. */
  department?: string;
  /** The first element of the section path, exactly or as its beginning. */
  section?: string;
  level?: number;
}

export interface TaskSummary {
  id: string;
  title: string;
  sectionPath: string[];
  leadDepartment: string;
  coDepartments: string[];
  /** 'draft' until the workflow starts, then the workflow's status. */
  status: string;
  light: Light | null;
  level: number;
  percent: number;
  /** The catalog deadline, 'YYYY-MM-DD'. */
  deadline: string;
  /** The running deadline (after extensions and suspensions), as an instant. */
  currentDeadline: string | null;
  nextDueAt: string | null;
  priority: string;
  cadence: string;
  updatedAt: string;
}

/** What access checks need to know about a task. */
export interface TaskAccess {
  id: string;
  leadDepartment: string;
  coDepartments: string[];
  /** The leader in charge: the lead department's leader_email. */
  leaderEmail: string | null;
  workflowId: string | null;
  status: string;
}

/** A quantitative target of a task, with the latest value reported against it. */
export interface TaskTarget {
  idx: number;
  metric: string;
  value: number;
  unit: string;
  comparator: string;
  tentative: boolean;
  achieved: number | null;
}

export interface TaskDetail {
  task: TaskSummary & { source: string; policy: string };
  /** The task's public view as stored (its 序时进度 is filled in when read); null until started. */
  state: TaskView | null;
  targets: TaskTarget[];
  checkpoints: Array<{ period: string; dueAt: string; status: string; receivedAt: string | null }>;
  /** One page, newest first (task-history.ts). */
  reports: Paged<ReportView>;
  escalations: Array<{
    key: string;
    reason: string;
    period: string;
    level: number;
    repeat: number;
    at: string;
    acknowledgedAt: string | null;
  }>;
  /** One page of the trail, newest first (task-history.ts). */
  events: Paged<EventView>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function scoped(db: Db, scope: TaskScope) {
  let q = db.selectFrom('tasks');
  if ('department' in scope) {
    const code = scope.department;
    q = q.where((eb) =>
      eb.or([eb('lead_department', '=', code), sql<SqlBool>`${code} = any(co_departments)`]),
    );
  } else if ('leaderEmail' in scope) {
    q = q.where('lead_department', 'in', (eb) =>
      eb
        .selectFrom('departments')
        .select('code')
        .where(sql<string>`lower(leader_email)`, '=', scope.leaderEmail.toLowerCase()),
    );
  }
  return q;
}

const summaryColumns = [
  'id',
  'title',
  'section_path',
  'lead_department',
  'co_departments',
  'status',
  'light',
  'level',
  'percent',
  'deadline',
  'current_deadline',
  'next_due_at',
  'priority',
  'cadence',
  'updated_at',
] as const;

type SummaryRow = {
  id: string;
  title: string;
  section_path: string[];
  lead_department: string;
  co_departments: string[];
  status: string;
  light: string | null;
  level: number;
  percent: string;
  deadline: string;
  current_deadline: Date | null;
  next_due_at: Date | null;
  priority: string;
  cadence: string;
  updated_at: Date;
};

const toSummary = (r: SummaryRow): TaskSummary => ({
  id: r.id,
  title: r.title,
  sectionPath: r.section_path,
  leadDepartment: r.lead_department,
  coDepartments: r.co_departments,
  status: r.status,
  light: r.light as Light | null,
  level: r.level,
  percent: Number(r.percent),
  deadline: r.deadline,
  currentDeadline: iso(r.current_deadline),
  nextDueAt: iso(r.next_due_at),
  priority: r.priority,
  cadence: r.cadence,
  updatedAt: r.updated_at.toISOString(),
});

/** One page of the tasks in `scope` that match `filter`, in id order, and how many match in all. */
export async function listTasks(
  db: Db,
  scope: TaskScope,
  filter: TaskFilter,
  page: { limit: number; offset: number },
): Promise<{ items: TaskSummary[]; total: number }> {
  let q = scoped(db, scope);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.light !== undefined) q = q.where('light', '=', filter.light);
  if (filter.level !== undefined) q = q.where('level', '=', filter.level);
  if (filter.department !== undefined) {
    const code = filter.department;
    q = q.where((eb) =>
      eb.or([eb('lead_department', '=', code), sql<SqlBool>`${code} = any(co_departments)`]),
    );
  }
  if (filter.section !== undefined) {
    const first: Expression<string> = sql<string>`section_path[1]`;
    q = q.where(sql<SqlBool>`${first} like ${`${escapeLike(filter.section)}%`}`);
  }
  const [rows, count] = await Promise.all([
    q.select(summaryColumns).orderBy('id').limit(page.limit).offset(page.offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toSummary), total: Number(count.n) };
}

export async function getTaskAccess(db: Db, id: string): Promise<TaskAccess | undefined> {
  const row = await db
    .selectFrom('tasks as t')
    .leftJoin('departments as d', 'd.code', 't.lead_department')
    .select(['t.id', 't.lead_department', 't.co_departments', 'd.leader_email', 't.workflow_id', 't.status'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    leadDepartment: row.lead_department,
    coDepartments: row.co_departments,
    leaderEmail: row.leader_email,
    workflowId: row.workflow_id,
    status: row.status,
  };
}

/** A task: state, targets, checkpoints, escalations, one page of its reports and trail; undefined if unknown. */
export async function getTaskDetail(
  db: Db,
  id: string,
  page: { reports: Page; events: Page },
): Promise<TaskDetail | undefined> {
  const task = await db
    .selectFrom('tasks')
    .select([...summaryColumns, 'source', 'policy', 'view'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!task) return undefined;
  const [targets, checkpoints, reports, escalations, events] = await Promise.all([
    db.selectFrom('targets').selectAll().where('task_id', '=', id).orderBy('idx').execute(),
    db.selectFrom('checkpoints').selectAll().where('task_id', '=', id).orderBy('due_at').execute(),
    pageReports(db, id, page.reports),
    db
      .selectFrom('escalations')
      .selectAll()
      .where('task_id', '=', id)
      .orderBy('plan_at')
      .orderBy('key')
      .execute(),
    pageEvents(db, id, page.events),
  ]);
  return {
    task: { ...toSummary(task), source: task.source, policy: task.policy },
    state: task.view,
    targets: targets.map((t) => ({
      idx: t.idx,
      metric: t.metric,
      value: Number(t.value),
      unit: t.unit,
      comparator: t.comparator,
      tentative: t.tentative,
      achieved: t.achieved === null ? null : Number(t.achieved),
    })),
    checkpoints: checkpoints.map((c) => ({
      period: c.period,
      dueAt: c.due_at.toISOString(),
      status: c.status,
      receivedAt: iso(c.received_at),
    })),
    reports,
    escalations: escalations.map((x) => ({
      key: x.key,
      reason: x.reason,
      period: x.period,
      level: x.level,
      repeat: x.repeat,
      at: x.plan_at.toISOString(),
      acknowledgedAt: iso(x.acknowledged_at),
    })),
    events,
  };
}
