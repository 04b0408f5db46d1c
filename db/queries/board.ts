// What the board, the overdue list and the ledger export need beyond a task's summary row: its targets,
// why its light is not green, the instants of 序时进度, its report and escalation counts. Only the few
// snapshot fields needed are read (the whole state is large and the board is polled every few seconds).
import { sql } from 'kysely';
import { targetRowsOf } from './targets';
import type { Db } from '../connect';
import type { TaskTarget } from './task-read';
import type { LightReason } from '../../workflows/domain';

export interface TaskExtras {
  source: string;
  lightReasons: LightReason[];
  /** Plan instants from the workflow's snapshot; null until the task starts. */
  startedAt: number | null;
  deadlineAt: number | null;
  ackDueAt: number | null;
  targets: TaskTarget[];
  reports: number;
  lastReportAt: string | null;
  escalations: number;
  /** Reporting periods whose report is overdue (checkpoint 'missing'), oldest first. */
  missing: Array<{ period: string; dueAt: string }>;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** An ISO instant of the view as epoch milliseconds. */
const instant = (v: string | null): number | null => (v === null ? null : Date.parse(v));

/** Extras for each of `ids` (an id without a row is absent from the map). */
export async function taskExtras(db: Db, ids: readonly string[]): Promise<Map<string, TaskExtras>> {
  const out = new Map<string, TaskExtras>();
  if (ids.length === 0) return out;
  const list = [...ids];
  const [tasks, targets, reports, escalations, missing] = await Promise.all([
    db
      .selectFrom('tasks')
      .select([
        'id',
        'source',
        // From the public view (db/task-view.ts): instants are ISO strings there.
        sql<LightReason[] | null>`view->'lightReasons'`.as('reasons'),
        sql<string | null>`view->>'startedAt'`.as('started_at'),
        sql<string | null>`view->>'deadlineAt'`.as('deadline_at'),
        sql<string | null>`view->>'acknowledgeBy'`.as('ack_due_at'),
      ])
      .where('id', 'in', list)
      .execute(),
    targetRowsOf(db, list),
    db
      .selectFrom('progress_reports')
      .select(['task_id', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.max('plan_at').as('last')])
      .where('task_id', 'in', list)
      .groupBy('task_id')
      .execute(),
    db
      .selectFrom('escalations')
      .select(['task_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('task_id', 'in', list)
      .groupBy('task_id')
      .execute(),
    db
      .selectFrom('checkpoints')
      .select(['task_id', 'period', 'due_at'])
      .where('task_id', 'in', list)
      .where('status', '=', 'missing')
      .orderBy('due_at')
      .execute(),
  ]);
  for (const t of tasks) {
    out.set(t.id, {
      source: t.source,
      lightReasons: t.reasons ?? [],
      startedAt: instant(t.started_at),
      deadlineAt: instant(t.deadline_at),
      ackDueAt: instant(t.ack_due_at),
      targets: [],
      reports: 0,
      lastReportAt: null,
      escalations: 0,
      missing: [],
    });
  }
  for (const t of targets) {
    out.get(t.task_id)?.targets.push({
      idx: t.idx,
      metric: t.metric,
      value: Number(t.value),
      unit: t.unit,
      comparator: t.comparator,
      tentative: t.tentative,
      achieved: num(t.achieved),
    });
  }
  for (const r of reports) {
    const e = out.get(r.task_id);
    if (e) {
      e.reports = Number(r.n);
      e.lastReportAt = r.last ? new Date(r.last).toISOString() : null;
    }
  }
  for (const r of escalations) {
    const e = out.get(r.task_id);
    if (e) e.escalations = Number(r.n);
  }
  for (const m of missing)
    out.get(m.task_id)?.missing.push({ period: m.period, dueAt: m.due_at.toISOString() });
  return out;
}
