// A task's reports and trail come a page at a time, newest first, in the API and on the task page: a task with
// hundreds of reports still answers and renders in bounded size. The volume is inserted into the read model
// directly (progress_reports, task_events): these tests are about reading and rendering, not the workflow.
import { useApiSuite, type Json } from '../support/api-suite';
import { startDashboard, type Dashboard } from '../support/dashboard';
import { insertTask, LEAD } from '../support/fixtures';
import { quiescent } from '../support/task-harness';

const suite = useApiSuite();
const ID = 'paging-1';
const DAY = 86_400_000;
const FIRST_SEQ = 1000; // above the workflow's own events (started, …)
let dash: Dashboard;
let ownEvents = 0;

/** Reports `from`..`to` (1-based) of the task, each with its progress_reported event, `gap` days apart. */
async function insertReports(from: number, to: number, firstDay: string, gap: number) {
  const n = Array.from({ length: to - from + 1 }, (_, k) => from + k);
  const at = (i: number) => new Date(Date.parse(firstDay) + (i - from) * gap * DAY);
  const period = (i: number) => `2023-${String(at(i).getUTCMonth() + 1).padStart(2, '0')}`;
  const narrative = (i: number) => `第${i}份报告：${'推进'.repeat(100)}`;
  await suite.db
    .insertInto('progress_reports')
    .values(
      n.map((i) => ({
        task_id: ID,
        request_id: `seed-${i}`,
        seq: FIRST_SEQ + i,
        period: period(i),
        percent: Math.min(100, Math.round(i / 3)),
        values: JSON.stringify([{ targetIdx: 0, value: i * 5 }]),
        narrative: narrative(i),
        problems: '',
        next_steps: '',
        submitted_by: LEAD,
        late: false,
        plan_at: at(i),
      })),
    )
    .execute();
  await suite.db
    .insertInto('task_events')
    .values(
      n.map((i) => ({
        task_id: ID,
        seq: FIRST_SEQ + i,
        type: 'progress_reported',
        actor: JSON.stringify({ role: 'department', department: LEAD }),
        request_id: `seed-${i}`,
        plan_at: at(i),
        data: JSON.stringify({
          period: period(i),
          percent: Math.min(100, Math.round(i / 3)),
          values: [{ targetIdx: 0, value: i * 5 }],
          narrative: narrative(i),
          late: false,
        }),
      })),
    )
    .execute();
}

const seqs = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, k) => FIRST_SEQ + from - k);

beforeAll(async () => {
  await insertTask(suite.db, { id: ID });
  expect((await suite.call('office', 'POST', `/api/tasks/${ID}/start`)).status).toBe(200);
  // The workflow's own events are in the read model before the volume goes in.
  await quiescent(suite.h, ID);
  ownEvents = (await suite.h.events(ID)).length;
  await insertReports(1, 120, '2023-01-05T10:00:00+08:00', 2);
  dash = await startDashboard(suite);
});
afterAll(() => dash?.close());

describe('GET /api/tasks/:id', () => {
  test('the newest page by default, with totals; further pages through the parameters', async () => {
    const first = await suite.call('office', 'GET', `/api/tasks/${ID}`);
    expect(first.status).toBe(200);
    const d = first.body as Json;
    expect(d.reports).toMatchObject({ total: 120, limit: 50, offset: 0 });
    expect(d.reports.items.map((r: Json) => r.seq)).toEqual(seqs(120, 71));
    expect(d.reports.items[0].narrative).toMatch(/^第120份报告/);
    expect(d.events).toMatchObject({ total: 120 + ownEvents, limit: 50, offset: 0 });
    expect(d.events.items.map((e: Json) => e.seq)).toEqual(seqs(120, 71));

    // Walking the pages gives every report once, newest first.
    const walked: number[] = [];
    for (let offset = 0; offset < d.reports.total; offset += 50) {
      const page = await suite.call('lead', 'GET', `/api/tasks/${ID}?reportsOffset=${offset}`);
      expect(page.body.reports).toMatchObject({ total: 120, limit: 50, offset });
      walked.push(...page.body.reports.items.map((r: Json) => r.seq));
    }
    expect(walked).toEqual(seqs(120, 1));

    const slice = await suite.call('office', 'GET', `/api/tasks/${ID}?reportsLimit=10&reportsOffset=100`);
    expect(slice.body.reports.items.map((r: Json) => r.seq)).toEqual(seqs(20, 11));
    const trail = await suite.call('office', 'GET', `/api/tasks/${ID}?eventsLimit=200`);
    expect(trail.body.events.items).toHaveLength(120 + ownEvents);
    expect(trail.body.events.items.at(-1).type).toBe('started');
    // Paging one list leaves the other at its default.
    expect(trail.body.reports).toMatchObject({ limit: 50, offset: 0 });
  });

  test('the OpenAPI document names the paging parameters', async () => {
    const doc = (await suite.call(null, 'GET', '/api/openapi.json')).body as Json;
    const names = doc.paths['/api/tasks/{id}'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['reportsLimit', 'reportsOffset', 'eventsLimit', 'eventsOffset']),
    );
  });

  test.each([
    ['reportsLimit=0', 'reportsLimit'],
    ['reportsLimit=201', 'reportsLimit'],
    ['reportsOffset=-1', 'reportsOffset'],
    ['reportsOffset=1000001', 'reportsOffset'],
    ['eventsLimit=abc', 'eventsLimit'],
    ['eventsOffset=1.5', 'eventsOffset'],
    ['limit=5', 'limit'],
  ])('%s is a 400 naming %s', async (query, field) => {
    const res = await suite.call('office', 'GET', `/api/tasks/${ID}?${query}`);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'bad_request', field } } });
  });
});

