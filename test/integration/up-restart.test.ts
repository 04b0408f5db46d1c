// Restart at any point of the year: `up` stopped with Ctrl-C after every deadline has passed comes back with
// the same data; every workflow keeps its state and none is started twice; the office's reassignment and
// cancellation survive the seed ledger's reload; a task never started and past its deadline is reported
// with what to do, and does not keep the system down.
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { createToken } from '../../client/service/tokens';
import { getStateQuery } from '../../workflows/definitions';
import type { TaskState } from '../../workflows/domain';
import type { Json } from '../support/api-suite';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runCli, startUp, upEnvironment, type UpProcess } from '../support/up-process';
import { waitUntil } from '../support/wait';

let tdb: TestDatabase;
let up: UpProcess | undefined;
let env: NodeJS.ProcessEnv;
let connection: Connection;
let client: Client;

// Four real seconds per plan day, from a few days before the ledger's deadline (2023-12-31).
const PLAN_START = '2023-12-27T09:00:00+08:00';
const AFTER_DEADLINES = Date.parse('2024-01-01T00:00:00+08:00');
const REASSIGNED = '2023-1-04';
const CANCELLED = '2023-1-03';
const NEVER_STARTED = '2023-9-99';

beforeAll(async () => {
  tdb = await createTestDatabase();
  env = await upEnvironment(tdb.url, { DUBAN_PLAN_START: PLAN_START, DUBAN_SIMULATE: 'false' });
  connection = await Connection.connect({ address: process.env.DUBAN_TEST_TEMPORAL_ADDRESS! });
  client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE! });
});

afterAll(async () => {
  up?.kill();
  await connection?.close();
  await tdb?.drop();
});

