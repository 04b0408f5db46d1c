// `duban up`: every component on its embedded defaults, in the foreground, in dependency order.
import { Client, Connection } from '@temporalio/client';
import type { Db } from '../../db/connect';
import { createDb } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { getOrCreateClock } from '../../db/queries/clock';
import type { Config } from '../../worker/config';
import { buildDeps } from '../../worker/deps';
import type { Logger } from '../../worker/logger';
import { redactUrl } from '../../worker/redact';
import { startMailCatcher } from '../../worker/mail-catcher';
import { runWorker } from '../../worker/run-worker';
import { temporalConnectionOptions } from '../../worker/temporal-connection';
import type { ClockSpec } from '../../workflows/domain';
import { serveDashboard } from '../web/serve';
import { providePostgres } from './postgres';
import { issueDemoTokens, loadSeedLedger, spawnSimulator, startAllTasks } from './demo';
import type { SimulatorTokens } from '../simulator/run-simulator';
import { DEFAULT_TASK_QUEUE } from '../../workflows/definitions';
import { provideTemporal } from './temporal';

export interface System {
  db: Db;
  client: Client;
  clock: ClockSpec;
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | undefined;
  mailUrl: string;
  apiUrl: string;
  /** Tokens issued for the demo (office and departments), when the simulator runs. */
  tokens: SimulatorTokens | undefined;
  /** Stops everything in reverse order. */
  stop(): Promise<void>;
  /** Resolves if the worker stops on its own (a fatal error). */
  workerDone: Promise<void>;
  /** Resolves with what happened if the Temporal server `up` started exits on its own. */
  temporalDied: Promise<string>;
}

export async function startSystem(config: Config, log: Logger): Promise<System> {
  const stops: Array<{ name: string; stop: () => Promise<unknown> }> = [];
  const onStop = (name: string, fn: () => Promise<unknown>) => stops.push({ name, stop: fn });
  // Each component gets a bounded time to stop, so one stuck part never keeps the others running.
  const stop = async () => {
    for (const { name, stop: fn } of stops.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), 15_000)));
      const outcome = await Promise.race([fn().then(() => 'stopped'), timeout]).catch(
        (err: Error) => err.message,
      );
      clearTimeout(timer);
      if (outcome === 'stopped') log.debug({ component: name }, 'stopped');
      else log.warn({ component: name, outcome }, 'did not stop cleanly');
    }
  };
  try {
    const pg = await providePostgres(config, log);
    onStop('postgres', pg.stop);
    const db = createDb(pg.url);
    onStop('database pool', () => db.destroy());
    const migrations = await migrateToLatest(db);
    log.info({ applied: migrations.map((m) => m.migrationName) }, 'schema migrated');

    const temporal = await provideTemporal(config, log);
    onStop('temporal', temporal.stop);

    let mailUrl = config.mail.smtpUrl;
    if (!mailUrl) {
      const catcher = await startMailCatcher(db, config.mail.catcherPort);
      onStop('mail catcher', catcher.close);
      mailUrl = catcher.url;
      log.info({ smtp: redactUrl(catcher.url) }, 'embedded mail catcher listening');
    }

    const deps = buildDeps(config, pg.url, mailUrl);
    onStop('worker deps', async () => {
      deps.mailer.transport.close();
      await deps.db.destroy();
    });
    const worker = await runWorker(config, deps, log, temporal.address);
    onStop('worker', worker.stop);

    const connection = await Connection.connect(temporalConnectionOptions(config, temporal.address));
    onStop('temporal client', () => connection.close());
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const clock = await getOrCreateClock(db, {
      planEpochMs: Date.parse(config.clock.planStart),
      realEpochMs: Date.now(),
      speed: config.clock.speed,
    });
    const api = await serveDashboard({
      title: config.mail.from.name,
      mailCatcher: !config.mail.smtpUrl,
      secureCookies: config.http.publicUrl.startsWith('https:'),
      db,
      temporal: client,
      taskQueue: config.temporal.taskQueue ?? DEFAULT_TASK_QUEUE,
      clock,
      log,
      host: config.http.host,
      port: config.http.port,
      publicUrl: config.http.publicUrl,
      trustedProxies: config.http.trustedProxies,
      taskWriteQuota: config.http.taskWriteQuota,
    });
    onStop('api', api.close);

    // The 2023 ledger, loaded idempotently and started; the simulated departments when replaying the year.
    await loadSeedLedger(db, log);
    await startAllTasks(db, client, clock, config.temporal.taskQueue, log);
    let tokens: SimulatorTokens | undefined;
    if (config.simulate) {
      tokens = await issueDemoTokens(db);
      onStop('simulator', spawnSimulator(api.url, tokens, config.simulatorSeed, log));
    }
    log.info({ database: redactUrl(pg.url), temporal: temporal.address, api: api.url }, 'system up');
    return {
      db,
      client,
      clock,
      databaseUrl: pg.url,
      temporalAddress: temporal.address,
      temporalUiUrl: temporal.uiUrl,
      mailUrl,
      apiUrl: api.url,
      tokens,
      stop,
      workerDone: worker.done,
      temporalDied: temporal.died,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
