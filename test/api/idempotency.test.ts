// Request-id replay: a repeated requestId (body or Idempotency-Key header) returns the current state without a
// second transition — sequentially, concurrently, and after the task has closed. Ids are scoped to their caller
// and remembered for the task's life; the same id for a different request is refused naming requestId.
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
  const again = await suite.call('lead', 'POST', `/api/tasks/${id}/progress`, body);
  expect(again.status).toBe(200);
  expect(again.body.state.seq).toBe(first.body.state.seq);
  expect(again.body.state.percent).toBe(20);
  // The same id with a changed body is not a repeat: refused, naming requestId, and nothing is written.
  const changed = await suite.call('lead', 'POST', `/api/tasks/${id}/progress`, { ...body, percent: 90 });
  expect(changed).toMatchObject({ status: 409, body: { error: { code: 'conflict', field: 'requestId' } } });
  expect(changed.body.error.messageEn).toMatch(/requestId was already used for a different request/);
  // …and so is the same id for another action.
  const other = await suite.call('lead', 'POST', `/api/tasks/${id}/extension-request`, {
    requestId: 'report-2023-01',
    newDeadline: '2024-03-31',
    reason: '征地',
  });
  expect(other).toMatchObject({ status: 409, body: { error: { code: 'conflict', field: 'requestId' } } });
  expect(await reportsOf(id)).toHaveLength(1);
  expect((await eventsOf(id)).filter((e) => e.type === 'progress_reported')).toHaveLength(1);
  expect((await eventsOf(id)).filter((e) => e.type === 'extension_requested')).toHaveLength(0);
  // A true repeat answers with the state as it is now, not the copy of its first answer.
  await suite.call('office', 'POST', `/api/tasks/${id}/instruction`, { text: '加快进度' });
  const later = await suite.call('lead', 'POST', `/api/tasks/${id}/progress`, body);
  expect(later.status).toBe(200);
  expect(later.body.state.seq).toBeGreaterThan(first.body.state.seq);
  expect(later.body.state.instructions).toHaveLength(1);
});

test('ten concurrent requests under one Idempotency-Key with ten bodies: one applied, nine refused', async () => {
  const id = 'idem-10';
  await started(id);
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      suite.call(
        'lead',
        'POST',
        `/api/tasks/${id}/progress`,
        { percent: 10 + i, narrative: `第${i}稿` },
        { 'idempotency-key': 'one-key' },
      ),
    ),
  );
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([200, ...Array<number>(9).fill(409)]);
  for (const r of results.filter((x) => x.status === 409))
    expect(r.body.error).toMatchObject({ code: 'conflict', field: 'requestId' });
  const stored = await reportsOf(id);
  expect(stored).toHaveLength(1);
  const winner = results.find((r) => r.status === 200)!;
  expect(Number(stored[0]!.percent)).toBe(winner.body.state.percent);
});

test('another caller’s request id never blocks a caller: scoped to caller and unit', async () => {
  const id = 'idem-11';
  await started(id);
  // The co-department takes the id the lead will use for its February report (ids are predictable).
  const taken = await suite.call('co', 'POST', `/api/tasks/${id}/progress`, {
    requestId: 'report-2023-02',
    percent: 60,
    narrative: '配合单位进展',
  });
  expect(taken.status).toBe(200);
  const lead = await suite.call('lead', 'POST', `/api/tasks/${id}/progress`, {
    requestId: 'report-2023-02',
    percent: 30,
    narrative: '牵头单位二月进展',
    values: [{ targetIdx: 0, value: 450 }],
  });
  expect(lead.status).toBe(200);
  // Both recorded; the lead's answered the period and set the figures, the co-department's is its share.
  const reports = lead.body.state.reports;
  expect(reports.map((r: { submittedBy: string }) => r.submittedBy)).toEqual(['zjj', 'jtj']);
  expect(reports[0].contribution).toBe(true);
  expect(lead.body.state.percent).toBe(30);
  expect(lead.body.state.targets[0].achieved).toBe(450);
  expect(await reportsOf(id)).toHaveLength(2);
  const cp = lead.body.state.checkpoints.find((c: { reportRequestId?: string }) => c.reportRequestId);
  expect(cp).toBeDefined();
  // An office instruction with an id a department used is applied too.
  const instructed = await suite.call('office', 'POST', `/api/tasks/${id}/instruction`, {
    requestId: 'report-2023-02',
    text: '请牵头单位加强统筹',
  });
  expect(instructed.status).toBe(200);
  expect(instructed.body.state.instructions).toHaveLength(1);
});

test('a co-department report never overwrites the lead’s overall figures', async () => {
  const id = 'idem-12';
  await started(id);
  await suite.call('lead', 'POST', `/api/tasks/${id}/progress`, {
    percent: 40,
    narrative: '牵头单位进展',
    values: [{ targetIdx: 0, value: 600 }],
  });
  const co = await suite.call('co', 'POST', `/api/tasks/${id}/progress`, {
    percent: 90,
    narrative: '配合单位自评',
    values: [{ targetIdx: 0, value: 1400 }],
  });
  expect(co.status).toBe(200);
  expect(co.body.state.percent).toBe(40);
  expect(co.body.state.targets[0].achieved).toBe(600);
  expect(co.body.state.reports.at(-1)).toMatchObject({ percent: 90, contribution: true, submittedBy: 'zjj' });
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
  // Its id with another request is refused naming requestId, also once the workflow has closed.
  const reused = await suite.call('office', 'POST', `/api/tasks/${id}/review`, { ...approve, grade: '良好' });
  expect(reused).toMatchObject({ status: 409, body: { error: { code: 'conflict', field: 'requestId' } } });
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
