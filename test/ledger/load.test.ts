// `ledger load` against a real Postgres (a fresh clone of the migrated template): idempotent, in place, all or nothing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadLedger, LedgerFileError, type LedgerTask } from '../../client/ledger';
import { createTestDatabase, type TestDatabase } from '../support/database';

const seeds = path.join(__dirname, '../../seeds');
const seedFiles = {
  ledger: path.join(seeds, 'ledger-2023.json'),
  departments: path.join(seeds, 'departments.yaml'),
  policies: path.join(seeds, 'policies.yaml'),
};
const seedLedger = (): LedgerTask[] => JSON.parse(readFileSync(seedFiles.ledger, 'utf8')) as LedgerTask[];

let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'duban-ledger-'));
});
afterAll(async () => {
  await database.drop();
});

/** Every catalog row, read-model columns and timestamps included, in a stable order. */
async function snapshot() {
  const { db } = database;
  return {
    departments: await db.selectFrom('departments').selectAll().orderBy('code').execute(),
    policies: await db.selectFrom('policies').selectAll().orderBy('name').execute(),
    tasks: await db.selectFrom('tasks').selectAll().orderBy('id').execute(),
    targets: await db.selectFrom('targets').selectAll().orderBy('task_id').orderBy('idx').execute(),
  };
}

function writeLedger(name: string, tasks: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof tasks === 'string' ? tasks : JSON.stringify(tasks, null, 2));
  return file;
}

async function expectRejected(files: Parameters<typeof loadLedger>[1], pattern: RegExp) {
  const before = await snapshot();
  const error = await loadLedger(database.db, files).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(LedgerFileError);
  expect((error as Error).message).toMatch(pattern);
  expect(await snapshot()).toEqual(before);
  return error as LedgerFileError;
}

test('the seed ledger loads: departments, policies, tasks, targets', async () => {
  const summary = await loadLedger(database.db, seedFiles);
  const seed = seedLedger();
  const targets = seed.reduce((n, t) => n + t.targets.length, 0);
  expect(summary).toEqual({
    departments: { inserted: 37, updated: 0, unchanged: 0 },
    policies: { inserted: expect.any(Number) as number, updated: 0, unchanged: 0 },
    tasks: { inserted: seed.length, updated: 0, unchanged: 0 },
    targets: { inserted: targets, updated: 0, unchanged: 0, deleted: 0 },
    notInFile: [],
    differsFromRunning: [],
  });
  const rows = await snapshot();
  expect(rows.tasks).toHaveLength(seed.length);
  expect(rows.targets).toHaveLength(targets);
  const water = rows.tasks.find((t) => t.id === '2023-1-02');
  expect(water).toMatchObject({
    plan_year: 2023,
    title: '城乡供水一体化工程',
    deadline: '2025-12-31',
    lead_department: 'slj',
    co_departments: ['zjj', 'zrzyj', 'czj'],
    status: 'draft',
    seq: 0,
  });
  const fiveG = rows.targets.find((t) => t.metric === '新建5G基站');
  expect(fiveG).toMatchObject({
    value: '1500',
    unit: '个',
    comparator: '=',
    tentative: false,
    achieved: null,
  });
  expect(rows.departments.find((d) => d.code === 'dcs')).toMatchObject({
    kind: 'office',
    contact_email: 'dcs.contact@example.org',
  });
});

