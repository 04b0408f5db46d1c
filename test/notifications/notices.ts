// Notices as the task workflow sends them, for the notification tests (plan dates in 2023, UTC+8).
import { createMailer, type Mailer } from '../../activities/notifications/mailer';
import { planInstant } from '../../workflows/clock';
import type { Notice, NoticeKind } from '../../workflows/domain';

export const FROM = { address: 'duban-office@example.org', name: '南安市人民政府督查室' };
export const PUBLIC_URL = 'http://duban.test';

export function mailerFor(smtpUrl: string): Mailer {
  return createMailer({ smtpUrl, from: FROM, publicUrl: PUBLIC_URL });
}

const at = (date: string, time = '18:00') => planInstant(date, time);

/** The days of the June 2023 report ladder: due 2023-07-07 18:00, then 3, 4 and 3 working days on. */
const LADDER_DAYS = ['2023-07-07', '2023-07-12', '2023-07-18', '2023-07-21'];

function reportLadder(level: number) {
  return LADDER_DAYS.slice(0, level).map((d, i) => ({
    level: i + 1,
    reason: 'report' as const,
    period: '2023-06',
    at: at(d),
  }));
}

/** A typical notice of each kind for task `taskId` (workflow id `task-<taskId>`). */
export function noticeOf(kind: NoticeKind, taskId: string, extra: Partial<Notice> = {}): Notice {
  const wf = `task-${taskId}`;
  const base = { taskId, kind, history: [] as Notice['history'] };
  const ladder = (level: number, notify: Notice['notify']): Notice => ({
    ...base,
    key: `${wf}:report:2023-06:${level}`,
    notify,
    planAt: at(LADDER_DAYS[level - 1]!),
    reason: 'report',
    period: '2023-06',
    level,
    repeat: 0,
    lateSince: at('2023-07-07'),
    history: reportLadder(level),
  });
  const byKind: Record<NoticeKind, () => Notice> = {
    assignment: () => ({
      ...base,
      key: `${wf}:assign:-:0`,
      notify: ['contact'],
      planAt: at('2023-01-03', '09:00'),
      dueAt: at('2023-01-04'),
    }),
    ack_reminder: () => ({
      ...base,
      key: `${wf}:ack:ack:1`,
      notify: ['contact'],
      planAt: at('2023-01-05'),
      reason: 'ack',
      period: 'ack',
      level: 1,
      repeat: 0,
      lateSince: at('2023-01-04'),
      history: [{ level: 1, reason: 'ack', period: 'ack', at: at('2023-01-05') }],
    }),
    reminder: () => ladder(1, ['contact']),
    urge: () => ladder(2, ['head']),
    supervise: () => ({
      ...base,
      key: `${wf}:overdue:2023-12-31:3`,
      notify: ['leader', 'office'],
      planAt: at('2024-01-10'),
      reason: 'overdue',
      period: '2023-12-31',
      level: 3,
      repeat: 0,
      lateSince: planInstant('2024-01-01'),
      history: [
        ...reportLadder(2),
        { level: 1, reason: 'overdue', period: '2023-12-31', at: planInstant('2024-01-01') },
        { level: 2, reason: 'overdue', period: '2023-12-31', at: at('2024-01-04') },
        { level: 3, reason: 'overdue', period: '2023-12-31', at: at('2024-01-10') },
      ],
    }),
    interview: () => ({
      ...base,
      key: `${wf}:overdue:2023-12-31:4:1`,
      notify: ['office'],
      planAt: at('2024-01-22'),
      reason: 'overdue',
      period: '2023-12-31',
      level: 4,
      repeat: 1,
      lateSince: planInstant('2024-01-01'),
      history: [4, 4].map((level, i) => ({
        level,
        reason: 'overdue' as const,
        period: '2023-12-31',
        at: at(i ? '2024-01-22' : '2024-01-15'),
      })),
    }),
    rejection: () => ({
      ...base,
      key: `${wf}:reject:7:0`,
      notify: ['contact'],
      planAt: at('2023-11-20', '10:00'),
      text: '佐证材料不全，请补充充电桩验收资料。',
    }),
    extension_decision: () => ({
      ...base,
      key: `${wf}:extension:9:0`,
      notify: ['contact'],
      planAt: at('2023-11-25', '10:00'),
      text: '同意延期至2024-03-31。请倒排工期。',
    }),
    completion_confirmed: () => ({
      ...base,
      key: `${wf}:complete:-:0`,
      notify: ['contact', 'head'],
      planAt: at('2023-12-20', '10:00'),
      text: '优秀 资料齐全',
    }),
    instruction: () => ({
      ...base,
      key: `${wf}:instruction:5:0`,
      notify: ['contact', 'head'],
      planAt: at('2023-05-10', '10:00'),
      text: '要加快进度，确保年底前全面完成。',
      by: '李市长',
      byRole: 'leader',
    }),
    suspended: () => ({
      ...base,
      key: `${wf}:suspend:6:0`,
      notify: ['contact', 'head'],
      planAt: at('2023-08-01', '10:00'),
      text: '项目规划调整，待市政府常务会议研究。',
    }),
    // Suspended 2023-08-01 to 2023-08-15: the deadline moved by 14 days.
    resumed: () => ({
      ...base,
      key: `${wf}:resume:7:0`,
      notify: ['contact', 'head'],
      planAt: at('2023-08-15', '10:00'),
      deadline: '2024-01-14',
    }),
    cancelled: () => ({
      ...base,
      key: `${wf}:cancel:-:0`,
      notify: ['contact', 'head'],
      planAt: at('2023-09-01', '10:00'),
      text: '该项目已并入全市交通综合改造工程，不再单独督办。',
    }),
    // From the lead jtj to slj, with zjj still co-department: addressed to the former lead.
    reassigned_away: () => ({
      ...base,
      key: `${wf}:moved:8:0`,
      notify: ['contact', 'head'],
      planAt: at('2023-08-20', '10:00'),
      department: 'jtj',
      assignedTo: { lead: 'slj', co: ['zjj'] },
      text: '涉及水利设施，改由水利局牵头。',
    }),
  };
  return { ...byKind[kind](), ...extra };
}
