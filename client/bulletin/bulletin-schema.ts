// The bulletin as the API answers it (OpenAPI and response serialisation). Its figures' shape is the one in
// figures-types.ts: the assertions at the end fail to compile if the two ever differ.
import { z } from 'zod';
import type { Bulletin } from '../../db/queries/bulletins';
import type { BulletinFigures, UnitMention } from '../../db/bulletin-figures';

const iso = z.string().describe('ISO 8601 instant');
const planMs = z.number().describe('plan instant, ms since the epoch');
const light = z.enum(['red', 'yellow', 'green']);
const reasons = z.array(
  z.enum(['overdue', 'escalated', 'report_missing', 'ack_overdue', 'deadline_near', 'behind_schedule']),
);
const lightCounts = z.object({
  red: z.number(),
  yellow: z.number(),
  green: z.number(),
  completed: z.number(),
  cancelled: z.number(),
  notStarted: z.number(),
});
const reportCounts = { due: z.number(), onTime: z.number(), late: z.number(), missing: z.number() };

export const unitMentionSchema = z.object({
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  because: z.string().max(500),
});

export const bulletinFiguresSchema = z.object({
  window: z.object({ period: z.string(), opensAt: planMs, closesAt: planMs }),
  totalTasks: z.number(),
  lights: lightCounts,
  pace: z.object({ ahead: z.number(), onPace: z.number(), behind: z.number() }),
  reporting: z.object({ ...reportCounts, onTimeRate: z.number().nullable() }),
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      tasks: z.number(),
      reports: z.object(reportCounts),
      onTimeRate: z.number().nullable(),
      escalations: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      score: z.number(),
      scoreChange: z.number(),
    }),
  ),
  flagged: z.array(
    z.object({
      taskId: z.string(),
      title: z.string(),
      unit: z.string(),
      unitName: z.string(),
      light: light.exclude(['green']),
      reasons,
      percent: z.number(),
      expectedPercent: z.number().nullable(),
    }),
  ),
  completed: z.array(
    z.object({
      taskId: z.string(),
      title: z.string(),
      unit: z.string(),
      unitName: z.string(),
      at: planMs,
      onTime: z.boolean(),
    }),
  ),
  praise: z.array(unitMentionSchema),
  criticism: z.array(unitMentionSchema),
  lightsByMonth: z.array(z.object({ period: z.string(), lights: lightCounts })),
  lagging: z.array(z.string()).optional(),
});

export const bulletinSchema = z.object({
  planYear: z.number(),
  number: z.number().describe('第N期: per plan year, gapless'),
  period: z.string().describe("the month reported on, 'YYYY-MM'"),
  opensAt: iso,
  closesAt: iso,
  status: z.enum(['draft', 'issued']),
  figures: bulletinFiguresSchema,
  remark: z.string().describe('按语'),
  praise: z.array(unitMentionSchema),
  criticism: z.array(unitMentionSchema),
  corrects: z.number().nullable().describe('the number this one corrects'),
  draftedAt: iso,
  issuedAt: iso.nullable(),
  issuedBy: z.string().nullable(),
  contentHash: z.string().nullable(),
});
export const bulletinListSchema = z.object({ items: z.array(bulletinSchema.omit({ figures: true })) });

// The schema and the types describe one shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameFigures: Same<z.output<typeof bulletinFiguresSchema>, BulletinFigures> = true;
const sameMention: Same<z.output<typeof unitMentionSchema>, UnitMention> = true;
const sameBulletin: Same<z.output<typeof bulletinSchema>, Bulletin> = true;
void [sameFigures, sameMention, sameBulletin];