test('loading the same files again changes no row, timestamps included', async () => {
  // What the workflow writes must survive a re-load: read-model columns and achieved values.
  await database.db
    .updateTable('tasks')
    .set({ status: 'in_progress', seq: 7, percent: 40, light: 'green', workflow_id: 'task-2023-1-07' })
    .where('id', '=', '2023-1-07')
    .execute();
  await database.db
    .updateTable('targets')
    .set({ achieved: 900 })
    .where('task_id', '=', '2023-1-07')
    .where('idx', '=', 0)
    .execute();
  const before = await snapshot();
  const summary = await loadLedger(database.db, seedFiles);
  expect(summary.tasks).toEqual({ inserted: 0, updated: 0, unchanged: before.tasks.length });
  // A started task's targets are its workflow's: they are compared, not synced.
  const notStartedTargets = before.targets.filter((t) => t.task_id !== '2023-1-07').length;
  expect(summary.targets).toEqual({ inserted: 0, updated: 0, unchanged: notStartedTargets, deleted: 0 });
  expect(summary.differsFromRunning).toEqual([]);
  expect(summary.departments.unchanged).toBe(before.departments.length);
  expect(summary.policies.unchanged).toBe(before.policies.length);
  expect(await snapshot()).toEqual(before);
});

test('an edited file updates tasks not started in place and keeps their ids', async () => {
  const tasks = seedLedger();
  const fiveG = tasks.find((t) => t.id === '2023-1-05') as LedgerTask;
  fiveG.title = '数字“强基”工程(二期)';
  fiveG.deadline = '2024-06-30';
  fiveG.targets[0]!.value += 100;
  const charging = tasks.find((t) => t.id === '2023-1-06') as LedgerTask;
  charging.targets.push({
    metric: '建成充电站',
    value: 20,
    unit: '座',
    comparator: '≥',
    tentative: false,
    kind: 'absolute',
  });
  const logistics = tasks.find((t) => t.id === '2023-1-08') as LedgerTask;
  logistics.targets = logistics.targets.slice(0, 1);
  const before = await snapshot();

  const summary = await loadLedger(database.db, { ...seedFiles, ledger: writeLedger('edited.json', tasks) });
  expect(summary.tasks).toEqual({ inserted: 0, updated: 1, unchanged: tasks.length - 1 });
  expect(summary.targets).toMatchObject({ inserted: 1, updated: 1, deleted: 2 });
  expect(summary.differsFromRunning).toEqual([]);

  const after = await snapshot();
  expect(after.tasks.map((t) => t.id)).toEqual(before.tasks.map((t) => t.id));
  const row = after.tasks.find((t) => t.id === '2023-1-05');
  expect(row).toMatchObject({ title: '数字“强基”工程(二期)', deadline: '2024-06-30', status: 'draft' });
  // Untouched tasks keep their rows byte for byte, updated_at included.
  const untouched = (rows: typeof before) => rows.tasks.filter((t) => t.id !== '2023-1-05');
  expect(untouched(after)).toEqual(untouched(before));
  expect(after.targets.filter((t) => t.task_id === '2023-1-08')).toHaveLength(1);
  await loadLedger(database.db, seedFiles);
});

test('a started task is its workflow’s: a reload applies nothing to it and reports what differs', async () => {
  // 2023-1-07 runs (its workflow wrote the row above); the office has since reassigned it.
  const seed = seedLedger().find((t) => t.id === '2023-1-07') as LedgerTask;
  const reassigned = { lead_department: 'fgj', co_departments: ['jtj'] };
  expect(seed.leadDepartment).not.toBe(reassigned.lead_department);
  await database.db.updateTable('tasks').set(reassigned).where('id', '=', '2023-1-07').execute();
  const before = await snapshot();

  // The seed again (as `up` does on every start): the reassignment stands, the difference is reported.
  const reload = await loadLedger(database.db, seedFiles);
  expect(reload.differsFromRunning).toEqual([
    { taskId: '2023-1-07', fields: ['leadDepartment', 'coDepartments'] },
  ]);
  expect(reload.tasks.updated).toBe(0);
  expect(await snapshot()).toEqual(before);

  // An edited file: its changes to the running task are reported field by field and not applied.
  const tasks = seedLedger();
  const fiveG = tasks.find((t) => t.id === '2023-1-07') as LedgerTask;
  fiveG.title = '数字“强基”工程(5G)';
  fiveG.deadline = '2024-06-30';
  fiveG.targets[0]!.value = 1600;
  const edited = await loadLedger(database.db, { ...seedFiles, ledger: writeLedger('running.json', tasks) });
  expect(edited.differsFromRunning).toEqual([
    { taskId: '2023-1-07', fields: ['title', 'leadDepartment', 'coDepartments', 'deadline', 'targets'] },
  ]);
  expect(edited.tasks.updated).toBe(0);
  expect(edited.targets).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
  const after = await snapshot();
  expect(after).toEqual(before);
  const row = after.tasks.find((t) => t.id === '2023-1-07');
  expect(row).toMatchObject({ ...reassigned, status: 'in_progress', seq: 7, workflow_id: 'task-2023-1-07' });
  expect(after.targets.find((t) => t.task_id === '2023-1-07' && t.idx === 0)).toMatchObject({
    achieved: '900',
  });
});

