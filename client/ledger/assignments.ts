// seeds/assignments.yaml: the office's task breakdown (任务分解表) — who leads, who helps, and overrides.
import { z } from 'zod';
import { LedgerFileError, fieldPath, type Problem } from './errors';
import { CADENCES, PRIORITIES, type LedgerTask } from './types';
import { departmentCode, isoDate, text } from './validation';

const assignment = z.strictObject({
  lead: departmentCode(),
  co: z.array(departmentCode()).default([]),
  deadline: isoDate().optional(),
  cadence: z.enum(CADENCES).optional(),
  policy: text().optional(),
  priority: z.enum(PRIORITIES).optional(),
  /** Why the office decided so; for people, not stored. */
  note: z.string().optional(),
});

const file = z.strictObject({
  defaults: z
    .strictObject({
      cadence: z.enum(CADENCES).optional(),
      policy: text().optional(),
      priority: z.enum(PRIORITIES).optional(),
    })
    .optional(),
  tasks: z.record(z.string().regex(/^\d{4}-\d{1,2}-\d{2}(-\d{2})?$/, 'is not a task id'), assignment),
});

export type Assignments = z.infer<typeof file>;

/** Validates the parsed assignments file; `departments` (when given) are the codes that may be named. */
export function parseAssignments(
  path: string,
  data: unknown,
  departments?: ReadonlySet<string>,
): Assignments {
  const parsed = file.safeParse(data);
  if (!parsed.success) {
    throw new LedgerFileError(
      path,
      parsed.error.issues.map((issue) => {
        const [top, id, ...rest] = issue.path;
        if (top === 'tasks' && typeof id === 'string') {
          return { entry: `task ${id}`, field: fieldPath(rest) || undefined, message: issue.message };
        }
        return { field: fieldPath(issue.path) || undefined, message: issue.message };
      }),
    );
  }
  const problems: Problem[] = [];
  for (const [id, a] of Object.entries(parsed.data.tasks)) {
    const entry = `task ${id}`;
    if (departments && !departments.has(a.lead)) {
      problems.push({ entry, field: 'lead', message: `unknown department '${a.lead}'` });
    }
    a.co.forEach((code, i) => {
      if (departments && !departments.has(code)) {
        problems.push({ entry, field: `co[${i}]`, message: `unknown department '${code}'` });
      }
      if (code === a.lead)
        problems.push({ entry, field: `co[${i}]`, message: `'${code}' already leads the task` });
    });
  }
  if (problems.length > 0) throw new LedgerFileError(path, problems);
  return parsed.data;
}

export interface AssignedLedger {
  tasks: LedgerTask[];
  /** Tasks the file does not assign: kept with leadDepartment null, and reported. */
  unassigned: string[];
  /** Ids the file assigns that the report does not have (the report changed, or a typo). */
  unknown: string[];
}

/** Applies the office's assignments to draft tasks; never drops a task. */
export function applyAssignments(drafts: LedgerTask[], assignments: Assignments): AssignedLedger {
  const defaults = assignments.defaults ?? {};
  const unassigned: string[] = [];
  const tasks = drafts.map((draft) => {
    const a = assignments.tasks[draft.id];
    const task: LedgerTask = {
      ...draft,
      cadence: defaults.cadence ?? draft.cadence,
      policy: defaults.policy ?? draft.policy,
      priority: defaults.priority ?? draft.priority,
    };
    if (!a) {
      unassigned.push(draft.id);
      return task;
    }
    return {
      ...task,
      leadDepartment: a.lead,
      coDepartments: a.co,
      deadline: a.deadline ?? task.deadline,
      cadence: a.cadence ?? task.cadence,
      policy: a.policy ?? task.policy,
      priority: a.priority ?? task.priority,
    };
  });
  const ids = new Set(drafts.map((t) => t.id));
  const unknown = Object.keys(assignments.tasks).filter((id) => !ids.has(id));
  return { tasks, unassigned, unknown };
}
