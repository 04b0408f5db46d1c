// `up` (the whole system in the foreground) and `migrate`.
import type { Command } from 'commander';
import { createDb } from '../../../db/connect';
import { ensureDatabase } from '../../../db/ensure-database';
import { migrateToLatest } from '../../../db/migrate';
import { createLogger } from '../../../worker/logger';
import { workerMain } from '../../../worker/main';
import { upBanner } from '../../system/banner';
import { wipeLocalState } from '../../system/fresh-start';
import { startSystem } from '../../system/start-system';
import { startOwnTemporal } from '../../system/temporal';
import type { CliContext } from '../context';
import { UsageError } from '../output';

export function registerSystemCommands(program: Command, ctx: CliContext): void {
  program
    .command('up')
    .description(
      'start Temporal (if needed), Postgres, migrations, mail catcher and worker; Ctrl-C stops all',
    )
    .option('--fresh', 'forget the local demo first (dev server history, database) and replay the year anew')
    .action(async (opts: { fresh?: boolean }) => {
      const config = ctx.config();
      const log = createLogger('duban', { level: config.logLevel, format: config.logFormat });
      if (opts.fresh) await wipeLocalState(config, log);
      const system = await startSystem(config, log);
      process.stdout.write(upBanner(system));
      const died = await new Promise<string | undefined>((resolve) => {
        process.once('SIGINT', () => resolve(undefined));
        process.once('SIGTERM', () => resolve(undefined));
        void system.workerDone.then(() => resolve(undefined));
        void system.temporalDied.then(resolve);
      });
      if (died) log.error({ reason: died }, 'Temporal stopped under the system: stopping everything');
      log.info('stopping');
      await system.stop();
      if (died) throw new Error(died);
    });

  program
    .command('temporal-server')
    .description(
      'run a Temporal server in the foreground (DUBAN_TEMPORAL_ENGINE: dev = the CLI dev server, postgres = the real server with Postgres persistence and visibility); Ctrl-C stops it',
    )
    .option('--engine <engine>', 'dev or postgres (default: DUBAN_TEMPORAL_ENGINE, else dev)')
    .action(async (opts: { engine?: string }) => {
      if (opts.engine !== undefined && opts.engine !== 'dev' && opts.engine !== 'postgres') {
        throw new UsageError(`--engine: must be dev or postgres, not ${JSON.stringify(opts.engine)}`);
      }
      const base = ctx.config();
      const config = opts.engine
        ? { ...base, temporal: { ...base.temporal, engine: opts.engine as 'dev' | 'postgres' } }
        : base;
      const log = createLogger('duban', { level: config.logLevel, format: config.logFormat });
      const server = await startOwnTemporal(config, log);
      process.stdout.write(
        `Temporal (${config.temporal.engine}) listening at ${server.address}; log ${server.logFile}\n` +
          `workers and \`duban up\` reach it with TEMPORAL_ADDRESS=${server.address}\n`,
      );
      const died = await new Promise<string | undefined>((resolve) => {
        process.once('SIGINT', () => resolve(undefined));
        process.once('SIGTERM', () => resolve(undefined));
        void server.died.then(resolve);
      });
      await server.stop();
      if (died) throw new Error(died);
    });

  program
    .command('worker')
    .description('run a task worker (Postgres and Temporal must be up); one or many replicas')
    .action(() => workerMain());

  program
    .command('migrate')
    .description('create the database if missing and apply the migrations')
    .action(async () => {
      const url = ctx.config().database.url;
      await ensureDatabase(url);
      const db = createDb(url, { max: 1 });
      try {
        const results = await migrateToLatest(db);
        process.stdout.write(
          results.length
            ? results.map((r) => `applied ${r.migrationName}\n`).join('')
            : 'schema up to date\n',
        );
      } finally {
        await db.destroy();
      }
    });
}
