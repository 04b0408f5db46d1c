// Suspension pauses every clock and shifts it on resume; an approved extension moves the deadline in the running workflow.
import { DAY_MS, planAt, planDate, realDelay } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import { insertTask } from '../support/fixtures';
import { fastClock, lead, office, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();

test('suspension stops the clocks and shifts deadline and due instants by the time suspended', async () => {
  const { h, db } = suite;
  await insertTask(db, { id: 'sus-1' });
  // June's report is due 07-07 18:00, eleven plan days (2.8 s) after the start: normally suspended long before.
  await h.start('sus-1', fastClock('2023-06-26T09:00:00+08:00', 250));
  await h.update('sus-1', d.acknowledgeUpdate, { actor: lead });
  const paused = await h.update('sus-1', d.suspendUpdate, { actor: office, reason: '项目规划调整' });
  expect(paused.status).toBe('suspended');
  const at = paused.suspended!.at;
  // The first report still ahead when the task was suspended (June's, unless the machine is very slow).
  const next = paused.checkpoints.find((c) => c.status === 'pending')!;
  expect(next.dueAt).toBeGreaterThan(at);

  // Plan time passes that due instant and a day more (waiting out a non-event): nothing fires.
  await new Promise((r) =>
    setTimeout(r, realDelay(paused.clock, next.dueAt + DAY_MS - planAt(paused.clock, Date.now()))),
  );
  const during = await h.state('sus-1');
  // Only what fired before the suspension (a late acknowledgement's reminder, on a slow machine).
  expect(during.escalations).toEqual(paused.escalations);
  expect(during.checkpoints.find((c) => c.period === next.period)!.status).toBe('pending');

  const resumed = await h.update('sus-1', d.resumeUpdate, { actor: office });
  const shift = resumed.suspendedTotalMs;
  expect(shift).toBeGreaterThanOrEqual(next.dueAt + DAY_MS - at);
  expect(resumed.status).toBe('in_progress');
  // Every instant still ahead at the suspension moves by the time suspended.
  expect(resumed.deadlineAt).toBe(paused.deadlineAt + shift);
  expect(resumed.nearDeadlineAt).toBe(paused.nearDeadlineAt + shift);
  const pending = (s: typeof paused) => s.checkpoints.filter((c) => c.period >= next.period);
  expect(pending(resumed).map((c) => c.dueAt)).toEqual(pending(paused).map((c) => c.dueAt + shift));
  expect(pending(resumed)[0]!.ladder).toEqual(next.ladder.map((t) => t + shift));
  expect(resumed.overdueLadder).toEqual(paused.overdueLadder.map((t) => t + shift));
  expect(resumed.deadline).toBe(planDate(paused.deadlineAt + shift - 1));
  expect(resumed.deadline > '2023-12-31').toBe(true);

  // The shifted due instant is where the ladder now starts.
  const isNext = (e: (typeof paused.escalations)[number]) =>
    e.reason === 'report' && e.period === next.period;
  const missed = await h.stateUntil('sus-1', `the first step of the ${next.period} report ladder`, (s) =>
    s.escalations.some(isNext),
  );
  expect(missed.escalations.find(isNext)).toMatchObject({ level: 1, at: next.dueAt + shift });
  const types = (await h.events('sus-1')).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(['suspended', 'resumed']));
});

test('an approved extension moves the deadline inside the running workflow', async () => {
  const { h, db } = suite;
  await insertTask(db, { id: 'ext-1', deadline: '2023-07-31' });
  await h.start('ext-1', fastClock('2023-07-03T09:00:00+08:00', 1000));
  const runId = (await h.handle('ext-1').describe()).runId;
  await h.update('ext-1', d.acknowledgeUpdate, { actor: lead });
  const asked = await h.update('ext-1', d.requestExtensionUpdate, {
    actor: lead,
    newDeadline: '2023-09-30',
    reason: '征地拆迁未完成',
  });
  expect(asked.extensionRequest).toMatchObject({ requestedDeadline: '2023-09-30' });
  expect(asked.deadline).toBe('2023-07-31');

  const approved = await h.update('ext-1', d.decideExtensionUpdate, {
    actor: office,
    approve: true,
    comment: '同意',
  });
  expect(approved.deadline).toBe('2023-09-30');
  expect(approved.deadlineAt).toBe(Date.parse('2023-10-01T00:00:00+08:00'));
  expect(approved.checkpoints.map((c) => c.period)).toEqual(['2023-07', '2023-08', '2023-09']);
  expect(approved.extensions).toEqual([expect.objectContaining({ from: '2023-07-31', to: '2023-09-30' })]);
  expect(approved.extensionRequest).toBeUndefined();
  expect((await h.handle('ext-1').describe()).runId).toBe(runId);

  // A refused request leaves the deadline alone.
  await h.update('ext-1', d.requestExtensionUpdate, {
    actor: lead,
    newDeadline: '2023-12-31',
    reason: '再延期',
  });
  const refused = await h.update('ext-1', d.decideExtensionUpdate, {
    actor: office,
    approve: false,
    comment: '不同意',
  });
  expect(refused.deadline).toBe('2023-09-30');
  const { state, row } = await quiescent(h, 'ext-1');
  expect(row.state).toEqual(state);
  const types = (await h.events('ext-1')).map((e) => e.type);
  expect(types).toEqual(
    expect.arrayContaining(['extension_requested', 'extension_approved', 'extension_rejected']),
  );
  // Each decision is mailed (the mail activity runs beside the read model: wait for its outbox rows).
  const mail = await h.until(
    'both extension decisions in the outbox',
    () =>
      db
        .selectFrom('notifications')
        .select(['key', 'kind'])
        .where('task_id', '=', 'ext-1')
        .where('kind', '=', 'extension_decision')
        .execute(),
    (rows) => rows.length >= 2,
  );
  expect(mail).toHaveLength(2);
});

test('an extension approved after the deadline stops the overdue climb', async () => {
  const { h, db } = suite;
  // A week to the deadline (1 s): time for the start before the deadline is past.
  await insertTask(db, { id: 'ext-2', deadline: '2023-07-10' });
  await h.start('ext-2', fastClock('2023-07-03T09:00:00+08:00', 150));
  await h.update('ext-2', d.acknowledgeUpdate, { actor: lead });
  await h.update('ext-2', d.requestExtensionUpdate, {
    actor: lead,
    newDeadline: '2023-12-31',
    reason: '资金未到位',
  });
  const red = await h.stateUntil('ext-2', 'the overdue ladder at level 2', (s) =>
    s.escalations.some((e) => e.reason === 'overdue' && e.level >= 2),
  );
  expect(red.light).toBe('red');
  const ok = await h.update('ext-2', d.decideExtensionUpdate, { actor: office, approve: true });
  expect(ok.deadline).toBe('2023-12-31');
  expect(ok.ladders.filter((l) => l.reason === 'overdue').every((l) => l.stopReason === 'extended')).toBe(
    true,
  );
  expect(ok.lightReasons).not.toContain('overdue');
});
