// Reads a task's catalog entry (task, targets, policy) as the domain's TaskSpec.
import { jsonArrayFrom } from 'kysely/helpers/postgres';
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
  // One round trip (task, its policy, its targets): every start reads it, and a start's latency is the bench's P1.
  const task = await db
    .selectFrom('tasks')
    .leftJoin('policies', 'policies.name', 'tasks.policy')
    .selectAll('tasks')
    .select((eb) => [
      'policies.spec as policy_spec',
      jsonArrayFrom(
        eb
          .selectFrom('targets')
          .select(['idx', 'metric', 'value', 'unit', 'comparator', 'tentative'])
          .whereRef('targets.task_id', '=', 'tasks.id')
          .orderBy('idx'),
      ).as('target_rows'),
    ])
    .where('tasks.id', '=', taskId)
    .executeTakeFirst();
  if (!task)
    throw new CatalogError(
      `task ${taskId} is not in the catalog (run \`duban ledger load\` first)`,
      'taskId',
    );
  if (!task.policy_spec)
    throw new CatalogError(`task ${taskId}: policy '${task.policy}' is not loaded`, 'policy');
  return {
    id: task.id,
    planYear: task.plan_year,
    title: task.title,
    source: task.source,
    sectionPath: task.section_path,
    targets: task.target_rows.map((t) => ({
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
    policy: { ...(task.policy_spec as unknown as Omit<EscalationPolicy, 'name'>), name: task.policy },
  };
}

/** Every task id in the catalog, in id order. */
export async function listTaskIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('tasks').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}
