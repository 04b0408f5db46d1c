// Builds a Temporal worker for the task queue (the bundled workflows and `createActivities(deps)`) with the outbox
// dispatcher beside it: the two run and stop together, so wherever workflows run, their mail is sent.
import { NativeConnection, Worker, type State, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { startOutboxDispatcher, type OutboxDispatcher } from '../activities/notifications/dispatcher';
import { DEFAULT_TASK_QUEUE } from '../workflows/definitions';

export interface TaskWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests bundle once per file); default: bundle `workflows/` at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  maxCachedWorkflows?: number;
  /** How often the dispatcher looks for mail it was not told about (config `MAIL_OUTBOX_POLL_MS`). */
  outboxPollMs?: number;
  log?: { warn(obj: object, msg: string): void };
}

/** The Temporal worker and its outbox dispatcher, run and shut down as one. */
export interface TaskWorker {
  readonly options: Worker['options'];
  /** Runs both until `shutdown`; resolves once the worker has drained and the dispatcher settled its mail. */
  run(): Promise<void>;
  shutdown(): void;
  getState(): State;
}

export async function createTaskWorker(options: TaskWorkerOptions): Promise<TaskWorker> {
  let dispatcher: OutboxDispatcher | undefined;
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
    // Mail this worker writes is sent at once; the poll finds the rest.
    activities: createActivities(options.deps, () => dispatcher?.wake()),
    maxCachedWorkflows: options.maxCachedWorkflows,
  });
  return {
    options: worker.options,
    async run() {
      dispatcher = startOutboxDispatcher(options.deps, { pollMs: options.outboxPollMs, log: options.log });
      try {
        await worker.run();
      } finally {
        await dispatcher.stop();
      }
    },
    shutdown: () => worker.shutdown(),
    getState: () => worker.getState(),
  };
}
