// Real Temporal for tests: the dev server from global-setup, a worker per test file on its own task queue.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type WorkflowBundle } from '@temporalio/worker';
import type { ActivityDeps } from '../../activities';
import { createTaskWorker, type TaskWorker } from '../../worker/create-worker';
import { loadWorkflowBundle } from '../../worker/workflow-bundle';

let bundle: Promise<WorkflowBundle> | undefined;

/** The bundle of workflows/ as it is now: built once per version of the code, as a worker does. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= loadWorkflowBundle({ logger: new DefaultLogger('WARN') }).then((b) => b.bundle);
  return bundle;
}

export interface TemporalKit {
  client: Client;
  taskQueue: string;
  worker: TaskWorker;
  /** Stops the worker (waiting for it), then closes the connections. */
  close(): Promise<void>;
  /** Restarts the worker with new deps (e.g. a new mailer), same task queue, after `downtimeMs` without one. */
  restartWorker(deps?: ActivityDeps, downtimeMs?: number): Promise<void>;
  /** Stops the worker and waits until it no longer polls: what happens next happens with no worker. */
  stopWorker(): Promise<void>;
  /** Starts a worker on the same task queue after `stopWorker`. */
  startWorker(deps?: ActivityDeps): Promise<void>;
}

let runtimeInstalled = false;

function installRuntime() {
  if (runtimeInstalled) return;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already by another file in this worker process.
  }
  runtimeInstalled = true;
}

/** The dev server global-setup started for this jest run. */
export function testTemporalAddress(): string {
  const address = process.env.DUBAN_TEST_TEMPORAL_ADDRESS;
  if (!address)
    throw new Error('DUBAN_TEST_TEMPORAL_ADDRESS is not set: run the tests through jest (global-setup)');
  return address;
}

export interface KitOptions {
  /** Namespace to work in; `default` unless a test file needs one of its own. */
  namespace?: string;
  /** An open client connection to reuse (closed with the kit). */
  connection?: Connection;
  /** Prefix of the file's task queue, for reading server logs. */
  queuePrefix?: string;
  /** The worker's workflow cache; 0: every workflow task starts cold (the whole history replayed first). */
  maxCachedWorkflows?: number;
}

export async function startTemporalKit(deps: ActivityDeps, options: KitOptions = {}): Promise<TemporalKit> {
  installRuntime();
  const address = testTemporalAddress();
  const namespace = options.namespace ?? 'default';
  const connection = options.connection ?? (await Connection.connect({ address }));
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection, namespace });
  const taskQueue = `${options.queuePrefix ?? 'test'}-${randomUUID()}`;
  const start = async (d: ActivityDeps) => {
    const worker = await createTaskWorker({
      connection: nativeConnection,
      namespace,
      taskQueue,
      deps: d,
      workflowBundle: await workflowBundle(),
      maxCachedWorkflows: options.maxCachedWorkflows,
    });
    return { worker, running: worker.run() };
  };
  let current = await start(deps);
  const kit: TemporalKit = {
    client,
    taskQueue,
    worker: current.worker,
    async restartWorker(next = deps, downtimeMs = 0) {
      await kit.stopWorker();
      await new Promise((r) => setTimeout(r, downtimeMs));
      await kit.startWorker(next);
    },
    async stopWorker() {
      current.worker.shutdown();
      await current.running;
    },
    async startWorker(next = deps) {
      current = await start(next);
      kit.worker = current.worker;
    },
    async close() {
      if (current.worker.getState() === 'RUNNING') current.worker.shutdown();
      await current.running.catch(() => undefined);
      await nativeConnection.close();
      await connection.close();
    },
  };
  return kit;
}
