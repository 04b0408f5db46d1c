// The office's decisions reach the units on the real stack: suspension, resumption, cancellation and
// reassignment are mailed with their reason and the new values, an instruction reads as who gave it, and a
// ladder that stops settles its escalation rows.
import { recordTransitions } from '../../activities/record-transitions';
import { dateCn } from '../../activities/notifications/templates/wording';
import { makeClock } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import type { Actor, TaskEvent } from '../../workflows/domain';
import { CO, insertTask, OTHER } from '../support/fixtures';
import type { ReceivedMail } from '../support/smtp-listener';
import { fastClock, lead, office, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();
// Real time: nothing becomes due during the message tests.
const clock = makeClock(Date.parse('2023-03-01T09:00:00+08:00'), Date.now(), 1);
const leader: Actor = { role: 'leader', name: '李市长' };

const keyOf = (m: ReceivedMail) => String(m.parsed.headers.get('x-duban-key'));
const to = (m: ReceivedMail) => [m.parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));

/** The email sent under `key`, once the SMTP listener has it. */
async function mailOf(key: string): Promise<ReceivedMail> {
  const all = await suite.h.until(
    `the email ${key} at the SMTP listener`,
    async () => suite.smtp.received,
    (received) => received.some((m) => keyOf(m) === key),
    { show: (received) => received.map(keyOf).join(', ') },
  );
  return all.find((m) => keyOf(m) === key)!;
}

/** The sequence number of the task's last event of `type` on the trail. */
async function seqOf(taskId: string, type: string): Promise<number> {
  const events = await suite.h.events(taskId);
  return events.filter((e) => e.type === type).at(-1)!.seq;
}

const LEAD_MAILBOXES = ['jtj.contact@example.org', 'jtj.head@example.org'];

test('suspension, resumption and cancellation are mailed to the lead, with the reason and the new deadline', async () => {
  const { h, db } = suite;
  const id = 'od-1';
  await insertTask(db, { id });
  await h.start(id, clock);
  await h.update(id, d.acknowledgeUpdate, { actor: lead });

  await h.update(id, d.suspendUpdate, { actor: office, reason: '项目规划调整，待常务会议研究' });
  const suspended = await mailOf(`task-${id}:suspend:${await seqOf(id, 'suspended')}:0`);
  expect(suspended.parsed.subject).toBe('【暂停办理】关于“道路畅达工程”暂停办理的通知');
  expect(to(suspended)).toEqual(LEAD_MAILBOXES);
  expect(suspended.parsed.text).toContain('暂停理由：\n项目规划调整，待常务会议研究');

  const resumed = await h.update(id, d.resumeUpdate, { actor: office });
  // Resuming shifts the deadline by the time suspended: however short, it is no longer the catalog's.
  expect(resumed.deadline).not.toBe('2023-12-31');
  const resumedMail = await mailOf(`task-${id}:resume:${await seqOf(id, 'resumed')}:0`);
  expect(resumedMail.parsed.subject).toBe('【恢复办理】关于“道路畅达工程”恢复办理的通知');
  expect(to(resumedMail)).toEqual(LEAD_MAILBOXES);
  expect(resumedMail.parsed.text).toContain(`办结时限顺延至${dateCn(resumed.deadline)}`);
  expect(resumedMail.parsed.text).toContain(`办结时限：${dateCn(resumed.deadline)}`);

  await h.update(id, d.cancelUpdate, { actor: office, reason: '已并入全市交通综合改造工程' });
  const cancelled = await mailOf(`task-${id}:cancel:-:0`);
  expect(cancelled.parsed.subject).toBe('【撤销】关于撤销“道路畅达工程”的通知');
  expect(to(cancelled)).toEqual(LEAD_MAILBOXES);
  expect(cancelled.parsed.text).toContain('撤销理由：\n已并入全市交通综合改造工程');
  expect((await h.handle(id).result()).status).toBe('cancelled');
});

test('a reassignment tells the former lead the task has moved, and assigns it to the new lead', async () => {
  const { h, db } = suite;
  const id = 'od-2';
  await insertTask(db, { id });
  await h.start(id, clock);
  await h.update(id, d.acknowledgeUpdate, { actor: lead });
  await h.update(id, d.reassignUpdate, {
    actor: office,
    leadDepartment: OTHER,
    coDepartments: [CO],
    reason: '涉及水利设施',
  });
  const seq = await seqOf(id, 'reassigned');

  const moved = await mailOf(`task-${id}:moved:${seq}:0`);
  expect(moved.parsed.subject).toBe('【调整责任单位】关于调整“道路畅达工程”责任单位的通知');
  expect(to(moved)).toEqual(LEAD_MAILBOXES);
  const text = moved.parsed.text ?? '';
  expect(text).toContain('改由水利局牵头承办，住建局配合，你单位不再牵头承办');
  expect(text).toContain('牵头单位：水利局');
  expect(text).toContain('调整理由：\n涉及水利设施');

  const assigned = await mailOf(`task-${id}:assign:${seq}:0`);
  expect(to(assigned)).toEqual(['slj.contact@example.org']);
  expect(assigned.parsed.text).toContain('交由水利局牵头承办');
});

