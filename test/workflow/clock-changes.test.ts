// Suspension pauses every clock and shifts it on resume; an approved extension moves the deadline in the running workflow.
import { planDate } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import { insertTask } from '../support/fixtures';
import { fastClock, lead, office, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();
const MS_PER_DAY = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('suspension stops the clocks and shifts deadline and due instants by the time suspended', async () => {
  const { h, db } = suite;
  await insertTask(db, { id: 'sus-1' });
  await h.start('sus-1', fastClock('2023-06-30T09:00:00+08:00', MS_PER_DAY));
  const before = await h.update('sus-1', d.acknowledgeUpdate, { actor: lead });
  const paused = await h.update('sus-1', d.suspendUpdate, { actor: office, reason: '项目规划调整' });
  expect(paused.status).toBe('suspended');

  // Ten plan days pass, across June's due instant (07-07 18:00): nothing fires.
  await sleep(10 * MS_PER_DAY);
  const during = await h.state('sus-1');
  expect(during.escalations).toHaveLength(0);
  expect(during.checkpoints[0]!.status).toBe('pending');

  const resumed = await h.update('sus-1', d.resumeUpdate, { actor: office });
  const shift = resumed.suspendedTotalMs;
  expect(shift).toBeGreaterThanOrEqual(9 * 86_400_000);
  expect(resumed.status).toBe('in_progress');
  expect(resumed.deadlineAt).toBe(before.deadlineAt + shift);
  expect(resumed.nearDeadlineAt).toBe(before.nearDeadlineAt + shift);
  expect(resumed.checkpoints.map((c) => c.dueAt)).toEqual(before.checkpoints.map((c) => c.dueAt + shift));
  expect(resumed.checkpoints[0]!.ladder).toEqual(before.checkpoints[0]!.ladder.map((t) => t + shift));
  expect(resumed.overdueLadder).toEqual(before.overdueLadder.map((t) => t + shift));
  expect(resumed.deadline).toBe(planDate(before.deadlineAt + shift - 1));
  expect(resumed.deadline > '2023-12-31').toBe(true);

  // The shifted due instant is where the ladder now starts.
  const missed = await h.eventually(async () => {
    const s = await h.state('sus-1');
    return s.escalations.length ? s : undefined;
  });
  expect(missed.escalations[0]!.at).toBe(before.checkpoints[0]!.dueAt + shift);
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
  const mail = await db
    .selectFrom('notifications')
    .select(['key', 'kind'])
    .where('task_id', '=', 'ext-1')
    .where('kind', '=', 'extension_decision')
    .execute();
  expect(mail).toHaveLength(2);
});

test('an extension approved after the deadline stops the overdue climb', async () => {
  const { h, db } = suite;
  await insertTask(db, { id: 'ext-2', deadline: '2023-07-05' });
  await h.start('ext-2', fastClock('2023-07-03T09:00:00+08:00', 150));
  await h.update('ext-2', d.acknowledgeUpdate, { actor: lead });
  await h.update('ext-2', d.requestExtensionUpdate, {
    actor: lead,
    newDeadline: '2023-12-31',
    reason: '资金未到位',
  });
  const red = await h.eventually(async () => {
    const s = await h.state('ext-2');
    return s.escalations.some((e) => e.reason === 'overdue' && e.level >= 2) ? s : undefined;
  });
  expect(red.light).toBe('red');
  const ok = await h.update('ext-2', d.decideExtensionUpdate, { actor: office, approve: true });
  expect(ok.deadline).toBe('2023-12-31');
  expect(ok.ladders.filter((l) => l.reason === 'overdue').every((l) => l.stopReason === 'extended')).toBe(
    true,
  );
  expect(ok.lightReasons).not.toContain('overdue');
});