const api = async (token: string, method: string, url: string, body?: unknown) => {
  const res = await fetch(`http://127.0.0.1:${env.HTTP_PORT}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
};

/** Every execution in the namespace: workflow id, run id, status. */
async function executions() {
  const out: Array<{ workflowId: string; runId: string; status: string }> = [];
  for await (const w of client.workflow.list())
    out.push({ workflowId: w.workflowId, runId: w.runId, status: w.status.name });
  return out.sort((a, b) => a.workflowId.localeCompare(b.workflowId) || a.runId.localeCompare(b.runId));
}

const planNow = async () => {
  const clock = await sql<{ value: { planEpochMs: number; realEpochMs: number; speed: number } }>`
    select value from settings where key = 'clock'`.execute(tdb.db);
  const c = clock.rows[0]!.value;
  return c.planEpochMs + (Date.now() - c.realEpochMs) * c.speed;
};

test('up comes back after every deadline has passed, and what the office did at run time stands', async () => {
  up = startUp(env);
  await up.waitForOutput(/duban is up\./);
  const token = async (role: string, department?: string) =>
    (await createToken(tdb.db, { role, department, label: `restart ${role} ${department ?? ''}` })).token;
  const office = await token('office');
  const oldLead = await token('department', 'slj');
  const newLead = await token('department', 'yjj');

  // The office's run-time decisions: a new lead (the old one no longer involved), a cancellation.
  const moved = await api(office, 'POST', `/api/tasks/${REASSIGNED}/reassign`, {
    leadDepartment: 'yjj',
    coDepartments: ['zjj', 'cgj'],
    reason: '职能调整',
  });
  expect(moved.status).toBe(200);
  expect((await api(office, 'POST', `/api/tasks/${CANCELLED}/cancel`, { reason: '项目调整' })).status).toBe(
    200,
  );

  // Plan time passes every deadline; each open 2023 task's workflow takes the deadline in.
  await waitUntil('the plan clock to pass 2023-12-31', planNow, (t) => t > AFTER_DEADLINES, {
    show: (t) => new Date(t).toISOString(),
  });
  await waitUntil(
    'every open task due 2023-12-31 to record its deadline passing',
    () =>
      sql<{ id: string; passed: boolean }>`
        select t.id, exists (select 1 from task_events e where e.task_id = t.id and e.type = 'deadline_passed') as passed
          from tasks t where t.deadline = '2023-12-31' and t.status <> 'cancelled'`.execute(tdb.db),
    (r) => r.rows.length > 0 && r.rows.every((x) => x.passed),
    {
      show: (r) =>
        `waiting for ${r.rows
          .filter((x) => !x.passed)
          .map((x) => x.id)
          .join(', ')}`,
    },
  );
  // A task in the catalog that was never started, now past its deadline.
  await sql`
    insert into tasks (id, plan_year, section_path, title, source, lead_department, co_departments, deadline, cadence, policy, priority)
    select ${NEVER_STARTED}, plan_year, section_path, '补充任务', source, lead_department, co_departments, deadline, cadence, policy, priority
      from tasks where id = '2023-1-01'`.execute(tdb.db);

  const before = await executions();
  // The ledger's 41 tasks, and the year's bulletin drafter beside them.
  const ids = new Set(before.map((e) => e.workflowId));
  expect([...ids].filter((id) => id.startsWith('task-'))).toHaveLength(41);
  expect([...ids].filter((id) => !id.startsWith('task-'))).toEqual(['bulletins-2023']);
  const stateBefore = new Map<string, TaskState>();
  for (const id of ['2023-1-01', '2023-1-10', REASSIGNED, CANCELLED])
    stateBefore.set(id, await client.workflow.getHandle(`task-${id}`).query(getStateQuery));
  expect(await up.interrupt()).toBe(0);

  // Same data, same settings.
  up = startUp(env);
  await up.waitForOutput(/duban is up\./);
  // Right after the restart, before any workflow has written again: the office's reassignment stands.
  const row = await tdb.db
    .selectFrom('tasks')
    .select(['lead_department', 'co_departments', 'status', 'light'])
    .where('id', 'in', [REASSIGNED, CANCELLED])
    .orderBy('id')
    .execute();
  expect(row).toEqual([
    { lead_department: 'sthjj', co_departments: ['zjj', 'slj', 'nyncj'], status: 'cancelled', light: null },
    { lead_department: 'yjj', co_departments: ['zjj', 'cgj'], status: 'assigned', light: expect.any(String) },
  ]);
  expect((await api(newLead, 'GET', `/api/tasks/${REASSIGNED}`)).status).toBe(200);
  expect([403, 404]).toContain((await api(oldLead, 'GET', `/api/tasks/${REASSIGNED}`)).status);
  // The reload said what differs instead of applying it, and named the never-started task and the way out.
  expect(up.output()).toMatch(
    new RegExp(`${NEVER_STARTED} was never started and its deadline 2023-12-31 has passed`),
  );
  expect(up.output()).toMatch(/--allow-past-deadline/);

  // Nothing started twice: the same executions (a continue-as-new adds a run, never a second workflow).
  const after = await executions();
  expect(new Set(after.map((e) => e.workflowId))).toEqual(new Set(before.map((e) => e.workflowId)));
  for (const e of before.filter((x) => x.status !== 'RUNNING'))
    expect(after.filter((x) => x.workflowId === e.workflowId && x.status !== 'CONTINUED_AS_NEW')).toEqual([
      e,
    ]);
  // Every workflow kept its state and goes on from it.
  for (const [id, was] of stateBefore) {
    const now = await client.workflow.getHandle(`task-${id}`).query(getStateQuery);
    expect(now.seq).toBeGreaterThanOrEqual(was.seq);
    expect(now.startedAt).toBe(was.startedAt);
    expect(now.status).toBe(was.status);
    expect(now.spec.leadDepartment).toBe(was.spec.leadDepartment);
  }

  // The CLI: a started task is "already started" whatever the catalog's deadline; only the never-started is refused.
  const again = runCli(env, 'tasks', 'start', '--all');
  expect(again.status).toBe(0);
  expect(again.stdout).toMatch(/^0 started, 41 already running or closed, 1 not started \(deadline passed\)/);
  expect(again.stderr).toContain(`not started: task ${NEVER_STARTED} was never started`);
  const one = runCli(env, 'task', 'start', '2023-1-10');
  expect(one.status).toBe(0);
  expect(one.stdout).toMatch(/task-2023-1-10 already started/);
  const refused = runCli(env, 'task', 'start', NEVER_STARTED);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/extend its deadline in the ledger/);

  // The board counts the cancelled task apart.
  const board = await api(office, 'GET', '/api/board');
  expect(board.body.counts.cancelled).toBe(1);

  expect(await up.interrupt()).toBe(0);
  expect(up.output()).not.toMatch(/did not stop cleanly/);
}, 900_000);