test("an instruction reads as who gave it: the office's as 督查室批示, a leader's as 领导批示", async () => {
  const { h, db } = suite;
  const id = 'od-3';
  await insertTask(db, { id });
  await h.start(id, clock);

  await h.update(id, d.instructUpdate, { actor: office, text: '请本月底前报送征地进展' });
  const fromOffice = await mailOf(`task-${id}:instruction:${await seqOf(id, 'instructed')}:0`);
  expect(fromOffice.parsed.subject).toBe('【督查室批示】关于“道路畅达工程”的督查室批示');
  expect(fromOffice.parsed.text).toContain('督办意见：\n请本月底前报送征地进展');
  expect(`${fromOffice.parsed.subject} ${fromOffice.parsed.text}`).not.toMatch(/领导批示|市政府领导/);

  await h.update(id, d.instructUpdate, { actor: leader, text: '要加快进度' });
  const fromLeader = await mailOf(`task-${id}:instruction:${await seqOf(id, 'instructed')}:0`);
  expect(fromLeader.parsed.subject).toBe('【领导批示】关于“道路畅达工程”的领导批示');
  expect(fromLeader.parsed.text).toContain('李市长批示：\n要加快进度');
});

test("an approved extension's email shows the new deadline", async () => {
  const { h, db } = suite;
  const id = 'od-4';
  await insertTask(db, { id });
  await h.start(id, clock);
  await h.update(id, d.acknowledgeUpdate, { actor: lead });
  await h.update(id, d.requestExtensionUpdate, {
    actor: lead,
    newDeadline: '2024-03-31',
    reason: '资金未到位',
  });
  await h.update(id, d.decideExtensionUpdate, { actor: office, approve: true });
  const mail = await mailOf(`task-${id}:extension:${await seqOf(id, 'extension_approved')}:0`);
  expect(mail.parsed.text).toContain('办结时限：2024年3月31日');
  expect(mail.parsed.text).not.toContain('2023年12月31日');
});

test('a late report stops its ladder and settles the escalations of that period', async () => {
  const { h, db } = suite;
  const id = 'od-5';
  await insertTask(db, { id });
  // June's report is due 07-07 18:00 (17 plan days, 4 s); nobody files it in time.
  await h.start(id, fastClock('2023-06-20T09:00:00+08:00', 250));
  await h.update(id, d.acknowledgeUpdate, { actor: lead });
  const isJune = (e: { reason: string; period: string }) => e.reason === 'report' && e.period === '2023-06';
  await h.stateUntil(id, "the first step of June's report ladder", (s) => s.escalations.some(isJune));

  const after = await h.update(id, d.reportProgressUpdate, {
    actor: lead,
    period: '2023-06',
    percent: 40,
    narrative: '已建成基站600个',
  });
  const june = after.ladders.find(isJune)!;
  expect(june.stopReason).toBe('reported');
  await quiescent(h, id);

  const rows = () =>
    db
      .selectFrom('escalations')
      .select(['key', 'reason', 'period', 'acknowledged_at'])
      .where('task_id', '=', id)
      .orderBy('key')
      .execute();
  const settled = await rows();
  expect(settled.filter(isJune).length).toBeGreaterThan(0);
  // Every row of a stopped ladder (June's, and a late acknowledgement's) carries its stop; the others none.
  for (const row of settled) {
    const ladder = after.ladders.find((l) => l.reason === row.reason && l.period === row.period);
    expect([row.key, row.acknowledged_at?.getTime() ?? null]).toEqual([row.key, ladder?.stoppedAt ?? null]);
  }

  // A retried batch with the stop changes nothing.
  const stop = (await h.events(id)).find((e) => e.type === 'ladder_stopped' && isJune(e.data as never))!;
  // Read back from the read model: the row holds what the workflow wrote.
  const event = { seq: stop.seq, type: stop.type, at: stop.plan_at.getTime(), data: stop.data } as TaskEvent;
  await recordTransitions(db, { state: after, events: [event] });
  expect(await rows()).toEqual(settled);
});
