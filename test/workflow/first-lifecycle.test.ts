// The task workflow on the real Temporal server and Postgres: the basic life cycle, mirrored in the read model.
import { temporal } from '@temporalio/proto';
import { storedView } from '../../db/task-view';
import { makeClock } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import { insertTask } from '../support/fixtures';
import { co, lead, office, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();
/** As stored: through JSON (absent optional fields are dropped). */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
// Real time: nothing becomes due during these tests, so they are about messages only.
const clock = makeClock(Date.parse('2023-01-03T09:00:00+08:00'), Date.now(), 1);

test('start → acknowledge → complete → reject → complete → approve, mirrored step by step', async () => {
  const id = 'lc-1';
  await insertTask(suite.db, { id });
  expect(await suite.h.start(id, clock)).toMatchObject({ started: true, workflowId: 'task-lc-1' });
  expect(await suite.h.start(id, clock)).toMatchObject({ started: false });

  let { state, row } = await quiescent(suite.h, id);
  expect(state.status).toBe('assigned');
  expect(row.state).toEqual(state);
  // What readers read: the public view of that state (its 序时进度 is filled in when read).
  expect(row.view).toEqual(plain(storedView(state)));

  state = await suite.h.update(id, d.acknowledgeUpdate, { actor: lead, note: '收到' });
  expect(state.status).toBe('in_progress');
  expect((await suite.h.readModel(id)).state).toEqual(state);

  state = await suite.h.update(id, d.submitCompletionUpdate, { actor: lead, summary: '已全部建成' });
  expect(state.status).toBe('completion_review');
  expect((await suite.h.readModel(id)).status).toBe('completion_review');

  state = await suite.h.update(id, d.reviewCompletionUpdate, {
    actor: office,
    decision: 'reject',
    comment: '佐证材料不全',
  });
  expect(state.status).toBe('in_progress');
  expect(state.rejections).toBe(1);

  await suite.h.update(id, d.submitCompletionUpdate, { actor: lead, summary: '已补充材料' });
  state = await suite.h.update(id, d.reviewCompletionUpdate, {
    actor: office,
    decision: 'approve',
    grade: '优秀',
  });
  expect(state.status).toBe('completed');
  expect(state.grade).toBe('优秀');

  // The workflow returns only once the read model has its last event: the row is final when it does.
  const final = await suite.h.handle(id).result();
  row = await suite.h.readModel(id);
  expect(row.seq).toBe(final.seq);
  expect(row.state).toEqual(final);
  expect(row.view).toEqual(plain(storedView(final)));
  expect(row.view).toMatchObject({ status: 'completed', grade: '优秀', light: null });
  const types = (await suite.h.events(id)).map((e) => e.type);
  expect(types).toEqual([
    'started',
    'acknowledged',
    'completion_submitted',
    'completion_rejected',
    'completion_submitted',
    'completion_approved',
  ]);
  const seqs = (await suite.h.events(id)).map((e) => e.seq);
  expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
});

test('validators refuse bad input before it enters history, with a clear message', async () => {
  const id = 'lc-2';
  await insertTask(suite.db, { id });
  await suite.h.start(id, clock);
  expect(await suite.h.refusal(id, d.submitCompletionUpdate, { actor: lead, summary: 'x' })).toMatch(
    '请先签收',
  );
  expect(await suite.h.refusal(id, d.acknowledgeUpdate, { actor: co })).toMatch('只有牵头单位');
  expect(await suite.h.refusal(id, d.acknowledgeUpdate, { actor: office })).toMatch('无权');
  expect(
    await suite.h.refusal(id, d.reviewCompletionUpdate, {
      actor: office,
      decision: 'approve',
      grade: '优秀',
    }),
  ).toMatch('不能审核办结');
  await suite.h.update(id, d.acknowledgeUpdate, { actor: lead });
  expect(await suite.h.refusal(id, d.acknowledgeUpdate, { actor: lead })).toMatch('不能签收');
  expect(await suite.h.refusal(id, d.submitCompletionUpdate, { actor: lead, summary: '  ' })).toMatch(
    'summary',
  );
  await suite.h.update(id, d.submitCompletionUpdate, { actor: lead, summary: '完成' });
  expect(await suite.h.refusal(id, d.reviewCompletionUpdate, { actor: office, decision: 'reject' })).toMatch(
    '退回整改理由',
  );
  expect(
    await suite.h.refusal(id, d.reviewCompletionUpdate, {
      actor: office,
      decision: 'approve',
      grade: '很好' as never,
    }),
  ).toMatch('grade');
  const history = await suite.h.handle(id).fetchHistory();
  const accepted = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  expect(accepted).toBe(2);
  const { state, row } = await quiescent(suite.h, id);
  expect(row.state).toEqual(state);
});

test('a repeated request id changes nothing', async () => {
  const id = 'lc-3';
  await insertTask(suite.db, { id });
  await suite.h.start(id, clock);
  const first = await suite.h.update(id, d.acknowledgeUpdate, { actor: lead, requestId: 'req-ack-1' });
  const again = await suite.h.update(id, d.acknowledgeUpdate, { actor: lead, requestId: 'req-ack-1' });
  expect(again.seq).toBe(first.seq);
  expect(again.status).toBe('in_progress');
  const events = await suite.h.events(id);
  expect(events.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
});

test('a new task records one patch marker, keeps its wake timer across inputs and indexes once per workflow task', async () => {
  const id = 'lc-lean';
  await insertTask(suite.db, { id });
  await suite.h.start(id, clock);
  await suite.h.update(id, d.acknowledgeUpdate, { actor: lead });
  await suite.h.update(id, d.instructUpdate, { actor: office, text: '加快进度' });
  await suite.h.update(id, d.instructUpdate, { actor: office, text: '按月报送' });
  await quiescent(suite.h, id);
  const events = (await suite.h.handle(id).fetchHistory()).events ?? [];
  const { EventType } = temporal.api.enums.v1;
  const count = (type: number) => events.filter((e) => e.eventType === type).length;
  // One generation marker, not a marker and a TemporalChangeVersion upsert per patch.
  const patchMarkers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
  expect(patchMarkers).toHaveLength(1);
  // The acknowledgement moves the wake instant (one cancel); the two instructions leave it where it is.
  expect(count(EventType.EVENT_TYPE_TIMER_CANCELED)).toBeLessThanOrEqual(1);
  // The status change is indexed once (the starter set the first values), in the workflow task that made it.
  const upserts = events.filter(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES &&
      !e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields
        ?.TemporalChangeVersion,
  );
  expect(upserts).toHaveLength(1);
  // Each Update was answered with the read model written in its own workflow task (a local activity marker).
  const inTask = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
  expect(inTask.length).toBeGreaterThanOrEqual(3);
});
