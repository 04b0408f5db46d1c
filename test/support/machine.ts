// The task machine without a server: a state, a plan clock the test moves, and hooks that record the trail and
// the emails asked for. The calendar is the real one (activities/calendar.ts), called in-process.
import { ladderInstants, planSchedule } from '../../activities/calendar';
import { makeClock, planInstant } from '../../workflows/clock';
import type { Notice, TaskEvent, TaskSpec, TaskState } from '../../workflows/domain';
import { eventOf } from '../../workflows/events';
import { initialState } from '../../workflows/machine/initial-state';
import type { MachineHooks } from '../../workflows/machine/ports';
import { seedPolicy } from './fixtures';

export type Asked = Omit<Notice, 'taskId' | 'history' | 'deadline' | 'assignedTo'>;

export interface MachineRig {
  state: TaskState;
  hooks: MachineHooks;
  /** The trail emitted so far, in order. */
  events: TaskEvent[];
  /** The emails asked for so far, in order. */
  asked: Asked[];
  /** Moves the plan clock to `instant` (plan ms). */
  setNow(instant: number): void;
}

export interface RigOptions {
  policy?: string;
  start?: string;
  deadline?: string;
  cadence?: TaskSpec['cadence'];
  /** What `patched` answers (true: the newest behaviour). */
  patched?: boolean;
}

/** A task assigned at `start` 09:00 (a Wednesday by default) under a seed policy. */
export function machineRig(options: RigOptions = {}): MachineRig {
  const policy = seedPolicy(options.policy ?? 'default');
  const spec: TaskSpec = {
    id: 'u-1',
    planYear: 2023,
    title: '道路畅达工程',
    source: '新建5G基站1500个。',
    sectionPath: [],
    targets: [],
    leadDepartment: 'jtj',
    coDepartments: ['zjj'],
    deadline: options.deadline ?? '2023-12-31',
    cadence: options.cadence ?? 'monthly',
    priority: 'normal',
    policy,
  };
  const startAt = planInstant(options.start ?? '2023-03-01', '09:00');
  const schedule = planSchedule({ startAt, deadline: spec.deadline, cadence: spec.cadence, policy });
  const state = initialState(spec, makeClock(startAt, 0, 1), 'task-u-1', startAt, schedule);
  let now = startAt;
  const events: TaskEvent[] = [];
  const asked: Asked[] = [];
  const hooks: MachineHooks = {
    now: () => now,
    emit: (type, data, meta) => {
      const event = eventOf(++state.seq, type, now, data, meta);
      events.push(event);
      return event;
    },
    notify: (notice) => asked.push(notice),
    patched: () => options.patched ?? true,
    calendar: {
      schedule: async (input) => planSchedule(input),
      ladder: async (input) => ladderInstants(input),
    },
  };
  return {
    state,
    hooks,
    events,
    asked,
    setNow: (instant) => {
      now = instant;
    },
  };
}
