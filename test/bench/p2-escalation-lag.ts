// P2: escalation lag, the due instant of an escalation → the SMTP listener accepting its email, while
// `population` other task workflows are open. Probe tasks start one every `gapMs` on a fast clock of their
// own, so that each one's acknowledgement falls due `leadMs` after its start and its level-1 reminder
// (提醒) fires then; baseline workflows (a timer, then one raw email) are interleaved with them.
import { sql } from 'kysely';
import { planSchedule } from '../../activities/calendar';
import { startTask } from '../../client/tasks/start-task';
import { makeClock } from '../../workflows/clock';
import { workflowIdFor } from '../../workflows/definitions';
import type { ClockSpec } from '../../workflows/domain';
import { seedPolicy } from '../support/fixtures';
import { seedTasks } from './catalog';
import { coresBetween, formatCores, snapshot } from './cpu-share';
import type { BenchEnv } from './environment';
import { QUIET_PLAN_START, terminateTasks } from './p1-start-throughput';
import { sleep, until } from './pool';
import { percentile } from './stats';

export interface P2Run {
  duban: { p50: number; p99: number; max: number };
  baseline: { p50: number; p99: number; max: number };
  samples: number;
  perSecond: number;
  leadMs: number;
  cpu: string;
}

/** The plan instant a task started at QUIET_PLAN_START must acknowledge by (default policy). */
function ackDueAt(): number {
  return planSchedule({
    startAt: QUIET_PLAN_START,
    deadline: '2023-12-31',
    cadence: 'monthly',
    policy: seedPolicy('default'),
  }).ackDueAt;
}

export async function runP2(
  env: BenchEnv,
  options: { probes: number; gapMs: number; run: number },
): Promise<P2Run> {
  const { db } = env.main;
  const client = env.temporal.client;
  const window = options.probes * options.gapMs;
  // The ladder's level 2 comes ≥ 3 working days after level 1: with this lead it comes after the window,
  // so the figures are the level-1 reminders alone, at the chosen rate.
  const leadMs = Math.max(5_000, Math.ceil(window / 2) + 5_000);
  const speed = (ackDueAt() - QUIET_PLAN_START) / leadMs;
  const ids = await seedTasks(db, `p2-r${options.run}-`, options.probes);
  const clocks = new Map<string, ClockSpec>();
  const baselineDue = new Map<string, number>();
  const failures: unknown[] = [];
  const inflight: Promise<void>[] = [];

  const before = await snapshot(env.pids);
  const t0 = Date.now() + 500;
  for (let i = 0; i < options.probes; i++) {
    await sleep(Math.max(0, t0 + i * options.gapMs - Date.now()));
    const id = ids[i]!;
    const clock = makeClock(QUIET_PLAN_START, Date.now(), speed);
    clocks.set(id, clock);
    inflight.push(
      startTask({ db, client, clock, taskQueue: env.taskQueue }, id).then(
        () => undefined,
        (err: unknown) => void failures.push(err),
      ),
    );
    await sleep(Math.max(0, t0 + i * options.gapMs + options.gapMs / 2 - Date.now()));
    const key = `baseline-r${options.run}-${i}`;
    const dueAtMs = Date.now() + leadMs;
    baselineDue.set(key, dueAtMs);
    inflight.push(
      client.workflow
        .start('timerMailWorkflow', {
          workflowId: key,
          taskQueue: env.baselineQueue,
          args: [{ key, dueAtMs }],
        })
        .then(
          () => undefined,
          (err: unknown) => void failures.push(err),
        ),
    );
  }
  await Promise.all(inflight);
  if (failures.length) throw new Error(`P2: ${failures.length} starts failed`, { cause: failures[0] });

  const dubanKeys = new Map(ids.map((id) => [`${workflowIdFor(id)}:ack:ack:1`, id]));
  await env.mail.waitFor([...dubanKeys.keys(), ...baselineDue.keys()], 10 * 60_000);
  const after = await snapshot(env.pids);

  // The email and the read-model write are separate activities: the row may land just after the email.
  const escalations = () =>
    sql<{ key: string; plan_at: Date }>`
    select key, plan_at from escalations where key = any(${[...dubanKeys.keys()]}::text[])`.execute(db);
  await until(
    async () => (await escalations()).rows.length === ids.length,
    60_000,
    'escalations in the read model',
  );
  const due = await escalations();
  const dubanLags = due.rows.map((row) => {
    const clock = clocks.get(dubanKeys.get(row.key)!)!;
    const dueReal = clock.realEpochMs + (row.plan_at.getTime() - clock.planEpochMs) / clock.speed;
    return env.mail.accepted.get(row.key)! - dueReal;
  });
  const baselineLags = [...baselineDue].map(([key, dueAt]) => env.mail.accepted.get(key)! - dueAt);
  await terminateTasks(env, ids);

  const summary = (lags: number[]) => ({
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: Math.max(...lags),
  });
  return {
    duban: summary(dubanLags),
    baseline: summary(baselineLags),
    samples: ids.length,
    perSecond: 1000 / options.gapMs,
    leadMs,
    cpu: formatCores(coresBetween(before, after)),
  };
}
