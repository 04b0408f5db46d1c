// P1: how many task workflows start per second (startTask: catalog read, schedule, start, workflow_id
// written) against starts of a no-op workflow, same concurrency, same server, workers running.
import { sql } from 'kysely';
import { startTask } from '../../client/tasks/start-task';
import { makeClock } from '../../workflows/clock';
import { workflowIdFor } from '../../workflows/definitions';
import { seedTasks } from './catalog';
import { coresBetween, formatCores, snapshot } from './cpu-share';
import type { BenchEnv } from './environment';
import { forEachLimit, until } from './pool';
import { percentile } from './stats';

/** Plan time runs at real speed from a Tuesday morning: nothing falls due while the bench runs. */
export const QUIET_PLAN_START = Date.parse('2023-01-03T09:00:00+08:00');

export interface StartRun {
  /** Starts acknowledged per second, first call to last answer. */
  perSecond: number;
  /** Seconds until every workflow had run its first task (duban: read model and assignment email). */
  settledS: number;
  /** Median time one start took, call to answer (concurrency / this ≈ the throughput). */
  startP50Ms: number;
  cpu: string;
}

export interface P1Run {
  n: number;
  concurrency: number;
  duban: StartRun;
  baseline: StartRun;
  /** The started task ids (left open when asked to, for P2/P4). */
  taskIds: string[];
}

/** Starts `n` synthetic tasks through startTask; resolves when the worker has done their first work. */
export async function startTasks(
  env: BenchEnv,
  ids: string[],
  concurrency: number,
  planStart = QUIET_PLAN_START,
): Promise<StartRun> {
  const client = env.temporal.client;
  const clock = makeClock(planStart, Date.now(), 1);
  const before = await snapshot(env.pids);
  const latencies: number[] = [];
  const t0 = Date.now();
  await forEachLimit(ids, concurrency, async (id) => {
    const t = performance.now();
    const out = await startTask({ db: env.main.db, client, clock, taskQueue: env.taskQueue }, id);
    latencies.push(performance.now() - t);
    if (!out.started) throw new Error(`task ${id} was already started`);
  });
  const t1 = Date.now();
  const after = await snapshot(env.pids);
  const keys = ids.map((id) => `${workflowIdFor(id)}:assign:-:0`);
  await env.mail.waitFor(keys, 30 * 60_000);
  await until(
    async () => {
      const row = await sql<{ n: string }>`
        select count(*) as n from tasks where id = any(${ids}::text[]) and seq >= 1`.execute(env.main.db);
      return Number(row.rows[0]!.n) === ids.length;
    },
    30 * 60_000,
    'read model of the started tasks',
    500,
  );
  return {
    perSecond: ids.length / ((t1 - t0) / 1000),
    settledS: (Date.now() - t0) / 1000,
    startP50Ms: percentile(latencies, 50),
    cpu: formatCores(coresBetween(before, after)),
  };
}

async function startNoops(env: BenchEnv, prefix: string, n: number, concurrency: number): Promise<StartRun> {
  const client = env.temporal.client;
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const before = await snapshot(env.pids);
  const latencies: number[] = [];
  const t0 = Date.now();
  await forEachLimit(ids, concurrency, async (workflowId) => {
    const t = performance.now();
    await client.workflow.start('noopWorkflow', { workflowId, taskQueue: env.baselineQueue, args: [] });
    latencies.push(performance.now() - t);
  });
  const t1 = Date.now();
  const after = await snapshot(env.pids);
  await until(
    async () =>
      (await client.workflow.count(`TaskQueue = '${env.baselineQueue}' AND ExecutionStatus = 'Running'`))
        .count === 0,
    30 * 60_000,
    'no-op workflows to complete',
    500,
  );
  return {
    perSecond: n / ((t1 - t0) / 1000),
    settledS: (Date.now() - t0) / 1000,
    startP50Ms: percentile(latencies, 50),
    cpu: formatCores(coresBetween(before, after)),
  };
}

/** Terminates task workflows (so the next stage sees only its own open tasks). */
export async function terminateTasks(env: BenchEnv, ids: string[]): Promise<void> {
  await forEachLimit(ids, 20, async (id) => {
    await env.temporal.client.workflow
      .getHandle(workflowIdFor(id))
      .terminate('bench: run over')
      .catch(() => undefined);
  });
}

export async function runP1(
  env: BenchEnv,
  options: { n: number; run: number; concurrency: number; keepOpen: boolean },
): Promise<P1Run> {
  const { n, run, concurrency } = options;
  const ids = await seedTasks(env.main.db, `p1-${n}-r${run}-`, n);
  const baselineFirst = run % 2 === 0;
  let baseline: StartRun | undefined;
  if (baselineFirst) baseline = await startNoops(env, `noop-${n}-r${run}-`, n, concurrency);
  const duban = await startTasks(env, ids, concurrency);
  if (!baselineFirst) baseline = await startNoops(env, `noop-${n}-r${run}-`, n, concurrency);
  if (!options.keepOpen) await terminateTasks(env, ids);
  return { n, concurrency, duban, baseline: baseline!, taskIds: ids };
}
