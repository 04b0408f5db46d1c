// The escalation ladder on the real Temporal server with a compressed clock (one plan day = a fraction of a second).
import { planDate } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import type { TaskState } from '../../workflows/domain';
import { insertTask } from '../support/fixtures';
import { fastClock, lead, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();

/** Escalations of one ladder as [date of scheduled instant, level, repeat]. */
const steps = (s: TaskState, reason: string, period: string) =>
  s.escalations
    .filter((e) => e.reason === reason && e.period === period)
    .map((e) => [planDate(e.at), e.level, e.repeat]);

test('a missed June report climbs 1→2→3→4 on working days, then stops at the report', async () => {
  const { h, db } = suite;
  await insertTask(db, { id: 'esc-1' });
  await h.start('esc-1', fastClock('2023-06-30T09:00:00+08:00', 250));
  await h.update('esc-1', d.acknowledgeUpdate, { actor: lead });

  // June's report is due on the 5th working day of July (07-07 18:00); nobody files it.
  const climbed = await h.eventually(async () => {
    const s = await h.state('esc-1');
    return s.escalations.filter((e) => e.period === '2023-06').length >= 4 ? s : undefined;
  }, 60_000);
  expect(steps(climbed, 'report', '2023-06')).toEqual([
    ['2023-07-07', 1, 0],
    ['2023-07-12', 2, 0],
    ['2023-07-18', 3, 0],
    ['2023-07-21', 4, 0],
  ]);
  expect(climbed.escalations.slice(0, 4).map((e) => e.notify)).toEqual([
    ['contact'],
    ['head'],
    ['leader', 'office'],
    ['office'],
  ]);
  expect(climbed.checkpoints[0]!.status).toBe('missing');
  expect(climbed.light).toBe('red');
  // The light is a search attribute: the office finds red tasks with a visibility query.
  const found = await h.eventually(async () => {
    const ids: string[] = [];
    for await (const wf of suite.kit.client.workflow.list({
      query: "DubanLight = 'red' AND DubanLevel >= 3 AND DubanLeadDepartment = 'jtj'",
    })) {
      ids.push(wf.workflowId);
    }
    return ids.includes('task-esc-1') ? ids : undefined;
  });
  expect(found).toContain('task-esc-1');

  // No step fired before its instant (how soon after is a benchmark figure, not a test).
  const events = (await h.events('esc-1')).filter((e) => e.type === 'escalated');
  for (const [i, e] of events.slice(0, 4).entries()) {
    expect(e.plan_at.getTime()).toBeGreaterThanOrEqual(climbed.escalations[i]!.at);
  }

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

  // A week of plan time later the June ladder has not moved.
  await new Promise((r) => setTimeout(r, 7 * 250));
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
  await h.start('esc-2', fastClock('2023-09-28T09:00:00+08:00', 250));
  const s = await h.eventually(async () => {
    const st = await h.state('esc-2');
    return st.escalations.some((e) => e.reason === 'ack' && e.level === 2) ? st : undefined;
  }, 60_000);
  // 1 working day after 09-28 is 10-07 (the holiday runs 09-29 to 10-06); +3 working days is 10-10.
  expect(steps(s, 'ack', 'ack').slice(0, 2)).toEqual([
    ['2023-10-07', 1, 0],
    ['2023-10-10', 2, 0],
  ]);
  expect(s.lightReasons).toContain('ack_overdue');
  expect(s.light).toBe('yellow');
  const acked = await h.update('esc-2', d.acknowledgeUpdate, { actor: lead, note: '节后签收' });
  expect(acked.status).toBe('in_progress');
  expect(acked.ladders.find((l) => l.reason === 'ack')!.stopReason).toBe('acknowledged');
  expect(acked.lightReasons).not.toContain('ack_overdue');
  // The September report (due the 5th working day of October) is still pending: the holiday pushed it to 10-11.
  expect(planDate(acked.checkpoints.find((c) => c.period === '2023-09')!.dueAt)).toBe('2023-10-11');
});

test('an overdue task repeats its top step every 5 working days until closed', async () => {
  const { h, db } = suite;
  await insertTask(db, { id: 'esc-3', deadline: '2023-12-22' });
  await h.start('esc-3', fastClock('2023-12-19T09:00:00+08:00', 150));
  await h.update('esc-3', d.acknowledgeUpdate, { actor: lead });
  const s = await h.eventually(async () => {
    const st = await h.state('esc-3');
    return st.escalations.filter((e) => e.reason === 'overdue' && e.repeat >= 2).length ? st : undefined;
  }, 60_000);
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

  // Closing stops the repeats.
  await h.update('esc-3', d.submitCompletionUpdate, { actor: lead, summary: '已完成' });
  const closed = await h.state('esc-3');
  const count = closed.escalations.length;
  await new Promise((r) => setTimeout(r, 8 * 150));
  expect((await h.state('esc-3')).escalations.length).toBe(count);
});

test('after a long outage an overdue task sends the missed levels and only the latest repeat', async () => {
  const { h, db, kit } = suite;
  await insertTask(db, { id: 'esc-4', deadline: '2024-01-05' });
  await h.start('esc-4', fastClock('2023-12-21T09:00:00+08:00', 100));
  await h.update('esc-4', d.acknowledgeUpdate, { actor: lead });
  // No worker for about 80 plan days: the deadline passes, the ladder climbs and repeats with nobody watching.
  await kit.restartWorker(undefined, 8000);
  const s = await h.eventually(async () => {
    const st = await h.state('esc-4');
    return st.escalations.some((e) => e.reason === 'overdue' && e.repeat > 0) ? st : undefined;
  });
  const overdue = s.escalations.filter((e) => e.reason === 'overdue');
  expect(overdue.slice(0, 4).map((e) => e.level)).toEqual([1, 2, 3, 4]);
  // Ten or so repeats fell due during the outage; one reminder stands for them, so the numbers jump.
  const repeats = overdue.filter((e) => e.repeat > 0).map((e) => e.repeat);
  expect(Math.max(...repeats) - repeats.length).toBeGreaterThanOrEqual(3);
  const ladder = s.ladders.find((l) => l.reason === 'overdue')!;
  expect(ladder.at.length).toBeGreaterThan(ladder.fired);
});

test('a task whose first run comes after its acknowledgement deadline still starts the ladder', async () => {
  const { h, db, kit } = suite;
  await insertTask(db, { id: 'esc-5' });
  // The worker is down when the task starts and stays down past the acknowledgement deadline.
  await kit.stopWorker();
  await h.start('esc-5', fastClock('2023-03-06T09:00:00+08:00', 200));
  await new Promise((r) => setTimeout(r, 3000));
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
  await h.start('esc-6', fastClock('2023-03-06T09:00:00+08:00', 200));
  await h.state('esc-6'); // the first workflow task has run: the acknowledgement timer is set
  await kit.stopWorker();
  // The timer fires with no worker; the acknowledgement then waits in the same pending workflow task.
  await new Promise((r) => setTimeout(r, 3000));
  const acknowledging = h.update('esc-6', d.acknowledgeUpdate, { actor: lead });
  await new Promise((r) => setTimeout(r, 500));
  await kit.startWorker();
  const s = await acknowledging;
  expect(s.status).toBe('in_progress');
  // The steps already due (how many depends on the machine's pace) are sent before the ladder stops.
  const ack = s.escalations.filter((e) => e.reason === 'ack').map((e) => [e.level, e.key]);
  expect(ack[0]).toEqual([1, 'task-esc-6:ack:ack:1']);
  expect(s.ladders.find((l) => l.reason === 'ack')?.stoppedAt).toBeDefined();
});
