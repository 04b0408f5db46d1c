// The supervision board (督查总览): the caller's tasks grouped by report section, with light counts,
// targets and the expected progress by elapsed time (序时进度). The web dashboard and the export read it.
import { z } from 'zod';
import { isClosed } from '../../workflows/status';
import { expectedPercent } from '../../workflows/rules/light';
import { taskExtras, type TaskExtras } from '../../db/queries/board';
import { listDepartments } from '../../db/queries/departments';
import { listTasks, type TaskSummary } from '../../db/queries/task-read';
import { planAt } from '../../workflows/clock';
import { scopeOf } from './access';
import type { ServiceDeps } from './deps';
import { parseInput } from './input';
import type { Principal } from './principal';
import { DEPARTMENT_CODE, text } from './schemas';

/** Empty query values (an untouched filter) mean no filter. */
const optional = <S extends z.ZodType>(s: S) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

export const boardQuery = z.strictObject({
  department: optional(z.string().regex(DEPARTMENT_CODE, 'must be a department code')),
  /** A light, 'none' (not started), or a closed status: the board's counts are also its filters. */
  light: optional(z.enum(['red', 'yellow', 'green', 'none', 'completed', 'cancelled'])),
  section: optional(text(200)),
});
export type BoardQuery = z.output<typeof boardQuery>;

export interface BoardTask extends TaskSummary, TaskExtras {
  leadName: string;
  coNames: string[];
  /** The share of the time elapsed (序时进度) in percent, for open started tasks. */
  expectedPercent: number | null;
}

export interface BoardCounts {
  red: number;
  yellow: number;
  green: number;
  /** Not started yet (no light). */
  none: number;
  /** Closed tasks are counted apart, never in a light: 已办结 and 已撤销. */
  completed: number;
  cancelled: number;
  total: number;
}

/** Where a task counts on the board: its status once closed, else its light ('none' until started). */
export function boardBucket(t: Pick<TaskSummary, 'status' | 'light'>): keyof Omit<BoardCounts, 'total'> {
  if (isClosed(t.status)) return t.status;
  return t.light ?? 'none';
}

export interface Board {
  planNow: number;
  filter: BoardQuery;
  /** Counts of the tasks matching the department and section filters (the light filter picks among them). */
  counts: BoardCounts;
  sections: Array<{ name: string; tasks: BoardTask[] }>;
  /** For the filters: the departments that lead or co-handle a visible task, and the sections. */
  departments: Array<{ code: string; name: string }>;
  sectionNames: string[];
}

const ALL = { limit: 100_000, offset: 0 };

/** The board as the caller may see it; `rawQuery` filters it (department, light, section). */
export async function boardFor(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  p: Principal,
  rawQuery: unknown,
): Promise<Board> {
  const filter = parseInput(boardQuery, rawQuery ?? {});
  const planNow = planAt(deps.clock, Date.now());
  const scope = scopeOf(p);
  const [visible, directory] = await Promise.all([
    listTasks(deps.db, scope, {}, ALL),
    listDepartments(deps.db),
  ]);
  const names = new Map(directory.map((d) => [d.code, d.name]));
  const section = filter.section;
  const matching = visible.items.filter(
    (t) =>
      (!filter.department ||
        t.leadDepartment === filter.department ||
        t.coDepartments.includes(filter.department)) &&
      (!section || (t.sectionPath[0] ?? '').startsWith(section)),
  );
  const counts: BoardCounts = {
    red: 0,
    yellow: 0,
    green: 0,
    none: 0,
    completed: 0,
    cancelled: 0,
    total: matching.length,
  };
  for (const t of matching) counts[boardBucket(t)] += 1;
  const shown = matching.filter((t) => !filter.light || boardBucket(t) === filter.light);
  const extras = await taskExtras(
    deps.db,
    shown.map((t) => t.id),
  );
  const sections = new Map<string, BoardTask[]>();
  for (const t of shown) {
    const e = extras.get(t.id);
    if (!e) continue; // deleted between the two reads
    const name = t.sectionPath[0] ?? '';
    const list = sections.get(name) ?? [];
    list.push({
      ...t,
      ...e,
      leadName: names.get(t.leadDepartment) ?? t.leadDepartment,
      coNames: t.coDepartments.map((c) => names.get(c) ?? c),
      expectedPercent: expectedPercent(t.status, e, planNow),
    });
    sections.set(name, list);
  }
  const involved = new Set(visible.items.flatMap((t) => [t.leadDepartment, ...t.coDepartments]));
  return {
    planNow,
    filter,
    counts,
    sections: [...sections].map(([name, tasks]) => ({ name, tasks })),
    departments: directory.filter((d) => involved.has(d.code)).map((d) => ({ code: d.code, name: d.name })),
    sectionNames: [...new Set(visible.items.map((t) => t.sectionPath[0] ?? ''))],
  };
}
