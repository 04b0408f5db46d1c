// Every notice kind rendered, sent through nodemailer to a real SMTP listener, and read back: subject,
// recipients, Message-ID and the facts each letter must carry.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressObject } from 'mailparser';
import { composeNotice } from '../../activities/notifications/compose';
import { messageIdFor, sendNotification } from '../../activities/notifications/send-notification';
import type { Db } from '../../db/connect';
import { planInstant } from '../../workflows/clock';
import type { NoticeKind, Recipient } from '../../workflows/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertDepartments, insertTask } from '../support/fixtures';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { FROM, mailerFor, noticeOf } from './notices';

let tdb: TestDatabase;
let db: Db;
let smtp: SmtpListener;
const TASK = 'tpl-1';
const SOURCE = '一是道路畅达工程。新建5G基站1500个，建成公共充电桩300个以上。';

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  smtp = await startSmtpListener();
  await insertDepartments(db);
  await insertTask(db, { id: TASK });
});

afterAll(async () => {
  await smtp?.close();
  await tdb?.drop();
});

const addr = (role: Recipient) => (role === 'office' ? 'dcs.contact@example.org' : `jtj.${role}@example.org`);
const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address));

const cases: Array<{
  kind: NoticeKind;
  subject: string;
  to: Recipient[];
  cc: Recipient[];
  says: string[];
  /** The facts where the notice, not the catalog row, has them (default: the catalog's). */
  lead?: string;
  deadline?: string;
}> = [
  {
    kind: 'assignment',
    subject: '【交办】关于交办“道路畅达工程”的通知',
    to: ['contact'],
    cc: [],
    says: ['住建局配合', '请于2023年1月4日18:00前签收', '按月报送进度'],
  },
  {
    kind: 'ack_reminder',
    subject: '【提醒】关于“道路畅达工程”逾期未签收的提醒',
    to: ['contact'],
    cc: [],
    says: [
      '应于2023年1月4日18:00前签收',
      '截至2023年1月5日18:00仍未签收，已逾期1天',
      '请立即登录督办系统签收任务',
    ],
  },
  {
    kind: 'reminder',
    subject: '【提醒】关于“道路畅达工程”2023年6月进度报告逾期的提醒',
    to: ['contact'],
    cc: [],
    says: ['2023年6月进度报告应于2023年7月7日18:00前报送', '请立即登录督办系统报送2023年6月进度报告'],
  },
  {
    kind: 'urge',
    subject: '【催办】关于“道路畅达工程”2023年6月进度报告逾期的通知',
    to: ['head'],
    cc: [],
    says: [
      '截至2023年7月12日18:00仍未报送，已逾期5天',
      '现予催办',
      '一级 提醒  2023年6月进度报告',
      '二级 催办  2023年6月进度报告（本次）',
    ],
  },
  {
    kind: 'supervise',
    subject: '【督办】关于“道路畅达工程”逾期未办结的通知',
    to: ['leader'],
    cc: ['office'],
    says: [
      '办结时限为2023年12月31日，截至2024年1月10日18:00仍未办结，已逾期9天',
      '报请分管市领导督办',
      '三级 督办  办结（期限2023年12月31日）（本次）',
    ],
  },
  {
    kind: 'interview',
    subject: '【约谈】关于“道路畅达工程”逾期未办结的通知（第2次）',
    to: ['office'],
    cc: [],
    says: ['已列入约谈名单', '请督查室安排约谈'],
  },
  {
    kind: 'rejection',
    subject: '【退回整改】关于“道路畅达工程”办结申请退回整改的通知',
    to: ['contact'],
    cc: [],
    says: ['退回理由：', '佐证材料不全，请补充充电桩验收资料。', '重新提交办结申请'],
  },
  {
    kind: 'extension_decision',
    subject: '【延期批复】关于“道路畅达工程”延期申请的批复',
    to: ['contact'],
    cc: [],
    says: ['批复意见：', '同意延期至2024-03-31。请倒排工期。'],
  },
  {
    kind: 'completion_confirmed',
    subject: '【办结确认】关于“道路畅达工程”办结销号的通知',
    to: ['contact', 'head'],
    cc: [],
    says: ['确认办结，予以销号', '审核意见：', '优秀 资料齐全'],
  },
  {
    kind: 'instruction',
    subject: '【领导批示】关于“道路畅达工程”的领导批示',
    to: ['contact', 'head'],
    cc: [],
    says: ['市政府领导对“道路畅达工程”作出批示', '李市长批示：', '要加快进度，确保年底前全面完成。'],
  },
  {
    kind: 'suspended',
    subject: '【暂停办理】关于“道路畅达工程”暂停办理的通知',
    to: ['contact', 'head'],
    cc: [],
    says: ['自2023年8月1日起暂停办理', '暂停理由：', '项目规划调整，待市政府常务会议研究。'],
  },
  {
    kind: 'resumed',
    subject: '【恢复办理】关于“道路畅达工程”恢复办理的通知',
    to: ['contact', 'head'],
    cc: [],
    says: ['自2023年8月15日起恢复办理', '办结时限顺延至2024年1月14日'],
    deadline: '2024年1月14日',
  },
  {
    kind: 'cancelled',
    subject: '【撤销】关于撤销“道路畅达工程”的通知',
    to: ['contact', 'head'],
    cc: [],
    says: ['决定撤销你单位牵头承办的', '撤销理由：', '该项目已并入全市交通综合改造工程，不再单独督办。'],
  },
  {
    kind: 'reassigned_away',
    subject: '【调整责任单位】关于调整“道路畅达工程”责任单位的通知',
    to: ['contact', 'head'],
    cc: [],
    says: [
      '改由水利局牵头承办，住建局配合，你单位不再牵头承办',
      '配合单位：住建局',
      '调整理由：',
      '涉及水利设施，改由水利局牵头。',
    ],
    lead: '水利局',
  },
];

