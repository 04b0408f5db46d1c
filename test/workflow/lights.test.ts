// The light: yellow when progress trails the share of time elapsed (序时进度), green again when a report catches up.
import * as d from '../../workflows/definitions';
import { insertTask } from '../support/fixtures';
import { fastClock, lead, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();

test('yellow by 序时进度, green after a report that catches up, yellow again near the deadline', async () => {
  const { h, db } = suite;
  // A quarter-long task reported quarterly: no checkpoint falls due before the deadline.
  await insertTask(db, { id: 'light-1', deadline: '2023-03-31', cadence: 'quarterly' });
  await h.start('light-1', fastClock('2023-01-03T09:00:00+08:00', 120));
  const start = await h.update('light-1', d.acknowledgeUpdate, { actor: lead });
  expect(start.light).toBe('green');

  // Tolerance 15%: with 0% reported, 15% of the quarter (about 13 plan days) turns it yellow.
  const behind = await h.eventually(async () => {
    const s = await h.state('light-1');
    return s.light === 'yellow' ? s : undefined;
  });
  expect(behind.lightReasons).toEqual(['behind_schedule']);

  const caughtUp = await h.update('light-1', d.reportProgressUpdate, {
    actor: lead,
    percent: 60,
    values: [{ targetIdx: 0, value: 900 }],
    narrative: '已建成基站900个',
    problems: '部分站址协调难',
    nextSteps: '加快站址审批',
  });
  expect(caughtUp.light).toBe('green');
  expect(caughtUp.achieved[0]).toBe(900);
  expect(caughtUp.checkpoints[0]).toMatchObject({ period: '2023-Q1', status: 'received' });

  // Ten working days before the deadline (03-17) it turns yellow again: the deadline is near.
  const near = await h.eventually(async () => {
    const s = await h.state('light-1');
    return s.lightReasons.includes('deadline_near') ? s : undefined;
  });
  expect(near.light).toBe('yellow');
  const { state, row } = await quiescent(h, 'light-1');
  expect(row.light).toBe(state.light);
  const target = await db
    .selectFrom('targets')
    .select('achieved')
    .where('task_id', '=', 'light-1')
    .where('idx', '=', 0)
    .executeTakeFirstOrThrow();
  expect(Number(target.achieved)).toBe(900);
  const report = await db
    .selectFrom('progress_reports')
    .selectAll()
    .where('task_id', '=', 'light-1')
    .executeTakeFirstOrThrow();
  expect(report).toMatchObject({
    period: '2023-Q1',
    narrative: '已建成基站900个',
    problems: '部分站址协调难',
    late: false,
  });
  const changes = (await h.events('light-1')).filter((e) => e.type === 'light_changed').map((e) => e.data.to);
  expect(changes.slice(0, 3)).toEqual(['yellow', 'green', 'yellow']);
});
