// Reading tasks, limited to what the caller may see.
import {
  getTaskDetail,
  listTasks,
  type TaskDetail as StoredTaskDetail,
  type TaskSummary,
} from '../../db/queries/task-read';
import { planAt } from '../../workflows/clock';
import { atPlanInstant } from '../../db/task-view';
import { scopeOf } from './access';
import type { ServiceDeps } from './deps';
import { notFound } from './errors';
import { parseInput } from './input';
import type { Principal } from './principal';
import { taskDetailQuery, taskListQuery } from './schemas';
import { loadTaskFor } from './task-actions';

/** A task as the API and the dashboard show it: the read model's rows, and the workflow's state as a TaskView. */
export type TaskDetail = StoredTaskDetail;

export interface TaskPage {
  items: TaskSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** One page of the caller's tasks matching the filters (status, light, department, section, level). */
export async function listTasksFor(
  deps: Pick<ServiceDeps, 'db'>,
  p: Principal,
  rawQuery: unknown,
): Promise<TaskPage> {
  const { limit, offset, ...filter } = parseInput(taskListQuery, rawQuery ?? {});
  const page = await listTasks(deps.db, scopeOf(p), filter, { limit, offset });
  return { ...page, limit, offset };
}

/**
 * One task with one page of its reports and of its trail, newest first (reportsLimit/reportsOffset,
 * eventsLimit/eventsOffset): 404 when unknown, 403 when not the caller's.
 */
export async function getTaskFor(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  p: Principal,
  taskId: string,
  rawQuery?: unknown,
): Promise<TaskDetail> {
  const q = parseInput(taskDetailQuery, rawQuery ?? {});
  await loadTaskFor(deps, p, taskId);
  const detail = await getTaskDetail(deps.db, taskId, {
    reports: { limit: q.reportsLimit, offset: q.reportsOffset },
    events: { limit: q.eventsLimit, offset: q.eventsOffset },
  });
  if (!detail) throw notFound({ zh: '任务', en: 'task' }, taskId);
  return { ...detail, state: detail.state && atPlanInstant(detail.state, planAt(deps.clock, Date.now())) };
}
