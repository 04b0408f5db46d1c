// Response schemas: they document the API (OpenAPI) and make the compiler check what handlers return.
// They are not re-validated at run time (see server.ts): a response is never turned into a 500 by its schema.
import { z } from 'zod';
import type { Actor } from '../../workflows/domain';
import { reportViewSchema, targetViewSchema, taskViewSchema } from '../../db/task-view';
import { rankingRuleSchema } from '../service/ranking';

const iso = z.string().describe('ISO 8601 instant');
const state = taskViewSchema;

export const taskSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  sectionPath: z.array(z.string()),
  leadDepartment: z.string(),
  coDepartments: z.array(z.string()),
  status: z
    .string()
    .describe(
      'draft (not started), assigned, in_progress, completion_review, completed, suspended, cancelled',
    ),
  light: z
    .enum(['green', 'yellow', 'red'])
    .nullable()
    .describe('null until the task starts and once it is closed (completed, cancelled)'),
  level: z.number().int(),
  percent: z.number(),
  deadline: z.string().describe('catalog deadline, YYYY-MM-DD'),
  currentDeadline: iso.nullable(),
  nextDueAt: iso.nullable(),
  priority: z.string(),
  cadence: z.string(),
  updatedAt: iso,
});

export const taskPageSchema = z.object({
  items: z.array(taskSummarySchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** One page of a task's reports or trail, newest first, with how many there are in all. */
const pageOf = <S extends z.ZodType>(item: S, what: string) =>
  z.object({
    items: z.array(item).describe('newest first'),
    total: z.number().int().describe(`the task's ${what} in all: more than offset + items means older pages`),
    limit: z.number().int(),
    offset: z.number().int(),
  });

export const taskDetailSchema = z.object({
  task: taskSummarySchema.extend({ source: z.string(), policy: z.string() }),
  state: state.nullable(),
  targets: z.array(targetViewSchema.omit({ kind: true }).extend({ comparator: z.string() })),
  checkpoints: z.array(
    z.object({ period: z.string(), dueAt: iso, status: z.string(), receivedAt: iso.nullable() }),
  ),
  reports: pageOf(reportViewSchema.omit({ contribution: true }), 'reports'),
  escalations: z.array(
    z.object({
      key: z.string(),
      reason: z.string(),
      period: z.string(),
      level: z.number().int(),
      repeat: z.number().int(),
      at: iso,
      acknowledgedAt: iso.nullable(),
    }),
  ),
  events: pageOf(
    z.object({
      seq: z.number().int(),
      type: z.string(),
      actor: z.custom<Actor>().nullable(),
      requestId: z.string().nullable(),
      at: iso.describe('plan time'),
      recordedAt: iso,
      data: z.record(z.string(), z.unknown()),
    }),
    'trail events',
  ),
});

export const actionResultSchema = z.object({
  requestId: z.string().describe('the request id applied (generated when none was sent)'),
  state,
});

export const startResultSchema = z.object({
  taskId: z.string(),
  workflowId: z.string(),
  started: z.boolean().describe('false when the workflow was started already'),
  state: state.nullable(),
});

const person = z.object({ name: z.string().optional(), email: z.string().optional() });
export const departmentsSchema = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      contact: person.extend({ phone: z.string().optional() }),
      head: person,
      leader: person,
    }),
  ),
});

const rate = z.number().nullable().describe('null when nothing is due yet');
export const rankingSchema = z.object({
  planNow: iso,
  rule: rankingRuleSchema,
  departments: z.array(
    z.object({
      rank: z.number().int(),
      code: z.string(),
      name: z.string(),
      score: z.number(),
      tasks: z.number().int(),
      reporting: z.object({
        due: z.number().int(),
        onTime: z.number().int(),
        late: z.number().int(),
        missing: z.number().int(),
        onTimeRate: rate,
        points: z.number(),
      }),
      completion: z.object({
        due: z.number().int(),
        completed: z.number().int(),
        onTime: z.number().int(),
        overdueOpen: z.number().int(),
        onTimeRate: rate,
        points: z.number(),
      }),
      escalations: z.object({
        level1: z.number().int(),
        level2: z.number().int(),
        level3: z.number().int(),
        level4: z.number().int(),
        deduction: z.number(),
      }),
    }),
  ),
});

export const rankingRuleResponseSchema = z.object({
  rule: rankingRuleSchema,
  isDefault: z.boolean(),
  description: z.object({ zh: z.string(), en: z.string() }).optional(),
});

export const meSchema = z.object({
  tokenId: z.string().optional(),
  role: z.enum(['office', 'department', 'leader']),
  department: z.string().optional(),
  leaderEmail: z.string().optional(),
  label: z.string().optional(),
});

export const healthSchema = z.object({ status: z.literal('ok'), database: z.literal('up') });
