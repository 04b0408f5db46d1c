// Every refusal path of every Update: the validator answers at once, in Chinese, naming the field,
// and nothing enters history.
import { makeClock } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import type { Actor } from '../../workflows/domain';
import { insertTask, OTHER } from '../support/fixtures';
import type { ReceivedMail } from '../support/smtp-listener';
import { co, lead, office, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();
const clock = makeClock(Date.parse('2023-03-10T09:00:00+08:00'), Date.now(), 1);
const other: Actor = { role: 'department', department: OTHER };
const leader: Actor = { role: 'leader', name: '分管副市长' };
const long = '长'.repeat(4001);

/** Tasks in each state the refusals need, keyed by state. */
const ids = {
  assigned: 'ref-a',
  progress: 'ref-p',
  review: 'ref-r',
  closed: 'ref-c',
  suspended: 'ref-s',
  asked: 'ref-x',
};

beforeAll(async () => {
  const { h, db } = suite;
  for (const id of Object.values(ids)) {
    await insertTask(db, { id });
    await h.start(id, clock);
  }
  for (const id of [ids.progress, ids.review, ids.closed, ids.suspended, ids.asked]) {
    await h.update(id, d.acknowledgeUpdate, { actor: lead });
  }
  await h.update(ids.review, d.submitCompletionUpdate, { actor: lead, summary: '完成' });
  await h.update(ids.closed, d.cancelUpdate, { actor: office, reason: '合并到其他任务' });
  await h.handle(ids.closed).result();
  await h.update(ids.suspended, d.suspendUpdate, { actor: office, reason: '暂缓' });
  await h.update(ids.asked, d.requestExtensionUpdate, {
    actor: lead,
    newDeadline: '2024-06-30',
    reason: '资金',
  });
  // Each read model has its last event (the start's is written after the start returns): a refusal's check
  // that the sequence did not move must not see a write that was still on its way.
  for (const id of Object.values(ids)) await quiescent(h, id);
});

type Case = [string, keyof typeof ids, unknown, Record<string, unknown>, string];
const report = { percent: 10, narrative: '进展' };
const cases: Case[] = [
  ['empty request id', 'assigned', d.acknowledgeUpdate, { actor: lead, requestId: '' }, 'requestId'],
  ['unknown role', 'assigned', d.acknowledgeUpdate, { actor: { role: 'mayor' } }, 'actor.role'],
  ['office acknowledges', 'assigned', d.acknowledgeUpdate, { actor: office }, '无权签收'],
  ['co-department acknowledges', 'assigned', d.acknowledgeUpdate, { actor: co }, '只有牵头单位'],
  ['acknowledged twice', 'progress', d.acknowledgeUpdate, { actor: lead }, '不能签收'],
  ['note too long', 'assigned', d.acknowledgeUpdate, { actor: lead, note: long }, 'note'],
  ['office reports', 'progress', d.reportProgressUpdate, { actor: office, ...report }, '无权报送进度'],
  ['other department reports', 'progress', d.reportProgressUpdate, { actor: other, ...report }, '配合单位'],
  ['report before acknowledging', 'assigned', d.reportProgressUpdate, { actor: lead, ...report }, '请先签收'],
  ['report under review', 'review', d.reportProgressUpdate, { actor: lead, ...report }, '不能报送进度'],
  [
    'percent above 100',
    'progress',
    d.reportProgressUpdate,
    { actor: lead, ...report, percent: 101 },
    'percent',
  ],
  ['percent below 0', 'progress', d.reportProgressUpdate, { actor: lead, ...report, percent: -1 }, 'percent'],
  [
    'percent as text',
    'progress',
    d.reportProgressUpdate,
    { actor: lead, ...report, percent: '50' },
    'percent',
  ],
  ['no narrative', 'progress', d.reportProgressUpdate, { actor: lead, percent: 10 }, 'narrative'],
  [
    'blank narrative',
    'progress',
    d.reportProgressUpdate,
    { actor: lead, percent: 10, narrative: ' ' },
    'narrative',
  ],
  [
    'problems not text',
    'progress',
    d.reportProgressUpdate,
    { actor: lead, ...report, problems: 3 },
    'problems',
  ],
  ['values not a list', 'progress', d.reportProgressUpdate, { actor: lead, ...report, values: {} }, 'values'],
  [
    'unknown target',
    'progress',
    d.reportProgressUpdate,
    { actor: lead, ...report, values: [{ targetIdx: 9, value: 1 }] },
    'values[0].targetIdx',
  ],
  [
    'negative value',
    'progress',
    d.reportProgressUpdate,
    { actor: lead, ...report, values: [{ targetIdx: 0, value: -5 }] },
    'values[0].value',
  ],
  [
    'unknown period',
    'progress',
    d.reportProgressUpdate,
    { actor: lead, ...report, period: '2022-12' },
    '不在本任务',
  ],
  [
    'future period',
    'progress',
    d.reportProgressUpdate,
    { actor: lead, ...report, period: '2023-11' },
    '尚未开始',
  ],
  [
    'co-department completes',
    'progress',
    d.submitCompletionUpdate,
    { actor: co, summary: '完成' },
    '只有牵头单位',
  ],
  [
    'completion before acknowledging',
    'assigned',
    d.submitCompletionUpdate,
    { actor: lead, summary: '完成' },
    '请先签收',
  ],
  [
    'completion twice',
    'review',
    d.submitCompletionUpdate,
    { actor: lead, summary: '完成' },
    '不能提交办结申请',
  ],
  ['completion without summary', 'progress', d.submitCompletionUpdate, { actor: lead }, 'summary'],
  [
    'department reviews',
    'review',
    d.reviewCompletionUpdate,
    { actor: lead, decision: 'approve', grade: '优秀' },
    '无权审核办结',
  ],
  [
    'review with nothing submitted',
    'progress',
    d.reviewCompletionUpdate,
    { actor: office, decision: 'approve', grade: '优秀' },
    '不能审核办结',
  ],
  ['unknown decision', 'review', d.reviewCompletionUpdate, { actor: office, decision: 'maybe' }, 'decision'],
  [
    'approval without grade',
    'review',
    d.reviewCompletionUpdate,
    { actor: office, decision: 'approve' },
    'grade',
  ],
  [
    'rejection without reason',
    'review',
    d.reviewCompletionUpdate,
    { actor: office, decision: 'reject' },
    '退回整改理由',
  ],
  [
    'co-department asks extension',
    'progress',
    d.requestExtensionUpdate,
    { actor: co, newDeadline: '2024-03-31', reason: 'x' },
    '只有牵头单位',
  ],
  [
    'extension under review',
    'review',
    d.requestExtensionUpdate,
    { actor: lead, newDeadline: '2024-03-31', reason: 'x' },
    '不能申请延期',
  ],
  [
    'second extension request',
    'asked',
    d.requestExtensionUpdate,
    { actor: lead, newDeadline: '2024-03-31', reason: 'x' },
    '已有待批复',
  ],
  [
    'malformed date',
    'progress',
    d.requestExtensionUpdate,
    { actor: lead, newDeadline: '2024/03/31', reason: 'x' },
    'YYYY-MM-DD',
  ],
  [
    'date before the deadline',
    'progress',
    d.requestExtensionUpdate,
    { actor: lead, newDeadline: '2023-11-30', reason: 'x' },
    '必须晚于',
  ],
  [
    'extension without reason',
    'progress',
    d.requestExtensionUpdate,
    { actor: lead, newDeadline: '2024-03-31' },
    'reason',
  ],
  [
    'department decides extension',
    'asked',
    d.decideExtensionUpdate,
    { actor: lead, approve: true },
    '无权批复延期',
  ],
  [
    'decision with no request',
    'progress',
    d.decideExtensionUpdate,
    { actor: office, approve: true },
    '没有待批复',
  ],
  ['approve not boolean', 'asked', d.decideExtensionUpdate, { actor: office, approve: 'yes' }, 'approve'],
  [
    'approved date too early',
    'asked',
    d.decideExtensionUpdate,
    { actor: office, approve: true, newDeadline: '2023-12-01' },
    '必须晚于',
  ],
  ['department suspends', 'progress', d.suspendUpdate, { actor: lead, reason: 'x' }, '无权暂停'],
  ['suspend twice', 'suspended', d.suspendUpdate, { actor: office, reason: 'x' }, '不能暂停'],
  ['suspend without reason', 'progress', d.suspendUpdate, { actor: office }, 'reason'],
  ['department resumes', 'suspended', d.resumeUpdate, { actor: lead }, '无权恢复'],
  ['resume a running task', 'progress', d.resumeUpdate, { actor: office }, '不能恢复'],
  ['department cancels', 'progress', d.cancelUpdate, { actor: lead, reason: 'x' }, '无权撤销'],
  ['cancel a closed task', 'closed', d.cancelUpdate, { actor: office, reason: 'x' }, '任务已结束'],
  ['cancel without reason', 'progress', d.cancelUpdate, { actor: office }, 'reason'],
  [
    'department reassigns',
    'progress',
    d.reassignUpdate,
    { actor: lead, leadDepartment: OTHER, coDepartments: [] },
    '无权调整',
  ],
  [
    'malformed lead code',
    'progress',
    d.reassignUpdate,
    { actor: office, leadDepartment: "x'; drop", coDepartments: [] },
    'leadDepartment',
  ],
  [
    'co not a list',
    'progress',
    d.reassignUpdate,
    { actor: office, leadDepartment: OTHER, coDepartments: 'jtj' },
    'coDepartments',
  ],
  [
    'lead also co',
    'progress',
    d.reassignUpdate,
    { actor: office, leadDepartment: OTHER, coDepartments: [OTHER] },
    '不能同时',
  ],
  [
    'duplicate co',
    'progress',
    d.reassignUpdate,
    { actor: office, leadDepartment: OTHER, coDepartments: ['zjj', 'zjj'] },
    '有重复',
  ],
  [
    'reassign a closed task',
    'closed',
    d.reassignUpdate,
    { actor: office, leadDepartment: OTHER, coDepartments: [] },
    '任务已结束',
  ],
  ['department instructs', 'progress', d.instructUpdate, { actor: lead, text: '加快' }, '无权作出批示'],
  ['empty instruction', 'progress', d.instructUpdate, { actor: leader, text: '' }, 'text'],
  ['instruction on a closed task', 'closed', d.instructUpdate, { actor: leader, text: '加快' }, '任务已结束'],
];

test.each(cases)('refused: %s', async (_name, state, def, input, message) => {
  const { h } = suite;
  const id = ids[state];
  const before = await h.readModel(id);
  expect(await h.refusal(id, def as d.TaskUpdate<d.Message>, input as never)).toContain(message);
  expect((await h.readModel(id)).seq).toBe(before.seq);
});

test('refused Updates never reach history', async () => {
  for (const id of Object.values(ids)) {
    const history = await suite.h.handle(id).fetchHistory();
    const rejected = history.events!.filter((e) => e.workflowExecutionUpdateRejectedEventAttributes);
    expect(rejected).toHaveLength(0);
  }
});

test('a leader may instruct; the department is told', async () => {
  const s = await suite.h.update(ids.progress, d.instructUpdate, {
    actor: leader,
    text: '请加快进度，月底前见成效',
  });
  expect(s.instructions).toEqual([
    expect.objectContaining({ text: '请加快进度，月底前见成效', by: '分管副市长' }),
  ]);
  // The instruction's own email (the assignment emails of the starts are in the same mailbox).
  const isInstruction = (m: ReceivedMail) =>
    String(m.parsed.headers.get('x-duban-key')).startsWith(`task-${ids.progress}:instruction:`);
  const mail = await suite.h.until(
    `the instruction email of task-${ids.progress}`,
    async () => suite.smtp.received,
    (all) => all.some(isInstruction),
    { show: (all) => all.map((m) => m.parsed.headers.get('x-duban-key')).join(', ') },
  );
  const told = mail.find(isInstruction)!;
  expect(told.envelopeTo.sort()).toEqual(['jtj.contact@example.org', 'jtj.head@example.org']);
  expect(told.parsed.text).toContain('请加快进度，月底前见成效');
});
