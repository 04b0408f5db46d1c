// What a task accumulates: its progress reports and its trail (task_events), a page at a time, newest first
// (a task written to for years must still answer in bounded size), and the small series its charts plot.
import type { Selectable } from 'kysely';
import type { Db } from '../connect';
import type { Database } from '../schema';
import type { Actor } from '../../workflows/domain';
import type { TaskEventData, TaskEventType } from '../../workflows/events';

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

interface StoredEvent {
  seq: number;
  actor: Actor | null;
  requestId: string | null;
  at: string;
  recordedAt: string;
}

/** One event of the trail as stored: its type tells its data's shape, as the workflow wrote it (events.ts). */
export type EventView = {
  [T in TaskEventType]: StoredEvent & { type: T; data: TaskEventData[T] };
}[TaskEventType];

/** One report's figures, for the progress and target charts. */
export interface ProgressPoint {
  at: string;
  percent: number;
  values: Array<{ targetIdx: number; value: number }>;
}

/** One page of a task's rows of `table`, newest first, and how many there are in all. */
async function newestFirst<T extends 'progress_reports' | 'task_events'>(
  db: Db,
  table: T,
  taskId: string,
  page: Page,
) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom(table as 'progress_reports' | 'task_events')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('seq', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom(table as 'progress_reports' | 'task_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('task_id', '=', taskId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as Array<Selectable<Database[T]>>, total: Number(count.n) };
}

/** One page of a task's progress reports, newest first. */
export async function pageReports(db: Db, taskId: string, page: Page): Promise<Paged<ReportView>> {
  const { rows, total: n } = await newestFirst(db, 'progress_reports', taskId, page);
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
  const { rows, total: n } = await newestFirst(db, 'task_events', taskId, page);
  const items = rows.map(
    (e) =>
      // The one place a stored event is read: the workflow wrote `data` in the shape its `type` names.
      ({
        seq: e.seq,
        type: e.type,
        actor: e.actor ? (JSON.parse(e.actor) as Actor) : null,
        requestId: e.request_id,
        at: e.plan_at.toISOString(),
        recordedAt: e.recorded_at.toISOString(),
        data: e.data,
      }) as EventView,
  );
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
