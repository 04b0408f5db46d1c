// The baseline worker process: bench/baseline workflows and activities on their own task queue, SDK default
// options but for the workflow cache, which is the task worker's (BENCH_MAX_CACHED_WORKFLOWS), so both
// hold as many workflows. Env: BENCH_TEMPORAL_ADDRESS, BENCH_TASK_QUEUE, BENCH_SMTP_URL.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createBaselineActivities } from './activities';

async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: env('BENCH_TEMPORAL_ADDRESS') });
  try {
    const worker = await Worker.create({
      connection,
      taskQueue: env('BENCH_TASK_QUEUE'),
      workflowsPath: require.resolve('./workflows'),
      activities: createBaselineActivities(env('BENCH_SMTP_URL')),
      maxCachedWorkflows: Number(env('BENCH_MAX_CACHED_WORKFLOWS')),
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
    const running = worker.run();
    process.stdout.write('baseline worker running\n');
    await running;
  } finally {
    await connection.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`baseline worker: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
