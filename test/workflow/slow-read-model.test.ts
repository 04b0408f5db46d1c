// The in-task read-model write (a local activity, used while an Update waits for it) held up by the database
// for longer than a workflow task may run: the worker heartbeats the task (completes it and asks for another)
// while the write waits, another input arrives meanwhile, and the write then goes through. Both inputs are
// applied once, in order, the read model ends equal to the workflow, and the history replays. (A legacy query
// in an overloaded chaos year once failed to replay a history with such a write; this is the plainest form of
// the suspected cause, and it holds.)
import { temporal } from '@temporalio/proto';
import { sql } from 'kysely';
import { makeClock } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import { insertTask } from '../support/fixtures';
import { fetchHistories, replayFailures } from '../support/replay';
import { lead, office, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();
// Real time: nothing becomes due during the test.
const clock = makeClock(Date.parse('2023-01-03T09:00:00+08:00'), Date.now(), 1);
const E = temporal.api.enums.v1.EventType;
const COMPLETED = E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;

test('a read-model write held past the workflow-task heartbeat: inputs once, in order, replayable', async () => {
  const id = 'slow-rm-1';
  const { h } = suite;
  await insertTask(suite.db, { id });
  await h.start(id, clock);
  await quiescent(h, id);
  const history = async () => {
    const events = (await h.handle(id).fetchHistory()).events ?? [];
    const count = (type: number) => events.filter((e) => e.eventType === type).length;
    return {
      completed: count(COMPLETED),
      // No workflow task and no activity in flight: nothing but the write below can complete a workflow task.
      idle:
        count(E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) === count(COMPLETED) &&
        count(E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) ===
          count(E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) + count(E.EVENT_TYPE_ACTIVITY_TASK_FAILED),
    };
  };
  const { completed: before } = await h.until(
    `${id}: no workflow task or activity in flight`,
    history,
    (s) => s.idle,
  );
  const completedTasks = async () => (await history()).completed;

  // Another transaction holds the task's row: the write (which locks it first) waits until it is released.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = suite.db.transaction().execute(async (trx) => {
    await sql`select 1 from tasks where id = ${id} for update`.execute(trx);
    locked();
    await released;
  });
  await isLocked;
  try {
    const ack = h.update(id, d.acknowledgeUpdate, { actor: lead, note: '收到' });
    // The workflow task that took the acknowledgement cannot finish while its write waits: a completed workflow
    // task now is the worker's heartbeat (it keeps the task alive past its 10 s timeout).
    await h.until(
      `${id}: a workflow task completed while the read-model write waits (the heartbeat)`,
      completedTasks,
      (n) => n > before,
      { show: (n) => `${n - before} completed since the write began` },
    );
    const instruct = h.update(id, d.instructUpdate, { actor: office, text: '抓紧推进' });
    release();
    await holder;
    expect((await ack).status).toBe('in_progress');
    expect((await instruct).instructions.map((i) => i.text)).toEqual(['抓紧推进']);
  } finally {
    release();
  }

  const { state, row } = await quiescent(h, id);
  expect(row.state).toEqual(state);
  expect((await h.events(id)).map((e) => e.type)).toEqual(['started', 'acknowledged', 'instructed']);
  expect(await replayFailures(await fetchHistories(suite.kit.client, [d.workflowIdFor(id)]))).toEqual([]);
});
