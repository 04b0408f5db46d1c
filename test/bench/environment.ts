// Everything the bench runs against, all its own: a database on the machine's Postgres (or an embedded
// one), a Temporal server on free ports (the dev server with its data in a temp dir, or the real server with
// its own databases on the same Postgres), an SMTP probe, the task worker
// (worker/main.ts) and the baseline worker as separate processes. `close` removes all of it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { createDb, type Db } from '../../db/connect';
import { isListening, startEmbeddedPostgres } from '../../db/embedded-postgres';
import { ensureDatabase } from '../../db/ensure-database';
import { migrateToLatest } from '../../db/migrate';
import { loadConfig } from '../../worker/config';
import { freePort } from '../support/free-port';
import { temporalEngine, type Engine } from '../support/temporal-engine';
import { postgresBackends, type PidSource } from './cpu-share';
import { startMailProbe, type MailProbe } from './mail-probe';
import { spawnTsProcess, type ChildHandle } from './processes';

export interface BenchDatabase {
  name: string;
  url: string;
  db: Db;
}

export interface BenchEnv {
  engine: Engine;
  tmpDir: string;
  main: BenchDatabase;
  temporal: { address: string; pid: number; client: Client };
  mail: MailProbe;
  taskQueue: string;
  baselineQueue: string;
  /** The task worker's workflow cache size; the baseline worker gets the same. */
  maxCachedWorkflows: number;
  /** The first task worker (P4 reads its RSS); `taskWorkers` are all of them (`--workers`). */
  taskWorker: ChildHandle;
  taskWorkers: ChildHandle[];
  baselineWorker: ChildHandle;
  /** Fresh task worker processes (P4 measures one that has seen only the 10,000 tasks). */
  restartTaskWorker(): Promise<void>;
  restartBaselineWorker(): Promise<void>;
  /** Another migrated database (P5 seeds its 100,000 tasks there), dropped by `close`. */
  createDatabase(suffix: string): Promise<BenchDatabase>;
  /** Pids to attribute CPU to: bench, workers, Temporal, Postgres backends of the bench databases. */
  pids: PidSource;
  /** Stops and drops everything; `keepLogs` leaves the temp dir with the worker and Temporal logs. */
  close(keepLogs?: boolean): Promise<void>;
}

type Log = (line: string) => void;

async function postgresServerUrl(tmpDir: string, log: Log, stops: Array<() => Promise<void>>) {
  const explicit = process.env.BENCH_DATABASE_URL;
  if (explicit) return explicit;
  if (await isListening('127.0.0.1', 5432)) return 'postgres://postgres@127.0.0.1:5432/postgres';
  log('no Postgres on 127.0.0.1:5432: starting an embedded one');
  const embedded = await startEmbeddedPostgres(tmpDir, log, await freePort());
  stops.push(embedded.stop);
  return embedded.url;
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  } finally {
    await client.end();
  }
}

