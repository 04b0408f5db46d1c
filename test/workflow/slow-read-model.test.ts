// A read-model write held up by the database (another transaction holds the task's row) holds up no workflow
// task: the workflow answers each Update at once and goes on taking inputs, while the caller's answer waits until
// the read model has what the workflow answered (read-your-write). Both inputs are applied once, in order, the
// read model ends equal to the workflow, and the history replays. (Runs before the answer-first patch wrote the
// read model from a local activity inside the workflow task; an overloaded chaos year once failed to replay
// such a history in a legacy query. New runs schedule no local activity at all.)
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

test('a read model held up by the database: the workflow answers and goes on, the caller waits, replayable', async () => {
  const id = 'slow-rm-1';
  const { h } = suite;
  await insertTask(suite.db, { id });
  await h.start(id, clock);
  await quiescent(h, id);
  const updatesCompleted = async () =>
    ((await h.handle(id).fetchHistory()).events ?? []).filter(
      (e) => e.eventType === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
    ).length;

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
  const settled = (p: Promise<unknown>) =>
    Promise.race([p.then(() => true), new Promise<boolean>((r) => setImmediate(() => r(false)))]);
  try {
    const ack = h.update(id, d.acknowledgeUpdate, { actor: lead, note: '收到' });
    await h.until(`${id}: the workflow answered the acknowledgement`, updatesCompleted, (n) => n === 1);
    // The row is still held: the caller's answer cannot have the read model yet.
    expect(await settled(ack)).toBe(false);
    const instruct = h.update(id, d.instructUpdate, { actor: office, text: '抓紧推进' });
    await h.until(`${id}: the workflow answered the instruction too`, updatesCompleted, (n) => n === 2);
    expect(await settled(instruct)).toBe(false);
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
