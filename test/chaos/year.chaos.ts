// The chaos year (issue 9): ≥ 200 tasks live through the 2023 plan year on a compressed clock, with seeded
// department and office inputs, while worker processes are SIGKILLed, the Temporal dev server and Postgres are
// restarted and SMTP goes away for a while. Then every task, the read model, the mail and the logs are checked
// and a table printed. Run with `npm run test:chaos` (README section: test/chaos/README-section.md).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startTask } from '../../client/tasks/start-task';
import { DAY_MS, makeClock, planAt, planInstant } from '../../workflows/clock';
import { getStateQuery, workflowIdFor } from '../../workflows/definitions';
import type { TaskState } from '../../workflows/domain';
import { insertCatalog, synthesiseTasks } from './catalog';
import { ENGINE_LABEL, type Engine } from '../support/temporal-engine';
import { MAIL_FROM, startCluster, TASK_QUEUE, type Cluster } from './cluster';
import { drive, sendStep, type StepRecord } from './driver';
import { dueMailKeys, historyFindings, logFindings, mailFindings, readModelProblems } from './engine-checks';
import { verifyTask, type TrailEvent } from './expected';
import { injectFaults, planFaults } from './faults';
import { planBasis, planInputs, type Step, type TaskPlan } from './inputs';
import { infrastructureFindings } from './infrastructure';
import { choosePace, measureCpu, measureRoundTrips } from './pace';
import { check, formatTable, info, section, verdictOf, type Row } from './report';
import { mapLimit, retrying, sleep } from './retry';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const SEED = env('CHAOS_SEED', '2023');
const TASKS = Number(env('CHAOS_TASKS', '210'));
const WORKERS = Number(env('CHAOS_WORKERS', '2'));
const KILLS = Number(env('CHAOS_KILLS', '22'));
const ENGINE = env('CHAOS_ENGINE', 'dev') as Engine;
if (!(ENGINE in ENGINE_LABEL)) throw new Error(`CHAOS_ENGINE: must be dev or server, not ${ENGINE}`);
const SERVER = ENGINE === 'dev' ? 'Temporal dev server' : 'Temporal server (Postgres)';
const PLAN_START = planInstant('2023-01-01', '00:00');
/** The office's year-end round: everything is checked, then what is still open is cancelled. */
const HORIZON = planInstant('2024-02-05', '00:00');
/** A workflow task longer than this is a finding, unless a fault was near. */
const SLOW_TASK_MS = 5_000;
/** Seconds after a kill or a restart during which slow workflow tasks are expected (scaled by the slowdown). */
const DISRUPTION_SETTLE_S = 60;
const dayOf = (date: string) => (planInstant(date, '00:00') - PLAN_START) / DAY_MS;

// In memory where the machine has it (/dev/shm): the servers' data files survive their restarts all the same,
// and the year does not wait on a shared disk's fsyncs.
const dir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'duban-chaos-'));
let cluster: Cluster | undefined;
let passed = false;
const lastResort = () => cluster?.killAllNow();

beforeAll(() => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  process.once('exit', lastResort);
});

afterAll(async () => {
  await cluster?.stop(!passed || Boolean(process.env.CHAOS_KEEP));
  process.off('exit', lastResort);
  if (passed && !process.env.CHAOS_KEEP) rmSync(dir, { recursive: true, force: true });
  else process.stderr.write(`chaos: data, server and worker logs kept in ${dir}\n`);
});

