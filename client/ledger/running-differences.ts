// A reload against tasks already running: what the file says differently from the running task. Nothing of
// it is applied (the workflow owns a started task: the office changes it through its actions); it is reported.
import type { CatalogTask } from '../../db/queries/ledger.repository';

export interface RunningDifference {
  taskId: string;
  /** The catalog fields whose file value differs from the running task's, in the file's words. */
  fields: Array<keyof Omit<CatalogTask, 'id'>>;
}

const FIELDS: Array<keyof Omit<CatalogTask, 'id'>> = [
  'planYear',
  'sectionPath',
  'title',
  'source',
  'leadDepartment',
  'coDepartments',
  'deadline',
  'cadence',
  'policy',
  'priority',
  'targets',
];

/** The fields of each file task that differ from its started counterpart; tasks that agree are left out. */
export function runningDifferences(file: CatalogTask[], started: CatalogTask[]): RunningDifference[] {
  const byId = new Map(started.map((t) => [t.id, t]));
  const out: RunningDifference[] = [];
  for (const task of file) {
    const running = byId.get(task.id);
    if (!running) continue;
    const fields = FIELDS.filter((f) => JSON.stringify(task[f]) !== JSON.stringify(running[f]));
    if (fields.length) out.push({ taskId: task.id, fields });
  }
  return out;
}
