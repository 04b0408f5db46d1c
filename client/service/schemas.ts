// Request schemas shared by the HTTP API (validation and the OpenAPI document) and the CLI.
import { z } from 'zod';
import type { TASK_ACTIONS, TaskActionName, TaskActionSpec } from '../../workflows/actions';
import { GRADES, type Grade } from '../../workflows/domain';
import { normalizeLineEndings, textProblem, type TextKind } from './text-hygiene';

/** One line of free text (a label, a filter) without the characters text-hygiene.ts refuses. */
export const clean = (s: string) => textProblem(s, 'line') === undefined;

// The refusal names the character (zh in params: describeIssue shows it to clerks).
const hygienic = (kind: TextKind, max: number) =>
  z
    .string()
    .max(max)
    .superRefine((s, ctx) => {
      const problem = textProblem(s, kind);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.en, params: { zh: problem.zh } });
    });

/** One line of free text up to `max` characters (text-hygiene.ts: no line breaks, tabs or invisible controls). */
export const text = (max: number) => hygienic('line', max);
/** Free text that may run over several lines (tab and line breaks allowed, stored with LF line endings). */
export const paragraphs = (max: number) =>
  hygienic('paragraphs', max).transform(normalizeLineEndings).meta({ 'x-multiline': true });
/** Required multi-line free text: at least one character. */
const required = (max: number) => paragraphs(max).pipe(z.string().min(1));

export const MAX_TEXT = 4000;
export const DEPARTMENT_CODE = /^[A-Za-z0-9_-]{1,40}$/;
export const TASK_ID = /^[A-Za-z0-9._-]{1,100}$/;
export const REQUEST_ID = /^[\x21-\x7e]{1,200}$/;

export const requestId = z
  .string()
  .regex(REQUEST_ID, 'must be 1–200 visible ASCII characters')
  .describe('Idempotency key: a repeated requestId returns the current state without a second transition');
const departmentCode = z.string().regex(DEPARTMENT_CODE, 'must be a department code');
const date = z.iso.date().describe('YYYY-MM-DD');

// An action's body is the one declaration of its input: the API validates with it and documents it, the CLI's
// options and the dashboard's form fields are derived from it (client/service/input-fields.ts reads the `x-`
// keys below). `title` is the label a clerk sees.

export const acknowledgeBody = z.strictObject({
  requestId: requestId.optional(),
  note: paragraphs(MAX_TEXT).optional().meta({ title: '签收意见' }),
});

export const progressBody = z.strictObject({
  requestId: requestId.optional(),
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'must be YYYY-MM or YYYY-Qn')
    .optional()
    .meta({ title: '报告期', description: 'YYYY-MM or YYYY-Qn; default: the oldest open checkpoint' }),
  percent: z.number().min(0).max(100).meta({ title: '完成百分比', description: '0–100' }),
  values: z
    .array(
      z.strictObject({
        targetIdx: z.number().int().min(0).max(1000),
        value: z.number().min(0).max(1e15),
      }),
    )
    .max(100)
    .optional()
    .meta({
      title: '完成值',
      description: 'achieved value per target (指标完成值)',
      'x-each': 'target',
      'x-flag': 'value',
    }),
  narrative: required(MAX_TEXT).meta({ title: '进展情况' }),
  problems: paragraphs(MAX_TEXT).optional().meta({ title: '存在问题' }),
  nextSteps: paragraphs(MAX_TEXT).optional().meta({ title: '下一步措施' }),
});

export const extensionRequestBody = z.strictObject({
  requestId: requestId.optional(),
  newDeadline: date.meta({ title: '新的完成时限', 'x-flag': 'to' }),
  reason: required(MAX_TEXT).meta({ title: '延期理由' }),
});

export const completionBody = z.strictObject({
  requestId: requestId.optional(),
  summary: required(MAX_TEXT).meta({ title: '办结情况' }),
});

export const startBody = z.strictObject({
  requestId: requestId.optional(),
  /** Start a never-started task whose deadline has passed: it starts overdue. */
  allowPastDeadline: z.boolean().optional(),
});

export const reviewBody = z.strictObject({
  requestId: requestId.optional(),
  decision: z.enum(['approve', 'reject']).meta({
    title: '审核结论',
    'x-choices': [
      { value: 'approve', label: '同意办结销号' },
      { value: 'reject', label: '退回整改' },
    ],
  }),
  grade: z
    .enum(GRADES as unknown as [Grade, ...Grade[]])
    .optional()
    .meta({ title: '评定等次（同意办结时必选）', description: 'required to approve' }),
  comment: paragraphs(MAX_TEXT)
    .optional()
    .meta({ title: '审核意见（退回时必填）', description: 'required to reject (退回整改理由)' }),
});

