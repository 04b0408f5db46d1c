// The light: yellow when progress trails the share of time elapsed (序时进度), green again when a report catches up.
import * as d from '../../workflows/definitions';
import { behindFrom } from '../../workflows/rules/light';
import { insertTask } from '../support/fixtures';
import { fastClock, lead, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();

test('yellow by 序时进度, green after a report that catches up, yellow again near the deadline', async () => {
  const { h, db } = suite;
  // A quarter-long task reported quarterly: no checkpoint falls due before the deadline.
  await insertTask(db, { id: 'light-1', deadline: '2023-03-31', cadence: 'quarterly' });
  await h.start('light-1', fastClock('2023-01-03T09:00:00+08:00', 150));
  const start = await h.update('light-1', d.acknowledgeUpdate, { actor: lead });
  // Tolerance 15%: with 0% reported, 15% of the quarter (about 13 plan days, 2 s) turns it yellow. The
  // acknowledgement comes long before, unless the machine is very slow: then it is yellow from the start.
  const lateStart = start.acknowledgedAt! > behindFrom(start);
  expect(start.light).toBe(lateStart ? 'yellow' : 'green');

  const behind = await h.stateUntil('light-1', 'behind schedule', (s) =>
    s.lightReasons.includes('behind_schedule'),
  );
  expect(behind.light).toBe('yellow');
  expect(behind.lightReasons).toEqual(['behind_schedule']);

  // 80% reported: behind again only after 95% of the quarter, later than the deadline is near.
  const caughtUp = await h.update('light-1', d.reportProgressUpdate, {
    actor: lead,
    percent: 80,
    values: [{ targetIdx: 0, value: 1200 }],
    narrative: '已建成基站1200个',
    problems: '部分站址协调难',
    nextSteps: '加快站址审批',
  });
  expect(caughtUp.light).toBe('green');
  expect(caughtUp.achieved[0]).toBe(1200);
  expect(caughtUp.checkpoints[0]).toMatchObject({ period: '2023-Q1', status: 'received' });

  // Ten working days before the deadline (03-17) it turns yellow again: the deadline is near. Read from the
  // trail, which keeps the change, not from the live light, which turns red at the deadline two seconds later.
  // Changes after the acknowledgement's (one that came after its deadline had a yellow of its own).
  const lightChanges = async () =>
    (await h.events('light-1'))
      .filter((e) => e.type === 'light_changed' && e.seq > start.seq)
      .map((e) => ({ to: e.data.to, reasons: e.data.reasons }));
  const changes = await h.until('light-1: a light change for the near deadline', lightChanges, (cs) =>
    cs.some((c) => (c.reasons as string[]).includes('deadline_near')),
  );
  expect(changes.slice(0, lateStart ? 2 : 3)).toEqual([
    ...(lateStart ? [] : [{ to: 'yellow', reasons: ['behind_schedule'] }]),
    { to: 'green', reasons: [] },
    { to: 'yellow', reasons: ['deadline_near'] },
  ]);

  const { state, row } = await quiescent(h, 'light-1');
  expect(row.light).toBe(state.light);
  const target = await db
    .selectFrom('targets')
    .select('achieved')
    .where('task_id', '=', 'light-1')
    .where('idx', '=', 0)
    .executeTakeFirstOrThrow();
  expect(Number(target.achieved)).toBe(1200);
  const report = await db
    .selectFrom('progress_reports')
    .selectAll()
    .where('task_id', '=', 'light-1')
    .executeTakeFirstOrThrow();
  expect(report).toMatchObject({
    period: '2023-Q1',
    narrative: '已建成基站1200个',
    problems: '部分站址协调难',
    late: false,
  });
});
