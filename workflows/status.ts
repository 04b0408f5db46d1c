// A task's status: the life cycle (DESIGN §3), which statuses are open, closed or running, and their labels.
// The one place these are defined: the workflow, its validators, the read model, the API and the dashboard use it.

export type TaskStatus =
  'assigned' | 'in_progress' | 'completion_review' | 'completed' | 'suspended' | 'cancelled';

/** Every status, in the order of a task's life. */
export const TASK_STATUSES = [
  'assigned',
  'in_progress',
  'completion_review',
  'suspended',
  'completed',
  'cancelled',
] as const satisfies readonly TaskStatus[];

/** Completed (销号) or cancelled: the task's workflow has finished its work and takes no more inputs. */
export type ClosedStatus = Extract<TaskStatus, 'completed' | 'cancelled'>;
export const CLOSED_STATUSES: readonly ClosedStatus[] = ['completed', 'cancelled'];

/** Not closed: the workflow takes inputs (a suspended task included). */
export const OPEN_STATUSES: readonly TaskStatus[] = [
  'assigned',
  'in_progress',
  'completion_review',
  'suspended',
];

/** Open and not suspended: plan time runs for the task (checkpoints fall due, ladders climb). */
export const RUNNING_STATUSES: readonly TaskStatus[] = ['assigned', 'in_progress', 'completion_review'];

export const isClosed = (status: string | undefined): status is ClosedStatus =>
  (CLOSED_STATUSES as readonly (string | undefined)[]).includes(status);
export const isRunning = (status: string): boolean =>
  (RUNNING_STATUSES as readonly string[]).includes(status);

/** Chinese labels, used in refusals, the trail and the dashboard. */
export const STATUS_LABEL: Record<TaskStatus, string> = {
  assigned: '待签收',
  in_progress: '推进中',
  completion_review: '办结审核中',
  completed: '已办结',
  suspended: '已暂停',
  cancelled: '已撤销',
};