test('a year of tasks through worker kills, a Temporal and a Postgres restart and an SMTP outage', async () => {
  const wallStart = Date.now();
  cluster = await startCluster(dir, WORKERS, ENGINE);
  const { client, db } = cluster;
  const tasks = synthesiseTasks(SEED, TASKS);
  await insertCatalog(db, tasks);
  // The plan clock's pace follows the machine: slower where no-op workflows turn around more slowly.
  const pace = choosePace(await measureRoundTrips(client, cluster.temporalAddress()), await measureCpu());
  const MS_PER_DAY = pace.msPerDay;
  process.stderr.write(
    `chaos: ${pace.roundTripsPerS.toFixed(1)} no-op round trips/s, CPU probe ${pace.cpuProbeS.toFixed(2)} s: ${pace.slowdown.toFixed(2)}x the reference machine, ${MS_PER_DAY} ms per plan day (${pace.source})\n`,
  );
  const clock = makeClock(PLAN_START, Date.now(), pace.speed);
  const realOf = (plan: number) => clock.realEpochMs + (plan - clock.planEpochMs) / clock.speed;
  // A bound for everything after the year end (the last answers, the cancellations, the workflows finishing),
  // and for every client retry: long enough to outlast any server restart on a slow machine. A correct engine
  // finishes far sooner; the bound only ends a run whose engine never catches up.
  const hardStop = realOf(HORIZON) + Number(env('CHAOS_GRACE_S', '900')) * 1000;
  const handle = (id: string) => client.workflow.getHandle(workflowIdFor(id));
  const retries = { count: 0 };
  const calls = { until: hardStop, onRetry: () => (retries.count += 1) };

  // The office starts the year's tasks, then each department's inputs are planned from its schedule.
  const plans: TaskPlan[] = await mapLimit(tasks, 8, async (task) => {
    const basis = planBasis(task, planAt(clock, Date.now()));
    await retrying(
      `start ${task.id}`,
      () => startTask({ db, client, clock, taskQueue: TASK_QUEUE }, task.id),
      calls,
    );
    return planInputs(SEED, task, basis, HORIZON);
  });

  const faults = planFaults(SEED, {
    kills: KILLS,
    workers: WORKERS,
    from: 8,
    to: dayOf('2023-12-10'),
    temporalDay: dayOf('2023-04-20'),
    postgresDay: dayOf('2023-07-04'),
    smtpDown: [dayOf('2023-09-08'), dayOf('2023-10-18')],
  });
  const [records, injected] = await Promise.all([
    drive({ client, clock, plans, concurrency: 256, until: hardStop }),
    injectFaults(cluster, clock, faults, hardStop),
  ]);
  await cluster.smtpUp();
  await sleep(realOf(HORIZON) - Date.now());

  // Year end: what every task looks like, then the office cancels what is still open (one pass, so the
  // plan clock moves on as little as possible between the two).
  const completions: Array<Promise<void>> = [];
  const yearEnd = await mapLimit(plans, 32, async (p) => {
    const snapshot = await retrying(
      `snapshot ${p.task.id}`,
      () => handle(p.task.id).query(getStateQuery),
      calls,
    );
    if (snapshot.status === 'completed' || snapshot.status === 'cancelled') return { snapshot };
    const step: Step = {
      kind: 'cancel',
      at: HORIZON,
      requestId: `chaos:${SEED}:${p.task.id}:year-end-cancel`,
      input: { actor: { role: 'office', name: '督查室' }, reason: '年度清理：转入下一年度台账' },
    };
    const { record, completed } = await sendStep(client, p.task.id, step, hardStop);
    completions.push(completed);
    return { snapshot, cancel: record };
  });
  await Promise.all(completions);
  const snapshots = yearEnd.map((y) => y.snapshot);
  const cancels = yearEnd.map((y) => y.cancel);
  const allRecords = [...records, ...cancels.filter((c): c is StepRecord => c !== undefined)];

  // Every workflow must now finish on its own (last emails and read-model writes included).
  const finals = await mapLimit(plans, 32, (p) =>
    client
      .withDeadline(hardStop, () =>
        retrying(`result ${p.task.id}`, () => handle(p.task.id).result() as Promise<TaskState>, calls),
      )
      .catch(() => undefined),
  );
  // The clock's mail is the outbox dispatcher's once its row is written, so a finished workflow may still have
  // mail on its way (a row whose sender was killed waits for its lease to run out): wait for the outbox to settle.
  while (Date.now() < hardStop) {
    const unsettled = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirstOrThrow();
    if (Number(unsettled.n) === 0) break;
    await sleep(1_000);
  }
  const queried = await mapLimit(plans, 8, (p) =>
    handle(p.task.id)
      .query(getStateQuery)
      .catch(() => undefined),
  );
  const trailRows = await db
    .selectFrom('task_events')
    .select(['task_id', 'seq', 'type', 'request_id', 'plan_at', 'data'])
    .orderBy('task_id')
    .orderBy('seq')
    .execute();
  const trails = new Map<string, TrailEvent[]>();
  for (const r of trailRows) {
    const list = trails.get(r.task_id) ?? trails.set(r.task_id, []).get(r.task_id)!;
    list.push({ seq: r.seq, type: r.type, requestId: r.request_id, at: r.plan_at.getTime(), data: r.data });
  }

  // The checks.
  const problems: string[] = [];
  const tally = { inputs: 0, tasksOk: 0, readModelOk: 0, required: 0, missing: 0, forbidden: 0, stuck: 0 };
  const checkpointCounts: Record<string, number> = {};
  const statusCounts: Record<string, number> = {};
  const dueKeys: string[] = [];
  for (const [i, plan] of plans.entries()) {
    const final = finals[i];
    const trail = trails.get(plan.task.id) ?? [];
    if (!final) {
      tally.stuck += 1;
      problems.push(`${plan.task.id}: workflow did not finish`);
      continue;
    }
    statusCounts[`${snapshots[i]!.status}→${final.status}`] =
      (statusCounts[`${snapshots[i]!.status}→${final.status}`] ?? 0) + 1;
    const records = allRecords.filter((r) => r.taskId === plan.task.id);
    const verdict = verifyTask({ plan, records, snapshot: snapshots[i]!, final, trail }, clock);
    tally.inputs += verdict.inputs;
    tally.required += verdict.escalationsRequired;
    tally.missing += verdict.escalationsMissing;
    tally.forbidden += verdict.escalationsForbidden;
    for (const [k, n] of Object.entries(verdict.checkpoints))
      checkpointCounts[k] = (checkpointCounts[k] ?? 0) + n!;
    if (verdict.problems.length === 0) tally.tasksOk += 1;
    problems.push(...verdict.problems);
    const rm = await readModelProblems(db, final, queried[i], trail);
    if (rm.length === 0) tally.readModelOk += 1;
    problems.push(...rm);
    dueKeys.push(...dueMailKeys(final, trail));
  }
  const mail = await mailFindings(
    db,
    dueKeys,
    cluster.received,
    MAIL_FROM,
    cluster.fleet.killedAt,
    pace.slowdown,
  );
  problems.push(...mail.problems);
  const histories = await historyFindings(client, TASK_QUEUE);
  problems.push(...histories.replayFailures);
  await cluster.fleet.stop();
  const logs = logFindings(cluster.fleet.logFiles, cluster.fleet.exits);
  problems.push(
    ...logs.errors,
    ...logs.crashes.map((x) => `worker ${x.slot}/${x.incarnation} exited ${x.code ?? x.signal}`),
  );
  const undelivered = allRecords.filter((r) => r.error);
  problems.push(...undelivered.map((r) => `${r.taskId}: ${r.step.kind} ${r.error}`));

  const applied = allRecords.filter((r) => r.acceptedAt !== undefined);
  const delays = quantiles(applied.map((r) => (planAt(clock, r.acceptedAt!) - r.step.at) / DAY_MS));
  const acceptance = quantiles(applied.map((r) => (r.acceptedAt! - r.sentAt) / 1000));
  const sentInputs = plans.reduce((n, p) => n + p.steps.length, 0) + cancels.filter(Boolean).length;
  const badRuns = Object.entries(histories.byStatus).filter(
    ([s]) => !['COMPLETED', 'CONTINUED_AS_NEW'].includes(s),
  );
  const taskFailed = Object.values(histories.workflowTaskFailed).reduce((a, b) => a + b, 0);
  const took = (kind: string) => injected.filter((f) => f.kind === kind);
  const smtpOff = took('smtp-down')[0];
  const smtpOn = took('smtp-up')[0];
  const infra = infrastructureFindings(cluster.temporalLogFile());
  // A worker killed or a server restarted: its workflows are replayed elsewhere, their tasks wait for the
  // restart. Outside these windows no workflow task may take over 5 s.
  const disruptions = [
    ...cluster.fleet.killedAt.map((at) => ({ from: at, to: at })),
    ...injected
      .filter((f) => f.kind === 'restart-temporal' || f.kind === 'restart-postgres')
      .map((f) => ({ from: f.at, to: f.at + f.tookMs })),
  ];
  const settleMs = DISRUPTION_SETTLE_S * 1000 * pace.slowdown;
  const disrupted = (at: number) => disruptions.some((d) => at >= d.from - 1000 && at <= d.to + settleMs);
  const slowTasks = histories.workflowTasks.filter((t) => t.ms > SLOW_TASK_MS && !disrupted(t.startedAt));
  problems.push(
    ...slowTasks.map(
      (t) =>
        `${t.workflowId}: a workflow task took ${t.ms} ms at ${new Date(t.startedAt).toISOString()}, no fault near`,
    ),
  );
  const { hits, misses } = histories.sticky;
  const stores = await cluster.storeBytes();
  const rows: Row[] = [
    section('pace'),
    info(
      '  no-op round trips/s; CPU probe s; slowdown; ms per plan day',
      `${pace.roundTripsPerS.toFixed(1)}; ${pace.cpuProbeS.toFixed(2)}; ${pace.slowdown.toFixed(2)}x; ${MS_PER_DAY} (${pace.source})`,
    ),
    section('faults injected'),
    check('worker processes SIGKILLed (≥ 20)', '≥ 20', cluster.fleet.kills, cluster.fleet.kills >= 20),
    check(`${SERVER} restarts`, 1, took('restart-temporal').length),
    check('Postgres restarts', 1, took('restart-postgres').length),
    check(
      'SMTP down, plan days',
      smtpOff && smtpOn ? Math.round(smtpOn.day - smtpOff.day) : '?',
      smtpOff && smtpOn ? Math.round(smtpOn.day - smtpOff.day) : 0,
    ),
    info(
      '  down time: Temporal / Postgres / SMTP (s)',
      `${sec(took('restart-temporal')[0]?.tookMs)} / ${sec(took('restart-postgres')[0]?.tookMs)} / ${smtpOff && smtpOn ? (((smtpOn.day - smtpOff.day) * MS_PER_DAY) / 1000).toFixed(0) : '?'}`,
    ),
    section('tasks'),
    check('inputs applied exactly once, inside their window', sentInputs, tally.inputs),
    check('tasks in the state their inputs imply', plans.length, tally.tasksOk),
    info(
      '  status at year end → final',
      Object.entries(statusCounts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
    ),
    info(
      '  checkpoints verified',
      Object.entries(checkpointCounts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
    ),
    check('escalations the inputs require, fired', tally.required, tally.required - tally.missing),
    check('escalations the inputs do not imply', 0, tally.forbidden),
    check('workflows finished after the year-end round', plans.length, plans.length - tally.stuck),
    check('read model = getState = workflow result', plans.length, tally.readModelOk),
    section('mail'),
    check('due emails: outbox row sent', mail.due, mail.outboxSent),
    check('due emails: received at the SMTP listener', mail.due, mail.delivered),
    check('keys delivered twice', 0, mail.duplicates),
    info(
      '  twice, the worker SIGKILLed between SMTP 250 and outbox update',
      mail.killWindow.length
        ? `${mail.killWindow.length} (same Message-ID): ${mail.killWindow.join('; ')}`
        : 0,
    ),
    check('emails no workflow asked for', 0, mail.unexpected),
    section('errors'),
    check(
      'runs failed / terminated / timed out',
      0,
      badRuns.reduce((n, [, c]) => n + c, 0),
    ),
    check('workflow tasks failed', 0, taskFailed, taskFailed === 0),
    check('histories that fail replay', 0, histories.replayFailures.length),
    check(`workflow tasks over ${SLOW_TASK_MS / 1000} s, away from a kill or restart`, 0, slowTasks.length),
    info('  workflow task ms (all)', quantiles(histories.workflowTasks.map((t) => t.ms))),
    info(
      '  store size: Temporal; read model (MB)',
      `${(stores.temporal / 1e6).toFixed(1)}; ${(stores.readModel / 1e6).toFixed(1)}`,
    ),
    info(
      '  sticky-cache hits (tasks after the first on the sticky queue)',
      `${((100 * hits) / Math.max(1, hits + misses)).toFixed(1)}% (${hits} of ${hits + misses})`,
    ),
    check('worker error lines (level ≥ error, or not JSON)', 0, logs.errors.length),
    check('worker crashes (exits nobody asked for)', 0, logs.crashes.length),
    info(
      '  worker starts refused with a clear message',
      logs.refusedStarts.length
        ? `${logs.refusedStarts.length}: ${[...new Set(logs.refusedStarts)].join(' | ')}`
        : 0,
    ),
    check('inputs refused or undelivered', 0, undelivered.length),
    section('infrastructure (not the engine)'),
    info(`  ${SERVER} store errors`, infra.storeErrors.length),
    info(`  ${SERVER} other error lines`, infra.otherErrors),
    ...infra.storeErrors.slice(0, 3).map((line) => info('    ', line)),
  ];
  const footer = [
    `info: ${histories.runs} runs, ${histories.events} history events (${histories.byStatus.CONTINUED_AS_NEW ?? 0} continued-as-new), ${histories.workflowTaskTimedOut} workflow-task timeouts, ${histories.activityRetries} activity retries, ${retries.count} client retries, ${logs.lines} worker log lines (${logs.connectionRetries} SDK connection-retry notes)`,
    `info: inputs applied after their plan instant by (plan days) ${delays}; accepted after (real s) ${acceptance}`,
    `info: workflow tasks failed by cause: ${JSON.stringify(histories.workflowTaskFailed)}`,
    `wall time: ${((Date.now() - wallStart) / 1000).toFixed(0)} s on ${os.cpus().length} cores against the ${ENGINE_LABEL[ENGINE]} (plan ${MS_PER_DAY} ms per day; year-end at ${((realOf(HORIZON) - wallStart) / 1000).toFixed(0)} s)`,
  ];
  const verdict = verdictOf(rows, problems, infra.storeErrors.length > 0);
  const title = `chaos year — seed ${SEED}, ${plans.length} tasks, plan 2023-01-01 → 2024-02-05, ${WORKERS} workers — ${verdict}`;
  const table = formatTable(title, rows, problems, footer);
  process.stdout.write(`\n${table}`);
  const faultLog = injected.map((f) => `day ${f.day.toFixed(1)}: ${f.detail} (${f.tookMs} ms)`);
  writeFileSync(
    path.join(dir, 'chaos-table.txt'),
    `${table}\nfaults:\n${faultLog.join('\n')}\n\nall problems:\n${problems.join('\n')}\n`,
  );
  expect(rows.filter((r) => r.ok === false).map((r) => r.label.trim())).toEqual([]);
  expect(problems).toEqual([]);
  expect(planAt(clock, Date.now())).toBeGreaterThan(HORIZON);
  passed = true;
});

/** 'p50 x, p99 y, max z' of a list of numbers. */
function quantiles(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1) : '-');
  return `p50 ${q(0.5)}, p99 ${q(0.99)}, max ${s.length ? s[s.length - 1]!.toFixed(1) : '-'}`;
}

const sec = (ms: number | undefined) => (ms === undefined ? '?' : (ms / 1000).toFixed(1));
