// The public view of a task (TaskView, version 1): what the read model stores (`tasks.view`, written with every
// batch of events) and what the API, the dashboard, `task show` and the simulator read. It is projected from the
// workflow's state, which stays private: ladders' precomputed instants, the clock, the request ids and the policy
// may change shape (behind replay patches) without any reader noticing; nothing reads the stored state.
//
// Instants are ISO 8601 strings in plan time; dates are 'YYYY-MM-DD'. A field is added to version 1 only if
// it is optional or new readers can ignore it; removing or changing a field is version 2.
import { z } from 'zod';
import { GRADES, type TaskState } from '../workflows/domain';
import { TASK_STATUSES } from '../workflows/status';
import { expectedPercent } from '../workflows/rules/light';

export const TASK_VIEW_VERSION = 1;

const iso = z.string().describe('ISO 8601 instant (plan time)');
const date = z.string().describe('YYYY-MM-DD');

/** One target with its latest reported figure (the read model's target rows have the same fields but `kind`). */
export const targetViewSchema = z.object({
  idx: z.number().int(),
  metric: z.string(),
  value: z.number(),
  unit: z.string(),
  comparator: z.enum(['≥', '=', '≤']),
  kind: z.enum(['absolute', 'growth']).describe('growth: a percentage of growth over last year'),
  tentative: z.boolean(),
  achieved: z.number().nullable().describe('the latest reported figure; null until reported'),
});

/** One progress report (also what the read model's report pages list, without `contribution`). */
export const reportViewSchema = z.object({
  seq: z.number().int(),
  requestId: z.string(),
  period: z.string(),
  percent: z.number(),
  values: z.array(z.object({ targetIdx: z.number().int(), value: z.number() })),
  narrative: z.string(),
  problems: z.string(),
  nextSteps: z.string(),
  submittedBy: z.string(),
  late: z.boolean(),
  contribution: z.boolean().describe("a co-department's report on its own share"),
  at: iso,
});

export const taskViewSchema = z
  .object({
    version: z.literal(TASK_VIEW_VERSION),
    taskId: z.string(),
    title: z.string(),
    /** Grows with every change of the task: a reader holding a view with a larger seq holds a newer one. */
    seq: z.number().int().describe('grows with every change of the task; equal seq, equal view'),
    status: z.enum(TASK_STATUSES),
    light: z.enum(['green', 'yellow', 'red']).nullable().describe('null once the task is closed'),
    lightReasons: z
      .array(z.string())
      .describe(
        'why the light is not green: overdue, escalated, report_missing, ack_overdue, deadline_near, behind_schedule',
      ),
    level: z.number().int().describe('0 none, 1 提醒, 2 催办, 3 督办, 4 约谈'),
    percent: z.number().describe('the reported progress, 0–100'),
    expectedPercent: z
      .number()
      .nullable()
      .describe(
        '序时进度: the share of the time from start to deadline elapsed at the view, while the task runs',
      ),
    targets: z.array(targetViewSchema),
    leadDepartment: z.string(),
    coDepartments: z.array(z.string()),
    deadline: date.describe('the current deadline (moved by extensions and suspensions)'),
    originalDeadline: date.describe('the deadline in the ledger'),
    deadlineAt: iso.describe('the instant the deadline passes'),
    startedAt: iso,
    acknowledgeBy: iso,
    acknowledgedAt: iso.optional(),
    closedAt: iso.optional(),
    checkpoints: z.array(
      z.object({
        period: z.string(),
        startsAt: iso,
        dueAt: iso,
        status: z.enum(['pending', 'received', 'late', 'missing', 'waived']),
        receivedAt: iso.optional(),
        reportRequestId: z.string().optional(),
      }),
    ),
    reports: z.array(reportViewSchema),
    escalations: z.array(
      z.object({
        reason: z.enum(['ack', 'report', 'overdue']),
        period: z.string(),
        level: z.number().int(),
        repeat: z.number().int(),
        at: iso,
      }),
    ),
    extensionRequest: z
      .object({ requestedDeadline: date, reason: z.string(), requestedBy: z.string(), at: iso })
      .optional()
      .describe('a request waiting for the office'),
    extensions: z.array(z.object({ from: date, to: date, reason: z.string(), at: iso })),
    suspended: z.object({ at: iso, reason: z.string() }).optional(),
    completion: z.object({ summary: z.string(), at: iso, by: z.string() }).optional(),
    rejections: z.number().int(),
    lastRejection: z.object({ reason: z.string(), at: iso }).optional(),
    grade: z.enum(GRADES).optional(),
    instructions: z.array(z.object({ text: z.string(), by: z.string(), at: iso })),
  })
  .describe(`A task as its readers see it (TaskView version ${TASK_VIEW_VERSION})`);

