// Request-id replay: a repeated requestId (body or Idempotency-Key header) returns the same result without a
// second transition — sequentially, concurrently, and after the task has closed.
import { useApiSuite } from '../support/api-suite';
import { insertTask } from '../support/fixtures';

const suite = useApiSuite();

async function started(id: string) {
  await insertTask(suite.db, { id });
  expect((await suite.call('office', 'POST', `/api/tasks/${id}/start`)).status).toBe(200);
  // An empty JSON body is no body: acknowledge takes none.
  const ack = await suite.call('lead', 'POST', `/api/tasks/${id}/acknowledge`, '', {
    'content-type': 'application/json',
  });
  expect(ack.status).toBe(200);
}

const eventsOf = async (id: string) =>
  suite.db.selectFrom('task_events').selectAll().where('task_id', '=', id).orderBy('seq').execute();
const reportsOf = async (id: string) =>
  suite.db.selectFrom('progress_reports').selectAll().where('task_id', '=', id).execute();

test('the same requestId twice: one report, one event, the same state', async () => {
  const id = 'idem-1';
  await started(id);
  const body = { requestId: 'report-2023-01', percent: 20, narrative: '一月进展' };
  const first = await suite.call('lead', 'POST', `/api/tasks/${id}/progress`, body);
  expect(first.status).toBe(200);
  expect(first.body.requestId).toBe('report-2023-01');
  const again = await suite.call('lead', 'POST', `/api/tasks/${id}/progress`, { ...body, percent: 90 });
  expect(again.status).toBe(200);
  expect(again.body.state.seq).toBe(first.body.state.seq);
  expect(again.body.state.percent).toBe(20);
  expect(await reportsOf(id)).toHaveLength(1);
  expect((await eventsOf(id)).filter((e) => e.type === 'progress_reported')).toHaveLength(1);
});

test('Idempotency-Key works like requestId, also for concurrent duplicates', async () => {
  const id = 'idem-2';
  await started(id);
  const send = () =>
    suite.call(
      'lead',
      'POST',
      `/api/tasks/${id}/completion`,
      { summary: '已建成' },
      { 'idempotency-key': 'complete-once' },
    );
  const results = await Promise.all([send(), send(), send(), send(), send()]);
  for (const r of results) {
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ requestId: 'complete-once', state: { status: 'completion_review' } });
  }
  expect(new Set(results.map((r) => r.body.state.seq)).size).toBe(1);
  expect((await eventsOf(id)).filter((e) => e.type === 'completion_submitted')).toHaveLength(1);
  // The body's requestId and the header may both be given if they agree.
  const same = await suite.call(
    'lead',
    'POST',
    `/api/tasks/${id}/completion`,
    { summary: '已建成', requestId: 'complete-once' },
    { 'idempotency-key': 'complete-once' },
  );
  expect(same.body.state.seq).toBe(results[0]!.body.state.seq);
});

test('without a requestId every request is new: the second is refused by the workflow (409)', async () => {
  const id = 'idem-3';
  await started(id);
  expect((await suite.call('lead', 'POST', `/api/tasks/${id}/completion`, { summary: '完成' })).status).toBe(
    200,
  );
  const second = await suite.call('lead', 'POST', `/api/tasks/${id}/completion`, { summary: '完成' });
  expect(second).toMatchObject({ status: 409, body: { error: { code: 'wrong_state', field: 'status' } } });
  expect(second.body.error.message).toContain('不能提交办结申请');
  expect(second.body.error.messageEn).toMatch(/status/);
});

test('replaying the closing request after the task closed answers the same state', async () => {
  const id = 'idem-4';
  await started(id);
  await suite.call('lead', 'POST', `/api/tasks/${id}/completion`, { summary: '完成' });
  const approve = { decision: 'approve', grade: '优秀', requestId: 'approve-idem-4' };
  const first = await suite.call('office', 'POST', `/api/tasks/${id}/review`, approve);
  expect(first.body.state.status).toBe('completed');
  await suite.h.handle(id).result();
  const again = await suite.call('office', 'POST', `/api/tasks/${id}/review`, approve);
  expect(again.status).toBe(200);
  expect(again.body.state).toMatchObject({ status: 'completed', seq: first.body.state.seq });
  // A new request on the closed task is a clear refusal.
  const late = await suite.call('office', 'POST', `/api/tasks/${id}/instruction`, { text: '再看看' });
  expect(late).toMatchObject({ status: 409, body: { error: { code: 'wrong_state' } } });
  expect((await eventsOf(id)).filter((e) => e.type === 'completion_approved')).toHaveLength(1);
});

test('validator refusals keep their message and field: 422 invalid, 409 conflict', async () => {
  const id = 'idem-5';
  await started(id);
  let res = await suite.call('lead', 'POST', `/api/tasks/${id}/extension-request`, {
    newDeadline: '2023-06-30',
    reason: '征地',
  });
  expect(res).toMatchObject({ status: 422, body: { error: { code: 'invalid', field: 'newDeadline' } } });
  expect(res.body.error.message).toContain('必须晚于当前时限');
  const ask = { newDeadline: '2024-03-31', reason: '征地延误' };
  expect((await suite.call('lead', 'POST', `/api/tasks/${id}/extension-request`, ask)).status).toBe(200);
  res = await suite.call('lead', 'POST', `/api/tasks/${id}/extension-request`, {
    ...ask,
    newDeadline: '2024-04-30',
  });
  expect(res).toMatchObject({ status: 409, body: { error: { code: 'conflict', field: 'newDeadline' } } });
  res = await suite.call('lead', 'POST', `/api/tasks/${id}/progress`, {
    percent: 10,
    narrative: '进展',
    values: [{ targetIdx: 7, value: 1 }],
  });
  expect(res).toMatchObject({
    status: 422,
    body: { error: { code: 'invalid', field: 'values[0].targetIdx' } },
  });
  res = await suite.call('office', 'POST', `/api/tasks/${id}/extension-decision`, {
    approve: true,
    comment: '同意',
  });
  expect(res.body.state).toMatchObject({ deadline: '2024-03-31' });
});