describe('the task page', () => {
  const get = (path: string) =>
    fetch(dash.baseUrl + path, {
      headers: { cookie: dash.session(suite.tokens.lead), accept: 'text/html' },
    });
  const count = (text: string, what: string) => text.split(what).length - 1;

  test('shows the newest page, links to older ones, and stays bounded as reports pile up', async () => {
    const res = await get(`/tasks/${ID}`);
    expect(res.status).toBe(200);
    const page1 = await res.text();
    expect(count(page1, 'data-label="报告期"')).toBe(50);
    expect(count(page1, '<li class="ev ')).toBe(50);
    expect(page1).toContain('第120份报告');
    expect(page1).toContain('第71份报告');
    expect(page1).not.toContain('第70份报告');
    expect(page1).toContain('120份，本页为第1–50份（最新在前）');
    expect(page1).toContain(`href="/tasks/${ID}?page=2#timeline" rel="next"`);
    expect(page1).not.toContain('rel="prev"');

    const page2 = await (await get(`/tasks/${ID}?page=2`)).text();
    expect(count(page2, 'data-label="报告期"')).toBe(50);
    expect(page2).toContain('第70份报告');
    expect(page2).toContain('第21份报告');
    expect(page2).not.toContain('第71份报告');
    expect(page2).not.toContain('第20份报告');
    expect(page2).toContain(`href="/tasks/${ID}#timeline" rel="prev"`);
    expect(page2).toContain(`href="/tasks/${ID}?page=3#timeline" rel="next"`);
    // An older page is not live: new entries would shift it under the reader.
    expect(page2).not.toContain(`data-live="/fragments/tasks/${ID}/trail"`);

    const last = await (await get(`/tasks/${ID}?page=3`)).text();
    expect(last).toContain('第1份报告');
    expect(last).not.toContain('rel="next"');

    // Twice the reports: the page holds as many rows, and grows only by the chart's few new points.
    await insertReports(121, 240, '2023-01-06T10:00:00+08:00', 2);
    const busier = await (await get(`/tasks/${ID}`)).text();
    expect(count(busier, 'data-label="报告期"')).toBe(50);
    expect(count(busier, '<li class="ev ')).toBe(50);
    expect(busier).toContain('第240份报告');
    expect(busier).toContain('240份');
    // The charts draw at most one point per pixel column (about 270) whatever the number of reports.
    expect(count(busier, 'class="chart-dot"')).toBeLessThanOrEqual(2 * 270);
    expect(busier.length - page1.length).toBeLessThan(30_000);
    expect(busier.length).toBeLessThan(200_000);

    // The live trail the page polls is the newest page too.
    const fragment = await (await get(`/fragments/tasks/${ID}/trail`)).text();
    expect(count(fragment, '<li class="ev ')).toBe(50);
  });

  test('a page number that is not one is a 400', async () => {
    for (const bad of ['0', 'x', '99999999'])
      expect((await get(`/tasks/${ID}?page=${bad}`)).status).toBe(400);
  });
});