export type TaskView = z.output<typeof taskViewSchema>;

const at = (ms: number) => new Date(ms).toISOString();
const atOpt = (ms: number | undefined) => (ms === undefined ? undefined : at(ms));

/** The view of `s` at plan instant `planNow` (which only the expected progress depends on). */
export function toTaskView(s: TaskState, planNow: number): TaskView {
  return atPlanInstant(storedView(s), planNow);
}

/** The view as the read model stores it: everything but what depends on when it is read. */
export function storedView(s: TaskState): TaskView {
  return {
    version: TASK_VIEW_VERSION,
    taskId: s.taskId,
    title: s.spec.title,
    seq: s.seq,
    status: s.status,
    light: s.light,
    lightReasons: [...s.lightReasons],
    level: s.level,
    percent: s.percent,
    expectedPercent: null,
    targets: s.spec.targets.map((t, i) => ({
      idx: t.idx,
      metric: t.metric,
      value: t.value,
      unit: t.unit,
      comparator: t.comparator,
      kind: t.kind,
      tentative: t.tentative,
      achieved: s.achieved[i] ?? null,
    })),
    leadDepartment: s.spec.leadDepartment,
    coDepartments: [...s.spec.coDepartments],
    deadline: s.deadline,
    originalDeadline: s.spec.deadline,
    deadlineAt: at(s.deadlineAt),
    startedAt: at(s.startedAt),
    acknowledgeBy: at(s.ackDueAt),
    acknowledgedAt: atOpt(s.acknowledgedAt),
    closedAt: atOpt(s.closedAt),
    checkpoints: s.checkpoints.map((c) => ({
      period: c.period,
      startsAt: at(c.startsAt),
      dueAt: at(c.dueAt),
      status: c.status,
      receivedAt: atOpt(c.receivedAt),
      reportRequestId: c.reportRequestId,
    })),
    reports: s.reports.map((r) => ({
      seq: r.seq,
      requestId: r.requestId,
      period: r.period,
      percent: r.percent,
      values: r.values.map((v) => ({ targetIdx: v.targetIdx, value: v.value })),
      narrative: r.narrative,
      problems: r.problems,
      nextSteps: r.nextSteps,
      submittedBy: r.submittedBy,
      late: r.late,
      contribution: r.contribution ?? false,
      at: at(r.at),
    })),
    escalations: s.escalations.map((e) => ({
      reason: e.reason,
      period: e.period,
      level: e.level,
      repeat: e.repeat,
      at: at(e.at),
    })),
    extensionRequest: s.extensionRequest && {
      requestedDeadline: s.extensionRequest.requestedDeadline,
      reason: s.extensionRequest.reason,
      requestedBy: s.extensionRequest.requestedBy,
      at: at(s.extensionRequest.at),
    },
    extensions: s.extensions.map((e) => ({ from: e.from, to: e.to, reason: e.reason, at: at(e.at) })),
    suspended: s.suspended && { at: at(s.suspended.at), reason: s.suspended.reason },
    completion: s.completion && {
      summary: s.completion.summary,
      at: at(s.completion.at),
      by: s.completion.by,
    },
    rejections: s.rejections,
    lastRejection: s.lastRejection && { reason: s.lastRejection.reason, at: at(s.lastRejection.at) },
    grade: s.grade,
    instructions: s.instructions.map((i) => ({ text: i.text, by: i.by, at: at(i.at) })),
  };
}

/** A stored view as read at plan instant `planNow`: its 序时进度 filled in. */
export function atPlanInstant(view: TaskView, planNow: number): TaskView {
  const span = { startedAt: Date.parse(view.startedAt), deadlineAt: Date.parse(view.deadlineAt) };
  return { ...view, expectedPercent: expectedPercent(view.status, span, planNow) };
}
