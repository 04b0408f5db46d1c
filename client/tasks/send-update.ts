// Sends an Update to a task workflow: the one route of the API, the CLI and the tests. It records what the answer
// says the read model lacks before it returns (read-your-write), and turns every refusal into one typed error.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../../db/connect';
import { recordTransitions } from '../../db/read-model/record-transitions';
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

export interface UpdateDeps {
  client: Client;
  db: Db;
}

/**
 * Executes `def` on the task's workflow, the request id scoped to the message's actor (see idempotency.ts), and
 * returns the new state once the read model holds it. Errors are the client's, unmapped.
 */
export async function executeTaskUpdate<I extends d.Message>(
  { client, db }: UpdateDeps,
  taskId: string,
  def: d.TaskUpdate<I>,
  input: I,
): Promise<TaskState> {
  const answer = await client.workflow
    .getHandle(d.workflowIdFor(taskId))
    // No Update id from the request: Temporal would answer a repeat with its first result (a stale state), and
    // would take another caller's request with the same id for this one. The workflow dedupes.
    .executeUpdate(def, { args: [withIdempotency(def.name, input)] });
  return recordAnswer(db, answer);
}

/** The state an Update answered, once the read model has every event the answer says it may lack. */
export async function recordAnswer(db: Db, answer: d.UpdateAnswer): Promise<TaskState> {
  if (!d.isTaskAnswer(answer)) return answer;
  await recordTransitions(db, { state: answer.state, events: answer.unrecorded });
  return answer.state;
}

/** `executeTaskUpdate` with every refusal as a `TaskActionError`. */
export async function sendUpdate<I extends d.Message>(
  deps: UpdateDeps,
  taskId: string,
  def: d.TaskUpdate<I>,
  input: I,
): Promise<TaskState> {
  try {
    return await executeTaskUpdate(deps, taskId, def, input);
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
