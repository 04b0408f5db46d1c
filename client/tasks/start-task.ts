// Starts the workflow of a catalog task: id `task-<taskId>`, schedule computed here (never in workflow code).
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { planSchedule } from '../../activities/calendar';
import type { Db } from '../../db/connect';
import { loadTaskSpec } from '../../db/queries/task-catalog';
import { planAt, planDate } from '../../workflows/clock';
import { DEFAULT_TASK_QUEUE, workflowIdFor, type TaskWorkflowInput } from '../../workflows/definitions';
import type { ClockSpec } from '../../workflows/domain';
import { LEAD_DEPARTMENT, LEVEL, LIGHT, STATUS } from '../../workflows/search-attributes';
import type { taskWorkflow } from '../../workflows/task-workflow';

export interface StartTaskOptions {
  db: Db;
  client: Client;
  clock: ClockSpec;
  taskQueue?: string;
  continueAsNewAfterEvents?: number;
  /** Start a never-started task whose deadline has passed: it starts overdue (its overdue ladder climbs from now). */
  allowPastDeadline?: boolean;
}

export type StartOutcome = { taskId: string; workflowId: string; started: boolean };

/** A task never started whose catalog deadline has passed: starting it needs a decision from the office. */
export class PastDeadlineError extends Error {
  constructor(
    readonly taskId: string,
    readonly deadline: string,
    readonly planNow: number,
  ) {
    super(
      `task ${taskId} was never started and its deadline ${deadline} has passed (plan date ${planDate(planNow)}): ` +
        `extend its deadline in the ledger and load it again, or start it overdue ('task start <id> --allow-past-deadline', or allowPastDeadline: true in the API)`,
    );
    this.name = 'PastDeadlineError';
  }
}

/**
 * Starts the task's workflow; `started: false` when one exists already (running or closed). A task whose
 * workflow exists is never checked against the catalog again: once it runs, its deadline is the workflow's.
 */
export async function startTask(options: StartTaskOptions, taskId: string): Promise<StartOutcome> {
  const spec = await loadTaskSpec(options.db, taskId);
  const workflowId = workflowIdFor(taskId);
  const startAt = planAt(options.clock, Date.now());
  const schedule = {
    ...planSchedule({ startAt, deadline: spec.deadline, cadence: spec.cadence, policy: spec.policy }),
    startAt,
  };
  if (schedule.deadlineAt <= startAt && !options.allowPastDeadline) {
    // Only the catalog says the deadline has passed: a workflow that exists has its own (extended) one.
    if (await workflowExists(options.client, workflowId)) return { taskId, workflowId, started: false };
    throw new PastDeadlineError(taskId, spec.deadline, startAt);
  }
  const input: TaskWorkflowInput = {
    spec,
    clock: options.clock,
    schedule,
    continueAsNewAfterEvents: options.continueAsNewAfterEvents,
    searchAttributesAtStart: true,
  };
  try {
    await options.client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
      workflowId,
      taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
      args: [input],
      // A closed task stays closed: starting it again is refused, not a new run.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: LIGHT, value: 'green' },
        { key: STATUS, value: 'assigned' },
        { key: LEAD_DEPARTMENT, value: spec.leadDepartment },
        { key: LEVEL, value: 0 },
      ],
    });
    await options.db.updateTable('tasks').set({ workflow_id: workflowId }).where('id', '=', taskId).execute();
    return { taskId, workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { taskId, workflowId, started: false };
    throw err;
  }
}

/** Whether Temporal has any execution (running or closed) under this workflow id. */
async function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

export interface StartAllSummary {
  started: string[];
  /** Running or closed already: left alone. */
  existing: string[];
  /** Never started, deadline passed: not started, each with the message saying what to do. */
  pastDeadline: PastDeadlineError[];
}

/** Starts every listed task; one task past its deadline never stops the others (`up` must come back any day). */
export async function startTasks(
  options: StartTaskOptions,
  taskIds: readonly string[],
): Promise<StartAllSummary> {
  const summary: StartAllSummary = { started: [], existing: [], pastDeadline: [] };
  for (const id of taskIds) {
    try {
      const out = await startTask(options, id);
      (out.started ? summary.started : summary.existing).push(id);
    } catch (err) {
      if (!(err instanceof PastDeadlineError)) throw err;
      summary.pastDeadline.push(err);
    }
  }
  return summary;
}
