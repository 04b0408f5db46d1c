// The state of a task at the moment it is assigned.
import { planDate } from '../clock';
import type { ClockSpec, TaskSpec, TaskState } from '../domain';
import type { TaskSchedule } from './ports';

export function initialState(
  spec: TaskSpec,
  clock: ClockSpec,
  workflowId: string,
  startedAt: number,
  schedule: TaskSchedule,
): TaskState {
  return {
    taskId: spec.id,
    workflowId,
    spec,
    clock,
    status: 'assigned',
    light: 'green',
    lightReasons: [],
    level: 0,
    seq: 0,
    startedAt,
    deadline: planDate(schedule.deadlineAt - 1),
    ackDueAt: schedule.ackDueAt,
    ackLadder: schedule.ackLadder,
    overdueLadder: schedule.overdueLadder,
    deadlineAt: schedule.deadlineAt,
    nearDeadlineAt: schedule.nearDeadlineAt,
    percent: 0,
    achieved: spec.targets.map(() => null),
    checkpoints: schedule.checkpoints,
    ladders: [],
    escalations: [],
    reports: [],
    extensions: [],
    suspendedTotalMs: 0,
    rejections: 0,
    instructions: [],
    requestIds: [],
  };
}
