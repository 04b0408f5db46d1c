// Closed tasks carry no light and nothing due, and are counted apart (已办结, 已撤销) on the board, in the
// API and in the export; a never-started task past its deadline is refused with what to do, or started
// overdue on request — its overdue climb begins at the start, not with every step since the deadline.
import ExcelJS from 'exceljs';
import { boardFor } from '../../client/service/board';
import { ledgerWorkbook } from '../../client/service/export/ledger-xlsx';
import { LIGHT } from '../../workflows/search-attributes';
import { useApiSuite, type Json } from '../support/api-suite';
import { insertTask } from '../support/fixtures';
import { waitUntil } from '../support/wait';

const suite = useApiSuite();

const readModel = (id: string) =>
  suite.db
    .selectFrom('tasks')
    .select(['status', 'light', 'next_due_at', 'seq'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** The read model once it has the workflow's state as of `seq`. */
const readModelAt = (id: string, seq: number) =>
  waitUntil(
    `the read model of ${id} to reach seq ${seq}`,
    () => readModel(id),
    (r) => r.seq >= seq,
    {
      show: (r) => JSON.stringify(r),
    },
  );

test('a cancelled and a completed task carry no light, nothing due, and count as 已撤销 and 已办结', async () => {
  const cancelled = 'closed-cancel';
  const completed = 'closed-done';
  const open = 'closed-open';
  const starts = new Map<string, Json>();
  for (const id of [cancelled, completed, open]) {
    await insertTask(suite.db, { id });
    const res = await suite.call('office', 'POST', `/api/tasks/${id}/start`);
    expect(res.status).toBe(200);
    starts.set(id, res.body);
  }
  // The cancelled one had a light and periods ahead before it was cancelled.
  const before = starts.get(cancelled)!;
  expect(before.state.light).toBe('green');
  expect(before.state.checkpoints.some((c: Json) => c.status === 'pending')).toBe(true);

  const cancel = await suite.call('office', 'POST', `/api/tasks/${cancelled}/cancel`, { reason: '项目调整' });
  expect(cancel.status).toBe(200);
  expect(cancel.body.state).toMatchObject({ status: 'cancelled', light: null, lightReasons: [] });
  expect(cancel.body.state.checkpoints.filter((c: Json) => c.status === 'pending')).toEqual([]);
  expect(cancel.body.state.checkpoints.some((c: Json) => c.status === 'waived')).toBe(true);

  await suite.call('lead', 'POST', `/api/tasks/${completed}/acknowledge`, {});
  await suite.call('lead', 'POST', `/api/tasks/${completed}/completion`, { summary: '全部建成' });
  const approve = await suite.call('office', 'POST', `/api/tasks/${completed}/review`, {
    decision: 'approve',
    grade: '优秀',
  });
  expect(approve.body.state).toMatchObject({ status: 'completed', light: null });

  // The read model follows: no light, no next due; the Temporal index drops the light too.
  for (const [id, res] of [
    [cancelled, cancel],
    [completed, approve],
  ] as const) {
    const row = await readModelAt(id, res.body.state.seq);
    expect(row).toMatchObject({ light: null, next_due_at: null });
    const pending = await suite.db
      .selectFrom('checkpoints')
      .select('period')
      .where('task_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toEqual([]);
    const described = await suite.kit.client.workflow.getHandle(`task-${id}`).describe();
    expect(described.typedSearchAttributes.get(LIGHT) ?? null).toBeNull();
  }

  const board = await suite.call('office', 'GET', '/api/board');
  expect(board.status).toBe(200);
  const counts = board.body.counts;
  expect(counts).toMatchObject({ completed: 1, cancelled: 1 });
  // The open task is the only one with a light; the closed ones are in no light and not "not started".
  expect(counts.red + counts.yellow + counts.green).toBe(1);
  expect(counts.none).toBe(0);
  const filtered = await suite.call('office', 'GET', '/api/board?light=cancelled');
  const ids = filtered.body.sections.flatMap((s: Json) => s.tasks.map((t: Json) => t.id));
  expect(ids).toEqual([cancelled]);

  // The export: the 说明 sheet counts them apart; their rows show the status and no light, nothing due.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    (await ledgerWorkbook(
      await boardFor(suite.deps, { role: 'office', label: '督查室' }, {}),
      '全市',
    )) as unknown as ArrayBuffer,
  );
  const about = new Map<string, unknown>();
  wb.getWorksheet('说明')!.eachRow((row) => about.set(String(row.getCell(1).value), row.getCell(2).value));
  expect(about.get('已撤销')).toBe(1);
  expect(about.get('已办结')).toBe(1);
  expect(about.get('红灯 / 黄灯 / 绿灯 / 未启动')).toMatch(/^\d+ \/ \d+ \/ \d+ \/ 0$/);
  const ledger = wb.getWorksheet('台账')!;
  const header = (ledger.getRow(1).values as unknown[]).map(String);
  const col = (name: string) => header.indexOf(name);
  const rows = new Map<string, unknown[]>();
  ledger.eachRow((row, n) => {
    if (n > 1) rows.set(String(row.getCell(col('任务编号')).value), row.values as unknown[]);
  });
  for (const [id, status] of [
    [cancelled, '已撤销'],
    [completed, '已办结'],
  ] as const) {
    const row = rows.get(id)!;
    expect(row[col('状态')]).toBe(status);
    expect(row[col('灯色')] ?? '').toBe('');
    expect(row[col('下次报送截止')] ?? '').toBe('');
  }
});

test('a never-started task past its deadline is refused with what to do; allowPastDeadline starts it overdue', async () => {
  // The suite's plan clock stands at 2023-01-03.
  const id = 'late-start';
  await insertTask(suite.db, { id, deadline: '2022-12-20' });
  const refused = await suite.call('office', 'POST', `/api/tasks/${id}/start`);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ field: 'deadline' });
  expect(refused.body.error.message).toMatch(/2022-12-20/);
  expect(refused.body.error.message).toMatch(/allowPastDeadline/);
  const none = await suite.kit.client.workflow
    .getHandle(`task-${id}`)
    .describe()
    .catch((err: Error) => err.name);
  expect(none).toBe('WorkflowNotFoundError');

  const started = await suite.call('office', 'POST', `/api/tasks/${id}/start`, { allowPastDeadline: true });
  expect(started.status).toBe(200);
  expect(started.body.started).toBe(true);
  const state = await waitUntil(
    `${id} to take up its overdue ladder`,
    async () => (await suite.call('office', 'GET', `/api/tasks/${id}`)).body.state,
    (s: Json) => s?.escalations?.some((e: Json) => e.reason === 'overdue'),
    { show: (s: Json) => JSON.stringify({ status: s?.status, escalations: s?.escalations }) },
  );
  expect(state.light).toBe('red');
  // The climb begins at the start: one step now, not the four steps the days since the deadline would give.
  const overdue = state.escalations.filter((e: Json) => e.reason === 'overdue');
  expect(overdue.map((e: Json) => e.level)).toEqual([1]);
  expect(overdue[0].at).toBe(state.startedAt);
  // A second start of a task that exists is "already started", whatever its catalog deadline says.
  const again = await suite.call('office', 'POST', `/api/tasks/${id}/start`);
  expect(again.status).toBe(200);
  expect(again.body.started).toBe(false);
});
