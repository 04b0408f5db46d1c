// Starting a task's workflow through the service layer: office only, same 404/403 as every action.
import { CatalogError } from '../../db/queries/task-catalog';
import * as d from '../../workflows/definitions';
import { planAt } from '../../workflows/clock';
import { toTaskView, type TaskView } from '../../db/task-view';
import { PastDeadlineError, startTask } from '../tasks/start-task';
import { requireRole } from './access';
import type { ServiceDeps } from './deps';
import { ServiceError } from './errors';
import { parseInput } from './input';
import type { Principal } from './principal';
import { startBody } from './schemas';
import { loadTaskFor } from './task-actions';

export interface StartResult {
  taskId: string;
  workflowId: string;
  started: boolean;
  state: TaskView | null;
}

/** Starts a task's workflow (office only); starting twice is not an error: `started` says which. */
export async function startTaskFor(
  deps: ServiceDeps,
  p: Principal,
  taskId: string,
  rawBody: unknown,
): Promise<StartResult> {
  requireRole(p, ['office'], { zh: '启动任务', en: 'start the task' });
  const body = parseInput(startBody, rawBody ?? {});
  const task = await loadTaskFor(deps, p, taskId);
  let out;
  try {
    out = await startTask(
      {
        db: deps.db,
        client: deps.temporal,
        clock: deps.clock,
        taskQueue: deps.taskQueue,
        allowPastDeadline: body.allowPastDeadline,
      },
      task.id,
    );
  } catch (err) {
    if (err instanceof CatalogError || err instanceof PastDeadlineError)
      throw new ServiceError(
        'wrong_state',
        `任务「${taskId}」无法启动：${(err as Error).message}`,
        `task '${taskId}' cannot start: ${(err as Error).message}`,
        'deadline',
        { cause: err },
      );
    throw err;
  }
  const state = await deps.temporal.workflow
    .getHandle(out.workflowId)
    .query(d.getStateQuery)
    .catch(() => null);
  return { ...out, state: state && toTaskView(state, planAt(deps.clock, Date.now())) };
}
