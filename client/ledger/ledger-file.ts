// The ledger JSON (seeds/ledger-2023.json) as `ledger load` accepts it: shape first, then cross-checks.
import { z } from 'zod';
import { LedgerFileError, fieldPath, type Problem } from './errors';
import { isGrowthMetric } from '../../workflows/rules/target-kind';
import { CADENCES, COMPARATORS, PRIORITIES, type LedgerTask } from './types';
import { departmentCode, entryName, isoDate, text } from './validation';

const target = z.object({
  metric: text(),
  value: z.number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number') }),
  unit: text(),
  comparator: z.enum(COMPARATORS, { error: `must be one of ${COMPARATORS.join(' ')}` }),
  tentative: z.boolean().default(false),
  kind: z.enum(['absolute', 'growth']).default('absolute'),
  upper: z.number().optional(),
});

const task = z.object({
  id: z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') })
    .regex(/^\d{4}-\d{1,2}-\d{2}(-\d{2})?$/, "must look like '2023-1-01' or '2023-3-01-02'"),
  planYear: z.number().int().min(2000).max(2100).optional(),
  sectionPath: z.array(text()).default([]),
  title: text(),
  source: text(),
  targets: z.array(target).default([]),
  deadline: isoDate(),
  leadDepartment: departmentCode(),
  coDepartments: z.array(departmentCode()).default([]),
  cadence: z.enum(CADENCES).default('monthly'),
  policy: text().default('default'),
  priority: z.enum(PRIORITIES).default('normal'),
});

export interface Known {
  departments: ReadonlySet<string>;
  /** Undefined when no policy is known anywhere (no file, none loaded): names are then not checked. */
  policies?: ReadonlySet<string>;
}

/** Validates a parsed ledger file against the known departments and policies; all problems at once. */
export function parseLedger(path: string, data: unknown, known: Known): LedgerTask[] {
  if (!Array.isArray(data)) throw new LedgerFileError(path, [{ message: 'must be a list of tasks' }]);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const tasks: LedgerTask[] = [];
  data.forEach((raw: unknown, index) => {
    const parsed = task.safeParse(raw);
    if (!parsed.success) {
      const entry = entryName(data, index, 'id', 'task');
      for (const issue of parsed.error.issues) {
        problems.push({ entry, field: fieldPath(issue.path) || undefined, message: issue.message });
      }
      return;
    }
    const t = parsed.data;
    const add = (field: string, message: string) => problems.push({ entry: `task ${t.id}`, field, message });
    const idYear = Number(t.id.slice(0, 4));
    if (seen.has(t.id)) add('id', 'is used by another task too');
    seen.add(t.id);
    if (t.planYear !== undefined && t.planYear !== idYear) {
      add('planYear', `is ${t.planYear} but the id says ${idYear}`);
    }
    if (!known.departments.has(t.leadDepartment))
      add('leadDepartment', `unknown department '${t.leadDepartment}'`);
    t.coDepartments.forEach((code, i) => {
      if (!known.departments.has(code)) add(`coDepartments[${i}]`, `unknown department '${code}'`);
      if (code === t.leadDepartment) add(`coDepartments[${i}]`, `'${code}' already leads the task`);
    });
    if (known.policies && !known.policies.has(t.policy)) add('policy', `unknown policy '${t.policy}'`);
    t.targets.forEach((g, i) => {
      // Postgres has no kind column: a growth target is a % whose metric ends in its growth word.
      if ((g.kind === 'growth') !== (g.unit === '%' && isGrowthMetric(g.metric))) {
        add(`targets[${i}].kind`, `'${g.kind}' does not match metric '${g.metric}' and unit '${g.unit}'`);
      }
    });
    tasks.push({ ...t, planYear: idYear });
  });
  if (problems.length > 0) throw new LedgerFileError(path, problems);
  return tasks;
}