export const extensionDecisionBody = z.strictObject({
  requestId: requestId.optional(),
  approve: z.boolean().meta({
    title: '批复结论',
    'x-choices': [
      { value: true, label: '同意延期', flag: 'approve' },
      { value: false, label: '不予延期', flag: 'reject' },
    ],
  }),
  newDeadline: date
    .optional()
    .meta({ title: '批准的完成时限', description: 'default: the requested deadline', 'x-flag': 'to' }),
  comment: paragraphs(MAX_TEXT).optional().meta({ title: '批复意见' }),
});

/** A body with only a reason, titled for its action (暂停理由, 撤销理由). */
const reasonBody = (title: string) =>
  z.strictObject({
    requestId: requestId.optional(),
    reason: required(MAX_TEXT).meta({ title }),
  });
export const suspendBody = reasonBody('暂停理由');
export const cancelBody = reasonBody('撤销理由');

export const resumeBody = z.strictObject({ requestId: requestId.optional() });

export const reassignBody = z.strictObject({
  requestId: requestId.optional(),
  leadDepartment: departmentCode.meta({ title: '牵头单位', 'x-departments': true, 'x-flag': 'lead' }),
  coDepartments: z
    .array(departmentCode)
    .max(50)
    .default([])
    .meta({ title: '配合单位', 'x-departments': true, 'x-flag': 'co' }),
  reason: paragraphs(MAX_TEXT).optional().meta({ title: '调整理由' }),
});

export const instructionBody = z.strictObject({
  requestId: requestId.optional(),
  text: required(MAX_TEXT).meta({ title: '批示内容' }),
});

type InputOf<K extends TaskActionName> = (typeof TASK_ACTIONS)[K] extends TaskActionSpec<infer I> ? I : never;
/** What an HTTP body carries of its message: everything but the envelope, which the caller's token makes. */
type BodyOf<K extends TaskActionName> = Omit<InputOf<K>, 'requestId' | 'actor' | 'idempotency'> & {
  requestId?: string;
};

/** The body each action of the table takes over HTTP (and from the CLI's options, and from a dashboard form). */
export const ACTION_BODIES = {
  acknowledge: acknowledgeBody,
  progress: progressBody,
  completion: completionBody,
  review: reviewBody,
  extensionRequest: extensionRequestBody,
  extensionDecision: extensionDecisionBody,
  suspend: suspendBody,
  resume: resumeBody,
  cancel: cancelBody,
  reassign: reassignBody,
  instruction: instructionBody,
} satisfies { [K in TaskActionName]: z.ZodType<BodyOf<K>> };

/** A whole number written in a query string (or given as a number by the CLI). */
const whole = (min: number, max: number) =>
  z
    .union([z.string().regex(/^\d{1,9}$/, 'must be a whole number'), z.number()])
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** Items per page of any list: the default, and the most one request may ask for. */
export const PAGE_SIZE = { default: 50, max: 200 };
const MAX_OFFSET = 1_000_000;
const pageLimit = () => whole(1, PAGE_SIZE.max).default(PAGE_SIZE.default);
const pageOffset = () => whole(0, MAX_OFFSET).default(0);

export const STATUSES = [
  'draft',
  'assigned',
  'in_progress',
  'completion_review',
  'completed',
  'suspended',
  'cancelled',
] as const;

export const taskListQuery = z.strictObject({
  status: z.enum(STATUSES).optional(),
  light: z.enum(['green', 'yellow', 'red']).optional(),
  department: departmentCode.optional().describe('lead or co-responsible department'),
  section: text(200)
    .pipe(z.string().min(1))
    .optional()
    .describe('first element of the section path, or its beginning'),
  level: whole(0, 10).optional().describe('escalation level'),
  limit: pageLimit(),
  offset: pageOffset(),
});
export type TaskListQuery = z.output<typeof taskListQuery>;

/** One task's reports and trail come a page at a time (newest first): a busy task still answers in bounded size. */
export const taskDetailQuery = z.strictObject({
  reportsLimit: pageLimit().describe('reports per page (newest first)'),
  reportsOffset: pageOffset().describe('reports to skip, newest first'),
  eventsLimit: pageLimit().describe('trail events per page (newest first)'),
  eventsOffset: pageOffset().describe('trail events to skip, newest first'),
});
export type TaskDetailQuery = z.output<typeof taskDetailQuery>;

/** The dashboard's task page: which page of its reports and trail (2 is the one before the newest). */
export const taskPageQuery = z.object({
  page: whole(1, MAX_OFFSET / PAGE_SIZE.default).default(1),
});

export const taskIdParams = z.strictObject({ id: z.string().describe('task id, e.g. 2023-1-01') });
