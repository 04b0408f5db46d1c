// The one route by which anything sends an Update to a task workflow: the API, the CLI and the web forms (through
// the service layer), the tests, the chaos driver. Every way the task can refuse becomes one typed error.
//
// One id scheme: none. The Update carries its caller-scoped request key (idempotency.ts) and the workflow dedupes
// by it for the task's life, answering a repeat with the state as it is now (read model included). An Update id
// derived from the request would make Temporal answer a repeat with its first, stale result, and would match
// another caller's request that reuses the id.
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

export interface SendOptions {
  /** Told the real instant the workflow accepted the input (it is applied and in history by then). */
  onAccepted?: (at: number) => void;
}

/** Sends `def` with `input` to the task's workflow and returns the state once the read model has it too. */
export async function sendUpdate<I extends d.Message>(
  client: Client,
  taskId: string,
  def: d.TaskUpdate<I>,
  input: I,
  options: SendOptions = {},
): Promise<TaskState> {
  const handle = client.workflow.getHandle(d.workflowIdFor(taskId));
  // A message without a key gets one scoped to its actor (the service layer adds the caller before).
  const args: [I] = [withIdempotency(def.name, input)];
  try {
    if (!options.onAccepted) return await handle.executeUpdate(def, { args });
    const accepted = await handle.startUpdate(def, { args, waitForStage: 'ACCEPTED' });
    options.onAccepted(Date.now());
    return await accepted.result();
  } catch (err) {
    throw asTaskActionError(err) ?? err;
  }
}

/** The typed refusal hidden in a client error, or undefined for an operational failure. */
function asTaskActionError(err: unknown): TaskActionError | undefined {
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
