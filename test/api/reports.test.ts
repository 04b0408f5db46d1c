// The dashboard's read endpoints over HTTP: board, overdue list, mailbox and ledger exports, each in the
// caller's scope, against the real stack.
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { createApiServer } from '../../client/api/server';
import * as d from '../../workflows/definitions';
import { useApiSuite, type Json } from '../support/api-suite';
import { insertTask } from '../support/fixtures';
import { fastClock, lead } from '../support/task-harness';

const suite = useApiSuite();

// The overdue task runs on a fast clock; a second server on the same clock sees it late.
let fast: FastifyInstance;
let fastUrl = '';

beforeAll(async () => {
  const clock = fastClock('2023-01-03T09:00:00+08:00', 500);
  await insertTask(suite.db, { id: 'rep-late', deadline: '2023-01-05', title: '港口提能工程' });
  await insertTask(suite.db, { id: 'rep-draft', title: '公共卫生应急工程' });
  await suite.db
    .updateTable('tasks')
    .set({ lead_department: 'slj', co_departments: [], section_path: ['（二）强化科学运作'] })
    .where('id', '=', 'rep-draft')
    .execute();
  await suite.h.start('rep-late', clock);
  await suite.h.update('rep-late', d.acknowledgeUpdate, { actor: lead });
  fast = await createApiServer({ ...suite.deps, clock, rateLimit: false });
  await fast.listen({ port: 0, host: '127.0.0.1' });
  fastUrl = `http://127.0.0.1:${(fast.server.address() as AddressInfo).port}`;
});
afterAll(() => fast?.close());

const get = async (url: string, token: string) =>
  fetch(fastUrl + url, { headers: { authorization: `Bearer ${token}` } });

test('the board counts lights in the caller’s scope and filters by light, department and section', async () => {
  await suite.h.until(
    'rep-late: red (past its deadline) in the read model',
    () => suite.h.readModel('rep-late'),
    (row) => row.light === 'red',
  );
  const office = (await suite.call('office', 'GET', '/api/board')).body as Json;
  expect(office.counts).toMatchObject({ red: 1, yellow: 0, green: 0, none: 1, total: 2 });
  // Sections in ledger (id) order.
  expect(office.sections.map((s: Json) => s.name)).toEqual(['（二）强化科学运作', '（一）']);
  const late = office.sections[1].tasks[0];
  expect(late).toMatchObject({ id: 'rep-late', leadName: '交通运输局', coNames: ['住建局'] });
  expect(late.targets.map((t: Json) => t.metric)).toEqual(['新建5G基站', '建成公共充电桩']);
  expect(late.lightReasons).toContain('overdue');

  const red = (await suite.call('office', 'GET', '/api/board?light=red')).body as Json;
  expect(red.counts.total).toBe(2);
  expect(red.sections.flatMap((s: Json) => s.tasks.map((t: Json) => t.id))).toEqual(['rep-late']);
  const bySection = (await suite.call('office', 'GET', `/api/board?section=${encodeURIComponent('（二）')}`))
    .body as Json;
  expect(bySection.counts).toMatchObject({ none: 1, total: 1 });
  const dept = (await suite.call('co', 'GET', '/api/board')).body as Json;
  expect(dept.counts.total).toBe(1);
  const bad = await suite.call('office', 'GET', '/api/board?light=blue');
  expect(bad).toMatchObject({ status: 400, body: { error: { field: 'light' } } });
});

test('the overdue list names what is late, most late first, with level and the last email', async () => {
  const body = await suite.h.until(
    'the overdue list: rep-late escalated (level ≥ 1) with its last email',
    async () => (await (await get('/api/overdue', suite.tokens.office)).json()) as Json,
    (res: Json) => Boolean(res.items[0]?.lastMail && res.items[0].task.level >= 1),
  );
  expect(body.items).toHaveLength(1);
  const [item] = body.items;
  expect(item.task).toMatchObject({ id: 'rep-late', leadName: '交通运输局' });
  expect(item.items[0]).toMatchObject({ kind: 'deadline' });
  expect(item.lateMs).toBeGreaterThan(0);
  expect(item.lastMail.subject).toContain('港口提能工程');
  const other = (await (await get('/api/overdue', suite.tokens.other)).json()) as Json;
  expect(other.items).toEqual([]);
});

test('the mailbox is the office’s; departments are refused', async () => {
  const res = await suite.call('office', 'GET', '/api/mail?limit=5');
  expect(res.status).toBe(200);
  expect(res.body.outbox.length).toBeGreaterThan(0);
  expect(res.body.outbox[0]).toHaveProperty('subject');
  expect(Array.isArray(res.body.caught)).toBe(true);
  expect((await suite.call('lead', 'GET', '/api/mail')).status).toBe(403);
  expect((await suite.call('office', 'GET', '/api/mail/999999')).status).toBe(404);
});

test('the ledger exports as a workbook and as CSV, in the caller’s scope', async () => {
  const res = await get('/api/export/ledger.xlsx', suite.tokens.office);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ledger = wb.getWorksheet('台账')!;
  expect(ledger.rowCount).toBe(3);
  const header = (ledger.getRow(1).values as unknown[]).slice(1);
  const row = (n: number) =>
    Object.fromEntries(header.map((h, i) => [String(h), ledger.getRow(n).getCell(i + 1).value]));
  expect(row(2)).toMatchObject({ 任务编号: 'rep-draft', 状态: '未启动' });
  expect(row(3)).toMatchObject({ 任务编号: 'rep-late', 灯色: '红灯', 牵头单位: '交通运输局' });
  expect(wb.getWorksheet('指标')!.rowCount).toBe(5);

  const csv = await get('/api/export/ledger.csv', suite.tokens.lead);
  const bytes = Buffer.from(await csv.arrayBuffer());
  expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^任务编号,篇章,/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^rep-late,/);
  expect((await get('/api/export/ledger.csv', '')).status).toBe(401);
});
