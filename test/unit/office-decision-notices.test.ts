// The task machine without a server: the office's decisions ask for their emails only behind their patch, so
// a history recorded before it replays without them.
import { DAY_MS, planInstant } from '../../workflows/clock';
import type { Actor } from '../../workflows/domain';
import { eventOf } from '../../workflows/events';
import { cancel, reassign, resume, suspend } from '../../workflows/machine/messages';
import type { MachineHooks } from '../../workflows/machine/ports';
import { machineRig, type Asked } from '../support/machine';

const office: Actor = { role: 'office', name: '督查室' };

function task() {
  const { state } = machineRig();
  state.status = 'in_progress';
  return state;
}

/** Runs suspend → resume → reassign → cancel with `patched` answering `patched`; returns the notices asked for. */
function decide(patched: boolean) {
  const state = task();
  let now = planInstant('2023-04-03', '10:00');
  const asked: Asked[] = [];
  const hooks: MachineHooks = {
    now: () => now,
    emit: (type, data, meta) => eventOf(++state.seq, type, now, data, meta),
    notify: (notice) => asked.push(notice),
    patched: () => patched,
    calendar: { schedule: () => Promise.reject(new Error('unused')), ladder: async () => [] },
  };
  suspend(state, hooks, { requestId: 's', actor: office, reason: '规划调整' });
  now += 14 * DAY_MS;
  resume(state, hooks, { requestId: 'r', actor: office });
  reassign(state, hooks, { requestId: 'a', actor: office, leadDepartment: 'slj', coDepartments: ['zjj'] });
  cancel(state, hooks, { requestId: 'c', actor: office, reason: '并入其他任务' });
  return { state, asked };
}

test('after the patch, each decision asks for one email to the units concerned', () => {
  const { state, asked } = decide(true);
  expect(asked.map((n) => [n.key, n.kind, n.notify, n.department, n.text])).toEqual([
    ['task-u-1:suspend:1:0', 'suspended', ['contact', 'head'], undefined, '规划调整'],
    ['task-u-1:resume:2:0', 'resumed', ['contact', 'head'], undefined, undefined],
    ['task-u-1:assign:3:0', 'assignment', ['contact'], 'slj', undefined],
    ['task-u-1:moved:3:0', 'reassigned_away', ['contact', 'head'], 'jtj', ''],
    ['task-u-1:cancel:-:0', 'cancelled', ['contact', 'head'], undefined, '并入其他任务'],
  ]);
  // Suspended for 14 plan days: the deadline the resumption email shows has moved by as much.
  expect(state.deadline).toBe('2024-01-14');
});

test('replaying a history from before the patch asks for none of them (the reassignment still assigns)', () => {
  const { asked } = decide(false);
  expect(asked.map((n) => n.kind)).toEqual(['assignment']);
});

test('a reassignment that keeps the lead tells no one it moved away', () => {
  const state = task();
  const asked: Asked[] = [];
  const hooks: MachineHooks = {
    now: () => planInstant('2023-04-03', '10:00'),
    emit: (type, data) => eventOf(++state.seq, type, 0, data),
    notify: (notice) => asked.push(notice),
    patched: () => true,
    calendar: { schedule: () => Promise.reject(new Error('unused')), ladder: async () => [] },
  };
  reassign(state, hooks, { requestId: 'a', actor: office, leadDepartment: 'jtj', coDepartments: [] });
  expect(asked.map((n) => n.kind)).toEqual(['assignment']);
});
