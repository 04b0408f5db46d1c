// Reads a task's catalog entry (task, targets, policy) as the domain's TaskSpec.
import { targetKind } from '../../workflows/rules/target-kind';
import type { Db } from '../connect';
import type { Cadence, Comparator, EscalationPolicy, TaskSpec } from '../../workflows/domain';

export class CatalogError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

/** The TaskSpec of `taskId`; throws CatalogError when the task or its policy is missing. */
export async function loadTaskSpec(db: Db, taskId: string): Promise<TaskSpec> {
  const task = await db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!task)
    throw new CatalogError(
      `task ${taskId} is not in the catalog (run \`duban ledger load\` first)`,
      'taskId',
    );
  const policy = await db
    .selectFrom('policies')
    .selectAll()
    .where('name', '=', task.policy)
    .executeTakeFirst();
  if (!policy) throw new CatalogError(`task ${taskId}: policy '${task.policy}' is not loaded`, 'policy');
  const targets = await db
    .selectFrom('targets')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('idx')
    .execute();
  return {
    id: task.id,
    planYear: task.plan_year,
    title: task.title,
    source: task.source,
    sectionPath: task.section_path,
    targets: targets.map((t) => ({
      idx: t.idx,
      metric: t.metric,
      value: Number(t.value),
      unit: t.unit,
      comparator: t.comparator as Comparator,
      kind: targetKind(t.metric, t.unit),
      tentative: t.tentative,
    })),
    leadDepartment: task.lead_department,
    coDepartments: task.co_departments,
    deadline: task.deadline,
    cadence: task.cadence as Cadence,
    priority: task.priority,
    policy: { ...(policy.spec as unknown as Omit<EscalationPolicy, 'name'>), name: policy.name },
  };
}

/** Every task id in the catalog, in id order. */
export async function listTaskIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('tasks').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}
