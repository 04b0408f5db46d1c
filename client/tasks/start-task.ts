// Starts the workflow of a catalog task: id `task-<taskId>`, schedule computed here (never in workflow code).
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { planSchedule } from '../../activities/calendar';
import type { Db } from '../../db/connect';
import { loadTaskSpec } from '../../db/queries/task-catalog';
import { planAt } from '../../workflows/clock';
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
}

export type StartOutcome = { taskId: string; workflowId: string; started: boolean };

export async function startTask(options: StartTaskOptions, taskId: string): Promise<StartOutcome> {
  const spec = await loadTaskSpec(options.db, taskId);
  const workflowId = workflowIdFor(taskId);
  const startAt = planAt(options.clock, Date.now());
  const schedule = {
    ...planSchedule({ startAt, deadline: spec.deadline, cadence: spec.cadence, policy: spec.policy }),
    startAt,
  };
  if (schedule.deadlineAt <= startAt) {
    throw new Error(
      `task ${taskId}: deadline ${spec.deadline} is already past at plan time ${new Date(startAt).toISOString()}`,
    );
  }
  const input: TaskWorkflowInput = {
    spec,
    clock: options.clock,
    schedule,
    continueAsNewAfterEvents: options.continueAsNewAfterEvents,
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
