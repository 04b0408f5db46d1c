// Writes to one task are limited per (caller, task) and per task, API and dashboard forms alike: over a quota
// is a 429 in the documented shape with Retry-After, and nothing of the refused write reaches the workflow.
// Small quotas here (3 per caller, 6 per task); the defaults are in worker/config.ts.
import { useApiSuite, type Caller, type Json } from '../support/api-suite';
import { startDashboard } from '../support/dashboard';
import { insertTask } from '../support/fixtures';

const QUOTA = { perCaller: 3, perTask: 6, windowMs: 10 * 60_000 };
const suite = useApiSuite({ taskWriteQuota: QUOTA });

const write = (caller: Caller, id: string, action: string, body?: unknown) =>
  suite.send(caller, 'POST', `/api/tasks/${id}/${action}`, body);
const report = (caller: Caller, id: string, n: number) =>
  write(caller, id, 'progress', { percent: n, narrative: `第${n}次报送` });

/** A started, acknowledged task: one write by the office (start) and one by the lead (acknowledge). */
async function ready(id: string) {
  await insertTask(suite.db, { id });
  expect((await write('office', id, 'start')).status).toBe(200);
  expect((await write('lead', id, 'acknowledge')).status).toBe(200);
}

/** What a refused write must leave alone: the workflow's seq, and the trail and reports in the read model. */
async function footprint(id: string) {
  const count = async (table: 'task_events' | 'progress_reports') =>
    Number(
      (
        await suite.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('task_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    seq: (await suite.h.state(id)).seq,
    events: await count('task_events'),
    reports: await count('progress_reports'),
  };
}

function expectRefused(res: { status: number; body: Json; headers: Headers }, quota: RegExp, id: string) {
  expect(res.status).toBe(429);
  // The documented shape, nothing more: { error: { code, message, messageEn } }.
  expect(res.body).toEqual({
    error: {
      code: 'rate_limited',
      message: expect.stringMatching(/操作过于频繁.*秒后重试/),
      messageEn: expect.stringMatching(quota),
    },
  });
  expect(res.body.error.messageEn).toContain(`'${id}'`);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= QUOTA.windowMs / 1000).toBe(true);
  expect(res.headers.get('cache-control')).toBe('no-store');
}

test('a caller over its quota on one task is refused; others on that task, and it on another task, are not', async () => {
  await ready('quota-a');
  await ready('quota-b');
  // The lead's third write to quota-a (after its acknowledgement); the task has taken four.
  expect((await report('lead', 'quota-a', 10)).status).toBe(200);
  expect((await report('lead', 'quota-a', 20)).status).toBe(200);
  const before = await footprint('quota-a');

  const refused = await report('lead', 'quota-a', 30);
  expectRefused(refused, /per-caller write quota exceeded: at most 3 writes by one caller/, 'quota-a');
  expect(await footprint('quota-a')).toEqual(before);

  // The co-department on the same task, and the lead on another task, are not held up.
  expect((await report('co', 'quota-a', 25)).status).toBe(200);
  expect((await report('lead', 'quota-b', 10)).status).toBe(200);
});

test('the per-task quota stops every caller on that task; a caller who may not act counts nowhere', async () => {
  await ready('quota-c');
  // A department with nothing to do with the task is refused by the route (403), not by a quota, and uses
  // up nothing of the task's quota.
  for (let i = 0; i < 8; i++) expect((await report('other', 'quota-c', i)).status).toBe(403);
  // Six writes in all (start, acknowledge and these four), by three callers within their own quotas.
  expect((await report('lead', 'quota-c', 10)).status).toBe(200);
  expect((await report('co', 'quota-c', 15)).status).toBe(200);
  expect((await report('co', 'quota-c', 20)).status).toBe(200);
  expect((await write('office', 'quota-c', 'instruction', { text: '加快进度' })).status).toBe(200);
  const before = await footprint('quota-c');

  const perTask = /per-task write quota exceeded: at most 6 writes to task 'quota-c' by all callers together/;
  expectRefused(await write('leader', 'quota-c', 'instruction', { text: '抓紧' }), perTask, 'quota-c');
  expectRefused(await write('office', 'quota-c', 'instruction', { text: '再催' }), perTask, 'quota-c');
  expectRefused(await report('lead', 'quota-c', 30), perTask, 'quota-c');
  expect(await footprint('quota-c')).toEqual(before);
  // Still the route's own refusal first for a caller who may not act.
  expect((await report('other', 'quota-c', 99)).status).toBe(403);
});

test('starting counts too: a repeated start over the quota is refused', async () => {
  await insertTask(suite.db, { id: 'quota-d' });
  const starts: boolean[] = [];
  for (let i = 0; i < 3; i++) starts.push((await write('office', 'quota-d', 'start')).body.started);
  expect(starts).toEqual([true, false, false]);
  expectRefused(
    await write('office', 'quota-d', 'start'),
    /per-caller write quota exceeded: at most 3 writes by one caller to task 'quota-d'/,
    'quota-d',
  );
});

test('the dashboard’s forms count with the API’s writes; over the quota the form shows the 429', async () => {
  const dash = await startDashboard(suite, { taskWriteQuota: QUOTA });
  try {
    const api = (caller: Caller, action: string, body?: unknown) =>
      fetch(`${dash.baseUrl}/api/tasks/quota-e/${action}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${suite.tokens[caller]}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    await insertTask(suite.db, { id: 'quota-e' });
    expect((await api('office', 'start')).status).toBe(200);
    expect((await api('lead', 'acknowledge')).status).toBe(200);
    expect((await api('lead', 'progress', { percent: 10, narrative: '接口报送' })).status).toBe(200);
    const form = (caller: Caller, n: number) =>
      dash.post(
        '/tasks/quota-e/progress',
        { percent: String(n), narrative: `表单报送${n}` },
        { cookie: dash.session(suite.tokens[caller]), accept: 'text/html' },
      );
    expect((await form('lead', 20)).status).toBe(303);
    const before = await footprint('quota-e');

    const refused = await form('lead', 30);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.text()).toMatch(
      /您对任务「quota-e」的操作过于频繁（每10分钟最多3次），请在\d+秒后重试/,
    );
    expect(await footprint('quota-e')).toEqual(before);
    // Another caller's form on the same task still goes through.
    expect((await form('co', 25)).status).toBe(303);
  } finally {
    await dash.close();
  }
});