export async function createBenchEnv(log: Log, engine: Engine = 'dev', workers = 1): Promise<BenchEnv> {
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'duban-bench-'));
  const stops: Array<() => Promise<void>> = [];
  const databases: BenchDatabase[] = [];
  let serverUrl: string | undefined;
  const taskWorkers: ChildHandle[] = [];
  let baselineWorker: ChildHandle | undefined;
  // Workers first, then the databases they use, then the servers, in reverse order of start.
  const teardown = async () => {
    await Promise.all(taskWorkers.splice(0).map((w) => w.stop()));
    await baselineWorker?.stop();
    for (const d of databases.splice(0)) {
      await d.db.destroy();
      if (serverUrl) await dropDatabase(serverUrl, d.name);
    }
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    serverUrl = await postgresServerUrl(tmpDir, log, stops);
    const url0 = serverUrl;
    const openDatabase = async (name: string): Promise<BenchDatabase> => {
      const url = new URL(url0);
      url.pathname = `/${name}`;
      await ensureDatabase(url.toString());
      const db = createDb(url.toString(), { max: 20 });
      const entry = { name, url: url.toString(), db };
      databases.push(entry);
      await migrateToLatest(db);
      return entry;
    };
    const base = `duban_bench_${process.pid}`;
    const main = await openDatabase(base);

    const temporal = await temporalEngine(engine, {
      dataDir: path.join(tmpDir, 'temporal'),
      postgresUrl: url0,
      databaseName: `${base}_temporal`,
      log,
    });
    stops.push(temporal.drop);
    const server = await temporal.start();
    stops.push(server.stop);
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });

    const mail = await startMailProbe();
    stops.push(mail.close);

    const taskQueue = `bench-tasks-${process.pid}`;
    // What worker/main.ts will use (its default, or TEMPORAL_MAX_CACHED_WORKFLOWS from the environment).
    const maxCachedWorkflows = loadConfig().temporal.maxCachedWorkflows;
    const baselineQueue = `bench-baseline-${process.pid}`;
    // BENCH_PROFILE_DIR: the task worker writes a V8 CPU profile there when it stops (where its time goes).
    const profile = process.env.BENCH_PROFILE_DIR;
    const startTaskWorker = (i: number) =>
      spawnTsProcess({
        name: i === 0 ? 'task-worker' : `task-worker-${i + 1}`,
        script: 'worker/main.ts',
        nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [],
        logDir: tmpDir,
        readyText: 'worker running',
        env: {
          DATABASE_URL: main.url,
          TEMPORAL_ADDRESS: server.address,
          TEMPORAL_TASK_QUEUE: taskQueue,
          SMTP_URL: mail.url,
          DUBAN_DATA_DIR: tmpDir,
          LOG_LEVEL: 'info',
        },
      });
    const startBaselineWorker = () =>
      spawnTsProcess({
        name: 'baseline-worker',
        script: 'test/bench/baseline/worker.ts',
        logDir: tmpDir,
        readyText: 'baseline worker running',
        env: {
          BENCH_MAX_CACHED_WORKFLOWS: String(maxCachedWorkflows),
          BENCH_TEMPORAL_ADDRESS: server.address,
          BENCH_TASK_QUEUE: baselineQueue,
          BENCH_SMTP_URL: mail.url,
        },
      });
    const startTaskWorkers = async () => {
      const started = await Promise.allSettled(Array.from({ length: workers }, (_, i) => startTaskWorker(i)));
      for (const w of started) if (w.status === 'fulfilled') taskWorkers.push(w.value);
      for (const w of started) if (w.status === 'rejected') throw w.reason;
    };
    // Both bundle their workflows at start: in parallel, it takes half the time.
    const [task, baseline] = await Promise.allSettled([startTaskWorkers(), startBaselineWorker()]);
    if (baseline.status === 'fulfilled') baselineWorker = baseline.value;
    if (task.status === 'rejected') throw task.reason;
    if (baseline.status === 'rejected') throw baseline.reason;

    const env: BenchEnv = {
      engine,
      tmpDir,
      main,
      temporal: { address: server.address, pid: server.pid!, client },
      mail,
      taskQueue,
      baselineQueue,
      maxCachedWorkflows,
      get taskWorker() {
        return taskWorkers[0]!;
      },
      get taskWorkers() {
        return taskWorkers;
      },
      get baselineWorker() {
        return baselineWorker!;
      },
      async restartTaskWorker() {
        await Promise.all(taskWorkers.splice(0).map((w) => w.stop()));
        await startTaskWorkers();
      },
      async restartBaselineWorker() {
        await baselineWorker!.stop();
        baselineWorker = undefined;
        baselineWorker = await startBaselineWorker();
      },
      createDatabase: (suffix) => openDatabase(`${base}_${suffix}`),
      pids: async () => ({
        bench: [process.pid],
        'task-worker': taskWorkers.map((w) => w.pid),
        'baseline-worker': baselineWorker ? [baselineWorker.pid] : [],
        temporal: [server.pid!],
        postgres: await postgresBackends(
          main.db,
          databases.map((d) => d.name),
        ),
        // The Postgres-backed server's own backends: part of what that server costs.
        'temporal-postgres':
          engine === 'server'
            ? await postgresBackends(main.db, [`${base}_temporal`, `${base}_temporal_visibility`])
            : [],
      }),
      async close(keepLogs = false) {
        await teardown();
        if (!keepLogs) rmSync(tmpDir, { recursive: true, force: true });
      },
    };
    return env;
  } catch (err) {
    await teardown().catch(() => undefined);
    log(`bench environment failed; logs in ${tmpDir}`);
    throw err;
  }
}
