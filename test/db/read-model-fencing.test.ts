// The read model is written from inside the workflow task, before it commits (activities/record-transitions.ts).
// An attempt abandoned after writing (its worker killed) must be replaced by the attempt that commits, and a
// late write of the abandoned attempt must change nothing.
import { planSchedule } from '../../activities/calendar';
import { recordTransitions } from '../../activities/record-transitions';
import { loadTaskSpec } from '../../db/queries/task-catalog';
import { makeClock } from '../../workflows/clock';
import type { TaskEvent, TaskState } from '../../workflows/domain';
import { initialState } from '../../workflows/machine/initial-state';
import { insertTask, LEAD, useCatalogDatabase } from '../support/fixtures';

const tdb = useCatalogDatabase();

const START = Date.parse('2023-01-03T09:00:00+08:00');
const DAY = 86_400_000;

async function startedState(id: string): Promise<TaskState> {
  await insertTask(tdb.db, { id });
  const spec = await loadTaskSpec(tdb.db, id);
  const schedule = planSchedule({
    startAt: START,
    deadline: spec.deadline,
    cadence: spec.cadence,
    policy: spec.policy,
  });
  return initialState(spec, makeClock(START, START, 1), `task-${id}`, START, schedule);
}

/** A copy of `base` with a report applied as event `seq` (what the machine does, reduced to the rows' inputs). */
function withReport(
  base: TaskState,
  seq: number,
  requestId: string,
  percent: number,
): [TaskState, TaskEvent] {
  const state: TaskState = structuredClone(base);
  const at = START + seq * DAY;
  state.seq = seq;
  state.percent = percent;
  state.achieved = [percent * 15, null];
  state.reports.push({
    requestId,
    seq,
    period: '2023-01',
    percent,
    values: [],
    narrative: `report ${requestId}`,
    problems: '',
    nextSteps: '',
    submittedBy: LEAD,
    late: false,
    at,
  });
  const report = state.reports[state.reports.length - 1]!;
  const { period, values, narrative, problems, nextSteps, late } = report;
  const data = { period, percent, values, narrative, problems, nextSteps, late };
  const event: TaskEvent = { seq, type: 'progress_reported', at, requestId, data };
  return [state, event];
}

const STARTED = { deadline: '2023-12-31', leadDepartment: LEAD };

function withEscalation(base: TaskState, seq: number, key: string): [TaskState, TaskEvent] {
  const state: TaskState = structuredClone(base);
  const at = START + seq * DAY;
  state.seq = seq;
  state.escalations.push({ key, reason: 'ack', period: '-', level: 1, repeat: 0, at, notify: ['contact'] });
  state.ladders.push({ reason: 'ack', period: '-', at: [at], fired: 1, repeats: false });
  const data = {
    key,
    reason: 'ack' as const,
    period: '-',
    level: 1,
    repeat: 0,
    notify: ['contact' as const],
  };
  return [state, { seq, type: 'escalated', at, data }];
}

async function readModel(id: string) {
  const { db } = tdb;
  const [task, events, reports, escalations, targets] = await Promise.all([
    db
      .selectFrom('tasks')
      .select(['seq', 'percent', 'write_epoch'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('task_events')
      .select(['seq', 'type', 'request_id'])
      .where('task_id', '=', id)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('progress_reports')
      .select(['seq', 'request_id'])
      .where('task_id', '=', id)
      .orderBy('seq')
      .execute(),
    db.selectFrom('escalations').select(['key']).where('task_id', '=', id).execute(),
    db.selectFrom('targets').select(['idx', 'achieved']).where('task_id', '=', id).orderBy('idx').execute(),
  ]);
  return { task, events, reports, escalations, targets };
}

test('the attempt that commits replaces what an abandoned attempt wrote, and the abandoned one cannot write again', async () => {
  const id = 'fence-1';
  const started = await startedState(id);
  const startEvent: TaskEvent = { seq: 1, type: 'started', at: START, data: STARTED };
  const s1 = { ...started, seq: 1 };
  await recordTransitions(tdb.db, { state: s1, events: [startEvent], epoch: 3 });

  // Attempt A (epoch 10) applies report A as seq 2 and an escalation as seq 3, writes, and is abandoned.
  const [a2, eA] = withReport(s1, 2, 'req-A', 40);
  const [a3, eEsc] = withEscalation(a2, 3, 'task-fence-1:ack:-:1');
  await recordTransitions(tdb.db, { state: a3, events: [eA, eEsc], epoch: 10 });
  expect((await readModel(id)).events.map((e) => e.request_id ?? e.type)).toEqual([
    'started',
    'req-A',
    'escalated',
  ]);

  // Attempt B (epoch 14) got report B first: seq 2 is B's, and there is no escalation.
  const [b2, eB] = withReport(s1, 2, 'req-B', 20);
  await recordTransitions(tdb.db, { state: b2, events: [eB], epoch: 14 });
  const afterB = await readModel(id);
  expect(afterB.events.map((e) => [e.seq, e.request_id ?? e.type])).toEqual([
    [1, 'started'],
    [2, 'req-B'],
  ]);
  expect(afterB.reports).toEqual([{ seq: 2, request_id: 'req-B' }]);
  expect(afterB.escalations).toEqual([]);
  expect(afterB.task).toMatchObject({ seq: 2, percent: '20', write_epoch: '14' });
  expect(afterB.targets.map((t) => t.achieved)).toEqual(['300', null]);

  // A's worker was slow, not dead: its late write is refused whole.
  await recordTransitions(tdb.db, { state: a3, events: [eA, eEsc], epoch: 10 });
  expect(await readModel(id)).toEqual(afterB);

  // B's next batch (same attempt, same epoch) continues the trail as usual.
  const [b3, eA2] = withReport(b2, 3, 'req-A', 40);
  await recordTransitions(tdb.db, { state: b3, events: [eA2], epoch: 14 });
  expect((await readModel(id)).events.map((e) => e.request_id ?? e.type)).toEqual([
    'started',
    'req-B',
    'req-A',
  ]);
});

test('a retried write of the same batch by the same attempt changes nothing', async () => {
  const id = 'fence-2';
  const started = await startedState(id);
  const s1 = { ...started, seq: 1 };
  await recordTransitions(tdb.db, {
    state: s1,
    events: [{ seq: 1, type: 'started', at: START, data: STARTED }],
    epoch: 3,
  });
  const [s2, e2] = withEscalation(s1, 2, 'task-fence-2:ack:-:1');
  await recordTransitions(tdb.db, { state: s2, events: [e2], epoch: 7 });
  const once = await readModel(id);
  await recordTransitions(tdb.db, { state: s2, events: [e2], epoch: 7 });
  expect(await readModel(id)).toEqual(once);
  expect(once.escalations).toEqual([{ key: 'task-fence-2:ack:-:1' }]);
});
