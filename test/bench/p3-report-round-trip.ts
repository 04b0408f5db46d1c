// P3: a department's progress report, POST /api/tasks/:id/progress → Update → the report row visible in
// Postgres, against a raw Update round trip (a no-op Update on a live baseline workflow). The two are
// interleaved request by request, one at a time, so both see the same machine.
import { sql } from 'kysely';
import { createToken } from '../../client/service/tokens';
import { seedTasks } from './catalog';
import type { BenchEnv } from './environment';
import { pingUpdate, stopSignal } from './baseline/workflows';
import { startBenchApi } from './api';
import { startTasks, terminateTasks } from './p1-start-throughput';
import { phases, type Sent } from './p3-phases';
import { workflowIdFor } from '../../workflows/definitions';
import { sleep } from './pool';
import { percentile } from './stats';

export interface P3Run {
  duban: { p50: number; p99: number };
  baseline: { p50: number; p99: number };
  samples: number;
  /** Median ms of each phase, from the histories: where the round trip's time goes. */
  phases: { duban: Array<[string, number]>; baseline: Array<[string, number]> };
}

const WARM_UP = 10;
/** Tasks the reports are spread over (a department reports on several tasks). */
const TASKS = 10;

export async function runP3(env: BenchEnv, options: { reports: number; run: number }): Promise<P3Run> {
  const { db } = env.main;
  const client = env.temporal.client;
  const ids = await seedTasks(db, `p3-r${options.run}-`, TASKS);
  await startTasks(env, ids, TASKS);
  const leads = await db
    .selectFrom('tasks')
    .select(['id', 'lead_department'])
    .where('id', 'in', ids)
    .execute();
  const tokens = new Map<string, string>();
  for (const { id, lead_department } of leads) {
    tokens.set(id, (await createToken(db, { role: 'department', department: lead_department })).token);
  }
  const api = await startBenchApi(env, db);
  const idle = await client.workflow.start('idleWorkflow', {
    workflowId: `idle-r${options.run}`,
    taskQueue: env.baselineQueue,
    args: [],
  });
  try {
    for (const id of ids) {
      await api.call(tokens.get(id)!, 'POST', `/api/tasks/${id}/acknowledge`, { requestId: `ack-${id}` });
    }
    const duban: number[] = [];
    const baseline: number[] = [];
    const sentDuban: Sent[] = [];
    const sentBaseline: Sent[] = [];
    for (let i = 0; i < options.reports + WARM_UP; i++) {
      const updateId = `ping-${options.run}-${i}`;
      let sentAt = Date.now();
      let t = performance.now();
      await idle.executeUpdate(pingUpdate, { args: [i], updateId });
      const raw = performance.now() - t;
      if (i >= WARM_UP)
        sentBaseline.push({ workflowId: idle.workflowId, updateId, sentAt, answeredAt: Date.now() });

      const id = ids[i % ids.length]!;
      const requestId = `p3-${options.run}-${i}`;
      sentAt = Date.now();
      t = performance.now();
      await api.call(tokens.get(id)!, 'POST', `/api/tasks/${id}/progress`, {
        requestId,
        percent: Math.min(100, Math.floor((i / (options.reports + WARM_UP)) * 100)),
        narrative: `第${i}次进展：完成阶段性工作。`,
      });
      const answeredAt = Date.now();
      // The Update returns once the read model has the report; the bench checks it rather than trust it.
      for (;;) {
        const seen =
          await sql`select 1 from progress_reports where task_id = ${id} and request_id = ${requestId}`.execute(
            db,
          );
        if (seen.rows.length) break;
        await sleep(2);
      }
      const full = performance.now() - t;
      if (i >= WARM_UP) {
        baseline.push(raw);
        duban.push(full);
        sentDuban.push({ workflowId: workflowIdFor(id), updateId: requestId, sentAt, answeredAt });
      }
    }
    return {
      duban: { p50: percentile(duban, 50), p99: percentile(duban, 99) },
      baseline: { p50: percentile(baseline, 50), p99: percentile(baseline, 99) },
      samples: duban.length,
      phases: {
        duban: await phases(client, sentDuban),
        baseline: await phases(client, sentBaseline),
      },
    };
  } finally {
    await api.close();
    await idle.signal(stopSignal).catch(() => undefined);
    await terminateTasks(env, ids);
  }
}
