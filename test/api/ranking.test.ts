// The department ranking: facts from the read model (real Postgres), scored by a configurable rule.
import { DEFAULT_RANKING_RULE, rankDepartments, ranking, setRankingRule } from '../../client/service/ranking';
import { makeClock } from '../../workflows/clock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  CO,
  insertDepartments,
  insertPolicy,
  insertTask,
  LEAD,
  OTHER,
  seedPolicy,
} from '../support/fixtures';

let tdb: TestDatabase;
const planNow = Date.parse('2023-07-01T12:00:00+08:00');
const deadlineAt = Date.parse('2023-07-01T00:00:00+08:00');

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.db;
  await insertDepartments(db);
  await insertPolicy(db, seedPolicy('default'));
  const task = async (id: string, lead: string, status: string, completionAt?: number) => {
    await insertTask(db, { id });
    // The fields of the stored view (db/task-view.ts) the ranking reads.
    const view = {
      deadlineAt: new Date(deadlineAt).toISOString(),
      ...(completionAt
        ? { completion: { at: new Date(completionAt).toISOString(), summary: 'x', by: lead } }
        : {}),
    };
    await db
      .updateTable('tasks')
      .set({
        lead_department: lead,
        status,
        current_deadline: new Date(deadlineAt - 1),
        view: JSON.stringify(view),
      })
      .where('id', '=', id)
      .execute();
  };
  await task('r-1', LEAD, 'completed', deadlineAt - 86_400_000);
  await task('r-2', LEAD, 'in_progress');
  await task('r-3', CO, 'completed', deadlineAt + 86_400_000);
  await task('r-4', OTHER, 'cancelled');
  const cp = (task_id: string, period: string, status: string) => ({
    task_id,
    period,
    status,
    due_at: new Date(Date.parse(`${period}-28T00:00:00+08:00`)),
  });
  await db
    .insertInto('checkpoints')
    .values([
      cp('r-1', '2023-01', 'received'),
      cp('r-1', '2023-02', 'received'),
      cp('r-2', '2023-01', 'late'),
      cp('r-2', '2023-02', 'missing'),
      cp('r-2', '2023-06', 'pending'),
      cp('r-3', '2023-01', 'received'),
      cp('r-3', '2023-02', 'received'),
      cp('r-3', '2023-03', 'received'),
      cp('r-4', '2023-01', 'missing'),
    ])
    .execute();
  const esc = (key: string, task_id: string, level: number) => ({
    key,
    task_id,
    level,
    repeat: 0,
    reason: 'report',
    period: '2023-02',
    plan_at: new Date(planNow - 86_400_000),
  });
  await db
    .insertInto('escalations')
    .values([esc('e1', 'r-2', 1), esc('e2', 'r-2', 2), esc('e3', 'r-2', 3), esc('e4', 'r-4', 4)])
    .execute();
});
afterAll(async () => tdb?.drop());

const deps = () => ({ db: tdb.db, clock: makeClock(planNow, Date.now(), 1) });

test('the default rule: on-time reporting, on-time completion, escalation deductions', async () => {
  const r = await ranking(deps());
  expect(r.rule).toEqual(DEFAULT_RANKING_RULE);
  expect(r.departments.map((d) => [d.rank, d.code, d.score])).toEqual([
    [1, CO, 60],
    [2, LEAD, 54],
  ]);
  const lead = r.departments.find((d) => d.code === LEAD)!;
  expect(lead.reporting).toEqual({ due: 4, onTime: 2, late: 1, missing: 1, onTimeRate: 0.5, points: 37.5 });
  expect(lead.completion).toEqual({
    due: 2,
    completed: 1,
    onTime: 1,
    overdueOpen: 1,
    onTimeRate: 0.5,
    points: 20,
  });
  expect(lead.escalations).toEqual({ level1: 1, level2: 1, level3: 1, level4: 0, deduction: 3.5 });
  // Cancelled tasks count for nobody.
  expect(r.departments.find((d) => d.code === OTHER)).toBeUndefined();
});

test('the office can weigh differently, and the order follows', async () => {
  const rule = { ...DEFAULT_RANKING_RULE, weights: { reporting: 50, completion: 50 } };
  await setRankingRule(deps(), { role: 'office' }, rule);
  const r = await ranking(deps());
  expect(r.rule).toEqual(rule);
  expect(r.departments.map((d) => [d.rank, d.code, d.score])).toEqual([
    [1, LEAD, 52.75],
    [2, CO, 50],
  ]);
  await expect(setRankingRule(deps(), { role: 'department', department: LEAD }, rule)).rejects.toMatchObject({
    code: 'forbidden',
  });
  await expect(
    setRankingRule(deps(), { role: 'office' }, { ...rule, maxDeduction: -1 }),
  ).rejects.toMatchObject({
    code: 'bad_request',
    field: 'maxDeduction',
  });
});

test('equal scores share a rank; nothing due yet scores in full', () => {
  const facts = (code: string, missing: number) => ({
    code,
    name: code,
    tasks: 1,
    reportsOnTime: 0,
    reportsLate: 0,
    reportsMissing: missing,
    completed: 0,
    completedOnTime: 0,
    overdueOpen: 0,
    escalations: [0, 0, 0, 0] as [number, number, number, number],
  });
  const ranked = rankDepartments([facts('b', 0), facts('a', 0), facts('c', 1)], DEFAULT_RANKING_RULE);
  expect(ranked.map((d) => [d.rank, d.code, d.score])).toEqual([
    [1, 'a', 100],
    [1, 'b', 100],
    [3, 'c', 40],
  ]);
});