test.each(cases)(
  '$kind: rendered, received with its recipients, subject and Message-ID',
  async ({ kind, subject, to, cc, says, lead = '交通运输局', deadline = '2023年12月31日' }) => {
    const notice = noticeOf(kind, TASK);
    const before = smtp.received.length;
    const result = await sendNotification({ db, mailer: mailerFor(smtp.url) }, notice);
    expect(result).toMatchObject({
      key: notice.key,
      status: 'sent',
      messageId: messageIdFor(notice.key, FROM.address),
    });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    const { parsed } = mail!;

    expect(parsed.subject).toBe(subject);
    expect(addresses(parsed.to)).toEqual(to.map(addr));
    expect(addresses(parsed.cc)).toEqual(cc.map(addr));
    expect(mail!.envelopeTo.sort()).toEqual([...to, ...cc].map(addr).sort());
    expect(parsed.from?.value).toEqual([{ address: FROM.address, name: FROM.name }]);
    expect(parsed.messageId).toBe(result.messageId);
    expect(parsed.headers.get('x-duban-key')).toBe(notice.key);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');

    const text = parsed.text ?? '';
    for (const fact of [
      '任务名称：道路畅达工程',
      `任务编号：${TASK}`,
      SOURCE,
      `牵头单位：${lead}`,
      `办结时限：${deadline}`,
    ]) {
      expect(text).toContain(fact);
    }
    expect(text).toContain(`办理入口：http://duban.test/tasks/${TASK}`);
    expect(text).toContain(notice.history.length ? '督办记录：' : '督办记录：暂无。');
    for (const s of says) expect(text).toContain(s);
    expect(text).toContain(FROM.name);

    const html = typeof parsed.html === 'string' ? parsed.html : '';
    expect(html).toContain(`<a href="http://duban.test/tasks/${TASK}">`);
    expect(html).toContain('<title>');
    expect(html).toContain(SOURCE);

    const row = await db
      .selectFrom('notifications')
      .selectAll()
      .where('key', '=', notice.key)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      subject,
      kind,
      task_id: TASK,
      message_id: result.messageId,
    });
    expect(row.smtp_response).toMatch(/^250/);

    if (process.env.DUBAN_KEEP_MAIL) {
      const dir = path.resolve('test-results', 'mail');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${kind}.eml`), mail!.raw);
    }
  },
);

test('a reassignment notice goes to the department it names, not the catalog row', async () => {
  const notice = noticeOf('assignment', TASK, { key: `task-${TASK}:assign:slj:0`, department: 'slj' });
  const before = smtp.received.length;
  await sendNotification({ db, mailer: mailerFor(smtp.url) }, notice);
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  expect(addresses(mail!.parsed.to)).toEqual(['slj.contact@example.org']);
  expect(mail!.parsed.text).toContain('交由水利局牵头承办');
});

test("the office's own instruction reads as 督查室批示, not as a leader's", async () => {
  const notice = noticeOf('instruction', TASK, {
    key: `task-${TASK}:instruction:11:0`,
    by: '督查室',
    byRole: 'office',
    text: '请于本月底前报送征地拆迁进展。',
  });
  const before = smtp.received.length;
  await sendNotification({ db, mailer: mailerFor(smtp.url) }, notice);
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  const text = mail!.parsed.text ?? '';
  expect(mail!.parsed.subject).toBe('【督查室批示】关于“道路畅达工程”的督查室批示');
  expect(text).toContain('市政府督查室对“道路畅达工程”提出督办意见');
  expect(text).toContain('督办意见：\n请于本月底前报送征地拆迁进展。');
  expect(`${mail!.parsed.subject} ${text}`).not.toMatch(/领导批示|市政府领导/);
  expect(addresses(mail!.parsed.to)).toEqual([addr('contact'), addr('head')]);
});

test('a notice shows the deadline the workflow gave it, not the one the read model still has', async () => {
  const id = 'tpl-stale';
  await insertTask(db, { id });
  // The read model still has the old deadline, as when the email is composed before the row is written.
  await db
    .updateTable('tasks')
    .set({ current_deadline: new Date(planInstant('2024-01-01') - 1) })
    .where('id', '=', id)
    .execute();
  const approved = noticeOf('extension_decision', id, { text: '同意延期至2024-03-31。' });
  const mailer = mailerFor(smtp.url);

  const stale = await composeNotice(db, mailer, approved);
  expect(stale.text).toContain('办结时限：2023年12月31日');

  const draft = await composeNotice(db, mailer, { ...approved, deadline: '2024-03-31' });
  expect(draft.text).toContain('办结时限：2024年3月31日');
  expect(draft.text).not.toContain('2023年12月31日');
  expect(draft.html).toContain('2024年3月31日');
});
