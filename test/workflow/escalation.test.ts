// The escalation ladder on the real Temporal server with a compressed clock (one plan day = a fraction of a second).
import { ladderInstants, planSchedule } from '../../activities/calendar';
import { DAY_MS, planAt, planDate, realDelay } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import type { ClockSpec, TaskState } from '../../workflows/domain';
import { insertTask, seedPolicy } from '../support/fixtures';
import { fastClock, lead, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();

/**
 * Sleeps until the plan clock reaches `planMs`. Only for waiting out a non-event (a stretch of plan time in
 * which nothing may happen, or in which no worker runs): what a test waits *for* is a state, never a sleep.
 */
const sleepUntilPlan = (clock: ClockSpec, planMs: number) =>
  new Promise((r) => setTimeout(r, realDelay(clock, planMs - planAt(clock, Date.now()))));

/** Escalations of one ladder as [date of scheduled instant, level, repeat]. */
const steps = (s: TaskState, reason: string, period: string) =>
  s.escalations
    .filter((e) => e.reason === reason && e.period === period)
    .map((e) => [planDate(e.at), e.level, e.repeat]);

test('a missed June report climbs 1→2→3→4 on working days, then stops at the report', async () => {
  const { h, db } = suite;
  await insertTask(db, { id: 'esc-1' });
  // Started mid-June, so the task starts in June however long the start takes (the plan clock runs meanwhile).
  await h.start('esc-1', fastClock('2023-06-20T09:00:00+08:00', 200));
  await h.update('esc-1', d.acknowledgeUpdate, { actor: lead });

  // June's report is due on the 5th working day of July (07-07 18:00); nobody files it.
  const climbed = await h.stateUntil('esc-1', "June's report ladder at level 4", (s) =>
    s.escalations.some((e) => e.reason === 'report' && e.period === '2023-06' && e.level === 4),
  );
  expect(steps(climbed, 'report', '2023-06')).toEqual([
    ['2023-07-07', 1, 0],
    ['2023-07-12', 2, 0],
    ['2023-07-18', 3, 0],
    ['2023-07-21', 4, 0],
  ]);
  // June's steps only: an acknowledgement that came after its deadline (06-21) has a ladder of its own.
  const june = climbed.escalations.filter((e) => e.reason === 'report' && e.period === '2023-06');
  expect(june.map((e) => e.notify)).toEqual([['contact'], ['head'], ['leader', 'office'], ['office']]);
  expect(climbed.checkpoints[0]!.status).toBe('missing');
  expect(climbed.light).toBe('red');
  // The light is a search attribute: the office finds red tasks with a visibility query.
  const found = await h.until(
    'task-esc-1 among the red level-3+ tasks of jtj in visibility',
    async () => {
      const ids: string[] = [];
      for await (const wf of suite.kit.client.workflow.list({
        query: "DubanLight = 'red' AND DubanLevel >= 3 AND DubanLeadDepartment = 'jtj'",
      })) {
        ids.push(wf.workflowId);
      }
      return ids;
    },
    (ids) => ids.includes('task-esc-1'),
  );
  expect(found).toContain('task-esc-1');

  // No step fired before its instant (how soon after is a benchmark figure, not a test).
  await quiescent(h, 'esc-1'); // the trail has every step that fired
  const fired = new Map(
    (await h.events('esc-1')).filter((e) => e.type === 'escalated').map((e) => [e.data.key, e.plan_at]),
  );
  for (const e of june) expect(fired.get(e.key)?.getTime()).toBeGreaterThanOrEqual(e.at);

  const after = await h.update('esc-1', d.reportProgressUpdate, {
    actor: lead,
    period: '2023-06',
    percent: 40,
    narrative: '已建成基站600个',
  });
  expect(after.checkpoints[0]).toMatchObject({ period: '2023-06', status: 'late' });
  expect(after.ladders.find((l) => l.period === '2023-06')!.stoppedAt).toBeDefined();
  // No ladder climbs any more (a later period may have started its own on a slow machine, never June's).
  expect(after.ladders.filter((l) => l.period === '2023-06' && l.stoppedAt === undefined)).toHaveLength(0);
  expect(after.level).toBe(
    Math.max(0, ...after.ladders.filter((l) => l.stoppedAt === undefined).map((l) => Math.min(l.fired, 4))),
  );
  const reportedAt = after.escalations.filter((e) => e.period === '2023-06').length;

  // A week of plan time later the June ladder has not moved (waiting out a non-event).
  await sleepUntilPlan(after.clock, planAt(after.clock, Date.now()) + 7 * DAY_MS);
  const later = await h.state('esc-1');
  expect(later.escalations.filter((e) => e.period === '2023-06')).toHaveLength(reportedAt);

  // Every step asked for one email under its idempotency key.
  const keys = await db.selectFrom('notifications').select('key').where('task_id', '=', 'esc-1').execute();
  expect(keys.map((k) => k.key)).toEqual(
    expect.arrayContaining(['task-esc-1:report:2023-06:1', 'task-esc-1:report:2023-06:4']),
  );
  const { state, row } = await quiescent(h, 'esc-1');
  expect(row.state).toEqual(state);
});

test('an unacknowledged task starting 2023-09-28 escalates on the make-up Saturday 2023-10-07', async () => {
  const { h, db } = suite;
  await insertTask(db, { id: 'esc-2' });
  // From the first minute of 09-28: the task starts in September (three plan days, 0.9 s, for the start).
  await h.start('esc-2', fastClock('2023-09-28T00:00:00+08:00', 300));
  const s = await h.stateUntil('esc-2', 'the acknowledgement ladder at level 2', (st) =>
    st.escalations.some((e) => e.reason === 'ack' && e.level === 2),
  );
  // 1 working day after 09-28 is 10-07 (the holiday runs 09-29 to 10-06); +3 working days is 10-10.
  expect(steps(s, 'ack', 'ack').slice(0, 2)).toEqual([
    ['2023-10-07', 1, 0],
    ['2023-10-10', 2, 0],
  ]);
  // Overdue acknowledgement is yellow; from level 3 (10-16, read late on a busy machine) the light is red.
  expect(s.level).toBe(Math.max(...s.escalations.filter((e) => e.reason === 'ack').map((e) => e.level)));
  expect(s.light).toBe(s.level >= 3 ? 'red' : 'yellow');
  expect(s.lightReasons).toContain(s.level >= 3 ? 'escalated' : 'ack_overdue');
  const acked = await h.update('esc-2', d.acknowledgeUpdate, { actor: lead, note: '节后签收' });
  expect(acked.status).toBe('in_progress');
  expect(acked.ladders.find((l) => l.reason === 'ack')!.stopReason).toBe('acknowledged');
  expect(acked.lightReasons).not.toContain('ack_overdue');
  // The September report is due the 5th working day of October: the holiday pushed it to 10-11.
  expect(planDate(acked.checkpoints.find((c) => c.period === '2023-09')!.dueAt)).toBe('2023-10-11');
});

test('an overdue task repeats its top step every 5 working days until closed', async () => {
  const { h, db } = suite;
  await insertTask(db, { id: 'esc-3', deadline: '2023-12-22' });
  // A week before the deadline: time for the start before the deadline is past.
  await h.start('esc-3', fastClock('2023-12-15T09:00:00+08:00', 150));
  await h.update('esc-3', d.acknowledgeUpdate, { actor: lead });
  const s = await h.stateUntil('esc-3', 'a second repeat of the overdue top step', (st) =>
    st.escalations.some((e) => e.reason === 'overdue' && e.repeat >= 2),
  );
  // The ladder's instants: +3, +4, +3 working days, then every 5 (New Year's Day skipped).
  const ladder = s.ladders.find((l) => l.reason === 'overdue')!;
  expect(ladder.at.slice(0, 6).map(planDate)).toEqual([
    '2023-12-23',
    '2023-12-27',
    '2024-01-03',
    '2024-01-08',
    '2024-01-15',
    '2024-01-22',
  ]);
  // Levels 1–4 were each sent once; repeats of level 4 follow (a slow machine may skip superseded ones).
  const overdueSteps = steps(s, 'overdue', '2023-12-22');
  expect(overdueSteps.slice(0, 4)).toEqual([
    ['2023-12-23', 1, 0],
    ['2023-12-27', 2, 0],
    ['2024-01-03', 3, 0],
    ['2024-01-08', 4, 0],
  ]);
  expect(overdueSteps.slice(4).every(([, level, repeat]) => level === 4 && Number(repeat) > 0)).toBe(true);
  expect(s.light).toBe('red');
  expect(s.lightReasons).toContain('overdue');
  const keys = s.escalations.filter((e) => e.reason === 'overdue').map((e) => e.key);
  expect(keys).toContain('task-esc-3:overdue:2023-12-22:4');
  expect(keys.some((k) => /^task-esc-3:overdue:2023-12-22:4:\d+$/.test(k))).toBe(true);

  // Closing stops the repeats: the next one's instant, and a day more, pass with nothing sent (waiting out a
  // non-event).
  const closed = await h.update('esc-3', d.submitCompletionUpdate, { actor: lead, summary: '已完成' });
  const stopped = closed.ladders.find((l) => l.reason === 'overdue')!;
  expect(stopped.stopReason).toBe('completion_submitted');
  const next = stopped.at[stopped.fired]!;
  expect(next).toBeGreaterThan(stopped.stoppedAt!);
  await sleepUntilPlan(closed.clock, next + DAY_MS);
  expect((await h.state('esc-3')).escalations).toEqual(closed.escalations);
});

test('after a long outage an overdue task sends the missed levels and only the latest repeat', async () => {
  const { h, db, kit } = suite;
  await insertTask(db, { id: 'esc-4', deadline: '2024-01-05' });
  await h.start('esc-4', fastClock('2023-12-18T09:00:00+08:00', 100));
  const acked = await h.update('esc-4', d.acknowledgeUpdate, { actor: lead });
  const { clock, spec } = acked;
  const top = spec.policy.steps.length;
  // No worker from here: the deadline passes, the ladder climbs and repeats with nobody watching. The outage
  // lasts (waiting out a non-event) until four repeats of the top step have fallen due in it.
  await kit.stopWorker();
  const outageFrom = planAt(clock, Date.now());
  // The ladder's instants, as many repeats as a slow stop may need (the workflow's own 12 are a prefix).
  const instants = ladderInstants({ startAt: acked.deadlineAt, policy: spec.policy, repeats: 100 });
  expect(instants.slice(0, acked.overdueLadder.length)).toEqual(acked.overdueLadder);
  const dueInOutage = instants
    .slice(top)
    .filter((t) => t > outageFrom)
    .slice(0, 4);
  const latest = dueInOutage[3]!;
  await sleepUntilPlan(clock, latest + DAY_MS / 2);
  await kit.startWorker();

  const s = await h.stateUntil(
    'esc-4',
    'the overdue reminder for the latest repeat due in the outage',
    (st) => st.escalations.some((e) => e.reason === 'overdue' && e.repeat > 0 && e.at >= latest),
  );
  const overdue = s.escalations.filter((e) => e.reason === 'overdue');
  // Every level once, whether it fell due before the outage or in it.
  expect(overdue.filter((e) => e.repeat === 0).map((e) => e.level)).toEqual([1, 2, 3, 4]);
  // Of the repeats that fell due in the outage, the superseded ones are skipped: one reminder stands for them.
  const repeatsAt = overdue.filter((e) => e.repeat > 0).map((e) => e.at);
  expect(repeatsAt.filter((t) => t > outageFrom && t < latest)).toEqual([]);
  expect(repeatsAt.filter((t) => t >= latest)).not.toHaveLength(0);
  const ladder = s.ladders.find((l) => l.reason === 'overdue')!;
  expect(ladder.at.length).toBeGreaterThan(ladder.fired);
});

test('a task whose first run comes after its acknowledgement deadline still starts the ladder', async () => {
  const { h, db, kit } = suite;
  await insertTask(db, { id: 'esc-5' });
  // The worker is down when the task starts and stays down past the acknowledgement deadline.
  await kit.stopWorker();
  const clock = fastClock('2023-03-06T09:00:00+08:00', 200);
  await h.start('esc-5', clock);
  // The outage (waiting out a non-event) lasts until a plan day after the acknowledgement deadline (03-07 18:00,
  // or later if the start took long: the task started at the latest now).
  const { ackDueAt } = planSchedule({
    startAt: planAt(clock, Date.now()),
    deadline: '2023-12-31',
    cadence: 'monthly',
    policy: seedPolicy(),
  });
  await sleepUntilPlan(clock, ackDueAt + DAY_MS);
  await kit.startWorker();
  // Acknowledged the moment the worker is back: the reminder that was already due must have gone first.
  const s = await h.update('esc-5', d.acknowledgeUpdate, { actor: lead });
  expect(s.escalations.find((e) => e.reason === 'ack')).toMatchObject({
    level: 1,
    key: 'task-esc-5:ack:ack:1',
  });
});

test('an acknowledgement that arrives with the timer of its deadline still finds the reminder sent', async () => {
  const { h, db, kit } = suite;
  await insertTask(db, { id: 'esc-6' });
  // A Friday start: the acknowledgement is due on Monday 18:00, 3.4 plan days (675 ms) away, time enough to stop
  // the worker before its timer fires. (Stopped later on a slow machine, the reminder simply goes first.)
  await h.start('esc-6', fastClock('2023-03-03T09:00:00+08:00', 200));
  const first = await h.state('esc-6'); // the first workflow task has run: the acknowledgement timer is set
  await kit.stopWorker();
  // The timer fires with no worker (waiting out a non-event: a plan day past the deadline); the
  // acknowledgement then waits in the same pending workflow task.
  await sleepUntilPlan(first.clock, first.ackDueAt + DAY_MS);
  const acknowledging = h.update('esc-6', d.acknowledgeUpdate, { actor: lead });
  // Time for the Update to reach the server before the worker does (a non-event; late, it is simply the next task).
  await new Promise((r) => setTimeout(r, 500));
  await kit.startWorker();
  const s = await acknowledging;
  expect(s.status).toBe('in_progress');
  // The steps already due (how many depends on the machine's pace) are sent before the ladder stops.
  const ack = s.escalations.filter((e) => e.reason === 'ack').map((e) => [e.level, e.key]);
  expect(ack[0]).toEqual([1, 'task-esc-6:ack:ack:1']);
  expect(s.ladders.find((l) => l.reason === 'ack')?.stoppedAt).toBeDefined();
});
