// What a task accumulates: its progress reports and its trail (task_events), a page at a time, newest first
// (a task written to for years must still answer in bounded size), and the small series its charts plot.
import type { Db } from '../connect';
import type { Actor } from '../../workflows/domain';

/** A window of a list, newest first, and how many there are in all. */
export interface Page {
  limit: number;
  offset: number;
}
export interface Paged<T> extends Page {
  items: T[];
  total: number;
}

export interface ReportView {
  seq: number;
  requestId: string;
  period: string;
  percent: number;
  values: Array<{ targetIdx: number; value: number }>;
  narrative: string;
  problems: string;
  nextSteps: string;
  submittedBy: string;
  late: boolean;
  at: string;
}

export interface EventView {
  seq: number;
  type: string;
  actor: Actor | null;
  requestId: string | null;
  at: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

/** One report's figures, for the progress and target charts. */
export interface ProgressPoint {
  at: string;
  percent: number;
  values: Array<{ targetIdx: number; value: number }>;
}

async function total(db: Db, table: 'progress_reports' | 'task_events', taskId: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('task_id', '=', taskId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of a task's progress reports, newest first. */
export async function pageReports(db: Db, taskId: string, page: Page): Promise<Paged<ReportView>> {
  const [rows, n] = await Promise.all([
    db
      .selectFrom('progress_reports')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('seq', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    total(db, 'progress_reports', taskId),
  ]);
  const items = rows.map((r) => ({
    seq: r.seq,
    requestId: r.request_id,
    period: r.period,
    percent: Number(r.percent),
    values: r.values,
    narrative: r.narrative,
    problems: r.problems,
    nextSteps: r.next_steps,
    submittedBy: r.submitted_by,
    late: r.late,
    at: r.plan_at.toISOString(),
  }));
  return { items, total: n, ...page };
}

/** One page of a task's trail, newest first. */
export async function pageEvents(db: Db, taskId: string, page: Page): Promise<Paged<EventView>> {
  const [rows, n] = await Promise.all([
    db
      .selectFrom('task_events')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('seq', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    total(db, 'task_events', taskId),
  ]);
  const items = rows.map((e) => ({
    seq: e.seq,
    type: e.type,
    actor: e.actor ? (JSON.parse(e.actor) as Actor) : null,
    requestId: e.request_id,
    at: e.plan_at.toISOString(),
    recordedAt: e.recorded_at.toISOString(),
    data: e.data,
  }));
  return { items, total: n, ...page };
}

/**
 * Every report's figures, oldest first: the charts plot the whole history while the reports table shows a page.
 * No texts, so it stays small; the charts draw at most one point per pixel column (chart.ts).
 */
export async function progressSeries(db: Db, taskId: string): Promise<ProgressPoint[]> {
  const rows = await db
    .selectFrom('progress_reports')
    .select(['plan_at', 'percent', 'values'])
    .where('task_id', '=', taskId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ at: r.plan_at.toISOString(), percent: Number(r.percent), values: r.values }));
}
