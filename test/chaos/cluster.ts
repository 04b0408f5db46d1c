// Everything the chaos year runs on, all of it its own: an embedded Postgres (own port and data dir), a Temporal
// server (own ports; CHAOS_ENGINE=dev: the dev server, state in a file that survives a restart; server: the real
// server on Postgres, its two databases on the machine's Postgres, apart from the one the year restarts), an SMTP
// listener that can be closed and
// reopened on its port, and the worker processes. Nothing here touches a shared server.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { createDb, type Db } from '../../db/connect';
import { ensureDatabase } from '../../db/ensure-database';
import { migrateToLatest } from '../../db/migrate';
import { isListening } from '../../db/embedded-postgres';
import type { TemporalProcess } from '../../worker/temporal-process';
import { freePort } from '../support/free-port';
import { temporalEngine, type Engine } from '../support/temporal-engine';
import { startMailSink, type MailSink, type SunkMail } from './mail-sink';
import { WorkerFleet } from './worker-fleet';

export const MAIL_FROM = 'duban-chaos@example.org';
/** The task queue the worker fleet polls. */
export const TASK_QUEUE = 'duban-chaos';

export interface Cluster {
  dir: string;
  engine: Engine;
  db: Db;
  client: Client;
  fleet: WorkerFleet;
  /** Every message the SMTP listener took, across its restarts. */
  received: SunkMail[];
  /** The Temporal server's address (the same across its restart). */
  temporalAddress(): string;
  /** Bytes Temporal's store takes (sqlite files or its two databases) and the read model's database. */
  storeBytes(): Promise<{ temporal: number; readModel: number }>;
  /** The Temporal server's log, appended to across its restart. */
  temporalLogFile(): string;
  restartTemporal(): Promise<void>;
  restartPostgres(): Promise<void>;
  smtpDown(): Promise<void>;
  smtpUp(): Promise<void>;
  /** Stops the workers (gracefully), then the servers. Safe to call twice. `keepData`: keep Temporal's store. */
  stop(keepData?: boolean): Promise<void>;
  /** Sync last resort for the way out of a crashed test. */
  killAllNow(): void;
}

export async function startCluster(dir: string, workers: number, engine: Engine = 'dev'): Promise<Cluster> {
  mkdirSync(dir, { recursive: true });
  // Postgres runs as the `postgres` user when the test runs as root: it must be able to enter the directory.
  chmodSync(dir, 0o755);
  const log = (line: string) => line && process.env.CHAOS_VERBOSE && process.stderr.write(`${line}\n`);
  const [pgPort, smtpPort] = [await freePort(), await freePort()];

  let pg = await startPostgres(path.join(dir, 'pg'), pgPort);
  const url = new URL(pg.url);
  url.pathname = '/duban_chaos';
  await ensureDatabase(url.toString());
  const db = createDb(url.toString());
  await migrateToLatest(db);

  const machinePostgres = 'postgres://postgres@127.0.0.1:5432/postgres';
  const engineHandle = await temporalEngine(engine, {
    dataDir: path.join(dir, 'temporal'),
    postgresUrl: (await isListening('127.0.0.1', 5432)) ? machinePostgres : pg.url,
    databaseName: `duban_chaos_temporal_${process.pid}`,
    log,
  });
  let temporal: TemporalProcess = await engineHandle.start();
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: 'default' });

  const received: SunkMail[] = [];
  let smtp: MailSink | undefined = await startMailSink(smtpPort, received);

  const fleet = new WorkerFleet(
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: url.toString(),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM_ADDRESS: MAIL_FROM,
      DUBAN_DATA_DIR: path.join(dir, 'worker-data'),
      LOG_LEVEL: 'info',
    },
    dir,
    workers,
  );
  fleet.startAll();
  await fleet.waitReady();

  let stopped = false;
  return {
    dir,
    engine,
    db,
    client,
    fleet,
    received,
    temporalAddress: () => temporal.address,
    temporalLogFile: () => temporal.logFile,
    storeBytes: async () => ({
      temporal: await engineHandle.storeBytes(),
      readModel: Number(
        (await sql<{ bytes: string }>`select pg_database_size(current_database()) as bytes`.execute(db))
          .rows[0]!.bytes,
      ),
    }),
    async restartTemporal() {
      await temporal.stop();
      temporal = await engineHandle.start();
    },
    async restartPostgres() {
      await pg.stop();
      pg = await startPostgres(path.join(dir, 'pg'), pgPort);
    },
    async smtpDown() {
      await smtp?.close();
      smtp = undefined;
    },
    async smtpUp() {
      if (smtp) return;
      smtp = await startMailSink(smtpPort, received);
    },
    async stop(keepData = false) {
      if (stopped) return;
      stopped = true;
      await fleet.stop();
      await connection.close().catch(() => undefined);
      await db.destroy().catch(() => undefined);
      await smtp?.close();
      await temporal.stop();
      // A failed run keeps the server engine's databases (its histories) for replaying what went wrong.
      if (keepData) process.stderr.write(`chaos: Temporal's databases kept: ${engineHandle.where}\n`);
      else await engineHandle.drop().catch(() => undefined);
      await pg.stop();
    },
    killAllNow() {
      fleet.killAllNow();
      for (const [pid, signal] of [
        [temporal.pid, 'SIGKILL'],
        [pg.pid, 'SIGTERM'],
      ] as const) {
        try {
          if (pid) process.kill(pid, signal);
        } catch {
          // gone already
        }
      }
    },
  };
}

interface PostgresProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Starts postgres-process.ts and waits for its `ready <url>` line. */
function startPostgres(dataDir: string, port: number): Promise<PostgresProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'postgres-process.ts'), dataDir, String(port)],
    {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('embedded Postgres did not start within 60 s')), 60_000);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /^ready (\S+)$/m.exec(out)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        pid: child.pid,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error('embedded Postgres exited before it was ready'));
    });
  });
}
