// The chaos year's catalog: departments and ≥ 200 synthesised tasks, each with a persona drawn from the seed.
import { chance } from '../../client/simulator/personas';
import type { Db } from '../../db/connect';
import { insertDepartments, insertPolicy, seedPolicy } from '../support/fixtures';

/** How a task's departments (and the office) behave over the year. */
export type Persona = 'punctual' | 'late' | 'silent' | 'gappy' | 'early' | 'extender' | 'denied';

export interface ChaosTask {
  id: string;
  persona: Persona;
  policy: 'default' | 'key-project' | 'reform';
  lead: string;
  co: string;
}

const DEPARTMENTS: Array<[code: string, name: string]> = [
  ['gxj', '工信局'],
  ['fgj', '发改局'],
  ['swj', '商务局'],
  ['nyj', '农业农村局'],
  ['wjj', '卫健局'],
  ['kjj', '科技局'],
];
/** Lead departments: the fixtures' 交通运输局, 住建局, 水利局 and the ones above. */
const LEADS = ['jtj', 'zjj', 'slj', ...DEPARTMENTS.map(([code]) => code)];

/** The persona mix: most punctual, some late, gappy or silent, a few early, extending or refused an extension. */
function personaOf(u: number): Persona {
  if (u < 0.05) return 'silent';
  if (u < 0.15) return 'late';
  if (u < 0.25) return 'gappy';
  if (u < 0.35) return 'early';
  if (u < 0.43) return 'extender';
  if (u < 0.48) return 'denied';
  return 'punctual';
}

/** `count` tasks named `2023-chaos-NNN`; the same seed gives the same tasks. */
export function synthesiseTasks(seed: string, count: number): ChaosTask[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `2023-chaos-${String(i + 1).padStart(3, '0')}`;
    const u = chance(seed, `policy:${id}`);
    const lead = LEADS[Math.floor(chance(seed, `lead:${id}`) * LEADS.length)]!;
    const others = LEADS.filter((c) => c !== lead);
    return {
      id,
      persona: personaOf(chance(seed, `persona:${id}`)),
      policy: u < 0.45 ? 'default' : u < 0.65 ? 'key-project' : 'reform',
      lead,
      co: others[Math.floor(chance(seed, `co:${id}`) * others.length)]!,
    };
  });
}

/** Departments (every role with an address), the three seed policies and the tasks with two targets each. */
export async function insertCatalog(db: Db, tasks: ChaosTask[]): Promise<void> {
  await insertDepartments(db, DEPARTMENTS);
  for (const name of ['default', 'key-project', 'reform']) await insertPolicy(db, seedPolicy(name));
  for (let i = 0; i < tasks.length; i += 100) {
    const batch = tasks.slice(i, i + 100);
    await db
      .insertInto('tasks')
      .values(
        batch.map((t) => ({
          id: t.id,
          plan_year: 2023,
          section_path: ['（二）', `第${Number(t.id.slice(-3))}项`],
          title: `重点工作第${Number(t.id.slice(-3))}项`,
          source: '新建5G基站1500个，建成公共充电桩300个以上。',
          lead_department: t.lead,
          co_departments: [t.co],
          deadline: '2023-12-31',
          cadence: t.policy === 'reform' ? 'quarterly' : 'monthly',
          policy: t.policy,
        })),
      )
      .execute();
    await db
      .insertInto('targets')
      .values(
        batch.flatMap((t) => [
          { task_id: t.id, idx: 0, metric: '新建5G基站', value: 1500, unit: '个', comparator: '=' },
          { task_id: t.id, idx: 1, metric: '建成公共充电桩', value: 300, unit: '个', comparator: '≥' },
        ]),
      )
      .execute();
  }
}
