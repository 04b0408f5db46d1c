// Sends an Update to a task workflow and turns every way it can be refused into one typed error.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import * as d from '../../workflows/definitions';
import type { TaskState } from '../../workflows/domain';
import { withIdempotency } from './idempotency';
import { VALIDATION_ERROR, type RefusalDetails } from '../../workflows/rules/validation-failure';

/** A refused action: `kind` says whether the task refused it, is closed, or does not exist. */
export class TaskActionError extends Error {
  constructor(
    readonly kind: 'refused' | 'closed' | 'not_found',
    message: string,
    readonly code: RefusalDetails['code'] | 'not_found',
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TaskActionError';
  }
}

/** Executes `def` on the task's workflow, the request id scoped to the message's actor (see idempotency.ts). */
export async function sendUpdate<I extends d.Message>(
  client: Client,
  taskId: string,
  def: d.TaskUpdate<I>,
  input: I,
): Promise<TaskState> {
  try {
    return await client.workflow
      .getHandle(d.workflowIdFor(taskId))
      // No Update id from the request: the workflow dedupes, and answers a repeat with the current state.
      .executeUpdate(def, { args: [withIdempotency(def.name, input)] });
  } catch (err) {
    throw asTaskActionError(err) ?? err;
  }
}

/** The typed refusal hidden in a client error, or undefined for an operational failure. */
export function asTaskActionError(err: unknown): TaskActionError | undefined {
  if (
    err instanceof WorkflowUpdateFailedError &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === VALIDATION_ERROR
  ) {
    const details = (err.cause.details?.[0] ?? { code: 'invalid' }) as RefusalDetails;
    return new TaskActionError('refused', err.cause.message, details.code, details.field, { cause: err });
  }
  if (err instanceof WorkflowNotFoundError) {
    // A task's workflow ends when the task is completed or cancelled.
    return /already completed/i.test(err.message)
      ? new TaskActionError('closed', '任务已结束（已办结或已撤销），不能再办理', 'wrong_state', 'status', {
          cause: err,
        })
      : new TaskActionError('not_found', '任务不存在或尚未启动', 'not_found', 'taskId', { cause: err });
  }
  return undefined;
}
