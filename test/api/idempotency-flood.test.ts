// A flood of writes cannot flush what a task remembers: after 520 co-department reports, a retried office
// instruction is still a repeat — applied once, mailed once. (The write quotas are off here: this is about
// memory, not about throttling.)
import { useApiSuite } from '../support/api-suite';
import { insertTask } from '../support/fixtures';
import { waitUntil } from '../support/wait';

const suite = useApiSuite();

test('520 co-department reports, then a retried office instruction: applied once, one email', async () => {
  const id = 'flood-1';
  await insertTask(suite.db, { id });
  expect((await suite.call('office', 'POST', `/api/tasks/${id}/start`)).status).toBe(200);
  expect((await suite.call('lead', 'POST', `/api/tasks/${id}/acknowledge`, {})).status).toBe(200);

  const instruction = { requestId: 'instruct-flood-1', text: '请于月底前完成选址' };
  const first = await suite.call('office', 'POST', `/api/tasks/${id}/instruction`, instruction);
  expect(first.status).toBe(200);

  // More writes than the old window of 500 ids, eight at a time.
  const total = 520;
  let next = 0;
  const lane = async () => {
    while (next < total) {
      const i = next++;
      const res = await suite.call('co', 'POST', `/api/tasks/${id}/progress`, {
        requestId: `co-flood-${i}`,
        percent: i % 100,
        narrative: `配合单位第${i}次报送`,
      });
      if (res.status !== 200) throw new Error(`report ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));

  const retried = await suite.call('office', 'POST', `/api/tasks/${id}/instruction`, instruction);
  expect(retried.status).toBe(200);
  expect(retried.body.state.instructions).toHaveLength(1);
  expect(retried.body.state.reports).toHaveLength(total);
  const events = await suite.db
    .selectFrom('task_events')
    .select('type')
    .where('task_id', '=', id)
    .where('type', '=', 'instructed')
    .execute();
  expect(events).toHaveLength(1);
  // One instruction email asked for (the outbox holds one row per key) and delivered once.
  const mail = await waitUntil(
    'the instruction email to be delivered',
    () =>
      suite.db
        .selectFrom('notifications')
        .select(['key', 'status'])
        .where('task_id', '=', id)
        .where('kind', '=', 'instruction')
        .execute(),
    (rows) => rows.length > 0 && rows.every((r) => r.status === 'sent'),
    { show: (rows) => JSON.stringify(rows) },
  );
  expect(mail).toHaveLength(1);
  const delivered = suite.smtp.received.filter((m) =>
    String(m.parsed.headers.get('x-duban-key') ?? '').startsWith(`task-${id}:instruction:`),
  );
  expect(delivered).toHaveLength(1);
  expect(delivered[0]!.parsed.subject).toContain('督查室批示');
});
