// Who may see and act on which task. Office: all. Department: the tasks it leads or co-handles.
// Leader: the tasks whose lead department names them as leader in charge (departments.leader_email).
import type { TaskAccess, TaskScope } from '../../db/queries/task-read';
import { ServiceError } from './errors';
import type { Principal, Role } from './principal';

const ROLE_ZH: Record<Role, string> = { office: '督查室', department: '责任单位', leader: '分管领导' };

export function scopeOf(p: Principal): TaskScope {
  if (p.role === 'department') return { department: p.department ?? '' };
  if (p.role === 'leader') return { leaderEmail: p.leaderEmail ?? '' };
  return { all: true };
}

export function canSee(p: Principal, task: TaskAccess): boolean {
  if (p.role === 'office') return true;
  if (p.role === 'department')
    return task.leadDepartment === p.department || task.coDepartments.includes(p.department ?? '');
  return (
    task.leaderEmail !== null &&
    p.leaderEmail !== undefined &&
    task.leaderEmail.toLowerCase() === p.leaderEmail.toLowerCase()
  );
}

/** Throws 403 unless the principal has one of `roles`; `action` names the action in both languages. */
export function requireRole(p: Principal, roles: readonly Role[], action: { zh: string; en: string }): void {
  if (roles.includes(p.role)) return;
  throw new ServiceError(
    'forbidden',
    `${ROLE_ZH[p.role]}无权${action.zh}（限${roles.map((r) => ROLE_ZH[r]).join('、')}）`,
    `the ${p.role} role may not ${action.en} (allowed: ${roles.join(', ')})`,
  );
}

/** Throws 403 unless the principal may see the task. */
export function requireTaskAccess(p: Principal, task: TaskAccess): void {
  if (canSee(p, task)) return;
  if (p.role === 'department') {
    throw new ServiceError(
      'forbidden',
      `任务「${task.id}」不是本单位（${p.department}）牵头或配合的任务`,
      `task '${task.id}' is not led or co-handled by department '${p.department}'`,
    );
  }
  throw new ServiceError(
    'forbidden',
    `任务「${task.id}」不在您分管的范围内`,
    `task '${task.id}' is not in the charge of leader '${p.leaderEmail}'`,
  );
}