test('tasks dropped from the file are kept and reported', async () => {
  const tasks = seedLedger().filter((t) => t.id !== '2023-4-01');
  const summary = await loadLedger(database.db, { ...seedFiles, ledger: writeLedger('fewer.json', tasks) });
  expect(summary.notInFile).toEqual(['2023-4-01']);
  await loadLedger(database.db, seedFiles);
});

describe('a bad file writes nothing and names the file, the task and the field', () => {
  const edit = (change: (tasks: LedgerTask[]) => unknown) => {
    const tasks = seedLedger();
    // Make a first change that would be written, so a partial write would show.
    (tasks[0] as LedgerTask).title = '已修改的标题';
    return change(tasks) ?? tasks;
  };

  test('unknown department', async () => {
    const file = writeLedger(
      'unknown-department.json',
      edit((t) => void (t[5]!.leadDepartment = 'xyz')),
    );
    await expectRejected(
      { ...seedFiles, ledger: file },
      /unknown-department\.json: task 2023-0-06: field leadDepartment: unknown department 'xyz'/,
    );
    const co = writeLedger(
      'unknown-co.json',
      edit((t) => void (t[8]!.coDepartments = ['zjj', 'nope'])),
    );
    await expectRejected(
      { ...seedFiles, ledger: co },
      /task 2023-1-02: field coDepartments\[1\]: unknown department 'nope'/,
    );
  });

  test('duplicate id', async () => {
    const file = writeLedger(
      'duplicate.json',
      edit((t) => [...t, { ...t[3]!, title: '重复' }]),
    );
    await expectRejected(
      { ...seedFiles, ledger: file },
      /duplicate\.json: task 2023-0-04: field id: is used by another task too/,
    );
  });

  test('missing deadline', async () => {
    const file = writeLedger(
      'no-deadline.json',
      edit((t) => void delete (t[10] as Partial<LedgerTask>).deadline),
    );
    await expectRejected(
      { ...seedFiles, ledger: file },
      /no-deadline\.json: task 2023-1-04: field deadline: is required/,
    );
  });

  test('target without unit', async () => {
    const file = writeLedger(
      'no-unit.json',
      edit((t) => void ((t[7]!.targets[1] as Partial<{ unit: string }>).unit = '')),
    );
    await expectRejected(
      { ...seedFiles, ledger: file },
      /no-unit\.json: task 2023-1-01: field targets\[1\]\.unit: must not be empty/,
    );
    const missing = writeLedger(
      'missing-unit.json',
      edit((t) => void delete (t[7]!.targets[1] as Partial<{ unit: string }>).unit),
    );
    await expectRejected(
      { ...seedFiles, ledger: missing },
      /task 2023-1-01: field targets\[1\]\.unit: is required/,
    );
  });

  test('a growth target whose metric does not say growth', async () => {
    const file = writeLedger(
      'kind.json',
      edit((t) => void (t[0]!.targets[0]!.metric = '地区生产总值')),
    );
    await expectRejected({ ...seedFiles, ledger: file }, /task 2023-0-01: field targets\[0\]\.kind/);
  });

  test('malformed JSON', async () => {
    const file = writeLedger('malformed.json', '[{"id": "2023-0-01",, }]');
    await expectRejected(
      { ...seedFiles, ledger: file },
      /malformed\.json: malformed JSON \(line 1, column \d+\)/,
    );
  });

  test('malformed or invalid YAML', async () => {
    const yaml = path.join(dir, 'departments.yaml');
    writeFileSync(yaml, 'departments:\n  - code: jtj\n    name: [交通运输局\n');
    await expectRejected({ ...seedFiles, departments: yaml }, /departments\.yaml: malformed YAML/);
    writeFileSync(
      yaml,
      'departments:\n  - code: jtj\n    name: 交通运输局\n    contact: { name: 林, email: not-an-email }\n    head: { name: 陈, email: h@example.org }\n    leader: { name: 黄, email: l@example.org }\n',
    );
    await expectRejected(
      { ...seedFiles, departments: yaml },
      /departments\.yaml: department jtj: field contact\.email: must be an email address/,
    );
  });

  test('unknown policy', async () => {
    const file = writeLedger(
      'policy.json',
      edit((t) => void (t[2]!.policy = 'no-such-policy')),
    );
    await expectRejected(
      { ...seedFiles, ledger: file },
      /task 2023-0-03: field policy: unknown policy 'no-such-policy'/,
    );
  });

  test('a policy with an unknown key, a wrong type or a ladder out of order', async () => {
    const yaml = path.join(dir, 'policies.yaml');
    const seed = readFileSync(seedFiles.policies, 'utf8');
    const bad = (from: string, to: string) => {
      expect(seed).toContain(from);
      writeFileSync(yaml, seed.replace(from, to));
      return { ...seedFiles, policies: yaml };
    };
    // A typo in a key is refused, not frozen into every workflow started from the policy.
    await expectRejected(
      bad('    repeatEveryWorkingDays: 5\n', '    repeatEveryWorkingDay: 5\n'),
      /policies\.yaml: policy default: field spec\.repeatEveryWorkingDays: is required[\s\S]*policy default: field spec: Unrecognized key: "repeatEveryWorkingDay"/,
    );
    await expectRejected(
      bad('    reportDueWorkingDay: 3\n', "    reportDueWorkingDay: '3'\n"),
      /policies\.yaml: policy key-project: field spec\.reportDueWorkingDay: must be a whole number of working days/,
    );
    // Both problems of the step are listed in one load.
    const ladder = await expectRejected(
      bad(
        '      - { level: 3, afterWorkingDays: 5, notify: [leader, office] }',
        '      - { level: 5, afterWorkingDays: 5, notify: [leader, boss] }',
      ),
      /policy reform: field spec\.steps\[2\]\.level: must be 3: the ladder climbs one level per step/,
    );
    expect(ladder.message).toMatch(
      /policy reform: field spec\.steps\[2\]\.notify\[1\]: must be one of contact, head, leader, office/,
    );
  });

  test('every problem is listed, not just the first', async () => {
    const file = writeLedger(
      'several.json',
      edit((t) => {
        t[1]!.leadDepartment = 'xyz';
        t[2]!.deadline = '2023-02-30';
      }),
    );
    const error = await expectRejected(
      { ...seedFiles, ledger: file },
      /task 2023-0-02: field leadDepartment/,
    );
    expect(error.message).toMatch(/task 2023-0-03: field deadline: is not a calendar day/);
  });
});

test('concurrent loads serialise and still change nothing the second time', async () => {
  const before = await snapshot();
  const [a, b] = await Promise.all([loadLedger(database.db, seedFiles), loadLedger(database.db, seedFiles)]);
  expect(a.tasks.inserted + b.tasks.inserted).toBe(0);
  expect(await snapshot()).toEqual(before);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from tasks`.execute(database.db);
  expect(rows[0]?.n).toBe(seedLedger().length);
});
