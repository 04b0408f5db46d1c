// The simulated departments: deterministic per seed, with the mix of behaviours the demo needs.
import { decide } from '../../client/simulator/decide';
import { toTaskView } from '../../db/task-view';
import { personaOf } from '../../client/simulator/personas';
import { planSchedule } from '../../activities/calendar';
import { initialState } from '../../workflows/machine/initial-state';
import { makeClock, planInstant } from '../../workflows/clock';
import type { TaskSpec } from '../../workflows/domain';
import { seedPolicy } from '../support/fixtures';

const ids = Array.from({ length: 400 }, (_, i) => `2023-${i % 5}-${String(i).padStart(3, '0')}`);

test('personas are a function of the seed and the task', () => {
  expect(ids.map((id) => personaOf('2023', id))).toEqual(ids.map((id) => personaOf('2023', id)));
  expect(ids.map((id) => personaOf('2023', id))).not.toEqual(ids.map((id) => personaOf('other', id)));
});

test('most are punctual; some late, some silent, a few extend or finish early', () => {
  const counts: Record<string, number> = {};
  for (const id of ids) counts[personaOf('2023', id)] = (counts[personaOf('2023', id)] ?? 0) + 1;
  expect(counts.punctual!).toBeGreaterThan(ids.length / 2);
  for (const p of ['late', 'silent', 'extender', 'early']) expect(counts[p]).toBeGreaterThan(5);
});

test('a punctual department acknowledges, then files each report before it is due', () => {
  const id = ids.find((i) => personaOf('2023', i) === 'punctual')!;
  const policy = seedPolicy('default');
  const start = planInstant('2023-01-03', '09:00');
  const spec: TaskSpec = {
    id,
    planYear: 2023,
    title: 't',
    source: 's',
    sectionPath: [],
    targets: [
      { idx: 0, metric: 'm', value: 100, unit: '个', comparator: '=', kind: 'absolute', tentative: false },
    ],
    leadDepartment: 'jtj',
    coDepartments: [],
    deadline: '2023-12-31',
    cadence: 'monthly',
    priority: 'normal',
    policy,
  };
  const state = initialState(
    spec,
    makeClock(start, 0, 1),
    `task-${id}`,
    start,
    planSchedule({ startAt: start, deadline: '2023-12-31', cadence: 'monthly', policy }),
  );
  // The simulator reads the task as the API shows it.
  const at = (now: number) => decide('2023', toTaskView(state, now), now);
  expect(at(start)).toBeUndefined();
  expect(at(start + 86_400_000)).toMatchObject({ as: 'lead', action: 'acknowledge' });
  state.status = 'in_progress';
  const due = state.checkpoints[0]!.dueAt;
  const report = at(due - 1);
  expect(report).toMatchObject({
    action: 'progress',
    body: { period: '2023-01' },
    requestId: `sim:2023:${id}:report:2023-01`,
  });
  expect(at(due - 1)).toEqual(report);
});
