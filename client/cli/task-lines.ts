// A task as the command line prints it (the table format): the head lines `task show` and every action print.
import type { TaskView } from '../../db/task-view';

export function taskLines(s: TaskView): string[] {
  return [
    `${s.taskId}  ${s.title}`,
    `status ${s.status}   light ${s.light ?? '-'}   level ${s.level}   percent ${s.percent}%   deadline ${s.deadline}`,
    `lead ${s.leadDepartment}   co ${s.coDepartments.join(', ') || '-'}`,
    ...(s.extensionRequest ? [`extension requested to ${s.extensionRequest.requestedDeadline}`] : []),
  ];
}
