// A task can live for years: the workflow continues-as-new with its whole state.
import { WorkflowNotFoundError } from '@temporalio/client';
import { makeClock } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import { insertTask } from '../support/fixtures';
import { lead, office, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();

test('continue-as-new keeps the state, the trail sequence and the request ids', async () => {
  const { h, db, kit } = suite;
  await insertTask(db, { id: 'can-1', deadline: '2032-12-31' });
  const clock = makeClock(Date.parse('2023-01-03T09:00:00+08:00'), Date.now(), 1);
  await h.start('can-1', clock, { continueAsNewAfterEvents: 60 });
  const firstRun = (await h.handle('can-1').describe()).runId;
  expect((await h.state('can-1')).checkpoints).toHaveLength(120);
  await h.update('can-1', d.acknowledgeUpdate, { actor: lead, requestId: 'ack-once' });
  for (let i = 1; i <= 12; i++) {
    await h.update('can-1', d.reportProgressUpdate, {
      actor: lead,
      percent: i,
      narrative: `第${i}次报告`,
      requestId: `r-${i}`,
    });
  }
  await h.update('can-1', d.instructUpdate, { actor: office, text: '抓紧推进' });

  const after = await h.until(
    'task-can-1 continued as a new run that is running',
    () => h.handle('can-1').describe(),
    (desc) => desc.runId !== firstRun && desc.status.name === 'RUNNING',
    { show: (desc) => `run ${desc.runId} ${desc.status.name} (first run ${firstRun})` },
  );
  expect(after.runId).not.toBe(firstRun);
  const state = await h.state('can-1');
  expect(state.percent).toBe(12);
  expect(state.reports).toHaveLength(12);
  expect(state.instructions).toHaveLength(1);
  expect(state.checkpoints).toHaveLength(120);

  // A request id from the first run is still a repeat; the same id for another request is still refused.
  const again = await h.update('can-1', d.reportProgressUpdate, {
    actor: lead,
    percent: 1,
    narrative: '第1次报告',
    requestId: 'r-1',
  });
  expect(again.seq).toBe(state.seq);
  expect(
    await h.refusal('can-1', d.reportProgressUpdate, {
      actor: lead,
      percent: 1,
      narrative: '重复',
      requestId: 'r-1',
    }),
  ).toMatch('请求编号（requestId）已用于另一项不同的请求');
  const next = await h.update('can-1', d.reportProgressUpdate, {
    actor: lead,
    percent: 13,
    narrative: '新一期',
  });
  expect(next.seq).toBeGreaterThan(state.seq);
  const events = await h.events('can-1');
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const { state: s, row } = await quiescent(h, 'can-1');
  expect(row.state).toEqual(s);
  await h.update('can-1', d.cancelUpdate, { actor: office, reason: '测试结束' });
  await expect(kit.client.workflow.getHandle('task-nope').describe()).rejects.toBeInstanceOf(
    WorkflowNotFoundError,
  );
});
