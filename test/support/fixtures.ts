// Catalog rows for tests: departments, policies from seeds/policies.yaml, and tasks with targets.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Db } from '../../db/connect';
import type { EscalationPolicy } from '../../workflows/domain';
import { createTestDatabase, type TestDatabase } from './database';

export const LEAD = 'jtj';
export const CO = 'zjj';
export const OTHER = 'slj';
export const OFFICE = 'dcs';

export function seedPolicy(name = 'default'): EscalationPolicy {
  const all = parse(readFileSync(path.join(__dirname, '../../seeds/policies.yaml'), 'utf8')) as Array<{
    name: string;
    spec: Omit<EscalationPolicy, 'name'>;
  }>;
  const found = all.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name} in seeds/policies.yaml`);
  return { ...found.spec, name };
}

/** A department row with an address for every role: `<code>.contact|head|leader@example.org`. */
export const departmentRow = (code: string, name: string, kind = 'department') => ({
  code,
  name,
  kind,
  contact_name: `${name}联络员`,
  contact_email: `${code}.contact@example.org`,
  head_name: `${name}局长`,
  head_email: `${code}.head@example.org`,
  leader_name: '分管副市长',
  leader_email: `${code}.leader@example.org`,
});

/** The lead, co and other departments and the office, plus any `more` as [code, name]. */
export async function insertDepartments(
  db: Db,
  more: Array<[code: string, name: string]> = [],
): Promise<void> {
  await db
    .insertInto('departments')
    .values([
      departmentRow(LEAD, '交通运输局'),
      departmentRow(CO, '住建局'),
      departmentRow(OTHER, '水利局'),
      departmentRow(OFFICE, '督查室', 'office'),
      ...more.map(([code, name]) => departmentRow(code, name)),
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function insertPolicy(db: Db, policy: EscalationPolicy): Promise<void> {
  const { name, ...spec } = policy;
  await db
    .insertInto('policies')
    .values({ name, spec: JSON.stringify(spec) })
    .onConflict((oc) => oc.column('name').doUpdateSet({ spec: JSON.stringify(spec) }))
    .execute();
}

export interface TaskFixture {
  id: string;
  deadline?: string;
  cadence?: 'monthly' | 'quarterly';
  policy?: string;
  title?: string;
}

export async function insertTask(db: Db, t: TaskFixture): Promise<void> {
  await db
    .insertInto('tasks')
    .values({
      id: t.id,
      plan_year: 2023,
      section_path: ['（一）', '一是'],
      title: t.title ?? '道路畅达工程',
      source: '一是道路畅达工程。新建5G基站1500个，建成公共充电桩300个以上。',
      lead_department: LEAD,
      co_departments: [CO],
      deadline: t.deadline ?? '2023-12-31',
      cadence: t.cadence ?? 'monthly',
      policy: t.policy ?? 'default',
    })
    .execute();
  await db
    .insertInto('targets')
    .values([
      { task_id: t.id, idx: 0, metric: '新建5G基站', value: 1500, unit: '个', comparator: '=' },
      { task_id: t.id, idx: 1, metric: '建成公共充电桩', value: 300, unit: '个', comparator: '≥' },
    ])
    .execute();
}

/** A database of its own for the test file, with the departments and the default policy; dropped after it. */
export function useCatalogDatabase(): { readonly db: TestDatabase['db'] } {
  let tdb: TestDatabase | undefined;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    await insertDepartments(tdb.db);
    await insertPolicy(tdb.db, seedPolicy());
  });
  afterAll(async () => {
    await tdb?.drop();
  });
  return {
    get db() {
      if (!tdb) throw new Error('the catalog database is made in beforeAll');
      return tdb.db;
    },
  };
}
