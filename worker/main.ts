// The worker process: `npm run worker` (one or many replicas). Postgres and Temporal must be reachable.
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from './config';
import { buildDeps } from './deps';
import { createLogger } from './logger';
import { redactSecrets, redactUrl } from './redact';
import { runWorker } from './run-worker';

/** Runs one worker until SIGINT/SIGTERM. */
export async function workerMain(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', { level: config.logLevel, format: config.logFormat });
  const deps = buildDeps(config);
  try {
    await migrateToLatest(deps.db).catch((err: Error) => {
      throw new Error(
        `cannot prepare the database at ${redactUrl(config.database.url)}: ${redactSecrets(err.message)}`,
        {
          cause: err,
        },
      );
    });
    const worker = await runWorker(config, deps, log);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        log.info({ signal }, 'shutting down');
        void worker.stop();
      });
    }
    await worker.done;
  } finally {
    await deps.db.destroy();
    deps.mailer.transport.close();
  }
}

if (require.main === module) {
  workerMain().catch((err: Error) => {
    process.stderr.write(`worker: ${redactSecrets(err.message)}\n`);
    process.exit(1);
  });
}
