// Starts the bulletin drafter of each plan year that has started tasks (workflows/bulletin-workflow.ts).
// Idempotent: a drafter already running, or one that finished its year, is left as it is.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../../db/connect';
import type { bulletinDrafter } from '../../workflows/bulletin-workflow';
import {
  DEFAULT_TASK_QUEUE,
  bulletinDrafterIdFor,
  type BulletinDrafterInput,
} from '../../workflows/definitions';
import type { ClockSpec } from '../../workflows/domain';

export async function startBulletinDrafters(options: {
  db: Db;
  client: Client;
  clock: ClockSpec;
  taskQueue?: string;
}): Promise<{ started: number[]; existing: number[] }> {
  const years = await options.db
    .selectFrom('tasks')
    .select('plan_year')
    .distinct()
    .where('workflow_id', 'is not', null)
    .orderBy('plan_year')
    .execute();
  const out = { started: [] as number[], existing: [] as number[] };
  for (const { plan_year: planYear } of years) {
    const input: BulletinDrafterInput = { planYear, clock: options.clock };
    try {
      await options.client.workflow.start<typeof bulletinDrafter>('bulletinDrafter', {
        workflowId: bulletinDrafterIdFor(planYear),
        taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
        args: [input],
        // A year drafted to its end stays done; a drafter that failed or was terminated may be started again
        // (the months it drafted are found drafted and kept).
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
      out.started.push(planYear);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      out.existing.push(planYear);
    }
  }
  return out;
}
