// Chinese labels for statuses and roles, used in refusals and the trail.
import type { TaskStatus } from '../domain';

export const STATUS_LABEL: Record<TaskStatus, string> = {
  assigned: '待签收',
  in_progress: '推进中',
  completion_review: '办结审核中',
  completed: '已办结',
  suspended: '已暂停',
  cancelled: '已撤销',
};
