// Runs the task worker until a shutdown signal, then drains it and closes its connections.
import {
  NativeConnection,
  Runtime,
  makeTelemetryFilterString,
  type Logger as SdkLogger,
} from '@temporalio/worker';
import type { ActivityDeps } from '../activities';
import type { Config } from './config';
import { createTaskWorker } from './create-worker';
import type { Logger } from './logger';
import { temporalAddress, temporalConnectionOptions } from './temporal-connection';
import { loadWorkflowBundle } from './workflow-bundle';

let runtimeInstalled = false;

/** The SDK's logger interface over our structured logger. */
function sdkLogger(log: Logger): SdkLogger {
  return {
    log: (level, message, meta) =>
      log[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')]({ ...meta, sdk: true }, message),
    trace: (m, meta) => log.trace(meta ?? {}, m),
    debug: (m, meta) => log.debug(meta ?? {}, m),
    info: (m, meta) => log.info(meta ?? {}, m),
    warn: (m, meta) => log.warn(meta ?? {}, m),
    error: (m, meta) => log.error(meta ?? {}, m),
  };
}

/** Routes the SDK's logs into our structured logger (once per process). */
export function installRuntime(log: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: sdkLogger(log),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
}

export interface RunningWorker {
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function runWorker(
  config: Config,
  deps: ActivityDeps,
  log: Logger,
  address = temporalAddress(config),
): Promise<RunningWorker> {
  installRuntime(log);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config, address)).catch(
    (err: Error) => {
      throw new Error(
        `cannot reach Temporal at ${address} (${err.message}): start a server (\`npm start\` runs a dev ` +
          'server) or point TEMPORAL_ADDRESS at one',
        { cause: err },
      );
    },
  );
  const bundled = await loadWorkflowBundle({ cacheDir: config.temporal.bundleCache, logger: sdkLogger(log) });
  log.info({ source: bundled.source, file: bundled.file, ms: bundled.ms }, 'workflow bundle ready');
  const worker = await createTaskWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps,
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    workflowBundle: bundled.bundle,
    outboxPollMs: config.mail.outboxPollMs,
    log,
  });
  log.info(
    { address, namespace: config.temporal.namespace, taskQueue: worker.options.taskQueue },
    'worker running',
  );
  const done = worker.run().finally(async () => {
    await connection.close();
    log.info('worker stopped');
  });
  return {
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
